//! One variable across scenarios: each scenario's median and 90% band (p5–p95), translucent,
//! in its palette colour, on a shared calendar axis (scenarios may start and end apart). Beyond
//! [`MAX_BANDS`] scenarios the bands blend into one another, so only the first scenario's (the
//! reference's) band is drawn, under every scenario's median.

use super::axes;
use super::frame::{self, LegendEntry, Swatch, Theme};
use super::palette;
use super::scale::{month_index, nice_ticks};
use super::{Chart, ChartError};
use crate::engine::result::ScenarioResult;
use crate::model::vars::Var;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Opacity of each scenario's band; low enough that three overlapping bands stay readable.
pub const BAND_OPACITY: f64 = 0.14;
/// Most scenarios whose bands are all drawn.
pub const MAX_BANDS: usize = 3;

pub(crate) struct OverlayFanChart<'a> {
    pub results: &'a [&'a ScenarioResult],
    pub var: Var,
}

impl OverlayFanChart<'_> {
    /// Whether scenario `j`'s band is drawn.
    fn banded(&self, j: usize) -> bool {
        j == 0 || self.results.len() <= MAX_BANDS
    }

    /// (month index, p5, p50, p95) of scenario `j`.
    fn path(&self, j: usize) -> Vec<(f64, f64, f64, f64)> {
        let r = self.results[j];
        let first = month_index(r.meta.start);
        let v = self.var.index();
        r.series.iter().enumerate().map(|(m, s)| ((first + m as i64) as f64, s[v].p5, s[v].p50, s[v].p95)).collect()
    }
}

impl Chart for OverlayFanChart<'_> {
    fn file_stem(&self) -> String {
        format!("overlay_fan_{}", self.var.info().key)
    }

    fn title(&self) -> String {
        format!("{}: scenarios compared", self.var.info().display)
    }

    fn subtitle(&self) -> Option<String> {
        if self.results.len() <= MAX_BANDS {
            Some("Median (line) and 90% of runs (p5–p95, shaded) for each scenario".to_string())
        } else {
            Some(format!(
                "Median of each scenario (line); shaded: 90% of runs (p5–p95) under {}",
                super::legend_name(&self.results[0].meta)
            ))
        }
    }

    fn legend(&self) -> Vec<LegendEntry> {
        let entries = self.results.iter().enumerate();
        entries
            .map(|(j, r)| {
                let color = palette::series(j);
                let swatch = if self.banded(j) {
                    Swatch::LineOnBand { color, opacity: BAND_OPACITY }
                } else {
                    Swatch::Line { color, dashed: false }
                };
                LegendEntry::new(super::legend_name(&r.meta), swatch)
            })
            .collect()
    }

    fn footer(&self) -> String {
        frame::overlay_footer(self.results)
    }

    fn plot<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, theme: &Theme) -> Result<(), ChartError> {
        let info = self.var.info();
        let paths: Vec<_> = (0..self.results.len()).map(|j| self.path(j)).collect();
        let (mut first, mut last) = (f64::INFINITY, f64::NEG_INFINITY);
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for (j, path) in paths.iter().enumerate() {
            for &(x, p5, p50, p95) in path {
                first = first.min(x);
                last = last.max(x);
                // The axis spans what is drawn: bands only where they are.
                let drawn = if self.banded(j) { [p5, p50, p95] } else { [p50; 3] };
                for v in drawn {
                    if v.is_finite() {
                        lo = lo.min(v);
                        hi = hi.max(v);
                    }
                }
            }
        }
        if !first.is_finite() {
            return Err(ChartError("no months to draw".to_string()));
        }
        if !lo.is_finite() {
            (lo, hi) = (0.0, 1.0);
        }
        let pad = (hi - lo) * 0.04;
        let (plot_w, plot_h) = axes::plot_size_estimate(area, theme);
        let y_ticks = nice_ticks((lo - pad).max(info.min), (hi + pad).min(info.max), axes::max_y_ticks(theme, plot_h));
        let (first, last) = (first as i64, (last as i64).max(first as i64 + 1));
        let x_axis = axes::month_axis(area, theme, plot_w, first, last)?;
        let y_axis = axes::value_axis(&y_ticks, info.label());
        let mut chart = axes::cartesian(area, theme, &x_axis, &y_axis)?;

        // Bands first, each edged with a faint line so overlapping bands stay distinguishable;
        // then all medians on top.
        for (j, path) in paths.iter().enumerate().filter(|(j, _)| self.banded(*j)) {
            let color = palette::series(j);
            let mut band: Vec<(f64, f64)> = path.iter().map(|p| (p.0, p.3)).collect();
            band.extend(path.iter().rev().map(|p| (p.0, p.1)));
            chart.draw_series(std::iter::once(Polygon::new(band, color.mix(BAND_OPACITY).filled())))?;
            let edge = color.mix(0.45).stroke_width(theme.upx(1.5));
            chart.draw_series(LineSeries::new(path.iter().map(|p| (p.0, p.3)), edge))?;
            chart.draw_series(LineSeries::new(path.iter().map(|p| (p.0, p.1)), edge))?;
        }
        // The reference's median last, on top, where medians coincide.
        for (j, path) in paths.iter().enumerate().skip(1).chain(paths.iter().enumerate().take(1)) {
            let style = palette::series(j).stroke_width(theme.strong_line());
            chart.draw_series(LineSeries::new(path.iter().map(|p| (p.0, p.2)), style))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{ChartOptions, render};
    use crate::engine::test_fixture::{fixture, fixture_with};
    use crate::model::calendar::YearMonth;

    #[test]
    fn legend_lists_scenarios_and_axis_the_variable() {
        let a = fixture(50);
        let b = fixture_with("escalation", 50, 1.0);
        let results = [&a, &b];
        let svg = render::svg_string(&OverlayFanChart { results: &results, var: Var::GdpUs }, &ChartOptions::default());
        assert!(svg.contains("US GDP vs status quo: scenarios compared"));
        assert!(svg.contains("US GDP vs status quo (%)"));
        assert!(render::has_text(&svg, "Baseline") && render::has_text(&svg, "Escalation"), "display names");
        assert!(svg.matches("<polygon").count() >= 2, "one band per scenario");
    }

    #[test]
    fn with_many_scenarios_only_the_reference_has_a_band() {
        let rs: Vec<_> = ["baseline", "renewed_tariffs", "tech_decoupling", "cooperation", "grand_bargain", "managed"]
            .iter()
            .enumerate()
            .map(|(i, n)| fixture_with(n, 50, i as f64 * 0.3))
            .collect();
        let results: Vec<&ScenarioResult> = rs.iter().collect();
        let chart = OverlayFanChart { results: &results, var: Var::TariffUs };
        let svg = render::svg_string(&chart, &ChartOptions::default());
        // The reference's band and its legend swatch: two polygons or rectangles filled at the
        // band's opacity; no other scenario's.
        let banded = svg.matches(&format!("opacity=\"{BAND_OPACITY}\"")).count();
        assert_eq!(banded, 2, "one band and one swatch");
        assert!(render::has_text(&svg, "Renewed tariffs") && render::has_text(&svg, "Managed"));
        assert!(svg.contains("90% of runs (p5–p95) under Baseline"));
    }

    #[test]
    fn scenarios_with_different_starts_share_the_calendar_axis() {
        let a = fixture(50);
        let mut b = fixture_with("later", 50, 0.5);
        b.meta.start = YearMonth { year: 2027, month: 1 };
        let results = [&a, &b];
        let chart = OverlayFanChart { results: &results, var: Var::TariffUs };
        assert_eq!(chart.path(1)[0].0 - chart.path(0)[0].0, 12.0);
        let svg = render::svg_string(&chart, &ChartOptions::default());
        assert!(render::has_text(&svg, "Jan 2031"), "axis runs to the later scenario's end");
    }
}
