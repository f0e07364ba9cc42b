//! The parallel Monte Carlo runner. Workers pull fixed-size blocks of run indices; each run draws
//! from its own streams; block results are merged in index order. The result is therefore
//! bit-identical for any number of threads.

use crate::engine::aggregate::{BLOCK, BlockOut, Recorder, Sketches, Trajectories};
use crate::engine::representative::representative_runs;
use crate::engine::result::{NEVER, PathwayResult, RunMeta, RunRecords, ScenarioResult, VarStats};
use crate::error::{Error, Result};
use crate::model::outcome::track::{Tee, Tracker};
use crate::model::params::Model;
use crate::model::sim::{EventClock, Streams, simulate};
use crate::model::vars::N_VARS;
use crate::stats::proportion::wilson;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// The merged statistics of a range of runs, before they are summarised.
#[derive(Debug, Clone)]
pub struct Aggregate {
    pub runs: u64,
    pub blocks: BlockOut,
    pub sketches: Sketches,
}

/// A thread pool of `threads` workers (0 = all cores).
pub fn thread_pool(threads: usize) -> Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new().num_threads(threads).build().map_err(|e| Error::system("start worker threads", e))
}

/// Runs `runs` simulations of `model` under `seed` on `threads` threads (0 = all cores).
/// `progress` is called with the number of runs just finished.
pub fn run_model(
    model: &Model,
    runs: u64,
    seed: u64,
    threads: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Aggregate> {
    run_range(model, 0..runs, seed, threads, progress)
}

/// Runs the run indices in `range` (which must start at a multiple of [`BLOCK`]).
pub fn run_range(
    model: &Model,
    range: std::ops::Range<u64>,
    seed: u64,
    threads: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Aggregate> {
    let runs = range.end - range.start;
    super::memory::check_fits(model, runs, super::memory::available_bytes())?;
    let (blocks, sketches) = run_blocks_with(model, range, seed, threads, progress, true)?;
    Ok(fold_blocks(model, runs, blocks, sketches))
}

/// Blocks folded as they complete, in run order: a block is appended to the total as soon as
/// every earlier block has been, then dropped, so the per-run records are held about once (not
/// once in the blocks and again in the total, 2 × 73 bytes a run for the baseline).
struct Folding {
    /// The next block index to fold.
    next: usize,
    total: Option<BlockOut>,
    /// Final sizes of the total's record vectors (reserved once, when block 0 arrives).
    sizes: [usize; 4],
}

impl Folding {
    fn fold(&mut self, slots: &[Mutex<Option<BlockOut>>]) {
        while let Some(block) = slots.get(self.next).and_then(|s| s.lock().expect("no panics while held").take()) {
            match &mut self.total {
                None => {
                    let mut t = block;
                    // As `fold_blocks` reserves: the same capacities, one allocation each.
                    t.params.reserve_exact(self.sizes[0] - t.params.len());
                    t.horizon.reserve_exact(self.sizes[1] - t.horizon.len());
                    t.pathway.reserve_exact(self.sizes[2] - t.pathway.len());
                    t.first_entry.reserve_exact(self.sizes[3] - t.first_entry.len());
                    self.total = Some(t);
                }
                Some(t) => t.append(block),
            }
            self.next += 1;
        }
    }
}

/// Merges blocks in run order (the fixed floating-point order every result uses).
pub fn fold_blocks(model: &Model, runs: u64, blocks: Vec<BlockOut>, sketches: Sketches) -> Aggregate {
    let size = |f: fn(&BlockOut) -> usize| blocks.iter().map(f).sum::<usize>();
    let sizes = [
        size(|b| b.params.len()),
        size(|b| b.horizon.len()),
        size(|b| b.pathway.len()),
        size(|b| b.first_entry.len()),
        size(|b| b.outcomes.len()),
    ];
    let mut blocks = blocks.into_iter();
    let mut total = blocks.next().unwrap_or_else(|| {
        BlockOut::new(model.horizon, &model.initial, model.pathways.len(), 0, model.uncertain.len())
    });
    // The run records' final sizes are known: one allocation each, not a doubling series of
    // copies (a million runs keep over 100 MB of them).
    total.params.reserve_exact(sizes[0] - total.params.len());
    total.horizon.reserve_exact(sizes[1] - total.horizon.len());
    total.pathway.reserve_exact(sizes[2] - total.pathway.len());
    total.first_entry.reserve_exact(sizes[3] - total.first_entry.len());
    total.outcomes.reserve_exact(sizes[4] - total.outcomes.len());
    for b in blocks {
        total.append(b);
    }
    Aggregate { runs, blocks: total, sketches }
}

/// Runs the run indices in `range` and returns each block's output, in run order, unmerged (a
/// shard keeps them so that a merge repeats the single-process order), and the merged sketches.
pub fn run_blocks(
    model: &Model,
    range: std::ops::Range<u64>,
    seed: u64,
    threads: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<(Vec<BlockOut>, Sketches)> {
    run_blocks_with(model, range, seed, threads, progress, false)
}

/// [`run_blocks`]; with `fold`, the blocks come back already folded into one (see [`Folding`]).
fn run_blocks_with(
    model: &Model,
    range: std::ops::Range<u64>,
    seed: u64,
    threads: usize,
    progress: &(dyn Fn(u64) + Sync),
    fold: bool,
) -> Result<(Vec<BlockOut>, Sketches)> {
    debug_assert_eq!(range.start % BLOCK, 0);
    let runs = range.end - range.start;
    let n_blocks = runs.div_ceil(BLOCK) as usize;
    let pool = thread_pool(threads)?;
    let workers = pool.current_num_threads().min(n_blocks.max(1));
    let next = AtomicU64::new(0);
    let slots: Vec<Mutex<Option<BlockOut>>> = (0..n_blocks).map(|_| Mutex::new(None)).collect();
    let sketches: Mutex<Vec<Sketches>> = Mutex::new(Vec::new());
    let (k, p, n) = (model.uncertain.len(), model.pathways.len(), runs as usize);
    let folding =
        Mutex::new(Folding { next: 0, total: None, sizes: [n * k, n * crate::model::vars::N_VARS, n, n * p] });

    pool.scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|_| {
                let mut worker = Worker::new(model);
                loop {
                    let b = next.fetch_add(1, Ordering::Relaxed);
                    // A Ctrl-C stops the workers between blocks (a block takes milliseconds).
                    if b >= n_blocks as u64 || crate::cancel::requested() {
                        break;
                    }
                    let first = range.start + b * BLOCK;
                    let last = (first + BLOCK).min(range.end);
                    let out = worker.run_block(model, seed, first..last);
                    *slots[b as usize].lock().expect("no panics while held") = Some(out);
                    if fold {
                        folding.lock().expect("no panics while held").fold(&slots);
                    }
                    progress(last - first);
                }
                sketches.lock().expect("no panics while held").push(worker.sketches);
            });
        }
    });

    crate::cancel::check()?;
    let mut all = Sketches::new(model.horizon);
    for s in sketches.into_inner().expect("no panics while held") {
        all.merge(&s);
    }
    if fold {
        let mut f = folding.into_inner().expect("no panics while held");
        f.fold(&slots);
        debug_assert_eq!(f.next, n_blocks, "every block folded");
        return Ok((f.total.into_iter().collect(), all));
    }
    let blocks = slots.into_iter().map(|s| s.into_inner().expect("no panics while held").expect("every block ran"));
    Ok((blocks.collect(), all))
}

/// A worker's reusable buffers: nothing is allocated per month, little per run.
struct Worker<'m> {
    sketches: Sketches,
    trajectories: Trajectories,
    params: crate::model::params::RunParams,
    sampled: Vec<f64>,
    clock: EventClock,
    entry: Vec<u16>,
    /// The model's outcomes, computed as each run goes.
    tracker: Tracker<'m>,
}

impl<'m> Worker<'m> {
    fn new(model: &'m Model) -> Worker<'m> {
        Worker {
            sketches: Sketches::new(model.horizon),
            trajectories: Trajectories::new(model.horizon),
            params: model.base.clone(),
            sampled: vec![0.0; model.uncertain.len()],
            clock: EventClock::default(),
            entry: vec![NEVER; model.pathways.len()],
            tracker: Tracker::new(&model.outcomes),
        }
    }

    fn run_block(&mut self, model: &Model, seed: u64, runs: std::ops::Range<u64>) -> BlockOut {
        let n = (runs.end - runs.start) as usize;
        let months = model.horizon as usize + 1;
        let mut block = BlockOut::new(model.horizon, &model.initial, model.pathways.len(), n, model.uncertain.len());
        let design = crate::engine::block_design::BlockDesign::new(model, seed, runs.clone());
        let with_outcomes = !model.outcomes.is_empty();
        block.outcomes.reserve_exact(n * model.outcomes.len());
        for run in runs {
            design.sample(model, seed, run, &mut self.params, &mut self.sampled);
            let mut streams = Streams::new(seed, run);
            self.entry.fill(NEVER);
            let mut rec =
                Recorder { trajectories: &mut self.trajectories, sums: &mut block.sums, entry: &mut self.entry };
            // Two monomorphised loops: a scenario without outcomes runs exactly the old one.
            let outcome = if with_outcomes {
                self.tracker.start();
                let o =
                    simulate(model, &self.params, &mut self.clock, &mut streams, &mut Tee(&mut rec, &mut self.tracker));
                block.outcomes.extend(self.tracker.values());
                o
            } else {
                simulate(model, &self.params, &mut self.clock, &mut streams, &mut rec)
            };
            rec.done();
            if self.trajectories.is_full() {
                self.trajectories.flush(&mut self.sketches);
            }
            block.params.extend(self.sampled.iter().map(|&x| x as f32));
            block.horizon.extend(outcome.state.iter().map(|&x| x as f32));
            block.pathway.push(outcome.pathway as u8);
            block.pathway_counts[outcome.pathway] += 1;
            for (p, &m) in self.entry.iter().enumerate() {
                if m != NEVER {
                    block.first_entry_counts[p * months + m as usize] += 1;
                }
            }
            block.first_entry.extend_from_slice(&self.entry);
        }
        self.trajectories.flush(&mut self.sketches);
        block.finish();
        block
    }
}

/// Quantiles reported per month and variable.
const QUANTILES: [f64; 5] = [0.05, 0.25, 0.5, 0.75, 0.95];

/// Turns merged statistics into the result every exporter and chart reads.
pub fn summarize(model: &Model, meta: RunMeta, resolved: serde_json::Value, agg: Aggregate) -> ScenarioResult {
    let months = model.horizon as usize + 1;
    let b = agg.blocks;
    let series = (0..months)
        .map(|m| {
            std::array::from_fn::<VarStats, N_VARS, _>(|v| {
                let i = m * N_VARS + v;
                let mo = &b.moments[i];
                let q = agg.sketches.cells[i].quantiles(&QUANTILES);
                let (min, max) = agg.sketches.cells[i].extremes();
                VarStats { mean: mo.mean, sd: mo.sd(), p5: q[0], p25: q[1], p50: q[2], p75: q[3], p95: q[4], min, max }
            })
        })
        .collect();
    let outcomes = crate::engine::outcomes::summarize(&model.outcomes, &b.outcomes, model.start);
    let records = RunRecords {
        param_names: model.uncertain.iter().map(|u| u.path.clone()).collect(),
        params: b.params,
        horizon: b.horizon,
        pathway: b.pathway,
        first_entry: b.first_entry,
        outcome_names: model.outcomes.iter().map(|o| o.name.clone()).collect(),
        outcomes: b.outcomes,
    };
    let representatives = representative_runs(&records, model.pathways.len());
    let pathways = model
        .pathways
        .iter()
        .enumerate()
        .map(|(p, def)| {
            let mut cum = 0u64;
            let first_entry_cdf = b.first_entry_counts[p * months..(p + 1) * months]
                .iter()
                .map(|&c| {
                    cum += c;
                    cum as f64 / agg.runs as f64
                })
                .collect();
            PathwayResult {
                name: def.name.clone(),
                description: def.description.clone(),
                probability: wilson(b.pathway_counts[p], agg.runs),
                first_entry_cdf,
                representative_run: representatives[p],
            }
        })
        .collect();
    ScenarioResult { meta, resolved, series, pathways, records, outcomes }
}
