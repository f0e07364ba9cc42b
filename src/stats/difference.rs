//! Confidence intervals for the difference of two proportions estimated from independent runs.

use crate::stats::proportion::Proportion;

/// A difference `b − a` of two probabilities with its 95% confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Difference {
    pub diff: f64,
    pub ci_low: f64,
    pub ci_high: f64,
}

impl Difference {
    /// Whether the interval excludes zero: the difference is distinguishable from Monte Carlo
    /// noise at the 95% level.
    pub fn distinguishable(&self) -> bool {
        self.ci_low > 0.0 || self.ci_high < 0.0
    }
}

/// Newcombe's hybrid score interval for `b − a` (Newcombe 1998, "Interval estimation for the
/// difference between independent proportions", method 10), built from the two Wilson
/// intervals: it keeps their good coverage near 0 and 1, where the Wald interval fails.
pub fn newcombe(a: &Proportion, b: &Proportion) -> Difference {
    let diff = b.p - a.p;
    let ci_low = diff - ((b.p - b.ci_low).powi(2) + (a.ci_high - a.p).powi(2)).sqrt();
    let ci_high = diff + ((b.ci_high - b.p).powi(2) + (a.p - a.ci_low).powi(2)).sqrt();
    Difference { diff, ci_low, ci_high }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::proportion::wilson;

    #[test]
    fn matches_newcombes_worked_example() {
        // Newcombe (1998), table II, example (a): 56/70 vs 48/80, method 10: 0.0524 to 0.3339.
        let d = newcombe(&wilson(48, 80), &wilson(56, 70));
        assert!((d.diff - 0.2).abs() < 1e-12);
        assert!((d.ci_low - 0.0524).abs() < 5e-5, "{}", d.ci_low);
        assert!((d.ci_high - 0.3339).abs() < 5e-5, "{}", d.ci_high);
        assert!(d.distinguishable());
    }

    #[test]
    fn equal_proportions_are_not_distinguishable() {
        let d = newcombe(&wilson(300, 1000), &wilson(300, 1000));
        assert_eq!(d.diff, 0.0);
        assert!(d.ci_low < 0.0 && d.ci_high > 0.0 && !d.distinguishable());
    }
}
