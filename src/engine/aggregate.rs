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

/// Runs whose bucket indices are buffered before they are counted into the sketches. Counting
/// a batch cell by cell keeps each cell's sketch window in cache for `BATCH` increments instead
/// of one: counting run by run touches ~600 windows per run (over a megabyte, more than a
/// core's L2) and is bound by cache misses. A cell's window (up to ~1,500 buckets of a count and a
/// sole value) is fetched afresh at each batch, so a larger batch spreads that cost over more
/// runs. Indices are `u16` and values `f32`, so a batch of 1,024 runs of a 48-month horizon
/// buffers 4.2 MB.
pub const BATCH: usize = 1024;

/// Buffered sketch input of up to [`BATCH`] runs: each run's bucket indices in one row (so a
/// run writes one contiguous stretch), read column by column when the batch is counted, and its
/// values in single precision beside them (the sketch reports a bucket whose runs share one value
/// exactly). The exact minimum and maximum of each cell are kept alongside, since a bucket index
/// loses them.
#[derive(Debug, Clone)]
pub struct Trajectories {
    cells: usize,
    buckets: Vec<u16>,
    values: Vec<f32>,
    min: Vec<f64>,
    max: Vec<f64>,
    filled: usize,
}

impl Trajectories {
    pub fn new(horizon: u32) -> Trajectories {
        let cells = (horizon as usize + 1) * N_VARS;
        Trajectories {
            cells,
            buckets: vec![0; cells * BATCH],
            values: vec![0.0; cells * BATCH],
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
        // Transposed a tile of TILE cells at a time: each row's stretch of the tile is one cache
        // line, read once, where a column read straight from the rows would fetch a line per run.
        // 8 cells: the two tiles (50 KB) stay in the L2 cache.
        const TILE: usize = 8;
        let rows = &self.buckets[..self.filled * self.cells];
        let value_rows = &self.values[..self.filled * self.cells];
        // Columns padded off a power-of-two stride, so that the stores of one row's stretch into
        // the tile's columns do not fall in the same cache sets.
        let mut tile = [[0u16; BATCH + 32]; TILE];
        let mut value_tile = [[0f32; BATCH + 16]; TILE];
        for first in (0..self.cells).step_by(TILE) {
            let width = TILE.min(self.cells - first);
            for (r, (row, values)) in rows.chunks_exact(self.cells).zip(value_rows.chunks_exact(self.cells)).enumerate()
            {
                for (column, &b) in tile.iter_mut().zip(&row[first..first + width]) {
                    column[r] = b;
                }
                for (column, &v) in value_tile.iter_mut().zip(&values[first..first + width]) {
                    column[r] = v;
                }
            }
            for (j, (column, values)) in tile[..width].iter().zip(&value_tile[..width]).enumerate() {
                let cell = first + j;
                let n = self.filled;
                sketches.cells[cell].insert_buckets(&column[..n], &values[..n], self.min[cell], self.max[cell]);
            }
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
        let row = t.filled * t.cells;
        let buckets = month_of(&mut t.buckets[row..row + t.cells], m);
        for v in 0..N_VARS {
            buckets[v] = bucket_of(state[v]) as u16;
        }
        let values = month_of(&mut t.values[row..row + t.cells], m);
        for v in 0..N_VARS {
            values[v] = state[v] as f32;
        }
        if self.entry[pathway] == NEVER {
            self.entry[pathway] = m as u16;
        }
    }
}
