//! The sampling design of a model's uncertain parameters and its per-block realisation.
//!
//! Plain Monte Carlo draws each run's parameters from the run's own stream, exactly as the
//! engine always has. Latin hypercube and correlated designs work on a whole block of runs at a
//! time (the engine's fixed [`BLOCK`]): each run still contributes its own uniforms from its own
//! stream, then the block's uniforms are stratified ([`super::lhs`]) and/or rearranged
//! ([`super::iman_conover`]) with permutations derived from (seed, block, parameter), and mapped
//! through each distribution's inverse CDF. A run's values therefore depend on the seed, its
//! index and the block structure only: identical for any thread count.

use super::correlation::{Target, build};
use super::{iman_conover, lhs};
use crate::engine::aggregate::BLOCK;
use crate::engine::rng::{Stream, stream};
use crate::model::params::{Model, RunParams, Uncertain};
use crate::scenario::format::{Sampling, ScenarioFile};
use crate::scenario::load::LoadedScenario;
use crate::scenario::posterior::Posterior;
use rand::RngExt;
use std::ops::Range;
use std::sync::Arc;

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
    /// The design of a validated scenario whose uncertain parameters are `uncertain`.
    pub fn from_scenario(s: &LoadedScenario, uncertain: &[Uncertain]) -> Design {
        let f: &ScenarioFile = &s.file;
        let names: Vec<String> = uncertain.iter().map(|u| u.path.clone()).collect();
        let posterior = s.posterior.as_ref().map(|p| PosteriorDraws {
            posterior: p.clone(),
            slots: p
                .columns
                .iter()
                .enumerate()
                .filter(|(j, _)| p.overridden[*j].is_none())
                .filter_map(|(j, c)| names.iter().position(|n| n == c).map(|i| (j, i)))
                .collect(),
        });
        Design {
            sampling: f.simulation.sampling,
            correlation: build(&f.correlations, &names).ok().flatten(),
            posterior,
        }
    }

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

/// The parameter values of one block of runs.
#[derive(Debug, Clone)]
pub enum BlockDesign {
    /// Each run draws its own values when asked.
    Plain,
    /// Values computed for the whole block, `runs × k` row-major from run `first`.
    Values { first: u64, k: usize, values: Vec<f64> },
}

impl BlockDesign {
    /// Prepares the block `runs`, which starts at a multiple of [`BLOCK`] and holds at most
    /// [`BLOCK`] runs.
    pub fn new(model: &Model, seed: u64, runs: Range<u64>) -> BlockDesign {
        let k = model.uncertain.len();
        if model.design.is_plain() || k == 0 {
            return BlockDesign::Plain;
        }
        debug_assert_eq!(runs.start % BLOCK, 0);
        let n = (runs.end - runs.start) as usize;
        let block = runs.start / BLOCK;
        let mut u = Vec::with_capacity(n * k);
        for run in runs.clone() {
            let mut r = stream(seed, run, Stream::Parameters);
            u.extend((0..k).map(|_| r.random::<f64>()));
        }
        if model.design.sampling == Sampling::LatinHypercube {
            lhs::stratify(&mut u, n, k, seed, block);
        }
        if let Some(t) = &model.design.correlation {
            iman_conover::rearrange(&mut u, n, k, &t.factor, seed, block);
        }
        for row in u.chunks_exact_mut(k) {
            for (x, p) in row.iter_mut().zip(&model.uncertain) {
                *x = p.quantile(*x);
            }
        }
        BlockDesign::Values { first: runs.start, k, values: u }
    }

    /// Fills `params` and `sampled` for run `run` of this block.
    pub fn sample(&self, model: &Model, seed: u64, run: u64, params: &mut RunParams, sampled: &mut [f64]) {
        match self {
            BlockDesign::Plain => {
                model.sample(&mut stream(seed, run, Stream::Parameters), params, sampled);
                if model.design.draw_posterior(seed, run, sampled) {
                    model.apply(params, sampled);
                }
            }
            BlockDesign::Values { first, k, values } => {
                let i = (run - first) as usize;
                sampled.copy_from_slice(&values[i * k..(i + 1) * k]);
                model.design.draw_posterior(seed, run, sampled);
                model.apply(params, sampled);
            }
        }
    }
}
