//! How a run's random numbers and uncertain parameters are drawn: per-run random streams keyed
//! by (seed, run, kind), parameter distributions, and the sampling designs over a block of runs
//! (Latin hypercube, rank correlations by Iman–Conover, posterior draws). Below the model, so
//! that the model's dynamics and the engine can both draw from it.

pub mod correlation;
pub mod design;
pub mod dist;
pub mod iman_conover;
pub mod lhs;
pub mod linalg;
pub mod posterior;
pub mod rng;

use crate::sampling::rng::RunRng;
use rand::SeedableRng;

/// What a design generator is for; part of its seed so that the streams never coincide.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Purpose {
    LhsPermutation = 1,
    ScoreShuffle = 2,
    Bootstrap = 3,
}

/// SplitMix64's finaliser (Steele, Lea & Flood 2014), as in [`crate::sampling::rng`].
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A generator for one (seed, block, parameter, purpose): independent of threads and of the
/// per-run streams.
pub(crate) fn design_rng(seed: u64, block: u64, param: u64, purpose: Purpose) -> RunRng {
    let z = mix(mix(mix(seed ^ 0x5EED_DE51_6000_0000) ^ block) ^ param.wrapping_mul(8).wrapping_add(purpose as u64));
    RunRng::seed_from_u64(z)
}

/// A uniformly random permutation of 0..n (Fisher–Yates).
pub(crate) fn permutation<R: rand::Rng + ?Sized>(n: usize, rng: &mut R) -> Vec<usize> {
    use rand::RngExt;
    let mut p: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = rng.random_range(0..=i);
        p.swap(i, j);
    }
    p
}
