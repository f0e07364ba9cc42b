//! Fan chart of one state variable: the median path with the middle 50% and 90% of runs as
//! bands over calendar months, and the starting value marked.

use super::axes;
use super::frame::{LegendEntry, Swatch, Theme};
use super::palette::{self, INK};
use super::scale::{month_index, nice_ticks, values_with_unit};
use super::{Chart, ChartError};
use crate::engine::result::{ScenarioResult, VarStats};
use crate::model::vars::Var;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Opacity of the 90% band; the 50% band is drawn over it.
pub const OUTER_OPACITY: f64 = 0.18;
pub const INNER_OPACITY: f64 = 0.32;

pub(crate) struct FanChart<'a> {
    pub result: &'a ScenarioResult,
    pub var: Var,
}

impl FanChart<'_> {
    fn stats(&self) -> impl Iterator<Item = (u32, &VarStats)> {
        self.result.series.iter().enumerate().map(|(m, s)| (m as u32, &s[self.var.index()]))
    }

    fn start_value(&self) -> f64 {
        self.result.series.first().map_or(f64::NAN, |s| s[self.var.index()].p50)
    }

    fn last_month(&self) -> u32 {
        self.result.series.len().saturating_sub(1) as u32
    }
}

impl Chart for FanChart<'_> {
    fn file_stem(&self) -> String {
        format!("fan_{}", self.var.info().key)
    }

    fn title(&self) -> String {
        let meta = &self.result.meta;
        format!(
            "{}: {}, {} to {}",
            super::scenario_title(meta),
            self.var.info().display,
            meta.month(0).label(),
            meta.month(self.last_month()).label()
        )
    }

    fn subtitle(&self) -> Option<String> {
        let h = self.result.horizon_stats()[self.var.index()];
        let v = values_with_unit(&[h.p50, h.p25, h.p75, h.p5, h.p95], self.var.info());
        Some(format!(
            "In {}: median {}, middle 50% of runs {} to {}, 90% of runs {} to {}",
            self.result.meta.month(self.last_month()).label(),
            v[0],
            v[1],
            v[2],
            v[3],
            v[4]
        ))
    }

    fn legend(&self) -> Vec<LegendEntry> {
        let c = palette::series(0);
        let both = 1.0 - (1.0 - OUTER_OPACITY) * (1.0 - INNER_OPACITY);
        vec![
            LegendEntry::new("Median", Swatch::Line { color: c, dashed: false }),
            LegendEntry::new("Middle 50% of runs (p25–p75)", Swatch::Band { color: c, opacity: both }),
            LegendEntry::new("90% of runs (p5–p95)", Swatch::Band { color: c, opacity: OUTER_OPACITY }),
            LegendEntry::new(format!("Start value ({})", self.result.meta.month(0).label()), Swatch::Marker(INK)),
        ]
    }

    fn footer(&self) -> String {
        super::footer(&self.result.meta)
    }

    fn plot<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, theme: &Theme) -> Result<(), ChartError> {
        let info = self.var.info();
        let first = month_index(self.result.meta.start);
        let x = |m: u32| (first + m as i64) as f64;
        let start = self.start_value();

        let (mut lo, mut hi) = (start, start);
        for (_, s) in self.stats() {
            for v in [s.p5, s.p95, s.p50] {
                if v.is_finite() {
                    lo = lo.min(v);
                    hi = hi.max(v);
                }
            }
        }
        let pad = (hi - lo) * 0.04;
        let (lo, hi) = ((lo - pad).max(info.min), (hi + pad).min(info.max));

        let (plot_w, plot_h) = axes::plot_size_estimate(area, theme);
        let y_ticks = nice_ticks(lo, hi, axes::max_y_ticks(theme, plot_h));
        let last = first + self.last_month() as i64;
        let x_axis = axes::month_axis(area, theme, plot_w, first, last)?;
        let y_axis = axes::value_axis(&y_ticks, info.label());
        let mut chart = axes::cartesian(area, theme, &x_axis, &y_axis)?;

        let color = palette::series(0);
        let band = |lower: fn(&VarStats) -> f64, upper: fn(&VarStats) -> f64| -> Vec<(f64, f64)> {
            let mut pts: Vec<(f64, f64)> = self.stats().map(|(m, s)| (x(m), upper(s))).collect();
            pts.extend(self.stats().collect::<Vec<_>>().into_iter().rev().map(|(m, s)| (x(m), lower(s))));
            pts
        };
        chart
            .draw_series(std::iter::once(Polygon::new(band(|s| s.p5, |s| s.p95), color.mix(OUTER_OPACITY).filled())))?;
        chart.draw_series(std::iter::once(Polygon::new(
            band(|s| s.p25, |s| s.p75),
            color.mix(INNER_OPACITY).filled(),
        )))?;
        chart.draw_series(LineSeries::new(
            self.stats().map(|(m, s)| (x(m), s.p50)),
            color.stroke_width(theme.strong_line()),
        ))?;

        if start.is_finite() {
            let label = values_with_unit(&[start], info).remove(0);
            let style = theme.annotation_style().pos(Pos::new(HPos::Left, VPos::Bottom));
            let marker = EmptyElement::at((x(0), start))
                + Circle::new((0, 0), theme.upx(7.0), INK.filled())
                + Text::new(format!("Start: {label}"), (theme.px(10.0), -theme.px(10.0)), style);
            chart.draw_series(std::iter::once(marker))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{ChartOptions, render};
    use crate::engine::test_fixture::fixture;

    #[test]
    fn svg_names_variable_unit_months_and_legend() {
        let r = fixture(100);
        let chart = FanChart { result: &r, var: Var::TariffUs };
        let svg = render::svg_string(&chart, &ChartOptions::default());
        assert!(svg.contains("US tariff on Chinese goods, Jan 2026 to Jan 2030"), "title");
        assert!(svg.contains("US tariff on Chinese goods (%)"), "y axis label with unit");
        assert!(render::has_text(&svg, "Month"), "x axis label");
        assert!(render::has_text(&svg, "Jan 2027"), "calendar ticks");
        for entry in
            ["Median", "Middle 50% of runs (p25–p75)", "90% of runs (p5–p95)", "Start value (Jan 2026)", "Start: 20.7%"]
        {
            assert!(svg.contains(&render::xml_escape(entry)), "{entry}");
        }
        assert!(svg.contains("<polygon"), "bands are polygons");
    }

    #[test]
    fn index_variables_stay_within_zero_and_one() {
        let r = fixture(100);
        let chart = FanChart { result: &r, var: Var::Tension };
        let svg = render::svg_string(&chart, &ChartOptions::default());
        assert!(svg.contains("Tension and mistrust (index 0–1)"));
        assert!(!render::has_text(&svg, "1.2") && !render::has_text(&svg, "−0.2"), "no ticks outside the index range");
        assert!(
            render::has_text(&svg, "1.0") || render::has_text(&svg, "1.00") || render::has_text(&svg, "0.9"),
            "ticks near the top"
        );
    }
}
