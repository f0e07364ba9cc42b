//! Colours: eight distinct hues for series (scenarios, pathways) and the neutrals for text, axes
//! and reference lines.
//!
//! Pathway `i` is always drawn in `series(i)`; scenario `j` in `series(j)` on every overlay.

use plotters::style::RGBColor;

/// Eight hues a reader names differently (blue, orange, green, purple, red, wine, olive, grey),
/// so that six scenarios on one overlay never share a hue (Okabe–Ito's sky blue beside its blue
/// did). Blue, orange, bluish green and vermillion are Okabe & Ito (2008), "Color Universal
/// Design", chosen to stay apart under the common colour-vision deficiencies; purple is d3's
/// category10 (Bostock, from Tableau 10), wine and olive are Paul Tol's "muted" scheme (Tol 2021,
/// SRON/EPS/TN/09-002), and the grey is Okabe–Ito's black softened. Every pair differs by at least
/// 33 in CIE L*a*b* (ΔE*ab; Okabe–Ito's orange and vermillion are the closest pair).
const SERIES: [RGBColor; 8] = [
    RGBColor(0x00, 0x72, 0xB2), // blue
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0x00, 0x9E, 0x73), // bluish green
    RGBColor(0x94, 0x67, 0xBD), // purple
    RGBColor(0xD5, 0x5E, 0x00), // vermillion
    RGBColor(0x88, 0x22, 0x55), // wine
    RGBColor(0x99, 0x99, 0x33), // olive
    RGBColor(0x59, 0x59, 0x59), // dark grey
];

/// Colour of series `i` (pathway or scenario); wraps after eight.
pub fn series(i: usize) -> RGBColor {
    SERIES[i % SERIES.len()]
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

    /// CIE L*a*b* (D65) of an sRGB colour.
    fn lab(c: RGBColor) -> [f64; 3] {
        let lin = |v: u8| {
            let v = v as f64 / 255.0;
            if v <= 0.04045 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
        };
        let (r, g, b) = (lin(c.0), lin(c.1), lin(c.2));
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
        let f = |t: f64| if t > 0.008856 { t.cbrt() } else { 7.787 * t + 16.0 / 116.0 };
        [116.0 * f(y) - 16.0, 500.0 * (f(x) - f(y)), 200.0 * (f(y) - f(z))]
    }

    #[test]
    fn eight_series_colours_are_far_apart_and_wrap() {
        // Okabe–Ito's blue and sky blue, which made two scenarios look alike, are 26 apart.
        let (a, b) = (lab(RGBColor(0x00, 0x72, 0xB2)), lab(RGBColor(0x56, 0xB4, 0xE9)));
        assert!((0..3).map(|k| (a[k] - b[k]).powi(2)).sum::<f64>().sqrt() < 30.0);
        for i in 0..8 {
            for j in 0..i {
                let (a, b) = (lab(series(i)), lab(series(j)));
                let de = (0..3).map(|k| (a[k] - b[k]).powi(2)).sum::<f64>().sqrt();
                assert!(de >= 33.0, "series {i} and {j}: ΔE {de:.1}");
            }
        }
        assert_eq!(series(9), series(1));
    }
}
