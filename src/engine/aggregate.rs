//! Aggregating runs: per-month moments per block (merged in block order), quantile sketches per
//! worker (integer counts, exact in any order), pathway counts and first-entry months.

use crate::engine::result::NEVER;
use crate::model::sim::Observer;
use crate::model::vars::{N_VARS, State};
use crate::stats::moments::{Moments, ShiftedSums};
use crate::stats::sketch::{Sketch, bucket_of};

/// Runs per block. Blocks are the unit of parallel work and of floating-point merging: a
/// constant, so results do not depend on the number of threads.
pub const BLOCK: u64 = 1024;

/// Order-independent statistics a worker accumulates over all the runs it does.
#[derive(Debug, Clone)]
pub struct Sketches {
    /// `(horizon + 1) × N_VARS`, month-major.
    pub cells: Vec<Sketch>,
}

impl Sketches {
    pub fn new(horizon: u32) -> Sketches {
        Sketches { cells: vec![Sketch::default(); (horizon as usize + 1) * N_VARS] }
    }

    pub fn merge(&mut self, other: &Sketches) {
        for (a, b) in self.cells.iter_mut().zip(&other.cells) {
            a.merge(b);
        }
    }
}

/// What one block of runs produces.
#[derive(Debug, Clone)]
pub struct BlockOut {
    /// `(horizon + 1) × N_VARS`, month-major; filled from `sums` by [`BlockOut::finish`].
    pub moments: Vec<Moments>,
    /// Running sums while the block runs (shifted by the starting state).
    pub sums: Vec<ShiftedSums>,
    pub pathway_counts: Vec<u64>,
    /// `n_pathways × (horizon + 1)`: runs whose first entry into pathway p was in month m.
    pub first_entry_counts: Vec<u64>,
    pub params: Vec<f32>,
    pub horizon: Vec<f32>,
    pub pathway: Vec<u8>,
    pub first_entry: Vec<u16>,
}

impl BlockOut {
    pub fn new(horizon: u32, initial: &State, n_pathways: usize, runs: usize, n_params: usize) -> BlockOut {
        let months = horizon as usize + 1;
        BlockOut {
            moments: vec![Moments::default(); months * N_VARS],
            sums: (0..months * N_VARS).map(|i| ShiftedSums::new(initial[i % N_VARS])).collect(),
            pathway_counts: vec![0; n_pathways],
            first_entry_counts: vec![0; n_pathways * months],
            params: Vec::with_capacity(runs * n_params),
            horizon: Vec::with_capacity(runs * N_VARS),
            pathway: Vec::with_capacity(runs),
            first_entry: Vec::with_capacity(runs * n_pathways),
        }
    }

    /// Converts the running sums into moments once the block's runs are done.
    pub fn finish(&mut self) {
        self.moments = self.sums.iter().map(ShiftedSums::to_moments).collect();
        self.sums = Vec::new();
    }

    /// Adds a later block (in run order).
    pub fn append(&mut self, o: BlockOut) {
        for (a, b) in self.moments.iter_mut().zip(&o.moments) {
            a.merge(b);
        }
        for (a, b) in self.pathway_counts.iter_mut().zip(&o.pathway_counts) {
            *a += b;
        }
        for (a, b) in self.first_entry_counts.iter_mut().zip(&o.first_entry_counts) {
            *a += b;
        }
        self.params.extend_from_slice(&o.params);
        self.horizon.extend_from_slice(&o.horizon);
        self.pathway.extend_from_slice(&o.pathway);
        self.first_entry.extend_from_slice(&o.first_entry);
    }
}

/// Runs whose bucket indices are buffered before they are counted into the sketches. Counting
/// a batch cell by cell keeps each cell's sketch window in cache for `BATCH` increments instead
/// of one: counting run by run touches ~600 windows per run (over a megabyte, more than a
/// core's L2) and is bound by cache misses. Indices are `u16`, so a batch of 256 runs of a
/// 48-month horizon buffers 300 KB.
pub const BATCH: usize = 256;

/// Buffered sketch input of up to [`BATCH`] runs, cell-major: the runs' bucket indices of one
/// (month, variable) cell are contiguous, so a flush counts each cell's column in one sweep.
/// The exact minimum and maximum of each cell are kept alongside, since a bucket index loses them.
#[derive(Debug, Clone)]
pub struct Trajectories {
    buckets: Vec<u16>,
    min: Vec<f64>,
    max: Vec<f64>,
    filled: usize,
}

impl Trajectories {
    pub fn new(horizon: u32) -> Trajectories {
        let cells = (horizon as usize + 1) * N_VARS;
        Trajectories {
            buckets: vec![0; cells * BATCH],
            min: vec![f64::INFINITY; cells],
            max: vec![f64::NEG_INFINITY; cells],
            filled: 0,
        }
    }

    pub fn is_full(&self) -> bool {
        self.filled == BATCH
    }

    /// Counts the buffered runs into the worker's sketches (integer counts: order does not matter).
    pub fn flush(&mut self, sketches: &mut Sketches) {
        if self.filled == 0 {
            return;
        }
        for (cell, column) in self.buckets.chunks_exact(BATCH).enumerate() {
            sketches.cells[cell].insert_buckets(&column[..self.filled], self.min[cell], self.max[cell]);
        }
        self.min.fill(f64::INFINITY);
        self.max.fill(f64::NEG_INFINITY);
        self.filled = 0;
    }
}

/// The observer that records one run: its values into the block's running sums (in run order,
/// so the sums are the same for any thread count), their buckets into the batch buffer, and its
/// first month in each pathway. Call [`Recorder::done`] after the run.
pub struct Recorder<'a> {
    pub trajectories: &'a mut Trajectories,
    pub sums: &'a mut [ShiftedSums],
    /// This run's first-entry months, one per pathway.
    pub entry: &'a mut [u16],
}

impl Recorder<'_> {
    pub fn done(self) {
        self.trajectories.filled += 1;
    }
}

impl Observer for Recorder<'_> {
    #[inline]
    fn month(&mut self, m: u32, state: &State, pathway: usize) {
        let t = &mut *self.trajectories;
        let first = m as usize * N_VARS;
        let sums = &mut self.sums[first..first + N_VARS];
        let min = &mut t.min[first..first + N_VARS];
        let max = &mut t.max[first..first + N_VARS];
        for (v, &x) in state.iter().enumerate() {
            sums[v].insert(x);
            // Plain comparisons (not f64::min) compile to one instruction each.
            min[v] = if x < min[v] { x } else { min[v] };
            max[v] = if x > max[v] { x } else { max[v] };
            t.buckets[(first + v) * BATCH + t.filled] = bucket_of(x) as u16;
        }
        if self.entry[pathway] == NEVER {
            self.entry[pathway] = m as u16;
        }
    }
}
