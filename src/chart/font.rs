//! The embedded chart font: DejaVu Sans (regular and bold), compiled into the binary so chart
//! text never depends on the host's fonts (licence: `assets/fonts/LICENSE-DejaVu.txt`).
//!
//! plotters' `ab_glyph` route keeps registered fonts in its own process-wide table; we fill it
//! once, under our family name and under `sans-serif` (plotters' default family).

use super::ChartError;
use plotters::style::{FontStyle, register_font};
use std::sync::OnceLock;

/// The family every chart names in its text styles (also written into SVG `font-family`).
pub const FAMILY: &str = "DejaVu Sans";

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// Registers the embedded font with plotters; cheap after the first call.
pub fn ensure_registered() -> Result<(), ChartError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        [FAMILY, "sans-serif"].iter().all(|name| {
            register_font(name, FontStyle::Normal, REGULAR).is_ok() && register_font(name, FontStyle::Bold, BOLD).is_ok()
        })
    });
    if ok { Ok(()) } else { Err(ChartError("the embedded chart font could not be loaded".to_string())) }
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
}
