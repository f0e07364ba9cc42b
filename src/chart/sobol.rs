//! Sobol indices: for each uncertain parameter, the share of the outcome's variance it explains
//! alone (first order, S1) and with all its interactions (total order, ST), with bootstrap 95%
//! intervals as whiskers. Sorted by total order, largest on top.

use super::axes::{self, Axis, TickLabels};
use super::frame::{LegendEntry, Swatch, Theme};
use super::palette::{self, INK};
use super::scale::nice_ticks;
use super::{Chart, ChartError};
use crate::analysis::sobol::{Estimate, SobolResult};
use plotters::coord::Shift;
use plotters::prelude::*;

pub(crate) struct SobolChart<'a> {
    pub names: &'a [String],
    pub result: &'a SobolResult,
    pub outcome: String,
    /// The scenario's title name.
    pub scenario: String,
    pub footer: String,
}

impl SobolChart<'_> {
    /// The lowest estimate or interval end (a true index is never negative, an estimate can be:
    /// such values are drawn left of 0, not clipped).
    fn lowest(&self) -> f64 {
        self.result
            .indices
            .iter()
            .flat_map(|i| [i.first.ci_low, i.total.ci_low, i.first.value, i.total.value])
            .filter(|v| v.is_finite())
            .fold(0.0, f64::min)
    }

    /// Parameter indices by descending total-order index.
    fn order(&self) -> Vec<usize> {
        let mut o: Vec<usize> = (0..self.names.len()).collect();
        o.sort_by(|&a, &b| self.result.indices[b].total.value.total_cmp(&self.result.indices[a].total.value));
        o
    }
}

impl Chart for SobolChart<'_> {
    fn file_stem(&self) -> String {
        "sobol".to_string()
    }

    fn title(&self) -> String {
        format!("{}: Sobol sensitivity indices of the {}", self.scenario, self.outcome)
    }

    fn subtitle(&self) -> Option<String> {
        let negative = if self.lowest() < 0.0 { "; below 0: estimation noise around 0" } else { "" };
        Some(format!(
            "Share of the outcome's variance: alone (S1) and with interactions (ST); N = {} base samples, {} runs, 95% bootstrap CIs{negative}",
            crate::numbers::thousands(self.result.base_samples as u64),
            crate::numbers::thousands(self.result.evaluations as u64)
        ))
    }

    fn legend(&self) -> Vec<LegendEntry> {
        vec![
            LegendEntry::new("First order S1", Swatch::Bar(palette::series(0))),
            LegendEntry::new("Total order ST", Swatch::Bar(palette::series(1))),
            LegendEntry::new("95% CI", Swatch::Whisker(INK)),
        ]
    }

    fn footer(&self) -> String {
        self.footer.clone()
    }

    fn plot<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, theme: &Theme) -> Result<(), ChartError> {
        let order = self.order();
        let n = order.len().max(1);
        let hi = self
            .result
            .indices
            .iter()
            .flat_map(|i| [i.first.ci_high, i.total.ci_high, i.first.value, i.total.value])
            .filter(|v| v.is_finite())
            .fold(0.1, f64::max)
            .min(1.5);
        let (plot_w, _) = axes::plot_size_estimate(area, theme);
        let lo = self.lowest().max(-1.0);
        let x = nice_ticks(lo, hi, super::scale::max_ticks(plot_w, theme.upx(70.0)).min(11));
        let names: Vec<String> = (0..n)
            .map(|y| order.get(n - 1 - y).map_or(String::new(), |&i| super::parameter_name(&self.names[i])))
            .collect();
        let x_axis = Axis {
            lo: x.lo.min(0.0),
            hi: x.hi,
            ticks: x.values.clone(),
            labels: TickLabels::Fixed(x.decimals),
            desc: "Sobol index (share of variance)".into(),
            grid: true,
        };
        let y_axis = Axis {
            lo: -0.6,
            hi: n as f64 - 0.4,
            ticks: (0..n).map(|y| y as f64).collect(),
            labels: TickLabels::Names(names),
            desc: "Uncertain parameter".into(),
            grid: false,
        };
        let mut chart = axes::cartesian(area, theme, &x_axis, &y_axis)?;
        let whisker = INK.stroke_width(theme.thin_line());
        for (rank, &i) in order.iter().enumerate() {
            let y = (n - 1 - rank) as f64;
            let idx = &self.result.indices[i];
            let bars: [(&Estimate, f64, usize); 2] = [(&idx.first, y + 0.17, 0), (&idx.total, y - 0.17, 1)];
            for (e, yc, c) in bars {
                let v = e.value.max(lo);
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(0.0, yc - 0.14), (v, yc + 0.14)],
                    palette::series(c).filled(),
                )))?;
                let (lo, hi) = (e.ci_low.max(lo), e.ci_high.max(lo));
                chart.draw_series([
                    PathElement::new(vec![(lo, yc), (hi, yc)], whisker),
                    PathElement::new(vec![(lo, yc - 0.07), (lo, yc + 0.07)], whisker),
                    PathElement::new(vec![(hi, yc - 0.07), (hi, yc + 0.07)], whisker),
                ])?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::sobol::analyze;
    use crate::chart::{ChartOptions, render};

    #[test]
    fn draws_first_and_total_order_bars_per_parameter() {
        let result = analyze(2, 500, 1, 20, |u| 3.0 * u[0] + u[1]);
        let names = vec!["a".to_string(), "b".to_string()];
        let chart = SobolChart {
            names: &names,
            result: &result,
            outcome: "test".into(),
            scenario: "Baseline".into(),
            footer: "f".into(),
        };
        assert_eq!(chart.order(), vec![0, 1], "larger total order first");
        let svg = render::svg_string(&chart, &ChartOptions::default());
        assert!(svg.contains("First order S1") && svg.contains("Total order ST"));
        assert!(svg.contains("N = 500 base samples, 2,000 runs"));
    }

    #[test]
    fn negative_estimates_are_drawn_below_zero_and_explained() {
        let mut result = analyze(2, 500, 1, 20, |u| 3.0 * u[0] + u[1]);
        result.indices[1].first.value = -0.02;
        result.indices[1].first.ci_low = -0.06;
        let names = vec!["agents.us.aggression".to_string(), "economy.import_elasticity".to_string()];
        let chart = SobolChart {
            names: &names,
            result: &result,
            outcome: "test".into(),
            scenario: "Baseline".into(),
            footer: "f".into(),
        };
        let svg = render::svg_string(&chart, &ChartOptions::default());
        assert!(svg.contains("below 0: estimation noise around 0"));
        assert!(svg.lines().any(|l| l.trim().starts_with("−0.")), "a negative tick on the axis");
        assert!(render::has_text(&svg, "US aggression") && render::has_text(&svg, "Import elasticity"));
    }
}
