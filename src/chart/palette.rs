//! Colours: the Okabe–Ito palette (safe for the common colour-vision deficiencies) and the
//! neutrals for text, axes and reference lines.
//!
//! Pathway `i` is always drawn in `series(i)`; scenario `j` in `series(j)` on every overlay.

use plotters::style::RGBColor;

/// Okabe & Ito (2008), "Color Universal Design", reordered so that the first colours are the
/// most distinct on white; yellow, weak on white, comes last but one.
const OKABE_ITO: [RGBColor; 8] = [
    RGBColor(0x00, 0x72, 0xB2), // blue
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0x00, 0x9E, 0x73), // bluish green
    RGBColor(0xCC, 0x79, 0xA7), // reddish purple
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0xD5, 0x5E, 0x00), // vermillion
    RGBColor(0xF0, 0xE4, 0x42), // yellow
    RGBColor(0x59, 0x59, 0x59), // dark grey (the palette's black, softened)
];

/// Colour of series `i` (pathway or scenario); wraps after eight.
pub fn series(i: usize) -> RGBColor {
    OKABE_ITO[i % OKABE_ITO.len()]
}

/// Titles and strong reference lines.
pub const INK: RGBColor = RGBColor(0x1F, 0x1F, 0x1F);
/// Axis labels, tick labels, subtitles.
pub const TEXT: RGBColor = RGBColor(0x3A, 0x3A, 0x3A);
/// Footer and other quiet text.
pub const MUTED: RGBColor = RGBColor(0x70, 0x70, 0x70);
/// Axis lines.
pub const AXIS: RGBColor = RGBColor(0x80, 0x80, 0x80);
/// Grid lines.
pub const GRID: RGBColor = RGBColor(0xE3, 0xE3, 0xE3);
/// Background.
pub const PAPER: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_colours_are_distinct_and_wrap() {
        for i in 0..8 {
            for j in 0..i {
                assert_ne!(series(i), series(j));
            }
        }
        assert_eq!(series(9), series(1));
    }
}
