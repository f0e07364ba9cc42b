//! Measurement noise added to model values before they are compared with an observation: the
//! model predicts what would have been *observed*, so the observation's own uncertainty belongs
//! in the prediction (otherwise a perfect model looks overconfident: Hamill 2001; Saetra et al.
//! 2004, who perturb ensemble members with the observation error before ranking).
//!
//! Each (run, observation) pair draws its standard normal from a stream of its own, derived
//! from the seed, the run index and the observation's label, so the noise does not depend on
//! which other observations are scored, nor on threads.

use crate::sampling::rng::{RunRng, Stream, stream};
use rand_distr::{Distribution, StandardNormal};

/// Distinguishes noise streams from the engine's own (seed, run) streams.
const TAG: u64 = 0x6f62_735f_6e6f_6973; // "obs_nois"

/// FNV-1a, 64 bits: a stable hash of an observation's label.
pub fn label_hash(label: &str) -> u64 {
    label.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
}

/// The noise stream of observation `label` in run `run`.
pub fn rng(seed: u64, run: u64, label: &str) -> RunRng {
    stream(seed ^ TAG ^ label_hash(label), run, Stream::Parameters)
}

/// `x` plus a normal error of standard deviation `sd`, drawn from `rng`.
pub fn perturb(x: f64, sd: f64, rng: &mut RunRng) -> f64 {
    let z: f64 = StandardNormal.sample(rng);
    x + sd * z
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noise_depends_on_seed_run_and_label_only() {
        let draw = |seed, run, label| perturb(0.0, 1.0, &mut rng(seed, run, label));
        assert_eq!(draw(1, 2, "tariff_us 2019"), draw(1, 2, "tariff_us 2019"));
        assert_ne!(draw(1, 2, "tariff_us 2019"), draw(1, 3, "tariff_us 2019"));
        assert_ne!(draw(1, 2, "tariff_us 2019"), draw(1, 2, "tariff_cn 2019"));
        assert_ne!(draw(1, 2, "tariff_us 2019"), draw(2, 2, "tariff_us 2019"));
        // Standard normal: mean 0, variance 1 over many runs.
        let xs: Vec<f64> = (0..50_000).map(|r| draw(7, r, "x")).collect();
        let m = xs.iter().sum::<f64>() / xs.len() as f64;
        let v = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / xs.len() as f64;
        assert!(m.abs() < 0.02 && (v - 1.0).abs() < 0.03, "mean {m}, variance {v}");
    }
}
