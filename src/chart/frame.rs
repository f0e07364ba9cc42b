//! The frame every chart shares: sizes scaled to the image, text styles, and the layout of
//! title, subtitle, legend row and footer around the plot.
//!
//! The legend is drawn as a row above the plot rather than inside it, so it can never hide data.

use super::font::FAMILY;
use super::palette::{INK, MUTED, PAPER, TEXT};
use super::{Chart, ChartError};
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontDesc, FontFamily, FontStyle};

/// Sizes for one image: every length is given for a 1600×900 image and scaled to the actual one.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub width: u32,
    pub height: u32,
    scale: f64,
}

/// Text sizes in pixels at 1600×900.
const TITLE: f64 = 40.0;
const SUBTITLE: f64 = 24.0;
const LEGEND: f64 = 22.0;
const AXIS_DESC: f64 = 24.0;
const TICK: f64 = 21.0;
const ANNOTATION: f64 = 21.0;
const FOOTER: f64 = 17.0;
/// Outer margins at 1600×900.
const MARGIN_X: f64 = 40.0;
const MARGIN_TOP: f64 = 26.0;
const MARGIN_BOTTOM: f64 = 16.0;

impl Theme {
    pub fn new(width: u32, height: u32) -> Theme {
        let scale = (width as f64 / 1600.0).min(height as f64 / 900.0);
        Theme { width, height, scale }
    }

    /// A length given for 1600×900, in pixels for this image (at least 1).
    pub fn px(&self, len: f64) -> i32 {
        (len * self.scale).round().max(1.0) as i32
    }

    /// Same as [`Theme::px`], unsigned (line widths, radii).
    pub fn upx(&self, len: f64) -> u32 {
        self.px(len) as u32
    }

    fn font(&self, size: f64, style: FontStyle) -> FontDesc<'static> {
        FontDesc::new(FontFamily::Name(FAMILY), (size * self.scale).max(6.0), style)
    }

    pub fn title_style(&self) -> TextStyle<'static> {
        self.font(TITLE, FontStyle::Bold).color(&INK)
    }

    pub fn subtitle_style(&self) -> TextStyle<'static> {
        self.font(SUBTITLE, FontStyle::Normal).color(&TEXT)
    }

    pub fn legend_style(&self) -> TextStyle<'static> {
        self.font(LEGEND, FontStyle::Normal).color(&TEXT)
    }

    pub fn axis_desc_style(&self) -> TextStyle<'static> {
        self.font(AXIS_DESC, FontStyle::Normal).color(&TEXT)
    }

    pub fn tick_style(&self) -> TextStyle<'static> {
        self.font(TICK, FontStyle::Normal).color(&TEXT)
    }

    /// Labels written into the plot (bar values, start value).
    pub fn annotation_style(&self) -> TextStyle<'static> {
        self.font(ANNOTATION, FontStyle::Normal).color(&INK)
    }

    pub fn footer_style(&self) -> TextStyle<'static> {
        self.font(FOOTER, FontStyle::Normal).color(&MUTED)
    }

    /// Width of a strong data line (medians).
    pub fn strong_line(&self) -> u32 {
        self.upx(4.0)
    }

    /// Width of an ordinary data line.
    pub fn line(&self) -> u32 {
        self.upx(3.0)
    }

    /// Width of reference lines, whiskers and outlines.
    pub fn thin_line(&self) -> u32 {
        self.upx(2.0)
    }

    pub fn margin_x(&self) -> i32 {
        self.px(MARGIN_X)
    }

    /// Height of the band from the top edge to the bottom of the title.
    pub fn title_band(&self) -> u32 {
        (self.px(MARGIN_TOP) + self.px(TITLE * 1.2)) as u32
    }

    /// Height reserved for `lines` lines of x tick labels and the x axis description.
    pub fn x_label_area(&self, lines: usize) -> u32 {
        self.upx(TICK * 0.6 + TICK * 1.25 * lines.max(1) as f64 + AXIS_DESC * 1.6)
    }

    /// Width of the y label area: the widest tick label plus the rotated description.
    pub fn y_label_area<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        tick_labels: &[String],
    ) -> Result<u32, ChartError> {
        let style = self.tick_style();
        let mut widest = 0;
        for label in tick_labels {
            widest = widest.max(area.estimate_text_size(label, &style)?.0);
        }
        Ok(widest + self.upx(AXIS_DESC * 2.2 + 14.0))
    }
}

/// How a legend entry's sample looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Swatch {
    /// A line segment, solid or dashed.
    Line { color: RGBColor, dashed: bool },
    /// A translucent filled box (bands).
    Band { color: RGBColor, opacity: f64 },
    /// A median line over its translucent band (overlaid fans).
    LineOnBand { color: RGBColor, opacity: f64 },
    /// A solid box (bars).
    Bar(RGBColor),
    /// A dot (scatter points, start value).
    Marker(RGBColor),
    /// A horizontal error bar with caps (confidence intervals).
    Whisker(RGBColor),
}

/// One entry of the legend row.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendEntry {
    pub label: String,
    pub swatch: Swatch,
}

impl LegendEntry {
    pub fn new(label: impl Into<String>, swatch: Swatch) -> LegendEntry {
        LegendEntry { label: label.into(), swatch }
    }
}

/// Fills `root`, draws the chart's title, subtitle, legend and footer, and gives the chart the
/// rest; then presents. Errors carry plotters' message.
pub fn draw_chart<DB: DrawingBackend, C: Chart>(
    root: DrawingArea<DB, Shift>,
    chart: &C,
    theme: &Theme,
) -> Result<(), ChartError> {
    root.fill(&PAPER)?;
    let mx = theme.margin_x();
    let mut y = theme.px(MARGIN_TOP);

    let text_w = theme.width as i32 - 2 * mx;
    let top_left = Pos::new(HPos::Left, VPos::Top);
    let (title, style) = fit(&root, chart.title(), theme.title_style().pos(top_left), text_w)?;
    root.draw_text(&title, &style, (mx, y))?;
    y = theme.title_band() as i32;

    if let Some(sub) = chart.subtitle() {
        y += theme.px(4.0);
        let (sub, style) = fit(&root, sub, theme.subtitle_style().pos(top_left), text_w)?;
        root.draw_text(&sub, &style, (mx, y))?;
        y += theme.px(SUBTITLE * 1.3);
    }

    let legend = chart.legend();
    if !legend.is_empty() {
        y += theme.px(14.0);
        y += draw_legend(&root, theme, &legend, (mx, y), theme.width as i32 - 2 * mx)?;
    }
    // Room for the top y tick label, which is centred on the plot's top edge.
    y += theme.px(24.0);

    let footer_h = theme.px(FOOTER * 1.6 + MARGIN_BOTTOM);
    let (footer, style) =
        fit(&root, chart.footer(), theme.footer_style().pos(Pos::new(HPos::Left, VPos::Bottom)), text_w)?;
    root.draw_text(&footer, &style, (mx, theme.height as i32 - theme.px(MARGIN_BOTTOM)))?;

    let plot = root.margin(y, footer_h, mx, mx);
    chart.plot(&plot, theme)?;
    root.present()?;
    Ok(())
}

/// Makes one line of text fit `max_w` pixels: shrinks the font down to 75%, then cuts the text
/// with an ellipsis.
fn fit<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: String,
    style: TextStyle<'static>,
    max_w: i32,
) -> Result<(String, TextStyle<'static>), ChartError> {
    let w = root.estimate_text_size(&text, &style)?.0 as f64;
    if w <= max_w as f64 {
        return Ok((text, style));
    }
    let size = style.font.get_size();
    let k = (max_w as f64 / w).max(0.75);
    let style = TextStyle { font: style.font.resize(size * k), ..style };
    let mut chars: Vec<char> = text.chars().collect();
    let mut out = text;
    while root.estimate_text_size(&out, &style)?.0 as i32 > max_w && chars.len() > 1 {
        chars.pop();
        out = chars.iter().collect::<String>().trim_end().to_string() + "…";
    }
    Ok((out, style))
}

/// Words of `text` in lines no wider than `max_w` pixels (a word longer than that gets a line
/// of its own).
pub fn wrap_words<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
    max_w: u32,
) -> Result<Vec<String>, ChartError> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
        if !line.is_empty() && area.estimate_text_size(&candidate, style)?.0 > max_w {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    Ok(lines)
}

/// Footer of a chart comparing scenarios: each scenario with its short hash, then what they share.
/// "baseline 3f2a9c1e · escalation 1b2c3d4e · 10,000 runs each · seed 42 · pathways 0.1.0"
pub fn overlay_footer(results: &[&crate::engine::result::ScenarioResult]) -> String {
    let metas: Vec<_> = results.iter().map(|r| &r.meta).collect();
    let same_runs = metas.windows(2).all(|w| w[0].runs == w[1].runs);
    let same_seed = metas.windows(2).all(|w| w[0].seed == w[1].seed);
    let same_version = metas.windows(2).all(|w| w[0].tool_version == w[1].tool_version);
    let mut parts: Vec<String> = metas
        .iter()
        .map(|m| {
            let mut s = format!("{} {}", super::drawable_name(m), m.short_hash());
            let own: Vec<String> = [
                (!same_runs).then(|| format!("{} runs", crate::numbers::thousands(m.runs))),
                (!same_seed).then(|| format!("seed {}", m.seed)),
                (!same_version).then(|| format!("pathways {}", m.tool_version)),
            ]
            .into_iter()
            .flatten()
            .collect();
            if !own.is_empty() {
                s += &format!(" ({})", own.join(", "));
            }
            s
        })
        .collect();
    if let Some(m) = metas.first() {
        if same_runs {
            parts.push(format!("{} runs each", crate::numbers::thousands(m.runs)));
        }
        if same_seed {
            parts.push(format!("seed {}", m.seed));
        }
        if same_version {
            parts.push(format!("pathways {}", m.tool_version));
        }
    }
    parts.join(" · ")
}

/// Lays the legend out left to right from `origin`, wrapping at `max_width`; returns the height used.
fn draw_legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    entries: &[LegendEntry],
    origin: (i32, i32),
    max_width: i32,
) -> Result<i32, ChartError> {
    let style = theme.legend_style().pos(Pos::new(HPos::Left, VPos::Center));
    let row_h = theme.px(LEGEND * 1.55);
    let swatch_w = theme.px(38.0);
    let gap = theme.px(10.0);
    let entry_gap = theme.px(34.0);
    let (mut x, mut y) = (origin.0, origin.1 + row_h / 2);
    for entry in entries {
        let text_w = root.estimate_text_size(&entry.label, &style)?.0 as i32;
        let w = swatch_w + gap + text_w;
        if x > origin.0 && x + w > origin.0 + max_width {
            x = origin.0;
            y += row_h;
        }
        draw_swatch(root, theme, entry.swatch, (x, y), swatch_w)?;
        root.draw_text(&entry.label, &style, (x + swatch_w + gap, y))?;
        x += w + entry_gap;
    }
    Ok(y + row_h / 2 - origin.1)
}

/// Draws a swatch `w` wide, vertically centred on `(x, cy)`.
fn draw_swatch<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    swatch: Swatch,
    (x, cy): (i32, i32),
    w: i32,
) -> Result<(), ChartError> {
    let half = theme.px(9.0);
    match swatch {
        Swatch::Line { color, dashed: false } => {
            root.draw(&PathElement::new(vec![(x, cy), (x + w, cy)], color.stroke_width(theme.line())))?;
        }
        Swatch::Line { color, dashed: true } => {
            let dash = theme.px(7.0);
            root.draw(&DashedPathElement::new(
                vec![(x, cy), (x + w, cy)],
                dash,
                dash / 2 + 1,
                color.stroke_width(theme.thin_line()),
            ))?;
        }
        Swatch::Band { color, opacity } => {
            root.draw(&Rectangle::new([(x, cy - half), (x + w, cy + half)], color.mix(opacity).filled()))?;
        }
        Swatch::LineOnBand { color, opacity } => {
            root.draw(&Rectangle::new([(x, cy - half), (x + w, cy + half)], color.mix(opacity).filled()))?;
            root.draw(&PathElement::new(vec![(x, cy), (x + w, cy)], color.stroke_width(theme.line())))?;
        }
        Swatch::Bar(color) => {
            root.draw(&Rectangle::new([(x + w / 4, cy - half), (x + w * 3 / 4, cy + half)], color.filled()))?;
        }
        Swatch::Marker(color) => {
            root.draw(&Circle::new((x + w / 2, cy), theme.upx(7.0), color.filled()))?;
        }
        Swatch::Whisker(color) => {
            let style = color.stroke_width(theme.thin_line());
            let (x0, x1) = (x + theme.px(4.0), x + w - theme.px(4.0));
            root.draw(&PathElement::new(vec![(x0, cy), (x1, cy)], style))?;
            root.draw(&PathElement::new(vec![(x0, cy - half), (x0, cy + half)], style))?;
            root.draw(&PathElement::new(vec![(x1, cy - half), (x1, cy + half)], style))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlay_footer_lists_scenarios_then_what_they_share() {
        let a = crate::engine::test_fixture::fixture(10);
        let mut b = crate::engine::test_fixture::fixture_with("escalation", 10, 1.0);
        let f = overlay_footer(&[&a, &b]);
        assert_eq!(
            f,
            format!(
                "baseline {} · escalation {} · 10 runs each · seed 42 · pathways 0.1.0",
                a.meta.short_hash(),
                b.meta.short_hash()
            )
        );
        b.meta.seed = 7;
        assert!(overlay_footer(&[&a, &b]).contains(&format!("escalation {} (seed 7)", b.meta.short_hash())));
    }

    #[test]
    fn lengths_scale_with_the_smaller_side() {
        let t = Theme::new(800, 900);
        assert_eq!(t.px(40.0), 20);
        let t = Theme::new(3200, 1800);
        assert_eq!(t.px(40.0), 80);
        assert_eq!(Theme::new(100, 100).px(0.1), 1, "never zero");
    }
}
