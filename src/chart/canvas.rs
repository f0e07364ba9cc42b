//! The PNG drawing surface: plotters' `BitMapBackend` with our own text rasteriser.
//!
//! plotters 0.3.7 draws `ab_glyph` text without each glyph's left side bearing, so letters
//! drift ("J an", "1 0,000"). [`Canvas`] delegates every shape to the bitmap backend and places
//! glyphs itself: advance plus kerning along a baseline, each outline at its own bounds. Widths
//! and anchors still come from plotters' measurement, so PNG and SVG lay out alike.

use super::font::Faces;
use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use plotters::prelude::BitMapBackend;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind, FontStyle,
};

/// A bitmap backend over an RGB buffer that draws text with correct glyph placement.
pub struct Canvas<'a> {
    inner: BitMapBackend<'a>,
    faces: &'static Faces,
}

impl<'a> Canvas<'a> {
    /// Draws into `rgb`, `w × h × 3` bytes.
    pub fn new(rgb: &'a mut [u8], (w, h): (u32, u32), faces: &'static Faces) -> Canvas<'a> {
        Canvas { inner: BitMapBackend::with_buffer(rgb, (w, h)), faces }
    }
}

type Error<'a> = DrawingErrorKind<<BitMapBackend<'a> as DrawingBackend>::ErrorType>;

impl<'a> DrawingBackend for Canvas<'a> {
    type ErrorType = <BitMapBackend<'a> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), Error<'a>> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), Error<'a>> {
        self.inner.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), Error<'a>> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> Result<(), Error<'a>> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        ul: BackendCoord,
        br: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), Error<'a>> {
        self.inner.draw_rect(ul, br, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), Error<'a>> {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), Error<'a>> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), Error<'a>> {
        self.inner.fill_polygon(vert, style)
    }

    fn blit_bitmap(&mut self, pos: BackendCoord, size: (u32, u32), src: &[u8]) -> Result<(), Error<'a>> {
        self.inner.blit_bitmap(pos, size, src)
    }

    fn draw_text<S: BackendTextStyle>(&mut self, text: &str, style: &S, pos: BackendCoord) -> Result<(), Error<'a>> {
        let color = style.color();
        if color.alpha == 0.0 || text.is_empty() {
            return Ok(());
        }
        // Horizontally, anchor by the width plotters measured (advances plus kerning).
        let ((x0, _), (x1, _)) = style.layout_box(text).map_err(|e| DrawingErrorKind::FontError(Box::new(e)))?;
        let width = x1 - x0;
        let dx = match style.anchor().h_pos {
            HPos::Left => 0,
            HPos::Center => -width / 2,
            HPos::Right => -width,
        };
        // Vertically, put the baseline where the SVG backend's `dy` puts it (0.76em, 0.5ex,
        // −0.5ex), so PNG and SVG text sit alike.
        let size = style.size() as f32;
        let baseline = match style.anchor().v_pos {
            VPos::Top => 0.76 * self.faces.em(size),
            VPos::Center => 0.5 * self.faces.x_height(size),
            VPos::Bottom => -0.5 * self.faces.x_height(size),
        };
        let font: &FontRef<'static> = match style.style() {
            FontStyle::Bold => &self.faces.bold,
            _ => &self.faces.regular,
        };
        let scale = PxScale::from(size);
        let scaled = font.as_scaled(scale);

        let trans = style.transform();
        let mut pixels: Vec<(BackendCoord, f32)> = Vec::new();
        let mut caret = 0.0f32;
        let mut prev = None;
        for c in text.chars() {
            let id = font.glyph_id(c);
            if let Some(p) = prev {
                caret += scaled.kern(p, id);
            }
            if let Some(outline) = font.outline_glyph(id.with_scale_and_position(scale, point(caret, baseline))) {
                let b = outline.px_bounds();
                outline.draw(|x, y, coverage| {
                    if coverage > 0.0 {
                        let (tx, ty) = trans.transform(b.min.x as i32 + x as i32 + dx, b.min.y as i32 + y as i32);
                        pixels.push(((pos.0 + tx, pos.1 + ty), coverage.min(1.0)));
                    }
                });
            }
            caret += scaled.h_advance(id);
            prev = Some(id);
        }
        for (p, coverage) in pixels {
            self.inner.draw_pixel(p, BackendColor { alpha: color.alpha * coverage as f64, rgb: color.rgb })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::font::{FAMILY, ensure_registered, faces};
    use plotters::prelude::*;
    use plotters::style::text_anchor::Pos;
    use plotters::style::{FontDesc, FontFamily};

    /// Columns and rows holding ink after drawing `text` at (20, 20), anchored top left, 100 px.
    fn ink(text: &str) -> (std::ops::RangeInclusive<usize>, std::ops::RangeInclusive<usize>) {
        ensure_registered().unwrap();
        let (w, h) = (400usize, 200usize);
        let mut rgb = vec![255u8; w * h * 3];
        {
            let root = Canvas::new(&mut rgb, (w as u32, h as u32), faces().unwrap()).into_drawing_area();
            let style = FontDesc::new(FontFamily::Name(FAMILY), 100.0, FontStyle::Normal)
                .color(&BLACK)
                .pos(Pos::new(HPos::Left, VPos::Top));
            root.draw_text(text, &style, (20, 20)).unwrap();
        }
        let dark: Vec<(usize, usize)> =
            (0..h).flat_map(|y| (0..w).map(move |x| (x, y))).filter(|&(x, y)| rgb[(y * w + x) * 3] < 128).collect();
        let xs = dark.iter().map(|p| p.0);
        let ys = dark.iter().map(|p| p.1);
        (xs.clone().min().unwrap()..=xs.max().unwrap(), ys.clone().min().unwrap()..=ys.max().unwrap())
    }

    #[test]
    fn glyphs_keep_their_left_side_bearing() {
        // DejaVu Sans "H" starts 0.1 em right of the pen (plotters 0.3.7 drew it at the pen).
        let (cols, _) = ink("H");
        assert!(*cols.start() >= 25, "ink starts at {}", cols.start());
    }

    #[test]
    fn top_anchored_capitals_hang_just_below_the_anchor() {
        let (_, rows) = ink("H");
        // Baseline 0.76 em below the anchor, capitals 0.73 em tall: the top sits a few px down.
        assert!((20..=30).contains(rows.start()), "{rows:?}");
        assert!((80..=95).contains(rows.end()), "{rows:?}");
    }
}
