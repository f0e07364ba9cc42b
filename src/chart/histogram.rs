//! Histogram of one variable at the horizon over all runs, with the median and the 5–95%
//! interval marked. Bins follow the Freedman–Diaconis rule, capped, with a fallback when the
//! interquartile range is zero.

use super::axes::{self, Axis, TickLabels};
use super::frame::{LegendEntry, Swatch, Theme};
use super::palette::{self, INK};
use super::scale::{fixed, nice_ticks, values_with_unit};
use super::{Chart, ChartError};
use crate::engine::result::ScenarioResult;
use crate::export::format::thousands;
use crate::model::vars::Var;
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
/// never more than [`MAX_BINS`]; all-equal values get one bin centred on them.
pub fn freedman_diaconis(values: &[f64]) -> Bins {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return Bins { lo: 0.0, width: 1.0, counts: Vec::new() };
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let (min, max) = (v[0], v[n - 1]);
    let range = max - min;
    if range <= 0.0 {
        let width = if min.abs() > 0.0 { min.abs() * 0.02 } else { 0.01 };
        return Bins { lo: min - width / 2.0, width, counts: vec![n as u64] };
    }
    let iqr = quantile(&v, 0.75) - quantile(&v, 0.25);
    let h = 2.0 * iqr / (n as f64).cbrt();
    let k = if h > 0.0 { (range / h - 1e-9).ceil() } else { (n as f64).sqrt().ceil() };
    let k = (k as usize).clamp(1, MAX_BINS);
    let width = range / k as f64;
    let mut counts = vec![0u64; k];
    for x in &v {
        counts[(((x - min) / width) as usize).min(k - 1)] += 1;
    }
    Bins { lo: min, width, counts }
}

pub(crate) struct HistogramChart<'a> {
    pub result: &'a ScenarioResult,
    pub var: Var,
}

impl HistogramChart<'_> {
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
        format!("{} in {}: outcomes across runs", self.var.info().display, self.horizon_label())
    }

    fn subtitle(&self) -> Option<String> {
        Some(format!(
            "Share of the {} runs in each range at the horizon; bins by the Freedman–Diaconis rule",
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
        self.result.meta.footer()
    }

    fn plot<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, theme: &Theme) -> Result<(), ChartError> {
        let info = self.var.info();
        let bins = freedman_diaconis(&self.result.records.horizon_column(self.var.index()));
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
    use crate::chart::test_fixture::fixture;
    use crate::chart::{ChartOptions, render};

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
        v.extend((0..100).map(|i| 1.0 + i as f64));
        let b = freedman_diaconis(&v);
        assert_eq!(b.counts.len(), 32, "√1000 rounded up");
        assert!(b.counts[0] >= 900, "the spike is in the first bin");
    }

    #[test]
    fn bin_count_is_capped_for_long_tails() {
        let mut v: Vec<f64> = (0..10_000).map(|i| (i % 100) as f64 / 100.0).collect();
        v.push(1.0e6);
        let b = freedman_diaconis(&v);
        assert_eq!(b.counts.len(), MAX_BINS);
        assert_eq!(b.counts.iter().sum::<u64>(), 10_001);
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
        let chart = HistogramChart { result: &r, var: Var::UsImportsFromCn };
        let svg = render::svg_string(&chart, &ChartOptions::default());
        assert!(svg.contains("US goods imports from China in Jan 2030: outcomes across runs"));
        assert!(svg.contains(&render::xml_escape("US goods imports from China ($ bn/yr)")));
        assert!(svg.contains("Share of runs (%)"));
        assert!(svg.contains("Median: $"), "median in the legend");
        assert!(svg.contains("(p5–p95)"));
        assert!(svg.contains("stroke-dasharray") || svg.matches("<polyline").count() >= 3, "interval lines drawn");
    }
}
