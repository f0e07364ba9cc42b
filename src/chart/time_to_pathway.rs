//! Time to pathway: for each pathway, the cumulative share of runs that have entered it by each
//! month, with a 95% Wilson band for the Monte Carlo uncertainty. The catch-all (the last
//! pathway, "none of the others") is left out: runs start in it, so its curve is a flat 100%
//! from the first month and says nothing.

use super::axes::{self, Axis, TickLabels};
use super::frame::{LegendEntry, Swatch, Theme};
use super::palette;
use super::scale::{display_name, month_index, nice_ticks};
use super::{Chart, ChartError};
use crate::engine::result::{PathwayResult, ScenarioResult};
use crate::numbers::thousands;
use crate::stats::proportion::wilson;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Opacity of each pathway's confidence band.
pub const BAND_OPACITY: f64 = 0.16;

pub(crate) struct TimeToPathwayChart<'a> {
    pub result: &'a ScenarioResult,
}

impl TimeToPathwayChart<'_> {
    /// The pathways drawn: all but the catch-all.
    fn shown(&self) -> &[PathwayResult] {
        let p = &self.result.pathways;
        &p[..p.len().saturating_sub(1)]
    }

    /// Runs behind each pathway's estimate.
    fn trials(&self, p: &PathwayResult) -> u64 {
        if p.probability.total > 0 { p.probability.total } else { self.result.meta.runs }
    }

    /// (month, cdf, ci low, ci high) in percent; the interval is the Wilson interval of the
    /// count of runs the cdf stands for. No runs: an interval of [0, 100].
    fn curve(&self, p: &PathwayResult) -> Vec<(u32, f64, f64, f64)> {
        let n = self.trials(p);
        p.first_entry_cdf
            .iter()
            .enumerate()
            .map(|(m, &c)| {
                let count = (c.clamp(0.0, 1.0) * n as f64).round() as u64;
                let w = wilson(count, n);
                let (lo, hi) = if n == 0 { (0.0, 1.0) } else { (w.ci_low, w.ci_high) };
                (m as u32, c * 100.0, lo * 100.0, hi * 100.0)
            })
            .collect()
    }
}

impl Chart for TimeToPathwayChart<'_> {
    fn file_stem(&self) -> String {
        "time_to_pathway".to_string()
    }

    fn title(&self) -> String {
        format!("{}: when runs first enter each pathway", super::scenario_title(&self.result.meta))
    }

    fn subtitle(&self) -> Option<String> {
        let catch_all = match self.result.pathways.last() {
            Some(p) => {
                format!("; {}, the catch-all runs start in, not shown", display_name(&p.name).to_lowercase())
            }
            _ => String::new(),
        };
        Some(format!(
            "Share of the {} runs that have entered each pathway by each month (95% CI shaded){catch_all}",
            thousands(self.result.meta.runs)
        ))
    }

    fn legend(&self) -> Vec<LegendEntry> {
        let entries = self.shown().iter().enumerate();
        entries
            .map(|(i, p)| {
                LegendEntry::new(
                    display_name(&p.name),
                    Swatch::LineOnBand { color: palette::series(i), opacity: BAND_OPACITY },
                )
            })
            .collect()
    }

    fn footer(&self) -> String {
        super::footer(&self.result.meta)
    }

    fn plot<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, theme: &Theme) -> Result<(), ChartError> {
        let curves: Vec<_> = self.shown().iter().map(|p| self.curve(p)).collect();
        let top = curves.iter().flatten().map(|c| c.3).fold(0.0, f64::max);
        let first = month_index(self.result.meta.start);
        let months = curves.iter().map(|c| c.len()).max().unwrap_or(1).saturating_sub(1) as i64;
        let last = first + months.max(1);
        let x = |m: u32| (first + m as i64) as f64;

        let (plot_w, plot_h) = axes::plot_size_estimate(area, theme);
        let y_ticks = nice_ticks(0.0, (top * 1.04).clamp(1.0, 100.0), axes::max_y_ticks(theme, plot_h));
        let x_axis = axes::month_axis(area, theme, plot_w, first, last)?;
        let y_axis = Axis {
            lo: 0.0,
            // A little headroom so a curve at 100% is not hidden in the frame.
            hi: y_ticks.hi.min(100.0) * 1.02,
            ticks: y_ticks.values.iter().copied().filter(|v| *v <= 100.0).collect(),
            labels: TickLabels::Fixed(y_ticks.decimals),
            desc: "Runs that have entered the pathway (%)".to_string(),
            grid: true,
        };
        let mut chart = axes::cartesian(area, theme, &x_axis, &y_axis)?;

        for (i, curve) in curves.iter().enumerate() {
            let mut band: Vec<(f64, f64)> = curve.iter().map(|c| (x(c.0), c.3)).collect();
            band.extend(curve.iter().rev().map(|c| (x(c.0), c.2)));
            chart.draw_series(std::iter::once(Polygon::new(band, palette::series(i).mix(BAND_OPACITY).filled())))?;
        }
        for (i, curve) in curves.iter().enumerate() {
            let style = palette::series(i).stroke_width(theme.line());
            chart.draw_series(LineSeries::new(curve.iter().map(|c| (x(c.0), c.1)), style))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{ChartOptions, render};
    use crate::engine::test_fixture::{PATHWAYS, fixture};

    #[test]
    fn bands_contain_the_estimate() {
        let r = fixture(200);
        let chart = TimeToPathwayChart { result: &r };
        for p in &r.pathways {
            for (_, c, lo, hi) in chart.curve(p) {
                assert!(lo <= c + 1e-9 && c <= hi + 1e-9, "{lo} {c} {hi}");
            }
        }
    }

    #[test]
    fn one_legend_entry_and_one_band_per_pathway() {
        let r = fixture(200);
        let svg = render::svg_string(&TimeToPathwayChart { result: &r }, &ChartOptions::default());
        let (catch_all, others) = PATHWAYS.split_last().unwrap();
        for name in others {
            assert!(render::has_text(&svg, name), "{name}");
        }
        assert!(!render::has_text(&svg, catch_all), "the catch-all has no curve and no legend entry");
        assert!(svg.contains("the catch-all runs start in, not shown"));
        assert_eq!(svg.matches("<polygon").count(), others.len());
        assert!(svg.contains("Baseline: when runs first enter each pathway"));
        assert!(svg.contains("Runs that have entered the pathway (%)"));
        assert!(render::has_text(&svg, "Month"));
    }
}
