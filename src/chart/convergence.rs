//! Convergence: each pathway's running probability estimate against the number of runs, with
//! its 95% Wilson band, at every block boundary. Shows how fast the estimates settle and where a
//! `--precision` run stopped.

use super::axes::{self, Axis, TickLabels};
use super::frame::{LegendEntry, Swatch, Theme};
use super::palette;
use super::scale::{display_name, nice_ticks};
use super::{Chart, ChartError};
use crate::engine::convergence::Trace;
use crate::engine::result::ScenarioResult;
use crate::numbers::thousands;
use plotters::coord::Shift;
use plotters::prelude::*;

const BAND_OPACITY: f64 = 0.22;

pub(crate) struct ConvergenceChart<'a> {
    pub result: &'a ScenarioResult,
    pub trace: Trace,
}

impl Chart for ConvergenceChart<'_> {
    fn file_stem(&self) -> String {
        "convergence".to_string()
    }

    fn title(&self) -> String {
        format!("{}: convergence of the pathway probabilities", super::scenario_title(&self.result.meta))
    }

    fn subtitle(&self) -> Option<String> {
        let runs = thousands(self.result.meta.runs);
        Some(match &self.result.meta.convergence {
            Some(c) if c.converged => format!(
                "Estimate after each block of runs with its 95% CI; stopped at {runs} runs, every half-width ≤ {}",
                c.precision
            ),
            Some(c) => format!(
                "Estimate after each block of runs with its 95% CI; not converged to {} by {runs} runs",
                c.precision
            ),
            None => format!("Estimate after each block of runs with its 95% CI, up to {runs} runs"),
        })
    }

    fn legend(&self) -> Vec<LegendEntry> {
        let mut l: Vec<LegendEntry> = self
            .result
            .pathways
            .iter()
            .enumerate()
            .map(|(i, p)| {
                LegendEntry::new(display_name(&p.name), Swatch::Line { color: palette::series(i), dashed: false })
            })
            .collect();
        l.push(LegendEntry::new("95% CI", Swatch::Band { color: palette::MUTED, opacity: BAND_OPACITY }));
        l
    }

    fn footer(&self) -> String {
        super::footer(&self.result.meta)
    }

    fn plot<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, theme: &Theme) -> Result<(), ChartError> {
        let t = &self.trace;
        let max_runs = t.runs.last().copied().unwrap_or(1).max(1) as f64;
        let (plot_w, plot_h) = axes::plot_size_estimate(area, theme);
        let hi =
            t.estimates.iter().flat_map(|e| e.iter().map(|p| p.ci_high)).filter(|v| v.is_finite()).fold(0.0, f64::max);
        let y = nice_ticks(0.0, (hi * 100.0).max(1.0), axes::max_y_ticks(theme, plot_h));
        let x = nice_ticks(0.0, max_runs, super::scale::max_ticks(plot_w, theme.upx(90.0)).min(8));
        let x_axis = Axis {
            lo: 0.0,
            hi: x.hi,
            ticks: x.values.clone(),
            labels: TickLabels::Fixed(0),
            desc: "Runs".to_string(),
            grid: true,
        };
        let y_axis = Axis {
            lo: 0.0,
            hi: y.hi.min(100.0).max(y.values.last().copied().unwrap_or(1.0)),
            ticks: y.values.clone(),
            labels: TickLabels::Fixed(y.decimals),
            desc: "Probability (% of runs)".to_string(),
            grid: true,
        };
        let mut chart = axes::cartesian(area, theme, &x_axis, &y_axis)?;
        for (i, est) in t.estimates.iter().enumerate() {
            let color = palette::series(i);
            let pts = t.runs.iter().zip(est).filter(|(_, p)| p.p.is_finite());
            let mut band: Vec<(f64, f64)> = pts.clone().map(|(&n, p)| (n as f64, p.ci_high * 100.0)).collect();
            band.extend(pts.clone().rev().map(|(&n, p)| (n as f64, p.ci_low * 100.0)).collect::<Vec<_>>());
            if band.len() >= 3 {
                chart.draw_series(std::iter::once(Polygon::new(band, color.mix(BAND_OPACITY).filled())))?;
            }
            chart.draw_series(LineSeries::new(
                pts.map(|(&n, p)| (n as f64, p.p * 100.0)),
                color.stroke_width(theme.line()),
            ))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{ChartOptions, render};
    use crate::engine::convergence::trace;
    use crate::engine::test_fixture::fixture;

    #[test]
    fn draws_a_line_and_band_per_pathway() {
        let r = fixture(3000);
        let chart = ConvergenceChart { result: &r, trace: trace(&r.records.pathway, r.pathways.len()) };
        let svg = render::svg_string(&chart, &ChartOptions::default());
        assert!(svg.contains("Baseline: convergence of the pathway probabilities"));
        assert!(svg.contains("<polygon") && svg.contains("<polyline"));
        assert!(render::has_text(&svg, "Runs"));
    }
}
