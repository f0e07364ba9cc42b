//! Aggregating runs: per-month moments per block (merged in block order), quantile sketches per
//! worker (integer counts, exact in any order), pathway counts and first-entry months.

use crate::engine::result::NEVER;
use crate::model::sim::Observer;
use crate::model::vars::{ALL_VARS, N_VARS, State};
use crate::stats::moments::{Moments, ShiftedSums};
use crate::stats::sketch::{Sketch, Tally, bucket_of_single};

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
    /// Running sums while the block runs; emptied by [`BlockOut::finish`].
    pub sums: RunningSums,
    pub pathway_counts: Vec<u64>,
    /// `n_pathways × (horizon + 1)`: runs whose first entry into pathway p was in month m.
    pub first_entry_counts: Vec<u64>,
    pub params: Vec<f32>,
    pub horizon: Vec<f32>,
    pub pathway: Vec<u8>,
    pub first_entry: Vec<u16>,
    /// `runs × outcomes` per-run outcome values (empty when the model declares none).
    pub outcomes: Vec<f64>,
}

impl BlockOut {
    pub fn new(horizon: u32, initial: &State, n_pathways: usize, runs: usize, n_params: usize) -> BlockOut {
        let months = horizon as usize + 1;
        BlockOut {
            moments: vec![Moments::default(); months * N_VARS],
            sums: RunningSums::new(horizon, initial),
            pathway_counts: vec![0; n_pathways],
            first_entry_counts: vec![0; n_pathways * months],
            params: Vec::with_capacity(runs * n_params),
            horizon: Vec::with_capacity(runs * N_VARS),
            pathway: Vec::with_capacity(runs),
            first_entry: Vec::with_capacity(runs * n_pathways),
            outcomes: Vec::new(),
        }
    }

    /// Converts the running sums into moments once the block's runs are done.
    pub fn finish(&mut self) {
        self.moments = std::mem::take(&mut self.sums).moments();
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
        self.outcomes.extend_from_slice(&o.outcomes);
    }
}

/// Per-cell sums of one block's values, shifted by the starting state (see [`ShiftedSums`]), as
/// separate arrays so that a month's twelve values update them in a few vector instructions.
/// The count is the same for every cell, so it is kept once.
#[derive(Debug, Clone, Default)]
pub struct RunningSums {
    runs: u64,
    shift: [f64; N_VARS],
    s1: Vec<f64>,
    s2: Vec<f64>,
}

impl RunningSums {
    pub fn new(horizon: u32, initial: &State) -> RunningSums {
        let cells = (horizon as usize + 1) * N_VARS;
        RunningSums { runs: 0, shift: *initial, s1: vec![0.0; cells], s2: vec![0.0; cells] }
    }

    /// The moments of each cell, month-major.
    pub fn moments(&self) -> Vec<Moments> {
        let sums = self.s1.iter().zip(&self.s2).enumerate();
        sums.map(|(i, (&s1, &s2))| ShiftedSums { n: self.runs, shift: self.shift[i % N_VARS], s1, s2 }.to_moments())
            .collect()
    }
}

/// Runs whose values are buffered before they are counted into the sketches. Counting a batch
/// cell by cell keeps each cell's sketch window in cache for `BATCH` increments instead of one:
/// counting run by run touches ~700 windows per run (megabytes, more than a core's L2) and is
/// bound by cache misses. A cell's window (up to ~1,500 buckets of a count and a sole value) is
/// fetched afresh at each batch, so a larger batch spreads that cost over more runs. Values are
/// `f32`, so a batch of 1,024 runs of a 48-month horizon buffers 2.9 MB.
pub const BATCH: usize = 1024;

/// Distance between two cells' columns, in values: a batch plus one cache line, so that the
/// fourteen stores of a month (one per variable, each into its own column) fall in different
/// cache sets instead of all in one (a power-of-two stride would put them there).
const STRIDE: usize = BATCH + 16;

/// Buffered sketch input of up to [`BATCH`] runs, in single precision (as runs.csv records
/// values), one column per cell (month and variable): a run writes one value into each column,
/// and the batch is counted column by column, reading each straight through. The exact minimum
/// and maximum of each cell are kept alongside.
#[derive(Debug, Clone)]
pub struct Trajectories {
    values: Vec<f32>,
    min: Vec<f64>,
    max: Vec<f64>,
    filled: usize,
    tally: Tally,
}

impl Trajectories {
    pub fn new(horizon: u32) -> Trajectories {
        let cells = (horizon as usize + 1) * N_VARS;
        Trajectories {
            values: vec![0.0; cells * STRIDE],
            min: vec![f64::INFINITY; cells],
            max: vec![f64::NEG_INFINITY; cells],
            filled: 0,
            tally: Tally::new(),
        }
    }

    pub fn is_full(&self) -> bool {
        self.filled == BATCH
    }

    /// Counts the buffered runs into the worker's sketches (integer counts: order does not matter).
    /// Only the stepped variables' sketches track shared values (see [`Var::is_stepped`]).
    pub fn flush(&mut self, sketches: &mut Sketches) {
        if self.filled == 0 {
            return;
        }
        let n = self.filled;
        let mut buckets = [0u16; BATCH];
        for (cell, column) in self.values.chunks_exact(STRIDE).enumerate() {
            let values = &column[..n];
            for (b, &v) in buckets.iter_mut().zip(values) {
                *b = bucket_of_single(v) as u16;
            }
            let tracked = ALL_VARS[cell % N_VARS].is_stepped().then_some(values);
            sketches.cells[cell].insert_buckets(
                &buckets[..n],
                tracked,
                self.min[cell],
                self.max[cell],
                &mut self.tally,
            );
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
    pub sums: &'a mut RunningSums,
    /// This run's first-entry months, one per pathway.
    pub entry: &'a mut [u16],
}

impl Recorder<'_> {
    pub fn done(self) {
        self.trajectories.filled += 1;
        self.sums.runs += 1;
    }
}

/// The `N_VARS` entries of month `m` in a month-major per-cell array, as a fixed-size array so
/// that the loop over variables has no bounds checks.
#[inline]
fn month_of<T>(cells: &mut [T], m: usize) -> &mut [T; N_VARS] {
    (&mut cells[m * N_VARS..(m + 1) * N_VARS]).try_into().expect("N_VARS entries")
}

/// Adds one month's values to the sums and extremes of its cells. A function of its own, so
/// that the arrays are known not to overlap and the loop compiles to vector instructions.
#[inline]
fn accumulate(
    state: &State,
    shift: &State,
    s1: &mut [f64; N_VARS],
    s2: &mut [f64; N_VARS],
    min: &mut [f64; N_VARS],
    max: &mut [f64; N_VARS],
) {
    for v in 0..N_VARS {
        let x = state[v];
        let d = x - shift[v];
        s1[v] += d;
        s2[v] += d * d;
        // Plain comparisons (not f64::min) compile to one instruction each.
        min[v] = if x < min[v] { x } else { min[v] };
        max[v] = if x > max[v] { x } else { max[v] };
    }
}

impl Observer for Recorder<'_> {
    #[inline]
    fn month(&mut self, m: u32, state: &State, pathway: usize) {
        let m = m as usize;
        let t = &mut *self.trajectories;
        let shift = &self.sums.shift;
        let (s1, s2) = (month_of(&mut self.sums.s1, m), month_of(&mut self.sums.s2, m));
        let (min, max) = (month_of(&mut t.min, m), month_of(&mut t.max, m));
        accumulate(state, shift, s1, s2, min, max);
        // The month's fourteen columns, as arrays: with the one check that the batch has room,
        // the fourteen stores need no bounds check of their own.
        let (columns, _) = t.values[m * N_VARS * STRIDE..(m + 1) * N_VARS * STRIDE].as_chunks_mut::<STRIDE>();
        let filled = t.filled;
        assert!(filled < BATCH, "a full batch is flushed before the next run");
        for (column, &x) in columns.iter_mut().zip(state) {
            column[filled] = x as f32;
        }
        if self.entry[pathway] == NEVER {
            self.entry[pathway] = m as u16;
        }
    }
}
