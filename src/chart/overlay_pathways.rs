//! Pathway probabilities across scenarios: one group of bars per pathway, one bar per scenario
//! (scenario `j` in palette colour `j`), each with its 95% confidence interval.
//!
//! Pathways are matched by name; a pathway missing from a scenario leaves a gap in its group.

use super::axes::{self, Axis, TickLabels};
use super::frame::{self, LegendEntry, Swatch, Theme};
use super::palette::{self, INK, TEXT};
use super::scale::{display_name, nice_ticks};
use super::{Chart, ChartError};
use crate::engine::result::{Proportion, ScenarioResult};
use crate::numbers::percents_adding_to_100;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Share of a group's width taken by its bars.
const GROUP_WIDTH: f64 = 0.8;

pub(crate) struct OverlayPathwaysChart<'a> {
    pub results: &'a [&'a ScenarioResult],
}

impl OverlayPathwaysChart<'_> {
    /// Pathway names in order of first appearance across scenarios.
    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for r in self.results {
            for p in &r.pathways {
                if !names.contains(&p.name) {
                    names.push(p.name.clone());
                }
            }
        }
        names
    }

    /// Scenario `scenario`'s probability of pathway `name`; `None` when it has no such pathway
    /// or no runs.
    fn probability(&self, scenario: usize, name: &str) -> Option<Proportion> {
        let found = self.results[scenario].pathways.iter().find(|p| p.name == name);
        found.map(|p| p.probability).filter(|p| p.p.is_finite())
    }

    /// "Jan 2030", or `None` when the scenarios end in different months.
    fn common_horizon(&self) -> Option<String> {
        let ends: Vec<String> =
            self.results.iter().map(|r| r.meta.month(r.series.len().saturating_sub(1) as u32).label()).collect();
        ends.windows(2).all(|w| w[0] == w[1]).then(|| ends[0].clone())
    }
}

impl Chart for OverlayPathwaysChart<'_> {
    fn file_stem(&self) -> String {
        "overlay_pathways".to_string()
    }

    fn title(&self) -> String {
        "Pathway probabilities by scenario".to_string()
    }

    fn subtitle(&self) -> Option<String> {
        let when = match self.common_horizon() {
            Some(month) => format!("in {month}"),
            None => "at each scenario's horizon".to_string(),
        };
        Some(format!("Share of runs in each pathway {when}, with 95% confidence intervals (Wilson)"))
    }

    fn legend(&self) -> Vec<LegendEntry> {
        let mut entries: Vec<LegendEntry> = self
            .results
            .iter()
            .enumerate()
            .map(|(j, r)| LegendEntry::new(super::legend_name(&r.meta), Swatch::Bar(palette::series(j))))
            .collect();
        entries.push(LegendEntry::new("95% confidence interval", Swatch::Whisker(INK)));
        entries
    }

    fn footer(&self) -> String {
        frame::overlay_footer(self.results)
    }

    fn plot<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, theme: &Theme) -> Result<(), ChartError> {
        let names = self.names();
        let k = names.len().max(1);
        let s = self.results.len().max(1);
        let (plot_w, plot_h) = axes::plot_size_estimate(area, theme);

        // Category names under the groups, wrapped to the group width: reserve their lines.
        let name_style = theme.tick_style().pos(Pos::new(HPos::Center, VPos::Top));
        let group_px = (plot_w as f64 / k as f64 * 0.95) as u32;
        let wrapped: Vec<Vec<String>> = names
            .iter()
            .map(|n| frame::wrap_words(area, &display_name(n), &name_style, group_px))
            .collect::<Result<_, _>>()?;
        let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let line_h = area.estimate_text_size("Ag", &name_style)?.1 as i32 + theme.px(4.0);

        let top = (0..s)
            .flat_map(|j| names.iter().filter_map(move |n| self.probability(j, n)))
            .map(|p| p.ci_high * 100.0)
            .fold(1.0, f64::max);
        let y_ticks = nice_ticks(0.0, (top * 1.1).min(100.0), axes::max_y_ticks(theme, plot_h));
        let x_axis = Axis {
            lo: -0.5,
            hi: k as f64 - 0.5,
            ticks: (0..k).map(|i| i as f64).collect(),
            labels: TickLabels::Blank,
            desc: "Pathway".to_string(),
            grid: false,
        };
        let y_axis = Axis {
            lo: 0.0,
            hi: y_ticks.hi.max(top * 1.06).min(100.0),
            ticks: y_ticks.values.iter().copied().filter(|v| *v <= 100.0).collect(),
            labels: TickLabels::Fixed(y_ticks.decimals),
            desc: "Probability (% of runs)".to_string(),
            grid: true,
        };
        let mut chart = axes::cartesian_with_x_lines(area, theme, &x_axis, &y_axis, lines)?;

        let bar_w = GROUP_WIDTH / s as f64;
        let bar_px = plot_w as f64 / k as f64 * bar_w;
        let label_style = theme.annotation_style().pos(Pos::new(HPos::Center, VPos::Bottom));
        let widest_label = area.estimate_text_size("100%", &label_style)?.0 as f64;
        let cap = bar_w * 0.2;
        // Each scenario's labels rounded to add to 100.
        let shown: Vec<Vec<String>> = self
            .results
            .iter()
            .map(|r| percents_adding_to_100(&r.pathways.iter().map(|p| p.probability.p).collect::<Vec<_>>()))
            .collect();
        for (g, name) in names.iter().enumerate() {
            for (j, shown) in shown.iter().enumerate() {
                let Some(p) = self.probability(j, name) else { continue };
                let at = self.results[j].pathways.iter().position(|q| &q.name == name).unwrap_or(0);
                let x0 = g as f64 - GROUP_WIDTH / 2.0 + j as f64 * bar_w;
                let mid = x0 + bar_w / 2.0;
                let mut bar = Rectangle::new([(x0, 0.0), (x0 + bar_w, p.p * 100.0)], palette::series(j).filled());
                bar.set_margin(0, 0, 1, 1);
                chart.draw_series(std::iter::once(bar))?;
                let (lo, hi) = (p.ci_low * 100.0, p.ci_high * 100.0);
                let whisker = INK.stroke_width(theme.thin_line());
                chart.draw_series([
                    PathElement::new(vec![(mid, lo), (mid, hi)], whisker),
                    PathElement::new(vec![(mid - cap, lo), (mid + cap, lo)], whisker),
                    PathElement::new(vec![(mid - cap, hi), (mid + cap, hi)], whisker),
                ])?;
                if bar_px >= widest_label + theme.px(6.0) as f64 {
                    let label = EmptyElement::at((mid, hi))
                        + Text::new(shown[at].clone(), (0, -theme.px(6.0)), label_style.clone());
                    chart.draw_series(std::iter::once(label))?;
                }
            }
        }

        // The wrapped pathway names, centred under their groups.
        let base = area.get_base_pixel();
        let text_style = TextStyle { color: TEXT.to_backend_color(), ..name_style };
        for (g, lines) in wrapped.iter().enumerate() {
            let (px, py) = chart.backend_coord(&(g as f64, 0.0));
            for (l, line) in lines.iter().enumerate() {
                let pos = (px - base.0, py - base.1 + theme.px(12.0) + l as i32 * line_h);
                area.draw_text(line, &text_style, pos)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{ChartOptions, render};
    use crate::engine::test_fixture::{PATHWAYS, fixture, fixture_with};

    #[test]
    fn legend_names_every_scenario_and_axis_every_pathway() {
        let a = fixture(200);
        let b = fixture_with("escalation", 200, 1.0);
        let results = [&a, &b];
        let svg = render::svg_string(&OverlayPathwaysChart { results: &results }, &ChartOptions::default());
        assert!(svg.contains("Pathway probabilities by scenario"));
        assert!(render::has_text(&svg, "Baseline") && render::has_text(&svg, "Escalation"), "display names");
        assert!(svg.contains("95% confidence interval"));
        for name in PATHWAYS {
            for word in name.split(' ') {
                assert!(svg.contains(word), "{word}");
            }
        }
        assert!(svg.contains("Probability (% of runs)"));
        assert!(svg.contains(&render::xml_escape(&frame::overlay_footer(&results))));
    }

    #[test]
    fn pathways_are_matched_by_name() {
        let a = fixture(100);
        let mut b = fixture_with("escalation", 100, 1.0);
        b.pathways.remove(0);
        b.pathways[0].name = "Open conflict".to_string();
        let results = [&a, &b];
        let chart = OverlayPathwaysChart { results: &results };
        let names = chart.names();
        assert_eq!(names.len(), 5);
        assert_eq!(names[4], "Open conflict");
        assert!(chart.probability(1, PATHWAYS[0]).is_none());
        assert!(chart.probability(0, PATHWAYS[0]).is_some());
    }
}
