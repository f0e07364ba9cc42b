//! Histogram of one variable at the horizon over all runs, with the median and the 5–95%
//! interval marked. Bins follow the Freedman–Diaconis rule, capped, with a fallback when the
//! interquartile range is zero. Stepped variables (tariff levels) take values on a lattice; their
//! bins are whole multiples of its step, centred on its points, so that every bin holds the same
//! number of possible values (bins that do not would alternate between one and two of them).

use super::axes::{self, Axis, TickLabels};
use super::frame::{LegendEntry, Swatch, Theme};
use super::palette::{self, INK};
use super::scale::{fixed, nice_ticks, values_with_unit};
use super::{Chart, ChartError};
use crate::engine::result::ScenarioResult;
use crate::model::vars::Var;
use crate::numbers::thousands;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Most bins drawn: beyond this bars get thinner than a few pixels at the default size.
pub const MAX_BINS: usize = 80;

/// Equal-width bins: bin `i` covers `[lo + i·width, lo + (i+1)·width)`, the last one closed.
#[derive(Debug, Clone, PartialEq)]
pub struct Bins {
    pub lo: f64,
    pub width: f64,
    pub counts: Vec<u64>,
    /// How the width was chosen.
    pub rule: BinRule,
}

/// How a histogram's bins were chosen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BinRule {
    /// Freedman–Diaconis (or √n bins when the interquartile range is zero).
    FreedmanDiaconis,
    /// The values lie on the lattice `a + k·step`; each bin holds a whole number of its points.
    Lattice { step: f64 },
    /// Most runs share a few values spaced irregularly (tariff levels reached by steps of
    /// different sizes): the width and origin near Freedman–Diaconis that give the smoothest
    /// histogram.
    Stepped,
}

/// Most lattice points a variable may take over its range and still count as stepped.
const MAX_LATTICE_POINTS: f64 = 2000.0;

/// The step `d` of the lattice `a + k·d` the sorted distinct values lie on, if they do (to a
/// tolerance that absorbs the single precision of runs.csv records) and it has at most
/// [`MAX_LATTICE_POINTS`] points over their range.
pub fn lattice_step(distinct: &[f64]) -> Option<f64> {
    let (first, last) = (*distinct.first()?, *distinct.last()?);
    let range = last - first;
    if distinct.len() < 2 || range <= 0.0 {
        return None;
    }
    // Values are f32 records: differences carry noise of about 1e-7 of the magnitude.
    let magnitude = first.abs().max(last.abs());
    let tol = (magnitude * 4e-6).max(range * 1e-9);
    // Euclid's algorithm on the gaps, with the tolerance: the largest step they are multiples of.
    let mut step = 0.0f64;
    for w in distinct.windows(2) {
        let (mut a, mut b) = (w[1] - w[0], step);
        while b > tol {
            (a, b) = (b, a % b);
            if b > tol && a - b <= tol {
                b = 0.0;
            }
        }
        step = a;
        if step <= tol || range / step > MAX_LATTICE_POINTS {
            return None;
        }
    }
    // Every value on the lattice (Euclid with a tolerance can drift: check).
    let on = |x: f64| {
        let k = ((x - first) / step).round();
        (x - first - k * step).abs() <= tol * 4.0
    };
    distinct.iter().all(|&x| on(x)).then_some(step)
}

/// Linear-interpolation quantile of sorted values (R type 7).
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let pos = q * (sorted.len() - 1) as f64;
    let (i, frac) = (pos.floor() as usize, pos.fract());
    match sorted.get(i + 1) {
        Some(next) => sorted[i] + frac * (next - sorted[i]),
        None => sorted[i],
    }
}

/// Bins `values` (non-finite ones dropped) by the Freedman–Diaconis rule, width
/// 2·IQR/n^(1/3) (Freedman and Diaconis 1981). With a zero IQR (a spike) falls back to √n bins;
/// never more than [`MAX_BINS`]; all-equal values get one bin centred on them. Values on a
/// lattice (see [`lattice_step`]) get bins of a whole number of steps, edges halfway between
/// lattice points.
#[cfg(test)]
pub fn freedman_diaconis(values: &[f64]) -> Bins {
    bins_of(values.iter().copied().filter(|x| x.is_finite()).collect())
}

/// [`freedman_diaconis`] of values it may sort in place (a million runs' column is 8 MB: no
/// copies of it, and the distinct values are gathered only when they are few).
pub fn bins_of(mut v: Vec<f64>) -> Bins {
    v.retain(|x| x.is_finite());
    if v.is_empty() {
        return Bins { lo: 0.0, width: 1.0, counts: Vec::new(), rule: BinRule::FreedmanDiaconis };
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let (min, max) = (v[0], v[n - 1]);
    let range = max - min;
    if range <= 0.0 {
        let width = if min.abs() > 0.0 { min.abs() * 0.02 } else { 0.01 };
        return Bins { lo: min - width / 2.0, width, counts: vec![n as u64], rule: BinRule::FreedmanDiaconis };
    }
    let iqr = quantile(&v, 0.75) - quantile(&v, 0.25);
    let h = 2.0 * iqr / (n as f64).cbrt();
    // The distinct values, when few enough to be a lattice's points.
    let distinct_count = 1 + v.windows(2).filter(|w| w[0] != w[1]).count();
    let lattice = if distinct_count as f64 <= MAX_LATTICE_POINTS {
        let mut distinct = Vec::with_capacity(distinct_count);
        distinct.extend(v.iter().copied());
        distinct.dedup();
        lattice_step(&distinct)
    } else {
        None
    };
    if let Some(step) = lattice {
        let points = (range / step).round() as usize + 1;
        // Steps per bin: the Freedman–Diaconis width in steps, at least one, at most MAX_BINS bins.
        let per_bin = if h > 0.0 { (h / step).round().max(1.0) as usize } else { 1 };
        let per_bin = per_bin.max(points.div_ceil(MAX_BINS));
        let k = points.div_ceil(per_bin);
        let width = per_bin as f64 * step;
        let lo = min - step / 2.0;
        let mut counts = vec![0u64; k];
        for x in &v {
            let point = ((x - min) / step).round().max(0.0) as usize;
            counts[(point / per_bin).min(k - 1)] += 1;
        }
        return Bins { lo, width, counts, rule: BinRule::Lattice { step } };
    }
    let k = if h > 0.0 { (range / h - 1e-9).ceil() } else { (n as f64).sqrt().ceil() };
    let k = (k as usize).clamp(1, MAX_BINS);
    let width = range / k as f64;
    if stepped(&v) {
        return smoothest(&weigh(&v), width, min, max);
    }
    let mut counts = vec![0u64; k];
    for x in &v {
        counts[(((x - min) / width) as usize).min(k - 1)] += 1;
    }
    Bins { lo: min, width, counts, rule: BinRule::FreedmanDiaconis }
}

/// Sorted values as (distinct value, how many runs have it).
fn weigh(sorted: &[f64]) -> Vec<(f64, u64)> {
    let mut out: Vec<(f64, u64)> = Vec::new();
    for &x in sorted {
        match out.last_mut() {
            Some((y, c)) if *y == x => *c += 1,
            _ => out.push((x, 1)),
        }
    }
    out
}

/// Whether most runs share a few values: three or more values, each held by at least 5 runs and
/// 0.1% of them, carry 80% of the runs (continuous outcomes repeat no value that often; one
/// spike with a continuous tail is not a set of levels). `sorted` without copies.
fn stepped(sorted: &[f64]) -> bool {
    let n = sorted.len();
    let floor = (n as f64 * 0.001).max(5.0);
    let (mut levels, mut runs_on_them) = (0usize, 0usize);
    let mut i = 0;
    while i < n {
        let j = i + sorted[i..].iter().take_while(|&&x| x == sorted[i]).count();
        if (j - i) as f64 >= floor {
            levels += 1;
            runs_on_them += j - i;
        }
        i = j;
    }
    levels >= 3 && runs_on_them as f64 >= 0.8 * n as f64
}

/// Counts of `weighted` in `k` bins of `width` from `lo` (the last bin takes the rest).
fn count(weighted: &[(f64, u64)], lo: f64, width: f64, k: usize) -> Vec<u64> {
    let mut counts = vec![0u64; k];
    for &(x, c) in weighted {
        counts[(((x - lo) / width).max(0.0) as usize).min(k - 1)] += c;
    }
    counts
}

/// How much a histogram zigzags: the energy of its second differences over that of its counts.
fn roughness(counts: &[u64]) -> f64 {
    let energy: f64 = counts.iter().map(|&c| (c as f64).powi(2)).sum();
    let zigzag: f64 = counts.windows(3).map(|w| (w[1] as f64 - (w[0] as f64 + w[2] as f64) / 2.0).powi(2)).sum();
    if energy > 0.0 { zigzag / energy } else { 0.0 }
}

/// Bins for values that sit on a few irregularly spaced levels. A width that is not a multiple
/// of the levels' spacing aliases with it (bins alternately catch one level and two); among round
/// widths (multiples of a tenth of `fd`'s order of magnitude) from 2/3 to 2.5 times the
/// Freedman–Diaconis width `fd`, each with ten origins, the one with the least [`roughness`],
/// weighted by 1 + |ln(width / fd)| so that the width stays near the rule's.
fn smoothest(weighted: &[(f64, u64)], fd: f64, min: f64, max: f64) -> Bins {
    let quantum = 10f64.powf(fd.log10().floor() - 1.0);
    let (first, last) = ((fd / 1.5 / quantum).ceil() as u64, (fd * 2.5 / quantum).floor() as u64);
    let stride = ((last.saturating_sub(first)) / 60).max(1);
    let mut best: Option<(f64, Bins)> = None;
    for m in (first.max(1)..=last).step_by(stride as usize) {
        let width = m as f64 * quantum;
        for o in 0..10 {
            let lo = min - width * o as f64 / 10.0;
            let k = ((max - lo) / width).floor() as usize + 1;
            if k > MAX_BINS {
                continue;
            }
            let counts = count(weighted, lo, width, k);
            let score = roughness(&counts) * (1.0 + (width / fd).ln().abs());
            if best.as_ref().is_none_or(|(s, _)| score < *s) {
                best = Some((score, Bins { lo, width, counts, rule: BinRule::Stepped }));
            }
        }
    }
    best.map(|(_, b)| b).unwrap_or_else(|| {
        let k = ((max - min) / fd).ceil().clamp(1.0, MAX_BINS as f64) as usize;
        let width = (max - min) / k as f64;
        Bins { lo: min, width, counts: count(weighted, min, width, k), rule: BinRule::FreedmanDiaconis }
    })
}

pub(crate) struct HistogramChart<'a> {
    pub result: &'a ScenarioResult,
    pub var: Var,
    /// Computed once for every format and for the subtitle.
    pub bins: std::sync::OnceLock<Bins>,
}

impl<'a> HistogramChart<'a> {
    pub fn new(result: &'a ScenarioResult, var: Var) -> Self {
        HistogramChart { result, var, bins: std::sync::OnceLock::new() }
    }

    fn bins(&self) -> &Bins {
        self.bins.get_or_init(|| bins_of(self.result.records.horizon_column(self.var.index())))
    }

    fn horizon_label(&self) -> String {
        self.result.meta.month(self.result.series.len().saturating_sub(1) as u32).label()
    }

    /// Median, p5 and p95 as the tables report them (from the engine's statistics).
    fn markers(&self) -> (f64, f64, f64) {
        let s = self.result.horizon_stats()[self.var.index()];
        (s.p50, s.p5, s.p95)
    }
}

impl Chart for HistogramChart<'_> {
    fn file_stem(&self) -> String {
        format!("hist_{}", self.var.info().key)
    }

    fn title(&self) -> String {
        format!(
            "{}: {} in {}, across runs",
            super::scenario_title(&self.result.meta),
            self.var.info().display,
            self.horizon_label()
        )
    }

    fn subtitle(&self) -> Option<String> {
        let bins = self.bins();
        let rule = match bins.rule {
            BinRule::Lattice { step } => {
                let per_bin = (bins.width / step).round();
                let step = values_with_unit(&[step], self.var.info()).remove(0);
                if per_bin > 1.0 {
                    format!("values move in steps of {step}: each bin holds {per_bin} steps")
                } else {
                    format!("values move in steps of {step}: one bin per step")
                }
            }
            BinRule::Stepped => {
                let width = values_with_unit(&[bins.width], self.var.info()).remove(0);
                format!("most runs end on a few levels: bins of {width}, matched to their spacing")
            }
            BinRule::FreedmanDiaconis => "bins by the Freedman–Diaconis rule".to_string(),
        };
        Some(format!(
            "Share of the {} runs in each range at the horizon; {rule}",
            thousands(self.result.records.len() as u64)
        ))
    }

    fn legend(&self) -> Vec<LegendEntry> {
        let (p50, p5, p95) = self.markers();
        let v = values_with_unit(&[p50, p5, p95], self.var.info());
        vec![
            LegendEntry::new("Share of runs", Swatch::Bar(palette::series(0))),
            LegendEntry::new(format!("Median: {}", v[0]), Swatch::Line { color: INK, dashed: false }),
            LegendEntry::new(
                format!("90% of runs between {} and {} (p5–p95)", v[1], v[2]),
                Swatch::Line { color: INK, dashed: true },
            ),
        ]
    }

    fn footer(&self) -> String {
        super::footer(&self.result.meta)
    }

    fn plot<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, theme: &Theme) -> Result<(), ChartError> {
        let info = self.var.info();
        let bins = self.bins();
        let n: u64 = bins.counts.iter().sum();
        let share = |c: u64| if n == 0 { 0.0 } else { c as f64 / n as f64 * 100.0 };
        let (p50, p5, p95) = self.markers();

        let mut lo = bins.lo;
        let mut hi = bins.lo + bins.width * bins.counts.len().max(1) as f64;
        for v in [p5, p50, p95] {
            if v.is_finite() {
                lo = lo.min(v);
                hi = hi.max(v);
            }
        }
        let pad = (hi - lo) * 0.02;
        let (plot_w, plot_h) = axes::plot_size_estimate(area, theme);
        let label_w = area.estimate_text_size(&fixed(hi, 2), &theme.tick_style())?.0;
        let x_ticks = nice_ticks(
            (lo - pad).max(info.min),
            (hi + pad).min(info.max),
            super::scale::max_ticks(plot_w, label_w).min(12),
        );
        let top = bins.counts.iter().map(|c| share(*c)).fold(0.0, f64::max).max(1e-9);
        let y_ticks = nice_ticks(0.0, top * 1.08, axes::max_y_ticks(theme, plot_h));

        let x_axis = Axis {
            lo: x_ticks.lo,
            hi: x_ticks.hi,
            ticks: x_ticks.values.clone(),
            labels: TickLabels::Fixed(x_ticks.decimals),
            desc: info.label(),
            grid: false,
        };
        let y_axis = Axis {
            lo: 0.0,
            hi: y_ticks.hi,
            ticks: y_ticks.values.clone(),
            labels: TickLabels::Fixed(y_ticks.decimals),
            desc: "Share of runs (%)".to_string(),
            grid: true,
        };
        let mut chart = axes::cartesian(area, theme, &x_axis, &y_axis)?;

        // A one-pixel gap between bars when they are wide enough to spare it.
        let bar_px = plot_w as f64 * bins.width / (x_ticks.hi - x_ticks.lo);
        let gap = if bar_px >= 5.0 { 1 } else { 0 };
        let color = palette::series(0);
        chart.draw_series(bins.counts.iter().enumerate().filter(|(_, c)| **c > 0).map(|(i, c)| {
            let x0 = bins.lo + i as f64 * bins.width;
            let mut bar = Rectangle::new([(x0, 0.0), (x0 + bins.width, share(*c))], color.mix(0.85).filled());
            bar.set_margin(0, 0, gap, gap);
            bar
        }))?;

        let y_top = y_ticks.hi;
        if p50.is_finite() {
            chart.draw_series(LineSeries::new([(p50, 0.0), (p50, y_top)], INK.stroke_width(theme.line())))?;
        }
        let dash = theme.px(10.0);
        for v in [p5, p95] {
            if v.is_finite() {
                chart.draw_series(DashedLineSeries::new(
                    [(v, 0.0), (v, y_top)],
                    dash,
                    dash / 2,
                    INK.stroke_width(theme.thin_line()),
                ))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{ChartOptions, render};
    use crate::engine::test_fixture::fixture;

    #[test]
    fn freedman_diaconis_bins_a_uniform_sample() {
        let v: Vec<f64> = (0..1000).map(|i| i as f64 / 999.0).collect();
        let b = freedman_diaconis(&v);
        // IQR 0.5, n^(1/3) = 10: width 0.1 → 10 bins of 100.
        assert_eq!(b.counts.len(), 10);
        assert_eq!(b.counts.iter().sum::<u64>(), 1000);
        assert!(b.counts.iter().all(|c| (99..=101).contains(c)), "{:?}", b.counts);
    }

    #[test]
    fn zero_iqr_falls_back_to_square_root_bins() {
        let mut v = vec![0.0; 900];
        v.extend((0..100).map(|i| 1.0 + i as f64 + (i as f64).sqrt() * 0.01));
        let b = freedman_diaconis(&v);
        assert_eq!(b.counts.len(), 32, "√1000 rounded up");
        assert!(b.counts[0] >= 900, "the spike is in the first bin");
    }

    #[test]
    fn bin_count_is_capped_for_long_tails() {
        let mut v: Vec<f64> = (0..10_000).map(|i| (i % 100) as f64 / 100.0).collect();
        v.push(1.0e6);
        let b = freedman_diaconis(&v);
        assert!(b.counts.len() <= MAX_BINS && b.counts.len() > MAX_BINS / 2, "{}", b.counts.len());
        assert_eq!(b.counts.iter().sum::<u64>(), 10_001);
    }

    #[test]
    fn stepped_values_get_bins_of_whole_steps_centred_on_them() {
        // Tariff levels 20.7 + 5k in single precision, as records hold them: bins of the
        // Freedman–Diaconis width (about 7.5 here) would hold one level or two, alternately.
        let levels: Vec<f64> = (0..30).map(|k| (20.7 + 5.0 * k as f64) as f32 as f64).collect();
        let v: Vec<f64> = (0..3000).map(|i| levels[(i * 7919 % 3001) % 30]).collect();
        let b = freedman_diaconis(&v);
        let BinRule::Lattice { step } = b.rule else { panic!("a lattice: {:?}", b.rule) };
        assert!((step - 5.0).abs() < 1e-4, "{step}");
        let per_bin = b.width / step;
        assert!((per_bin - per_bin.round()).abs() < 1e-9 && per_bin >= 1.0, "{per_bin}");
        // Each level sits in the middle of its step, none on an edge.
        for l in &levels {
            let pos = (l - b.lo) / step;
            assert!((pos - pos.floor() - 0.5).abs() < 1e-3, "{l} at {pos}");
        }
        // Equal levels per bin: the counts of a uniform spread are even.
        let full = &b.counts[..b.counts.len() - 1];
        let (lo, hi) = (full.iter().min().unwrap(), full.iter().max().unwrap());
        assert!(*hi as f64 <= *lo as f64 * 1.2, "{:?}", b.counts);
        assert_eq!(b.counts.iter().sum::<u64>(), 3000);
    }

    #[test]
    fn irregularly_stepped_values_get_bins_that_do_not_alternate() {
        // Levels 20.7, 22.7, 25.7, 27.7, … (steps of 2 and 3, as tariffs moved by different
        // moves), a few odd values besides: bins of the Freedman–Diaconis width alternate
        // between one level and two.
        let mut v = Vec::new();
        for k in 0..24 {
            let level = 20.7 + 5.0 * (k / 2) as f64 + if k % 2 == 1 { 2.0 } else { 0.0 };
            let runs = 400 - (k as i64 - 10).unsigned_abs() as usize * 12;
            v.extend(std::iter::repeat_n(level, runs));
        }
        v.extend((0..300).map(|i| 20.0 + i as f64 * 0.17));
        let fd = freedman_diaconis(&v);
        assert_eq!(fd.rule, BinRule::Stepped);
        // The interior bins vary smoothly: no bin is less than half its neighbours' mean.
        let c = &fd.counts;
        for w in c.windows(3).skip(1).take(c.len().saturating_sub(4)) {
            let mean = (w[0] + w[2]) as f64 / 2.0;
            assert!(w[1] as f64 >= 0.5 * mean, "{c:?} (width {})", fd.width);
        }
        assert_eq!(c.iter().sum::<u64>(), v.len() as u64);
    }

    #[test]
    fn continuous_and_irregular_values_are_not_a_lattice() {
        let v: Vec<f64> = (0..500).map(|i| (i as f64 * 0.731).sin() * 40.0).collect();
        assert_eq!(freedman_diaconis(&v).rule, BinRule::FreedmanDiaconis);
        assert_eq!(lattice_step(&[0.0, 1.0, 2.5]), Some(0.5));
        assert_eq!(lattice_step(&[0.0, 1.0, std::f64::consts::PI]), None, "no step divides both");
    }

    #[test]
    fn constant_values_get_one_bin_around_them() {
        let b = freedman_diaconis(&[5.0; 20]);
        assert_eq!(b.counts, [20]);
        assert!(b.lo < 5.0 && b.lo + b.width > 5.0);
        assert!(freedman_diaconis(&[f64::NAN]).counts.is_empty());
    }

    #[test]
    fn svg_marks_median_and_interval_in_the_legend() {
        let r = fixture(300);
        let chart = HistogramChart::new(&r, Var::UsImportsFromCn);
        let svg = render::svg_string(&chart, &ChartOptions::default());
        assert!(svg.contains("Baseline: US goods imports from China in Jan 2030, across runs"));
        assert!(svg.contains(&render::xml_escape("US goods imports from China ($ bn/yr)")));
        assert!(svg.contains("Share of runs (%)"));
        assert!(svg.contains("Median: $"), "median in the legend");
        assert!(svg.contains("(p5–p95)"));
        assert!(svg.contains("stroke-dasharray") || svg.matches("<polyline").count() >= 3, "interval lines drawn");
    }
}
