//! A 1-D sweep of one outcome (`sweep --outcome NAME`): its headline against the swept
//! parameter, a probability with its 95% confidence band or a mean with the 90% range of runs.

use super::axes::{self, Axis, TickLabels};
use super::fan::OUTER_OPACITY;
use super::frame::{LegendEntry, Swatch, Theme};
use super::palette;
use super::scale::nice_ticks;
use super::{Chart, ChartError};
use crate::analysis::sweep::result::{SweepOutcome, SweepResult};
use plotters::coord::Shift;
use plotters::prelude::*;

pub(crate) struct SweepOutcomeChart<'a> {
    pub sweep: &'a SweepResult,
    /// Index of the outcome in each point's `outcomes`.
    pub outcome: usize,
}

impl SweepOutcomeChart<'_> {
    fn at(&self) -> Vec<(f64, &SweepOutcome)> {
        self.sweep.points.iter().map(|p| (p.values[0], &p.outcomes[self.outcome])).collect()
    }

    fn first(&self) -> &SweepOutcome {
        &self.sweep.points[0].outcomes[self.outcome]
    }

    /// Probabilities are drawn in percent.
    fn scale(&self) -> f64 {
        if self.first().measure == "probability" { 100.0 } else { 1.0 }
    }
}

impl Chart for SweepOutcomeChart<'_> {
    fn file_stem(&self) -> String {
        format!("sweep_outcome_{}", self.first().name)
    }

    fn title(&self) -> String {
        format!("{} as {} varies", self.first().name, self.sweep.grid.axes[0].key)
    }

    fn subtitle(&self) -> Option<String> {
        let what = if self.first().measure == "probability" {
            "probability over runs, with its 95% confidence band (Wilson)"
        } else {
            "mean over runs, with the middle 90% of runs (p5–p95)"
        };
        Some(format!("{}: {what}; every point uses the same random streams", self.sweep.scenario))
    }

    fn legend(&self) -> Vec<LegendEntry> {
        let c = palette::series(0);
        let band = if self.first().measure == "probability" { "95% confidence band" } else { "90% of runs" };
        vec![
            LegendEntry::new(self.first().measure.clone(), Swatch::Line { color: c, dashed: false }),
            LegendEntry::new(band, Swatch::Band { color: c, opacity: OUTER_OPACITY }),
        ]
    }

    fn footer(&self) -> String {
        self.sweep.footer()
    }

    fn plot<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, theme: &Theme) -> Result<(), ChartError> {
        let k = self.scale();
        let pts: Vec<(f64, f64, f64, f64)> = self
            .at()
            .into_iter()
            .filter(|(_, o)| o.value.is_finite())
            .map(|(x, o)| (x, o.value * k, o.low * k, o.high * k))
            .collect();
        let (mut xlo, mut xhi) =
            pts.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| (a.min(p.0), b.max(p.0)));
        if xlo.partial_cmp(&xhi) != Some(std::cmp::Ordering::Less) {
            (xlo, xhi) = (xlo - 0.5, xlo + 0.5);
        }
        let (mut ylo, mut yhi) =
            pts.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| (a.min(p.2), b.max(p.3)));
        if !ylo.is_finite() {
            (ylo, yhi) = (0.0, 1.0);
        }
        if ylo.partial_cmp(&yhi) != Some(std::cmp::Ordering::Less) {
            (ylo, yhi) = (ylo - 0.5, ylo + 0.5);
        }
        let pad = (yhi - ylo) * 0.05;
        let (ylo, yhi) =
            if k == 100.0 { (0.0f64.max(ylo - pad), 100.0f64.min(yhi + pad)) } else { (ylo - pad, yhi + pad) };
        let (plot_w, plot_h) = axes::plot_size_estimate(area, theme);
        let x_ticks = nice_ticks(xlo, xhi, (plot_w / theme.upx(110.0)).max(2) as usize);
        let y_ticks = nice_ticks(ylo, yhi, axes::max_y_ticks(theme, plot_h));
        let x_axis = Axis {
            lo: xlo,
            hi: xhi,
            ticks: x_ticks.values.iter().copied().filter(|v| *v >= xlo - 1e-12 && *v <= xhi + 1e-12).collect(),
            labels: TickLabels::Fixed(x_ticks.decimals),
            desc: self.sweep.grid.axes[0].key.clone(),
            grid: true,
        };
        let desc =
            if k == 100.0 { "Probability (% of runs)".to_string() } else { format!("{} (mean)", self.first().name) };
        let y_axis = Axis {
            lo: ylo,
            hi: yhi,
            ticks: y_ticks.values.iter().copied().filter(|v| *v >= ylo - 1e-12 && *v <= yhi + 1e-12).collect(),
            labels: TickLabels::Fixed(y_ticks.decimals),
            desc,
            grid: true,
        };
        let mut chart = axes::cartesian(area, theme, &x_axis, &y_axis)?;
        let color = palette::series(0);
        let mut band: Vec<(f64, f64)> = pts.iter().map(|p| (p.0, p.3)).collect();
        band.extend(pts.iter().rev().map(|p| (p.0, p.2)));
        chart.draw_series(std::iter::once(Polygon::new(band, color.mix(OUTER_OPACITY).filled())))?;
        chart.draw_series(LineSeries::new(pts.iter().map(|p| (p.0, p.1)), color.stroke_width(theme.strong_line())))?;
        chart.draw_series(pts.iter().map(|p| Circle::new((p.0, p.1), theme.upx(4.0), color.filled())))?;
        Ok(())
    }
}
