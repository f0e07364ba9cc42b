//! A sampling design realised over one fixed block of runs: the parameter values each run of the
//! block takes (see [`crate::sampling::design`]). Here because it needs the compiled model and
//! the engine's block size.

use crate::engine::aggregate::BLOCK;
use crate::model::params::{Model, RunParams};
use crate::sampling::design::Sampling;
use crate::sampling::rng::{Stream, stream};
use crate::sampling::{iman_conover, lhs};
use rand::RngExt;
use std::ops::Range;

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
