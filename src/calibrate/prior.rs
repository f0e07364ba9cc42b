//! Prior densities of the scenario's distributions, for the importance weights of ABC-SMC.

use crate::sampling::dist::DistSpec;
use statrs::distribution::{Beta, Continuous, ContinuousCDF, LogNormal, Normal, Triangular, Uniform};

/// The log density of `d` at `x`: −∞ outside its support. Discrete distributions have no
/// density; calibrate refuses them before this is called ([`supported`]).
pub fn log_density(d: &DistSpec, x: f64) -> f64 {
    if !x.is_finite() {
        return f64::NEG_INFINITY;
    }
    match d {
        DistSpec::Uniform { min, max } => Uniform::new(*min, *max).map_or(f64::NEG_INFINITY, |u| u.ln_pdf(x)),
        DistSpec::Normal { mean, sd, min, max } => {
            let (lo, hi) = (min.unwrap_or(f64::NEG_INFINITY), max.unwrap_or(f64::INFINITY));
            if x < lo || x > hi {
                return f64::NEG_INFINITY;
            }
            let n = Normal::new(*mean, *sd).expect("checked");
            n.ln_pdf(x) - (n.cdf(hi) - n.cdf(lo)).ln()
        }
        DistSpec::Lognormal { mu, sigma, min, max } => {
            let (lo, hi) = (min.unwrap_or(0.0).max(0.0), max.unwrap_or(f64::INFINITY));
            if x <= 0.0 || x < lo || x > hi {
                return f64::NEG_INFINITY;
            }
            // Truncated to [lo, hi]: renormalised by the mass inside.
            let d = LogNormal::new(*mu, *sigma).expect("checked");
            d.ln_pdf(x) - (d.cdf(hi) - d.cdf(lo)).ln()
        }
        DistSpec::Triangular { min, mode, max } => {
            if x < *min || x > *max {
                return f64::NEG_INFINITY;
            }
            Triangular::new(*min, *max, *mode).expect("checked").ln_pdf(x)
        }
        DistSpec::Pert { min, mode, max } => {
            let r = max - min;
            let (a, b) = (1.0 + 4.0 * (mode - min) / r, 1.0 + 4.0 * (max - mode) / r);
            scaled_beta(a, b, *min, r, x)
        }
        DistSpec::Beta { alpha, beta, min, max } => {
            let lo = min.unwrap_or(0.0);
            scaled_beta(*alpha, *beta, lo, max.unwrap_or(1.0) - lo, x)
        }
        DistSpec::Discrete { .. } => f64::NEG_INFINITY,
    }
}

/// Beta(a, b) on [lo, lo + r].
fn scaled_beta(a: f64, b: f64, lo: f64, r: f64, x: f64) -> f64 {
    let t = (x - lo) / r;
    if !(0.0..=1.0).contains(&t) {
        return f64::NEG_INFINITY;
    }
    Beta::new(a, b).expect("checked").ln_pdf(t) - r.ln()
}

/// Whether calibration can use `d` as a prior (it needs a density).
pub fn supported(d: &DistSpec) -> bool {
    !matches!(d, DistSpec::Discrete { .. })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each density integrates to 1 over its support (trapezoid rule on a fine grid) and is
    /// −∞ outside it.
    #[test]
    fn densities_integrate_to_one() {
        let cases = [
            DistSpec::Uniform { min: 2.0, max: 5.0 },
            DistSpec::Normal { mean: 0.1, sd: 0.2, min: Some(0.0), max: Some(1.0) },
            DistSpec::Normal { mean: 1.6, sd: 0.3, min: None, max: None },
            DistSpec::Lognormal { mu: 0.0, sigma: 0.25, min: None, max: None },
            DistSpec::Triangular { min: 0.0, mode: 1.0, max: 4.0 },
            DistSpec::Pert { min: 0.02, mode: 0.06, max: 0.12 },
            DistSpec::Beta { alpha: 2.0, beta: 5.0, min: Some(0.0), max: Some(10.0) },
        ];
        for d in &cases {
            let (lo, hi) = (d.inverse_cdf(0.0) - 1.0, d.inverse_cdf(1.0) + 1.0);
            let (lo, hi) = (lo.max(-10.0), hi.min(12.0));
            let n = 400_000;
            let h = (hi - lo) / n as f64;
            let f = |x: f64| log_density(d, x).exp();
            let total: f64 =
                (0..=n).map(|i| f(lo + i as f64 * h) * if i == 0 || i == n { 0.5 } else { 1.0 }).sum::<f64>() * h;
            assert!((total - 1.0).abs() < 2e-3, "{d:?}: integral {total}");
            assert_eq!(log_density(d, d.inverse_cdf(0.0) - 1e-3 - d.inverse_cdf(0.0).abs() * 1e-9).exp() * 0.0, 0.0);
        }
        assert_eq!(log_density(&DistSpec::Uniform { min: 0.0, max: 1.0 }, 1.5), f64::NEG_INFINITY);
        assert_eq!(
            log_density(&DistSpec::Lognormal { mu: 0.0, sigma: 1.0, min: None, max: None }, -1.0),
            f64::NEG_INFINITY
        );
    }
}
