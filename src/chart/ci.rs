//! Confidence intervals the charts compute themselves (the engine's [`Proportion`] carries its own).
//!
//! [`Proportion`]: crate::engine::result::Proportion

/// The normal quantile for a two-sided 95% interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// 95% Wilson score interval for `successes` out of `trials` (Wilson 1927; Brown, Cai and
/// DasGupta 2001 recommend it over the Wald interval for small or extreme proportions).
/// No trials: the whole of [0, 1].
pub fn wilson95(successes: f64, trials: f64) -> (f64, f64) {
    if trials <= 0.0 {
        return (0.0, 1.0);
    }
    let p = (successes / trials).clamp(0.0, 1.0);
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / trials;
    let centre = (p + z2 / (2.0 * trials)) / denom;
    let half = Z95 * (p * (1.0 - p) / trials + z2 / (4.0 * trials * trials)).sqrt() / denom;
    // At p = 0 or 1 the bound is exactly 0 or 1; rounding would leave it a hair off.
    let lo = if p == 0.0 { 0.0 } else { (centre - half).max(0.0) };
    let hi = if p == 1.0 { 1.0 } else { (centre + half).min(1.0) };
    (lo, hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_matches_published_values() {
        // 50/100: 0.4038–0.5962; 0/100: 0–0.0370 (Newcombe 1998, method 3).
        let (lo, hi) = wilson95(50.0, 100.0);
        assert!((lo - 0.4038).abs() < 1e-4 && (hi - 0.5962).abs() < 1e-4, "{lo} {hi}");
        let (lo, hi) = wilson95(0.0, 100.0);
        assert_eq!(lo, 0.0);
        assert!((hi - 0.0370).abs() < 1e-4, "{hi}");
        assert_eq!(wilson95(3.0, 0.0), (0.0, 1.0));
        let (lo, hi) = wilson95(100.0, 100.0);
        assert!(lo < 1.0 && hi == 1.0);
    }
}
