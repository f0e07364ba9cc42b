//! The one way our charts build a coordinate system: two `f64` axes with ticks we chose
//! (months, round numbers or category names), styled alike on every chart.

use super::ChartError;
use super::frame::Theme;
use super::palette::{AXIS, GRID};
use super::scale::{fixed, month_tick_label};
use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint};
use plotters::prelude::*;
use std::ops::Range;

/// The coordinate system of every chart.
pub type Xy = Cartesian2d<Ticked, Ticked>;

/// A linear `f64` axis whose ticks are exactly the ones given. (plotters' `WithKeyPoints` over
/// `f64` cannot take label formatters in 0.3.7: the `f64` range opts out of default formatting.)
#[derive(Debug, Clone, PartialEq)]
pub struct Ticked {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
}

impl Ranged for Ticked {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, v: &f64, limit: (i32, i32)) -> i32 {
        let span = limit.1 - limit.0;
        if self.hi == self.lo || span == 0 {
            return limit.0 + span / 2;
        }
        let t = (v - self.lo) / (self.hi - self.lo);
        limit.0 + (span as f64 * t + 1e-3).floor() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        // Ticks only: no light grid lines between them.
        if hint.weight().allow_light_points() { Vec::new() } else { self.ticks.clone() }
    }

    fn range(&self) -> Range<f64> {
        self.lo..self.hi
    }
}

/// How tick values read.
#[derive(Debug, Clone, PartialEq)]
pub enum TickLabels {
    /// Calendar months ("Jan 2026") of month-index values.
    Months,
    /// Numbers with this many decimals.
    Fixed(usize),
    /// Category `i` at value `i`.
    Names(Vec<String>),
    /// No labels (the chart writes its own).
    Blank,
}

impl TickLabels {
    pub fn format(&self, v: f64) -> String {
        match self {
            TickLabels::Months => month_tick_label(&v),
            TickLabels::Fixed(d) => fixed(v, *d),
            TickLabels::Names(names) => {
                let i = v.round();
                if i >= 0.0 && (i as usize) < names.len() { names[i as usize].clone() } else { String::new() }
            }
            TickLabels::Blank => String::new(),
        }
    }
}

/// One axis: its range, ticks, how they read, its description, and whether ticks draw grid lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    pub lo: f64,
    pub hi: f64,
    pub ticks: Vec<f64>,
    pub labels: TickLabels,
    pub desc: String,
    pub grid: bool,
}

/// Builds the chart on `area` and draws axes, ticks, labels and grid.
pub fn cartesian<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    theme: &Theme,
    x: &Axis,
    y: &Axis,
) -> Result<ChartContext<'a, DB, Xy>, ChartError> {
    cartesian_with_x_lines(area, theme, x, y, 1)
}

/// [`cartesian`] with room for `x_lines` lines of x tick labels (for labels the chart wraps and
/// draws itself).
pub fn cartesian_with_x_lines<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    theme: &Theme,
    x: &Axis,
    y: &Axis,
    x_lines: usize,
) -> Result<ChartContext<'a, DB, Xy>, ChartError> {
    let y_labels: Vec<String> = y.ticks.iter().map(|v| y.labels.format(*v)).collect();
    let y_area = theme.y_label_area(area, &y_labels)?;
    // The last x label is centred on the right edge of the plot: leave room for its half.
    let last_x = x.ticks.last().map(|v| x.labels.format(*v)).unwrap_or_default();
    let last_w = area.estimate_text_size(&last_x, &theme.tick_style())?.0 as i32;
    let mut chart = ChartBuilder::on(area)
        .margin_top(theme.px(8.0))
        .margin_right(last_w / 2 + theme.px(12.0))
        .x_label_area_size(theme.x_label_area(x_lines))
        .y_label_area_size(y_area)
        .build_cartesian_2d(
            Ticked { lo: x.lo, hi: x.hi, ticks: x.ticks.clone() },
            Ticked { lo: y.lo, hi: y.hi, ticks: y.ticks.clone() },
        )?;
    let fx = |v: &f64| x.labels.format(*v);
    let fy = |v: &f64| y.labels.format(*v);
    let mut mesh = chart.configure_mesh();
    mesh.x_label_formatter(&fx)
        .y_label_formatter(&fy)
        .x_desc(x.desc.as_str())
        .y_desc(y.desc.as_str())
        .label_style(theme.tick_style())
        .axis_desc_style(theme.axis_desc_style())
        .axis_style(AXIS.stroke_width(theme.upx(1.5)))
        .bold_line_style(GRID.stroke_width(theme.upx(1.0)))
        .light_line_style(TRANSPARENT)
        .set_all_tick_mark_size(theme.px(6.0));
    if !x.grid {
        mesh.disable_x_mesh();
    }
    if !y.grid {
        mesh.disable_y_mesh();
    }
    mesh.draw()?;
    Ok(chart)
}

/// Roughly the pixel size of the plot inside `area` once axes are drawn, for choosing tick
/// counts before the axes exist.
pub fn plot_size_estimate<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, theme: &Theme) -> (u32, u32) {
    let (w, h) = area.dim_in_pixel();
    (w.saturating_sub(theme.upx(190.0)), h.saturating_sub(theme.x_label_area(1) + theme.upx(8.0)))
}

/// How many y ticks fit in a plot `plot_h` pixels high.
pub fn max_y_ticks(theme: &Theme, plot_h: u32) -> usize {
    super::scale::max_ticks(plot_h, theme.upx(34.0)).min(10)
}

/// The calendar x-axis every chart over time shares: month indices `first` to `last` (at least
/// one month wide), labelled "Month", with as many "Jan 2026" ticks as fit in `plot_w` pixels.
pub fn month_axis<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    plot_w: u32,
    first: i64,
    last: i64,
) -> Result<Axis, ChartError> {
    Ok(Axis {
        lo: first as f64,
        hi: (last as f64).max(first as f64 + 1.0),
        ticks: super::scale::month_ticks(first, last, max_month_ticks(area, theme, plot_w)?),
        labels: TickLabels::Months,
        desc: "Month".to_string(),
        grid: true,
    })
}

/// A y-axis over `ticks`, described by `desc` (a variable's label with its unit).
pub fn value_axis(ticks: &super::scale::Ticks, desc: String) -> Axis {
    Axis {
        lo: ticks.lo,
        hi: ticks.hi,
        ticks: ticks.values.clone(),
        labels: TickLabels::Fixed(ticks.decimals),
        desc,
        grid: true,
    }
}

/// How many month ticks fit in a plot `plot_w` pixels wide.
pub fn max_month_ticks<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    plot_w: u32,
) -> Result<usize, ChartError> {
    let w = area.estimate_text_size("May 2026", &theme.tick_style())?.0;
    Ok(super::scale::max_ticks(plot_w, w).min(13))
}
