//! Trade-off scatter: two variables at the horizon, one dot per run, coloured by the run's
//! pathway. A deterministic sample (every k-th run) keeps the picture and the SVG small.

use super::axes::{self, Axis, TickLabels};
use super::frame::{LegendEntry, Swatch, Theme};
use super::palette;
use super::scale::{display_name, fixed, nice_ticks};
use super::{Chart, ChartError};
use crate::engine::result::ScenarioResult;
use crate::model::vars::Var;
use crate::numbers::thousands;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Most dots drawn.
pub const MAX_POINTS: usize = 2_000;
const DOT_OPACITY: f64 = 0.55;

pub(crate) struct ScatterChart<'a> {
    pub result: &'a ScenarioResult,
    pub x: Var,
    pub y: Var,
}

/// Every `stride`-th run from the first, at most [`MAX_POINTS`]: (stride, run indices).
pub fn sample(runs: usize) -> (usize, Vec<usize>) {
    let stride = runs.div_ceil(MAX_POINTS).max(1);
    (stride, (0..runs).step_by(stride).collect())
}

impl ScatterChart<'_> {
    /// Sampled (x, y, pathway) points with finite coordinates.
    fn points(&self) -> Vec<(f64, f64, usize)> {
        let rec = &self.result.records;
        sample(rec.len())
            .1
            .into_iter()
            .map(|r| {
                let row = rec.horizon_of(r);
                (row[self.x.index()] as f64, row[self.y.index()] as f64, rec.pathway[r] as usize)
            })
            .filter(|p| p.0.is_finite() && p.1.is_finite())
            .collect()
    }
}

impl Chart for ScatterChart<'_> {
    fn file_stem(&self) -> String {
        format!("scatter_{}_vs_{}", self.x.info().key, self.y.info().key)
    }

    fn title(&self) -> String {
        format!(
            "{}: {} against {}",
            super::scenario_title(&self.result.meta),
            self.x.info().display,
            self.y.info().display
        )
    }

    fn subtitle(&self) -> Option<String> {
        let runs = self.result.records.len();
        let (stride, shown) = sample(runs);
        let which = if stride == 1 { "all runs shown".to_string() } else { format!("every {stride}th run shown") };
        let month = self.result.meta.month(self.result.series.len().saturating_sub(1) as u32).label();
        Some(format!(
            "In {month}, one dot per run, coloured by the run's pathway; {which} ({} of {})",
            thousands(shown.len() as u64),
            thousands(runs as u64)
        ))
    }

    fn legend(&self) -> Vec<LegendEntry> {
        let entries = self.result.pathways.iter().enumerate();
        entries.map(|(i, p)| LegendEntry::new(display_name(&p.name), Swatch::Marker(palette::series(i)))).collect()
    }

    fn footer(&self) -> String {
        super::footer(&self.result.meta)
    }

    fn plot<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, theme: &Theme) -> Result<(), ChartError> {
        let points = self.points();
        let (mut x_lo, mut x_hi, mut y_lo, mut y_hi) =
            (f64::INFINITY, f64::NEG_INFINITY, f64::INFINITY, f64::NEG_INFINITY);
        for &(x, y, _) in &points {
            (x_lo, x_hi, y_lo, y_hi) = (x_lo.min(x), x_hi.max(x), y_lo.min(y), y_hi.max(y));
        }
        if points.is_empty() {
            (x_lo, x_hi, y_lo, y_hi) = (0.0, 1.0, 0.0, 1.0);
        }
        let (xi, yi) = (self.x.info(), self.y.info());
        let (x_pad, y_pad) = ((x_hi - x_lo) * 0.03, (y_hi - y_lo) * 0.03);
        let (plot_w, plot_h) = axes::plot_size_estimate(area, theme);
        let label_w = area.estimate_text_size(&fixed(x_hi, 2), &theme.tick_style())?.0;
        let x_ticks = nice_ticks(
            (x_lo - x_pad).max(xi.min),
            (x_hi + x_pad).min(xi.max),
            super::scale::max_ticks(plot_w, label_w).min(12),
        );
        let y_ticks =
            nice_ticks((y_lo - y_pad).max(yi.min), (y_hi + y_pad).min(yi.max), axes::max_y_ticks(theme, plot_h));
        let axis = |t: &super::scale::Ticks, desc: String| Axis {
            lo: t.lo,
            hi: t.hi,
            ticks: t.values.clone(),
            labels: TickLabels::Fixed(t.decimals),
            desc,
            grid: true,
        };
        let mut chart = axes::cartesian(area, theme, &axis(&x_ticks, xi.label()), &axis(&y_ticks, yi.label()))?;

        // Biggest groups first, so rare pathways stay visible on top.
        let n_pathways = self.result.pathways.len().max(points.iter().map(|p| p.2 + 1).max().unwrap_or(0));
        let mut counts = vec![0usize; n_pathways];
        for p in &points {
            counts[p.2] += 1;
        }
        let mut order: Vec<usize> = (0..n_pathways).collect();
        order.sort_by(|a, b| counts[*b].cmp(&counts[*a]));
        let radius = theme.upx(4.0);
        for i in order {
            let style = palette::series(i).mix(DOT_OPACITY).filled();
            chart.draw_series(points.iter().filter(|p| p.2 == i).map(|p| Circle::new((p.0, p.1), radius, style)))?;
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
    fn sample_is_a_capped_fixed_stride() {
        assert_eq!(sample(10), (1, (0..10).collect()));
        let (stride, runs) = sample(10_000);
        assert_eq!(stride, 5);
        assert_eq!(runs.len(), 2_000);
        assert_eq!(runs[1], 5);
        let (stride, runs) = sample(2_001);
        assert_eq!(stride, 2);
        assert!(runs.len() <= MAX_POINTS);
        assert!(sample(0).1.is_empty());
    }

    #[test]
    fn svg_has_axes_from_the_registry_and_one_dot_per_sampled_run() {
        let r = fixture(300);
        let chart = ScatterChart { result: &r, x: Var::TariffUs, y: Var::UsImportsFromCn };
        let svg = render::svg_string(&chart, &ChartOptions::default());
        assert!(svg.contains("US tariff on Chinese goods (%)"));
        assert!(svg.contains(&render::xml_escape("US goods imports from China ($ bn/yr)")));
        for name in PATHWAYS {
            assert!(svg.contains(name), "{name} in the legend");
        }
        assert!(svg.contains("(300 of 300)"));
        // 300 dots plus the legend's markers.
        assert_eq!(svg.matches("<circle").count(), 300 + PATHWAYS.len());
    }
}
