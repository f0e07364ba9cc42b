//! The monthly paths of a scenario's first runs (`pathways run --paths N`). The runs are replayed
//! from (seed, run index) with the engine's own sampling design, blocks and streams, so they are
//! exactly runs 0..N of the result, without the engine keeping any path while it runs.

use crate::engine::aggregate::BLOCK;
use crate::engine::block_design::BlockDesign;
use crate::engine::runner::thread_pool;
use crate::error::Result;
use crate::model::params::Model;
use crate::model::sim::{EventClock, Observer, Streams, simulate};
use crate::model::vars::State;
use rayon::prelude::*;

/// Records every month's state.
struct PathRecorder(Vec<State>);

impl Observer for PathRecorder {
    fn month(&mut self, _m: u32, state: &State, _pathway: usize) {
        self.0.push(*state);
    }
}

/// The paths of runs `0..n.min(runs)` of a study of `runs` runs: `paths[r][m]` is run r's state
/// in month m (0 = the start). `runs` fixes the blocks the sampling design draws in, so the
/// paths are those of the study's runs whatever `n` is.
pub fn record(model: &Model, seed: u64, runs: u64, n: u64, threads: usize) -> Result<Vec<Vec<State>>> {
    let n = n.min(runs);
    let blocks = n.div_ceil(BLOCK);
    let per_block: Vec<Vec<Vec<State>>> = thread_pool(threads)?.install(|| {
        (0..blocks)
            .into_par_iter()
            .map(|b| {
                let block = b * BLOCK..((b + 1) * BLOCK).min(runs);
                let design = BlockDesign::new(model, seed, block.clone());
                let mut params = model.base.clone();
                let mut sampled = vec![0.0; model.uncertain.len()];
                let mut clock = EventClock::default();
                (block.start..block.end.min(n))
                    .map(|run| {
                        design.sample(model, seed, run, &mut params, &mut sampled);
                        let mut rec = PathRecorder(Vec::with_capacity(model.horizon as usize + 1));
                        simulate(model, &params, &mut clock, &mut Streams::new(seed, run), &mut rec);
                        rec.0
                    })
                    .collect()
            })
            .collect()
    });
    Ok(per_block.into_iter().flatten().collect())
}
