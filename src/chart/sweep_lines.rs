//! A 1-D sweep: each pathway's probability against the swept parameter, with its 95% confidence
//! band (pathway `i` in palette colour `i`).

use super::axes::{self, Axis, TickLabels};
use super::fan::OUTER_OPACITY;
use super::frame::{LegendEntry, Swatch, Theme};
use super::palette;
use super::scale::{display_name, nice_ticks};
use super::{Chart, ChartError};
use crate::analysis::sweep::result::SweepResult;
use plotters::coord::Shift;
use plotters::prelude::*;

pub(crate) struct SweepLinesChart<'a> {
    pub sweep: &'a SweepResult,
}

impl SweepLinesChart<'_> {
    fn xs(&self) -> Vec<f64> {
        self.sweep.points.iter().map(|p| p.values[0]).collect()
    }
}

impl Chart for SweepLinesChart<'_> {
    fn file_stem(&self) -> String {
        "sweep_pathways".to_string()
    }

    fn title(&self) -> String {
        format!("Pathway probabilities as {} varies", self.sweep.grid.axes[0].key)
    }

    fn subtitle(&self) -> Option<String> {
        Some(format!(
            "{}: share of runs in each pathway at the horizon, with 95% confidence bands (Wilson); every point uses the same random streams",
            self.sweep.scenario
        ))
    }

    fn legend(&self) -> Vec<LegendEntry> {
        let mut entries: Vec<LegendEntry> = self
            .sweep
            .pathways
            .iter()
            .enumerate()
            .map(|(i, p)| LegendEntry::new(display_name(p), Swatch::Line { color: palette::series(i), dashed: false }))
            .collect();
        entries.push(LegendEntry::new(
            "95% confidence band",
            Swatch::Band { color: palette::series(0), opacity: OUTER_OPACITY },
        ));
        entries
    }

    fn footer(&self) -> String {
        self.sweep.footer()
    }

    fn plot<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, theme: &Theme) -> Result<(), ChartError> {
        let xs = self.xs();
        let (lo, hi) = xs.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| (a.min(x), b.max(x)));
        let (lo, hi) = if lo < hi { (lo, hi) } else { (lo - 0.5, lo + 0.5) };
        let (plot_w, plot_h) = axes::plot_size_estimate(area, theme);
        let x_ticks = nice_ticks(lo, hi, (plot_w / theme.upx(110.0)).max(2) as usize);
        let top = self
            .sweep
            .points
            .iter()
            .flat_map(|p| p.pathways.iter().map(|q| q.ci_high * 100.0))
            .filter(|v| v.is_finite())
            .fold(1.0, f64::max);
        let y_ticks = nice_ticks(0.0, (top * 1.05).min(100.0), axes::max_y_ticks(theme, plot_h));
        let x_axis = Axis {
            lo,
            hi,
            ticks: x_ticks.values.iter().copied().filter(|v| *v >= lo - 1e-12 && *v <= hi + 1e-12).collect(),
            labels: TickLabels::Fixed(x_ticks.decimals),
            desc: self.sweep.grid.axes[0].key.clone(),
            grid: true,
        };
        let y_axis = Axis {
            lo: 0.0,
            hi: y_ticks.hi.min(100.0).max(top),
            ticks: y_ticks.values.iter().copied().filter(|v| *v <= 100.0).collect(),
            labels: TickLabels::Fixed(y_ticks.decimals),
            desc: "Probability (% of runs)".to_string(),
            grid: true,
        };
        let mut chart = axes::cartesian(area, theme, &x_axis, &y_axis)?;
        for i in 0..self.sweep.pathways.len() {
            let color = palette::series(i);
            let q: Vec<_> = self.sweep.points.iter().map(|p| p.pathways[i]).collect();
            if q.iter().any(|q| !q.p.is_finite()) {
                continue;
            }
            let mut band: Vec<(f64, f64)> = xs.iter().zip(&q).map(|(&x, q)| (x, q.ci_high * 100.0)).collect();
            band.extend(xs.iter().zip(&q).rev().map(|(&x, q)| (x, q.ci_low * 100.0)));
            chart.draw_series(std::iter::once(Polygon::new(band, color.mix(OUTER_OPACITY).filled())))?;
            chart.draw_series(LineSeries::new(
                xs.iter().zip(&q).map(|(&x, q)| (x, q.p * 100.0)),
                color.stroke_width(theme.strong_line()),
            ))?;
            chart.draw_series(
                xs.iter().zip(&q).map(|(&x, q)| Circle::new((x, q.p * 100.0), theme.upx(4.0), color.filled())),
            )?;
        }
        Ok(())
    }
}
