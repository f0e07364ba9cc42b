//! Pathway probabilities at the horizon: one horizontal bar per pathway, largest on top, with its
//! 95% confidence interval as a whisker and its percentage written beside it.

use super::axes::{self, Axis, TickLabels};
use super::frame::{LegendEntry, Swatch, Theme};
use super::palette::{self, INK};
use super::scale::{ci_text, display_name, nice_ticks};
use super::{Chart, ChartError};
use crate::engine::result::{PathwayResult, ScenarioResult};
use crate::numbers::{percents_adding_to_100, thousands};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Half the height of a bar, in category units (1 = distance between bars).
const HALF_BAR: f64 = 0.3;
/// Half the height of a whisker cap.
const HALF_CAP: f64 = 0.12;

pub(crate) struct PathwaysChart<'a> {
    pub result: &'a ScenarioResult,
}

/// "35% (95% CI 34–36%)": the label of each bar, the percentages rounded to add to 100.
/// "no runs" when the probability is undefined.
pub fn probability_labels(pathways: &[PathwayResult]) -> Vec<String> {
    let shown = percents_adding_to_100(&pathways.iter().map(|p| p.probability.p).collect::<Vec<_>>());
    pathways
        .iter()
        .zip(shown)
        .map(|(p, shown)| {
            let p = &p.probability;
            if !p.p.is_finite() {
                return "no runs".to_string();
            }
            format!("{shown}  (95% CI {})", ci_text(p.ci_low, p.ci_high))
        })
        .collect()
}

/// Pathway indices by descending probability (ties keep definition order).
pub fn by_probability(pathways: &[PathwayResult]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..pathways.len()).collect();
    order.sort_by(|&a, &b| pathways[b].probability.p.total_cmp(&pathways[a].probability.p));
    order
}

impl Chart for PathwaysChart<'_> {
    fn file_stem(&self) -> String {
        "pathways".to_string()
    }

    fn title(&self) -> String {
        let meta = &self.result.meta;
        format!(
            "{}: pathway probabilities in {}",
            super::scenario_title(meta),
            meta.month(self.result.series.len().saturating_sub(1) as u32).label()
        )
    }

    fn subtitle(&self) -> Option<String> {
        Some(format!(
            "Share of the {} runs in each pathway at the horizon, with 95% confidence intervals (Wilson)",
            thousands(self.result.meta.runs)
        ))
    }

    fn legend(&self) -> Vec<LegendEntry> {
        vec![
            LegendEntry::new("Probability (colour = pathway)", Swatch::Bar(palette::series(0))),
            LegendEntry::new("95% confidence interval", Swatch::Whisker(INK)),
        ]
    }

    fn footer(&self) -> String {
        super::footer(&self.result.meta)
    }

    fn plot<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, theme: &Theme) -> Result<(), ChartError> {
        let pathways = &self.result.pathways;
        let order = by_probability(pathways);
        let n = pathways.len();
        // Rank 0 (most likely) at the top: y = n − 1 − rank.
        let y_of_rank = |rank: usize| (n - 1 - rank) as f64;
        let names_by_y: Vec<String> = (0..n).map(|y| display_name(&pathways[order[n - 1 - y]].name)).collect();

        // Leave room right of the longest whisker for its label.
        let label_style = theme.annotation_style().pos(Pos::new(HPos::Left, VPos::Center));
        let gap = theme.px(10.0);
        let (plot_w, _) = axes::plot_size_estimate(area, theme);
        let widest_name = names_by_y
            .iter()
            .map(|s| area.estimate_text_size(s, &theme.tick_style()).map(|d| d.0))
            .try_fold(0, |m, w| w.map(|w| m.max(w)))?;
        let plot_w = plot_w.saturating_sub(widest_name).max(100) as f64;
        let labels = probability_labels(pathways);
        let mut x_need: f64 = 1.0;
        for (p, label) in pathways.iter().zip(&labels) {
            let label_w = area.estimate_text_size(label, &label_style)?.0 as f64 + gap as f64 * 2.0;
            let room = (1.0 - label_w / plot_w).max(0.2);
            x_need = x_need.max(p.probability.ci_high * 100.0 / room);
        }
        let ticks = nice_ticks(
            0.0,
            (p_max(pathways) * 100.0).max(1.0),
            super::scale::max_ticks(plot_w as u32, theme.upx(70.0)).min(11),
        );
        let ticks_in_range: Vec<f64> = ticks.values.iter().copied().filter(|v| *v <= 100.0 + 1e-9).collect();

        let x_axis = Axis {
            lo: 0.0,
            hi: ticks.hi.max(x_need),
            ticks: ticks_in_range,
            labels: TickLabels::Fixed(ticks.decimals),
            desc: format!(
                "Probability in {} (% of runs)",
                self.result.meta.month(self.result.series.len().saturating_sub(1) as u32).label()
            ),
            grid: true,
        };
        let y_axis = Axis {
            lo: -0.6,
            hi: n as f64 - 0.4,
            ticks: (0..n).map(|y| y as f64).collect(),
            labels: TickLabels::Names(names_by_y),
            desc: "Pathway".to_string(),
            grid: false,
        };
        let mut chart = axes::cartesian(area, theme, &x_axis, &y_axis)?;

        for (rank, &i) in order.iter().enumerate() {
            let p = &pathways[i].probability;
            let y = y_of_rank(rank);
            if !p.p.is_finite() {
                let label = EmptyElement::at((0.0, y)) + Text::new(labels[i].clone(), (gap, 0), label_style.clone());
                chart.draw_series(std::iter::once(label))?;
                continue;
            }
            chart.draw_series(std::iter::once(Rectangle::new(
                [(0.0, y - HALF_BAR), (p.p * 100.0, y + HALF_BAR)],
                palette::series(i).filled(),
            )))?;
            let (lo, hi) = (p.ci_low * 100.0, p.ci_high * 100.0);
            let whisker = INK.stroke_width(theme.thin_line());
            chart.draw_series([
                PathElement::new(vec![(lo, y), (hi, y)], whisker),
                PathElement::new(vec![(lo, y - HALF_CAP), (lo, y + HALF_CAP)], whisker),
                PathElement::new(vec![(hi, y - HALF_CAP), (hi, y + HALF_CAP)], whisker),
            ])?;
            let label = EmptyElement::at((hi, y)) + Text::new(labels[i].clone(), (gap, 0), label_style.clone());
            chart.draw_series(std::iter::once(label))?;
        }
        Ok(())
    }
}

fn p_max(pathways: &[PathwayResult]) -> f64 {
    pathways.iter().map(|p| p.probability.ci_high).fold(0.0, f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{ChartOptions, render};
    use crate::engine::test_fixture::{PATHWAYS, fixture};

    #[test]
    fn bars_are_sorted_by_probability() {
        let r = fixture(500);
        let order = by_probability(&r.pathways);
        for w in order.windows(2) {
            assert!(r.pathways[w[0]].probability.p >= r.pathways[w[1]].probability.p);
        }
    }

    #[test]
    fn every_bar_is_labelled_with_its_percentage_and_interval() {
        let r = fixture(500);
        let svg = render::svg_string(&PathwaysChart { result: &r }, &ChartOptions::default());
        assert!(svg.contains("Baseline: pathway probabilities in Jan 2030"), "the scenario is named");
        let labels = probability_labels(&r.pathways);
        let mut total = 0;
        for (label, name) in labels.iter().zip(PATHWAYS) {
            assert!(svg.contains(name), "{name} on the axis");
            assert!(svg.contains(label.as_str()), "{label}");
            let number = label.split('%').next().unwrap();
            total += if number == "<1" { 0 } else { number.trim_start_matches('>').parse::<u32>().unwrap() };
        }
        assert_eq!(total, 100, "the printed percentages add to 100: {labels:?}");
        assert!(svg.contains("95% confidence interval"), "legend explains the whiskers");
        assert!(svg.contains("(% of runs)"), "x axis unit");
    }
}
