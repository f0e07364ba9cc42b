//! Scoring a predictive sample against an observed value: the probability integral transform
//! (PIT) and the continuous ranked probability score (CRPS).
//!
//! CRPS is estimated with the unbiased "fair" (probability-weighted-moment) estimator of its
//! kernel form CRPS(F, y) = E|X − y| − ½ E|X − X′| (Gneiting & Raftery 2007, eq. 21):
//! the sample mean of |xᵢ − y| minus ½ · (1 / (n(n − 1))) Σᵢ Σⱼ |xᵢ − xⱼ|, computed from the
//! order statistics as (1 / (n(n − 1))) Σᵢ (2i − n − 1) x₍ᵢ₎ (Ferro 2014, "fair" CRPS; Zamo &
//! Naveau 2018, the PWM estimator, which they recommend for samples drawn from the forecast
//! distribution). It is unbiased for the CRPS of the distribution the sample is drawn from.

/// The CRPS of the sample `sorted` (ascending, at least two values, no NaN) for observation
/// `y`, in the unit of the values (0 is perfect).
pub fn crps_sorted(sorted: &[f64], y: f64) -> f64 {
    let n = sorted.len();
    if n < 2 {
        return sorted.first().map_or(f64::NAN, |x| (x - y).abs());
    }
    let nf = n as f64;
    let abs_error = sorted.iter().map(|x| (x - y).abs()).sum::<f64>() / nf;
    // ½ E|X − X'| by pairs of distinct members, from the order statistics (1-based i).
    let spread = sorted.iter().enumerate().map(|(i, x)| (2.0 * (i as f64 + 1.0) - nf - 1.0) * x).sum::<f64>()
        / (nf * (nf - 1.0));
    abs_error - spread
}

/// The PIT of `y` in the sample `sorted`: the share of values below it, ties counted half
/// (mid-rank), in 0–1. For a calibrated forecast it is uniform over many observations.
pub fn pit_sorted(sorted: &[f64], y: f64) -> f64 {
    let below = sorted.partition_point(|&x| x < y);
    let at_or_below = sorted.partition_point(|&x| x <= y);
    (below as f64 + 0.5 * (at_or_below - below) as f64) / sorted.len() as f64
}

/// The CRPS of the normal distribution N(μ, σ²) for `y`, in closed form (Gneiting, Raftery,
/// Westveld & Goldman 2005): σ [z (2Φ(z) − 1) + 2φ(z) − 1/√π], z = (y − μ)/σ.
pub fn crps_normal(mu: f64, sigma: f64, y: f64) -> f64 {
    use statrs::distribution::{Continuous, ContinuousCDF, Normal};
    let n = Normal::new(0.0, 1.0).expect("valid");
    let z = (y - mu) / sigma;
    sigma * (z * (2.0 * n.cdf(z) - 1.0) + 2.0 * n.pdf(z) - 1.0 / std::f64::consts::PI.sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_distr::Distribution;

    #[test]
    fn two_members_by_hand() {
        // Members 1 and 3, observation 0: mean |x − y| = 2, ½ E|X − X'| over distinct pairs = 1.
        assert!((crps_sorted(&[1.0, 3.0], 0.0) - 1.0).abs() < 1e-12);
        // An observation between them: mean |x − y| = 1, so CRPS = 0.
        assert!(crps_sorted(&[1.0, 3.0], 2.0).abs() < 1e-12);
    }

    #[test]
    fn matches_the_closed_form_for_a_normal_sample() {
        // 200,000 draws from N(10, 2²): the estimator's standard error is far below 0.01 here.
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(1);
        let d = rand_distr::Normal::new(10.0, 2.0).unwrap();
        let mut xs: Vec<f64> = (0..200_000).map(|_| d.sample(&mut rng)).collect();
        xs.sort_by(f64::total_cmp);
        for y in [10.0, 7.0, 15.0] {
            let (est, exact) = (crps_sorted(&xs, y), crps_normal(10.0, 2.0, y));
            assert!((est - exact).abs() < 0.01, "y = {y}: estimate {est}, closed form {exact}");
        }
        // Closed form at the mean: σ (2φ(0) − 1/√π) = 2 × 0.23369… = 0.46739…
        assert!((crps_normal(10.0, 2.0, 10.0) - 0.467_390).abs() < 1e-5);
    }

    #[test]
    fn the_fair_estimator_is_unbiased_for_small_ensembles() {
        // Mean over many 5-member ensembles from N(0, 1), observation 0.5: the fair estimator's
        // mean is the true CRPS; the plain empirical one (1/(2n²) ΣΣ) would be biased upward.
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(2);
        let d = rand_distr::StandardNormal;
        let reps = 100_000;
        let total: f64 = (0..reps)
            .map(|_| {
                let mut e: Vec<f64> = (0..5).map(|_| d.sample(&mut rng)).collect();
                e.sort_by(f64::total_cmp);
                crps_sorted(&e, 0.5)
            })
            .sum();
        let exact = crps_normal(0.0, 1.0, 0.5);
        assert!((total / reps as f64 - exact).abs() < 0.005, "{} vs {exact}", total / reps as f64);
    }

    #[test]
    fn pit_counts_ties_half() {
        let xs = [1.0, 2.0, 2.0, 3.0];
        assert_eq!(pit_sorted(&xs, 0.0), 0.0);
        assert_eq!(pit_sorted(&xs, 2.0), 0.5);
        assert_eq!(pit_sorted(&xs, 2.5), 0.75);
        assert_eq!(pit_sorted(&xs, 9.0), 1.0);
    }
}
