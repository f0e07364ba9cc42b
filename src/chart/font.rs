//! The embedded chart font: DejaVu Sans (regular and bold), compiled into the binary so chart
//! text never depends on the host's fonts (licence: `assets/fonts/LICENSE-DejaVu.txt`).
//!
//! plotters' `ab_glyph` route keeps registered fonts in its own process-wide table; we fill it
//! once, under our family name and under `sans-serif` (plotters' default family).

use super::ChartError;
use ab_glyph::{Font, FontRef};
use plotters::style::{FontStyle, register_font};
use std::sync::OnceLock;

/// The family every chart names in its text styles. It is also written verbatim into SVG
/// `font-family`, so it is a CSS fallback list: viewers without DejaVu Sans use Verdana (same
/// Bitstream Vera design, near-identical widths) or their own sans-serif.
pub const FAMILY: &str = "DejaVu Sans, Verdana, sans-serif";

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// Registers the embedded font with plotters; cheap after the first call.
pub fn ensure_registered() -> Result<(), ChartError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        [FAMILY, "sans-serif"].iter().all(|name| {
            register_font(name, FontStyle::Normal, REGULAR).is_ok()
                && register_font(name, FontStyle::Bold, BOLD).is_ok()
        })
    });
    if ok { Ok(()) } else { Err(ChartError("the embedded chart font could not be loaded".to_string())) }
}

/// Whether the embedded font has a glyph for every character of `text` (whitespace aside).
pub fn covers(text: &str) -> bool {
    match faces() {
        Ok(f) => text.chars().filter(|c| !c.is_whitespace()).all(|c| f.regular.glyph_id(c).0 != 0),
        Err(_) => false,
    }
}

/// The parsed faces, for drawing text on the PNG canvas.
pub struct Faces {
    pub regular: FontRef<'static>,
    pub bold: FontRef<'static>,
    /// Em size per pixel of plotters' font size (which is ascent − descent).
    em_per_px: f32,
    /// Height of a lowercase x in ems.
    x_height_em: f32,
}

impl Faces {
    /// The em square in pixels when plotters draws at `size`.
    pub fn em(&self, size: f32) -> f32 {
        size * self.em_per_px
    }

    /// Height of a lowercase x in pixels when plotters draws at `size`.
    pub fn x_height(&self, size: f32) -> f32 {
        self.em(size) * self.x_height_em
    }
}

/// The embedded faces, parsed once.
pub fn faces() -> Result<&'static Faces, ChartError> {
    static FACES: OnceLock<Option<Faces>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            let regular = FontRef::try_from_slice(REGULAR).ok()?;
            let bold = FontRef::try_from_slice(BOLD).ok()?;
            let upm = regular.units_per_em()?;
            // Outline bounds may come y-up or y-down: take the extent.
            let x_height = regular.outline(regular.glyph_id('x')).map(|o| (o.bounds.max.y - o.bounds.min.y).abs())?;
            Some(Faces { em_per_px: upm / regular.height_unscaled(), x_height_em: x_height / upm, regular, bold })
        })
        .as_ref()
        .ok_or_else(|| ChartError("the embedded chart font could not be parsed".to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::style::{FontDesc, FontFamily};

    #[test]
    fn embedded_font_measures_text() {
        ensure_registered().unwrap();
        for family in [FAMILY, "sans-serif"] {
            let font = FontDesc::new(FontFamily::Name(family), 20.0, FontStyle::Normal);
            let (w, h) = font.box_size("Jan 2026").unwrap();
            assert!(w > 40 && h > 10, "{family}: {w}×{h}");
            let bold = FontDesc::new(FontFamily::Name(family), 20.0, FontStyle::Bold);
            assert!(bold.box_size("Jan 2026").unwrap().0 > w, "bold is wider");
        }
    }

    #[test]
    fn font_metrics_are_those_of_dejavu_sans() {
        // DejaVu Sans: 2048 units per em, ascent 1901, descent 483, x-height 1120.
        let f = faces().unwrap();
        assert!((f.em(2384.0) - 2048.0).abs() < 0.5, "{}", f.em(2384.0));
        assert!((f.x_height(2384.0) - 1120.0).abs() < 2.0, "{}", f.x_height(2384.0));
    }
}
