//! Confidence intervals for probabilities estimated from runs.

/// A probability estimated from runs, with its 95% Wilson score interval.
#[derive(Debug, Clone, Copy, serde::Serialize, PartialEq)]
pub struct Proportion {
    pub count: u64,
    pub total: u64,
    pub p: f64,
    pub ci_low: f64,
    pub ci_high: f64,
}

/// z for a two-sided 95% interval.
pub const Z95: f64 = 1.959963984540054;

/// Wilson score interval (Wilson 1927): well-behaved near 0 and 1, unlike the normal
/// approximation, which matters for rare pathways.
pub fn wilson(count: u64, total: u64) -> Proportion {
    if total == 0 {
        return Proportion { count, total, p: f64::NAN, ci_low: f64::NAN, ci_high: f64::NAN };
    }
    let n = total as f64;
    let p = count as f64 / n;
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = Z95 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denom;
    // At the edges the exact Wilson bound is 0 or 1; rounding must not move it.
    let ci_low = if count == 0 { 0.0 } else { (centre - half).max(0.0) };
    let ci_high = if count == total { 1.0 } else { (centre + half).min(1.0) };
    Proportion { count, total, p, ci_low, ci_high }
}

/// Monte Carlo standard error of a proportion, sqrt(p(1−p)/n).
pub fn std_error(p: &Proportion) -> f64 {
    (p.p * (1.0 - p.p) / p.total as f64).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_matches_published_example() {
        // 81 successes in 263 trials: Wilson 95% CI 0.2553–0.3662 (Newcombe 1998, example).
        let p = wilson(81, 263);
        assert!((p.ci_low - 0.2553).abs() < 5e-4, "{p:?}");
        assert!((p.ci_high - 0.3662).abs() < 5e-4, "{p:?}");
    }

    #[test]
    fn wilson_stays_inside_unit_interval() {
        let p = wilson(0, 10);
        assert_eq!(p.ci_low, 0.0);
        assert!(p.ci_high > 0.0 && p.ci_high < 0.4);
        let p = wilson(10, 10);
        assert_eq!(p.ci_high, 1.0);
    }
}
