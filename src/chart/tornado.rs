//! Tornado: the uncertain parameters ranked by their effect on an outcome. Each bar spans the
//! mean outcome of the runs with the parameter in its bottom 10% to that of the runs in its top
//! 10%; the largest |Spearman| on top; blue when the outcome rises with the parameter.

use super::axes::{self, Axis, TickLabels};
use super::frame::{LegendEntry, Swatch, Theme};
use super::palette::{self, INK};
use super::scale::{display_name, nice_ticks};
use super::{Chart, ChartError};
use crate::analysis::tornado::TornadoRow;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const HALF_BAR: f64 = 0.32;

pub(crate) struct TornadoChart<'a> {
    pub rows: &'a [TornadoRow],
    /// Mean outcome over all runs: the reference line.
    pub mean: f64,
    pub outcome: String,
    /// The scenario's title name.
    pub scenario: String,
    pub footer: String,
    /// The outcome is a probability (a pathway's): drawn in percent, as the rest of the output.
    pub percent: bool,
}

impl TornadoChart<'_> {
    /// Outcome values as drawn: percent for a probability.
    fn shown(&self, v: f64) -> f64 {
        if self.percent { v * 100.0 } else { v }
    }
}

impl Chart for TornadoChart<'_> {
    fn file_stem(&self) -> String {
        "tornado".to_string()
    }

    fn title(&self) -> String {
        format!("{}: what drives the {}", self.scenario, self.outcome)
    }

    fn subtitle(&self) -> Option<String> {
        Some(
            "Mean outcome of runs with the parameter in its bottom vs top 10%; ranked by Spearman rank correlation (ρ)"
                .into(),
        )
    }

    fn legend(&self) -> Vec<LegendEntry> {
        vec![
            LegendEntry::new("Outcome rises with the parameter", Swatch::Bar(palette::series(0))),
            LegendEntry::new("Outcome falls with the parameter", Swatch::Bar(palette::series(1))),
            LegendEntry::new("Mean of all runs", Swatch::Line { color: INK, dashed: true }),
        ]
    }

    fn footer(&self) -> String {
        self.footer.clone()
    }

    fn plot<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, theme: &Theme) -> Result<(), ChartError> {
        let n = self.rows.len().max(1);
        let finite = |v: f64| if v.is_finite() { Some(v) } else { None };
        let vals: Vec<f64> = self
            .rows
            .iter()
            .flat_map(|r| [r.low, r.high])
            .chain([self.mean])
            .filter_map(finite)
            .map(|v| self.shown(v))
            .collect();
        let (lo, hi) = vals.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| (a.min(v), b.max(v)));
        let (lo, hi) = if lo.is_finite() { (lo, hi) } else { (0.0, 1.0) };
        let pad = ((hi - lo) * 0.25).max(1e-6);
        let (plot_w, _) = axes::plot_size_estimate(area, theme);
        let x = nice_ticks(lo - pad, hi + pad, super::scale::max_ticks(plot_w, theme.upx(80.0)).min(9));
        let names: Vec<String> = (0..n)
            .map(|y| self.rows.get(n - 1 - y).map_or(String::new(), |r| super::parameter_name(&r.parameter)))
            .collect();
        let x_axis = Axis {
            lo: x.lo,
            hi: x.hi,
            ticks: x.values.clone(),
            labels: TickLabels::Fixed(x.decimals),
            desc: if self.percent {
                format!("{} (%)", display_name(&self.outcome))
            } else {
                display_name(&self.outcome)
            },
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
        let label_style = theme.annotation_style().pos(Pos::new(HPos::Left, VPos::Center));
        for (rank, r) in self.rows.iter().enumerate() {
            let y = (n - 1 - rank) as f64;
            if !(r.low.is_finite() && r.high.is_finite()) {
                continue;
            }
            let color = if r.spearman >= 0.0 { palette::series(0) } else { palette::series(1) };
            let (a, b) = (self.shown(r.low.min(r.high)), self.shown(r.low.max(r.high)));
            chart
                .draw_series(std::iter::once(Rectangle::new([(a, y - HALF_BAR), (b, y + HALF_BAR)], color.filled())))?;
            let label = EmptyElement::at((b, y))
                + Text::new(
                    format!("ρ = {}", super::scale::fixed(r.spearman, 2)),
                    (theme.px(8.0), 0),
                    label_style.clone(),
                );
            chart.draw_series(std::iter::once(label))?;
        }
        chart.draw_series(DashedLineSeries::new(
            [(self.shown(self.mean), -0.6), (self.shown(self.mean), n as f64 - 0.4)],
            theme.px(6.0) as u32,
            theme.px(4.0) as u32,
            INK.stroke_width(theme.thin_line()),
        ))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{ChartOptions, render};

    #[test]
    fn bars_are_labelled_with_parameter_and_rank_correlation() {
        let row = |p: &str, rho: f64, low: f64, high: f64| TornadoRow {
            parameter: p.into(),
            spearman: rho,
            p10: 0.0,
            p90: 1.0,
            low,
            high,
            swing: high - low,
        };
        let rows = [row("agents.us.aggression", 0.41, 30.0, 60.0), row("economy.import_elasticity", -0.12, 47.0, 44.0)];
        let chart = TornadoChart {
            rows: &rows,
            mean: 45.0,
            outcome: "US tariff (%)".into(),
            scenario: "Baseline".into(),
            footer: "f".into(),
            percent: false,
        };
        let svg = render::svg_string(&chart, &ChartOptions::default());
        for text in ["US aggression", "Import elasticity", "ρ = 0.41", "ρ = −0.12", "Mean of all runs"] {
            assert!(svg.contains(text), "{text}");
        }
        assert!(!svg.contains("agents.us.aggression"), "display names, not keys");
    }

    #[test]
    fn a_probability_is_drawn_in_percent() {
        let rows = [TornadoRow {
            parameter: "agents.us.aggression".into(),
            spearman: 0.4,
            p10: 0.0,
            p90: 1.0,
            low: 0.2,
            high: 0.55,
            swing: 0.35,
        }];
        let chart = TornadoChart {
            rows: &rows,
            mean: 0.4,
            outcome: "probability of trade war".into(),
            scenario: "Baseline".into(),
            footer: "f".into(),
            percent: true,
        };
        let svg = render::svg_string(&chart, &ChartOptions::default());
        assert!(svg.contains("Probability of trade war (%)"), "axis in percent");
        assert!(render::has_text(&svg, "50"), "ticks in percent");
    }
}
