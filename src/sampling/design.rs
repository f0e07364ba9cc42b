//! The sampling design of a model's uncertain parameters: plain Monte Carlo, Latin hypercube,
//! rank correlations, posterior rows. The engine realises it block by block
//! ([`crate::engine::block_design`]).
//!
//! Plain Monte Carlo draws each run's parameters from the run's own stream, exactly as the
//! engine always has. Latin hypercube and correlated designs work on a whole block of runs at a
//! time (the engine's fixed block): each run still contributes its own uniforms from its own
//! stream, then the block's uniforms are stratified ([`super::lhs`]) and/or rearranged
//! ([`super::iman_conover`]) with permutations derived from (seed, block, parameter), and mapped
//! through each distribution's inverse CDF. A run's values therefore depend on the seed, its
//! index and the block structure only: identical for any thread count.

use super::correlation::Target;
use super::posterior::Posterior;
use super::rng::{Stream, stream};
use rand::RngExt;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// `[simulation] sampling`: how the per-run uncertain parameters are drawn.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Sampling {
    /// Independent draws per run.
    #[default]
    MonteCarlo,
    /// Stratified within each fixed block of runs: one draw per stratum and parameter.
    LatinHypercube,
}

impl Sampling {
    /// The name a scenario file and `--sampling` give it.
    pub fn name(self) -> &'static str {
        match self {
            Sampling::MonteCarlo => "monte_carlo",
            Sampling::LatinHypercube => "latin_hypercube",
        }
    }
}

/// How a model's uncertain parameters are drawn.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Design {
    pub sampling: Sampling,
    /// Rank-correlation target, if the scenario sets `[[correlations]]`.
    pub correlation: Option<Target>,
    /// The posterior sample the scenario names, if any: drawn jointly per run.
    pub posterior: Option<PosteriorDraws>,
}

/// The columns of a posterior that runs draw, and where their values go.
#[derive(Debug, Clone, PartialEq)]
pub struct PosteriorDraws {
    pub posterior: Arc<Posterior>,
    /// `(column in the posterior, index in Model::uncertain)` of every column not overridden.
    pub slots: Vec<(usize, usize)>,
}

/// Distinguishes the posterior-row stream from the run's other streams.
const POSTERIOR_TAG: u64 = 0x706f_7374_6572_696f; // "posterio"

impl Design {
    /// With a posterior: draws run `run`'s row (weighted, from a stream of its own) and puts its
    /// values into `sampled`; whether it did.
    pub fn draw_posterior(&self, seed: u64, run: u64, sampled: &mut [f64]) -> bool {
        let Some(p) = &self.posterior else { return false };
        let u: f64 = stream(seed ^ POSTERIOR_TAG, run, Stream::Parameters).random();
        let row = p.posterior.row(p.posterior.draw(u));
        for &(j, i) in &p.slots {
            sampled[i] = row[j];
        }
        true
    }

    /// Independent per-run draws: no block-level work.
    pub fn is_plain(&self) -> bool {
        self.sampling == Sampling::MonteCarlo && self.correlation.is_none()
    }
}

#[cfg(test)]
mod name_tests {
    use super::*;

    #[test]
    fn a_sampling_name_is_the_one_a_scenario_file_holds() {
        for s in [Sampling::MonteCarlo, Sampling::LatinHypercube] {
            assert_eq!(serde_json::to_value(s).unwrap(), s.name());
        }
    }
}
