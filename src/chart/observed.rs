//! A fan with observations drawn on it (`pathways score`, `pathways calibrate`): the model's
//! monthly median and 50% / 90% bands of one variable, and for each observation of it the
//! predictive 90% interval of the observed quantity (the period's mean plus measurement error)
//! as a box over the period, and the observed value as a dot with its 90% measurement range.
//! A dot outside its box is drawn in vermillion.

use super::axes;
use super::fan::{INNER_OPACITY, OUTER_OPACITY};
use super::frame::{LegendEntry, Swatch, Theme};
use super::palette::{self, INK};
use super::scale::{month_index, nice_ticks};
use super::{Chart, ChartError};
use crate::engine::result::{ScenarioResult, VarStats};
use crate::evidence::score::Scored;
use crate::model::vars::Var;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Fill of the predictive boxes.
const BOX_OPACITY: f64 = 0.12;

/// z of the central 90% of a normal distribution.
const Z90: f64 = 1.644_853_626_951_472_2;

pub(crate) struct ObservedFanChart<'a> {
    pub result: &'a ScenarioResult,
    pub var: Var,
    /// Only the scored observations of `var` are drawn.
    pub scored: &'a [Scored],
    /// What the fan is ("prior", "posterior predictive"), for the title.
    pub what: String,
    pub stem: String,
}

impl ObservedFanChart<'_> {
    fn points(&self) -> impl Iterator<Item = &Scored> {
        self.scored.iter().filter(|s| s.observation.variable == self.var && s.score.is_some())
    }

    fn stats(&self) -> impl Iterator<Item = (u32, &VarStats)> {
        self.result.series.iter().enumerate().map(|(m, s)| (m as u32, &s[self.var.index()]))
    }
}

impl Chart for ObservedFanChart<'_> {
    fn file_stem(&self) -> String {
        self.stem.clone()
    }

    fn title(&self) -> String {
        format!("{}: {} and observations", self.var.info().display, self.what)
    }

    fn subtitle(&self) -> Option<String> {
        let n = self.points().count();
        let inside = self.points().filter(|s| s.score.as_ref().is_some_and(|x| x.in90)).count();
        Some(format!("{inside} of {n} observations inside the predictive 90% interval of the observed quantity"))
    }

    fn legend(&self) -> Vec<LegendEntry> {
        let c = palette::series(0);
        let both = 1.0 - (1.0 - OUTER_OPACITY) * (1.0 - INNER_OPACITY);
        vec![
            LegendEntry::new("Median (monthly)", Swatch::Line { color: c, dashed: false }),
            LegendEntry::new("50% of runs", Swatch::Band { color: c, opacity: both }),
            LegendEntry::new("90% of runs", Swatch::Band { color: c, opacity: OUTER_OPACITY }),
            LegendEntry::new(
                "Predictive 90% of the observed quantity",
                Swatch::Band { color: palette::series(1), opacity: 0.5 },
            ),
            LegendEntry::new("Observed (90% measurement range)", Swatch::Marker(INK)),
            LegendEntry::new("Observed, outside", Swatch::Marker(palette::series(5))),
        ]
    }

    fn footer(&self) -> String {
        self.result.meta.footer()
    }

    fn plot<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, theme: &Theme) -> Result<(), ChartError> {
        let info = self.var.info();
        let first = month_index(self.result.meta.start);
        let x = |m: f64| first as f64 + m;
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for (_, s) in self.stats() {
            for v in [s.p5, s.p95] {
                if v.is_finite() {
                    lo = lo.min(v);
                    hi = hi.max(v);
                }
            }
        }
        for s in self.points() {
            let sc = s.score.as_ref().expect("filtered");
            let o = &s.observation;
            for v in [sc.predictive.p5, sc.predictive.p95, o.value - Z90 * o.sd, o.value + Z90 * o.sd] {
                lo = lo.min(v);
                hi = hi.max(v);
            }
        }
        if !(lo.is_finite() && hi.is_finite()) || lo >= hi {
            (lo, hi) = (lo.min(0.0), lo.max(0.0) + 1.0);
        }
        let pad = (hi - lo) * 0.05;
        let (lo, hi) = ((lo - pad).max(info.min), (hi + pad).min(info.max));
        let (plot_w, plot_h) = axes::plot_size_estimate(area, theme);
        let y_ticks = nice_ticks(lo, hi, axes::max_y_ticks(theme, plot_h));
        let last = first + self.result.series.len().saturating_sub(1) as i64;
        let x_axis = axes::month_axis(area, theme, plot_w, first, last)?;
        let y_axis = axes::value_axis(&y_ticks, info.label());
        let mut chart = axes::cartesian(area, theme, &x_axis, &y_axis)?;

        let color = palette::series(0);
        let band = |lower: fn(&VarStats) -> f64, upper: fn(&VarStats) -> f64| -> Vec<(f64, f64)> {
            let mut pts: Vec<(f64, f64)> = self.stats().map(|(m, s)| (x(m as f64), upper(s))).collect();
            pts.extend(self.stats().collect::<Vec<_>>().into_iter().rev().map(|(m, s)| (x(m as f64), lower(s))));
            pts
        };
        chart
            .draw_series(std::iter::once(Polygon::new(band(|s| s.p5, |s| s.p95), color.mix(OUTER_OPACITY).filled())))?;
        chart.draw_series(std::iter::once(Polygon::new(
            band(|s| s.p25, |s| s.p75),
            color.mix(INNER_OPACITY).filled(),
        )))?;
        chart.draw_series(LineSeries::new(
            self.stats().map(|(m, s)| (x(m as f64), s.p50)),
            color.stroke_width(theme.strong_line()),
        ))?;

        let boxes = palette::series(1);
        let outside = palette::series(5);
        for s in self.points() {
            let sc = s.score.as_ref().expect("filtered");
            let o = &s.observation;
            // A period's box spans its months; a single month gets a box one month wide.
            let (a, b) = (x(sc.months[0] as f64 - 0.4), x(sc.months[1] as f64 + 0.4));
            let mid = x((sc.months[0] + sc.months[1]) as f64 / 2.0);
            // Outlined with a faint fill, so that the fan stays visible through it.
            chart.draw_series(std::iter::once(Rectangle::new(
                [(a, sc.predictive.p5), (b, sc.predictive.p95)],
                boxes.mix(BOX_OPACITY).filled(),
            )))?;
            chart.draw_series(std::iter::once(Rectangle::new(
                [(a, sc.predictive.p5), (b, sc.predictive.p95)],
                boxes.stroke_width(theme.thin_line()),
            )))?;
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(a, sc.predictive.p50), (b, sc.predictive.p50)],
                boxes.stroke_width(theme.thin_line()),
            )))?;
            let dot = if sc.in90 { INK } else { outside };
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(mid, o.value - Z90 * o.sd), (mid, o.value + Z90 * o.sd)],
                dot.stroke_width(theme.thin_line()),
            )))?;
            chart.draw_series(std::iter::once(Circle::new((mid, o.value), theme.upx(6.0), dot.filled())))?;
        }
        Ok(())
    }
}

/// The fan-with-observations charts of every variable that has a scored observation: file
/// stems `{prefix}_{variable}`.
pub fn observed_charts(
    result: &ScenarioResult,
    scored: &[Scored],
    what: &str,
    prefix: &str,
    opts: &super::ChartOptions,
) -> Result<Vec<(String, Vec<u8>)>, ChartError> {
    let mut vars: Vec<Var> = Vec::new();
    for s in scored.iter().filter(|s| s.score.is_some()) {
        if !vars.contains(&s.observation.variable) {
            vars.push(s.observation.variable);
        }
    }
    let jobs = vars
        .into_iter()
        .map(|var| {
            super::render::job(ObservedFanChart {
                result,
                var,
                scored,
                what: what.to_string(),
                stem: format!("{prefix}_{}", var.info().key),
            })
        })
        .collect();
    super::render::run(jobs, opts)
}
