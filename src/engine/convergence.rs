//! Running until the pathway probabilities are known well enough: `pathways run --precision`.
//!
//! Runs are added in chunks whose boundaries are multiples of the engine's [`BLOCK`] and depend
//! only on how many runs are done (never on threads or timing); after each chunk the 95% Wilson
//! half-width of every pathway probability is checked against the requested precision. The
//! result is therefore the same for any thread count, and a run with the same seed and a larger
//! `--max-runs` reproduces the same first runs.

use crate::engine::aggregate::BLOCK;
use crate::engine::runner::{Aggregate, run_range};
use crate::error::Result;
use crate::model::params::Model;
use crate::stats::proportion::Proportion;
use crate::stats::proportion::wilson;
use serde::Serialize;

/// The first chunk: four blocks, enough for every pathway to show up before the first check.
pub const FIRST_CHUNK: u64 = 4 * BLOCK;
/// Default cap on the runs `--precision` may use.
pub const DEFAULT_MAX_RUNS: u64 = 1_000_000;

/// When to stop adding runs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Stopping {
    /// Largest allowed 95% CI half-width of any pathway probability (0.01 = ±1 point).
    pub precision: f64,
    pub max_runs: u64,
}

/// How a precision-driven run ended: reported on stdout and in summary.json.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Report {
    pub precision: f64,
    pub max_runs: u64,
    pub runs_used: u64,
    /// Largest 95% CI half-width of any pathway probability at the end.
    pub max_half_width: f64,
    /// Whether the precision was reached (false: stopped at `max_runs`).
    pub converged: bool,
}

/// Half the width of the 95% Wilson interval.
pub fn half_width(p: &Proportion) -> f64 {
    (p.ci_high - p.ci_low) / 2.0
}

/// The largest half-width over pathway `counts` out of `total` runs.
pub fn max_half_width(counts: &[u64], total: u64) -> f64 {
    counts.iter().map(|&c| half_width(&wilson(c, total))).fold(0.0, f64::max)
}

/// The run count after the chunk that follows `done` runs: the first chunk, then a quarter more
/// each time (rounded up to whole blocks), never past `max_runs`.
pub fn next_checkpoint(done: u64, max_runs: u64) -> u64 {
    let step = if done == 0 { FIRST_CHUNK } else { (done / 4).div_ceil(BLOCK).max(1) * BLOCK };
    (done + step).min(max_runs)
}

/// Adds chunks of runs until the precision is met or `max_runs` is reached. `run_chunk` runs
/// the given range of run indices and returns its pathway counts. Returns the report.
pub fn until_precise(
    stop: Stopping,
    mut run_chunk: impl FnMut(std::ops::Range<u64>) -> Result<Vec<u64>>,
) -> Result<Report> {
    let mut done = 0;
    let mut counts: Vec<u64> = Vec::new();
    loop {
        let next = next_checkpoint(done, stop.max_runs);
        let chunk = run_chunk(done..next)?;
        if counts.is_empty() {
            counts = chunk;
        } else {
            counts.iter_mut().zip(chunk).for_each(|(a, b)| *a += b);
        }
        done = next;
        let hw = max_half_width(&counts, done);
        if hw <= stop.precision || done >= stop.max_runs {
            return Ok(Report {
                precision: stop.precision,
                max_runs: stop.max_runs,
                runs_used: done,
                max_half_width: hw,
                converged: hw <= stop.precision,
            });
        }
    }
}

/// Runs `model` until every pathway probability is within `stop.precision` (95% CI half-width).
pub fn run_until(
    model: &Model,
    seed: u64,
    threads: usize,
    stop: Stopping,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<(Aggregate, Report)> {
    // The chunks' records add up to at most --max-runs: check that total, not each chunk.
    crate::engine::memory::check_fits(model, stop.max_runs, crate::engine::memory::available_bytes())?;
    let mut total: Option<Aggregate> = None;
    let report = until_precise(stop, |range| {
        let a = run_range(model, range, seed, threads, progress)?;
        let counts = a.blocks.pathway_counts.clone();
        match &mut total {
            None => total = Some(a),
            Some(t) => {
                t.runs += a.runs;
                t.sketches.merge(&a.sketches);
                t.blocks.append(a.blocks);
            }
        }
        Ok(counts)
    })?;
    Ok((total.expect("at least one chunk ran"), report))
}

/// The running estimate of each pathway's probability, at every block boundary.
#[derive(Debug, Clone, PartialEq)]
pub struct Trace {
    /// Runs done at each point.
    pub runs: Vec<u64>,
    /// `estimates[p][i]`: pathway p after `runs[i]` runs.
    pub estimates: Vec<Vec<Proportion>>,
}

/// The trace of per-run pathway labels (in run order) over `n_pathways` pathways.
pub fn trace(labels: &[u8], n_pathways: usize) -> Trace {
    let mut counts = vec![0u64; n_pathways];
    let mut t = Trace { runs: Vec::new(), estimates: vec![Vec::new(); n_pathways] };
    for (i, &l) in labels.iter().enumerate() {
        if let Some(c) = counts.get_mut(l as usize) {
            *c += 1;
        }
        let done = i as u64 + 1;
        if done.is_multiple_of(BLOCK) || i + 1 == labels.len() {
            t.runs.push(done);
            for (p, &c) in counts.iter().enumerate() {
                t.estimates[p].push(wilson(c, done));
            }
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sampling::rng::{Stream, stream};
    use rand::RngExt;

    /// Bernoulli "pathways" with probabilities 0.3 / 0.7, one draw per run from its own stream.
    fn chunk(range: std::ops::Range<u64>) -> Result<Vec<u64>> {
        let mut c = vec![0, 0];
        for run in range {
            let u: f64 = stream(1, run, Stream::Dynamics).random();
            c[usize::from(u >= 0.3)] += 1;
        }
        Ok(c)
    }

    #[test]
    fn stops_at_or_under_the_requested_precision() {
        for precision in [0.02, 0.01, 0.005] {
            let r = until_precise(Stopping { precision, max_runs: 1_000_000 }, chunk).unwrap();
            assert!(r.converged && r.max_half_width <= precision, "{r:?}");
            assert!(r.runs_used.is_multiple_of(BLOCK));
            // p(1 − p) = 0.21 needs about 0.21 (1.96 / h)² runs; chunks overshoot by at most 25%.
            let need = 0.21 * (1.96 / precision).powi(2);
            assert!((r.runs_used as f64) < 1.3 * need + FIRST_CHUNK as f64, "{r:?} vs {need}");
        }
    }

    #[test]
    fn never_exceeds_max_runs() {
        let r = until_precise(Stopping { precision: 0.001, max_runs: 10_000 }, chunk).unwrap();
        assert_eq!(r.runs_used, 10_000);
        assert!(!r.converged && r.max_half_width > 0.001);
        let r = until_precise(Stopping { precision: 0.5, max_runs: 100 }, chunk).unwrap();
        assert!(r.runs_used <= 100);
    }

    #[test]
    fn checkpoints_are_block_multiples_that_do_not_depend_on_anything_but_the_count() {
        let mut done = 0;
        while done < 200_000 {
            let next = next_checkpoint(done, u64::MAX);
            assert!(next > done && next.is_multiple_of(BLOCK));
            done = next;
        }
        assert_eq!(next_checkpoint(4096, 5000), 5000);
    }

    #[test]
    fn trace_points_fall_on_block_boundaries_and_the_last_run() {
        let labels: Vec<u8> = (0..2500).map(|i| (i % 3 == 0) as u8).collect();
        let t = trace(&labels, 2);
        assert_eq!(t.runs, vec![1024, 2048, 2500]);
        assert_eq!(t.estimates[1][2].count, 834);
    }
}
