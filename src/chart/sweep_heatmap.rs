//! A 2-D sweep: one pathway's probability over the grid as coloured cells, each labelled with
//! its percentage when it fits, and a colour scale as legend.

use super::axes::{self, Axis, TickLabels};
use super::frame::{LegendEntry, Theme};
use super::palette::{INK, PAPER, TEXT};
use super::scale::{display_name, fixed};
use super::{Chart, ChartError};
use crate::analysis::sweep::result::SweepResult;
use crate::numbers::percent;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Share of the plot's width given to the colour scale on the right.
const SCALE_SHARE: f64 = 0.12;

pub(crate) struct SweepHeatmapChart<'a> {
    pub sweep: &'a SweepResult,
}

/// A sequential scale from white to deep blue (light = unlikely, dark = likely), readable in
/// grey and by the common colour-vision deficiencies.
pub fn heat(p: f64) -> RGBColor {
    let t = p.clamp(0.0, 1.0);
    let lerp = |a: f64, b: f64| (a + (b - a) * t).round() as u8;
    RGBColor(lerp(247.0, 8.0), lerp(251.0, 48.0), lerp(255.0, 107.0))
}

impl SweepHeatmapChart<'_> {
    /// What the cells show: the focus pathway, or with `--outcome` the outcome.
    fn pathway(&self) -> &str {
        match self.sweep.outcome_focus {
            Some(j) => &self.sweep.points[0].outcomes[j].name,
            None => &self.sweep.pathways[self.sweep.focus],
        }
    }

    /// Whether the cells show an outcome's mean (coloured from its lowest to its highest value
    /// over the grid) rather than a probability.
    fn mean_range(&self) -> Option<(f64, f64)> {
        let j = self.sweep.outcome_focus?;
        if self.sweep.points[0].outcomes[j].measure != "mean" {
            return None;
        }
        let vs = self.sweep.points.iter().map(|p| p.outcomes[j].value).filter(|v| v.is_finite());
        let (lo, hi) = vs.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
        Some(if lo < hi { (lo, hi) } else { (lo - 0.5, lo + 0.5) })
    }

    /// A cell's number, its colour position in 0–1, and its label.
    fn cell(&self, pt: &crate::analysis::sweep::result::SweepPoint) -> (f64, f64, String) {
        match (self.sweep.outcome_focus, self.mean_range()) {
            (Some(j), Some((lo, hi))) => {
                let v = pt.outcomes[j].value;
                (v, (v - lo) / (hi - lo), fixed(v, 1))
            }
            (Some(j), None) => (pt.outcomes[j].value, pt.outcomes[j].value, percent(pt.outcomes[j].value)),
            (None, _) => {
                let p = pt.pathways[self.sweep.focus].p;
                (p, p, percent(p))
            }
        }
    }
}

impl Chart for SweepHeatmapChart<'_> {
    fn file_stem(&self) -> String {
        format!("sweep_heatmap_{}", self.pathway())
    }

    fn title(&self) -> String {
        match (self.sweep.outcome_focus, self.mean_range()) {
            (Some(_), Some(_)) => format!("Mean of {} across the grid", self.pathway()),
            (Some(_), None) => format!("Probability of {} across the grid", self.pathway()),
            (None, _) => format!("Probability of {} across the grid", display_name(self.pathway())),
        }
    }

    fn subtitle(&self) -> Option<String> {
        let a = &self.sweep.grid.axes;
        if self.sweep.outcome_focus.is_some() {
            let what = if self.mean_range().is_some() { "mean over runs" } else { "probability over runs" };
            return Some(format!(
                "{}: {} ({what}) for each {} and {}; every cell uses the same random streams",
                self.sweep.scenario,
                self.pathway(),
                a[0].key,
                a[1].key
            ));
        }
        Some(format!(
            "{}: share of runs ending in {} for each {} and {}; every cell uses the same random streams",
            self.sweep.scenario,
            display_name(self.pathway()),
            a[0].key,
            a[1].key
        ))
    }

    fn legend(&self) -> Vec<LegendEntry> {
        Vec::new()
    }

    fn footer(&self) -> String {
        self.sweep.footer()
    }

    fn plot<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, theme: &Theme) -> Result<(), ChartError> {
        let axes_ = &self.sweep.grid.axes;
        let (nx, ny) = (axes_[0].values.len(), axes_[1].values.len());
        let (w, _) = area.dim_in_pixel();
        let (plot_area, scale_area) = area.split_horizontally((w as f64 * (1.0 - SCALE_SHARE)) as u32);
        let labels = |i: usize| -> Vec<String> {
            let a = &axes_[i];
            let decimals = a.texts.iter().map(|t| t.split('.').nth(1).map_or(0, str::len)).max().unwrap_or(0);
            a.values.iter().map(|&v| fixed(v, decimals.min(4))).collect()
        };
        let x_axis = Axis {
            lo: -0.5,
            hi: nx as f64 - 0.5,
            ticks: (0..nx).map(|i| i as f64).collect(),
            labels: TickLabels::Names(labels(0)),
            desc: axes_[0].key.clone(),
            grid: false,
        };
        let y_axis = Axis {
            lo: -0.5,
            hi: ny as f64 - 0.5,
            ticks: (0..ny).map(|i| i as f64).collect(),
            labels: TickLabels::Names(labels(1)),
            desc: axes_[1].key.clone(),
            grid: false,
        };
        let mut chart = axes::cartesian(&plot_area, theme, &x_axis, &y_axis)?;
        let (pw, ph) = chart.plotting_area().dim_in_pixel();
        let (cell_w, cell_h) = (pw as f64 / nx as f64, ph as f64 / ny as f64);
        let label_style = theme.annotation_style().pos(Pos::new(HPos::Center, VPos::Center));
        let fits = plot_area.estimate_text_size("100%", &label_style)?.0 as f64 + theme.px(4.0) as f64 <= cell_w
            && (theme.px(14.0) as f64) <= cell_h;
        for (k, pt) in self.sweep.points.iter().enumerate() {
            let (i, j) = (k / ny, k % ny);
            let (value, shade, label) = self.cell(pt);
            let (x, y) = (i as f64, j as f64);
            let fill = if value.is_finite() { heat(shade) } else { PAPER };
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x - 0.5, y - 0.5), (x + 0.5, y + 0.5)],
                fill.filled(),
            )))?;
            if fits && value.is_finite() {
                let ink = if shade > 0.55 { PAPER } else { INK };
                let style = TextStyle { color: ink.to_backend_color(), ..label_style.clone() };
                chart.draw_series(std::iter::once(Text::new(label, (x, y), style)))?;
            }
        }

        // The colour scale: a vertical bar from 0% (bottom) to 100% (top), ticked every 20%.
        let (sw, sh) = scale_area.dim_in_pixel();
        let top = theme.px(8.0);
        let bottom = sh as i32 - theme.x_label_area(1) as i32;
        let left = theme.px(16.0);
        let bar_w = (sw as i32 / 4).clamp(theme.px(10.0), theme.px(40.0));
        let steps = 100;
        for s in 0..steps {
            let y0 = bottom - (bottom - top) * s / steps;
            let y1 = bottom - (bottom - top) * (s + 1) / steps;
            let color = heat((s as f64 + 0.5) / steps as f64);
            scale_area.draw(&Rectangle::new([(left, y1), (left + bar_w, y0)], color.filled()))?;
        }
        scale_area
            .draw(&Rectangle::new([(left, top), (left + bar_w, bottom)], TEXT.stroke_width(theme.thin_line())))?;
        let tick_style = theme.tick_style().pos(Pos::new(HPos::Left, VPos::Center));
        for t in 0..=5 {
            let y = bottom - (bottom - top) * t / 5;
            scale_area.draw(&PathElement::new(
                vec![(left + bar_w, y), (left + bar_w + theme.px(5.0), y)],
                TEXT.stroke_width(theme.thin_line()),
            ))?;
            let tick = match self.mean_range() {
                Some((lo, hi)) => fixed(lo + (hi - lo) * t as f64 / 5.0, 1),
                None => format!("{}%", t * 20),
            };
            scale_area.draw(&Text::new(tick, (left + bar_w + theme.px(8.0), y), tick_style.clone()))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_darkens_with_probability() {
        let (a, b) = (heat(0.1), heat(0.9));
        assert!(u32::from(a.0) + u32::from(a.1) + u32::from(a.2) > u32::from(b.0) + u32::from(b.1) + u32::from(b.2));
        assert_eq!(heat(2.0), heat(1.0));
    }
}
