//! Aggregating runs: per-month moments per block (merged in block order), quantile sketches per
//! worker (integer counts, exact in any order), pathway counts and first-entry months.

use crate::engine::result::NEVER;
use crate::model::sim::Observer;
use crate::model::vars::{N_VARS, State};
use crate::stats::moments::Moments;
use crate::stats::sketch::Sketch;

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
    /// `(horizon + 1) × N_VARS`, month-major.
    pub moments: Vec<Moments>,
    pub pathway_counts: Vec<u64>,
    /// `n_pathways × (horizon + 1)`: runs whose first entry into pathway p was in month m.
    pub first_entry_counts: Vec<u64>,
    pub params: Vec<f32>,
    pub horizon: Vec<f32>,
    pub pathway: Vec<u8>,
    pub first_entry: Vec<u16>,
}

impl BlockOut {
    pub fn new(horizon: u32, n_pathways: usize, runs: usize, n_params: usize) -> BlockOut {
        let months = horizon as usize + 1;
        BlockOut {
            moments: vec![Moments::default(); months * N_VARS],
            pathway_counts: vec![0; n_pathways],
            first_entry_counts: vec![0; n_pathways * months],
            params: Vec::with_capacity(runs * n_params),
            horizon: Vec::with_capacity(runs * N_VARS),
            pathway: Vec::with_capacity(runs),
            first_entry: Vec::with_capacity(runs * n_pathways),
        }
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

/// The observer that feeds one run into a block's and a worker's statistics.
pub struct Recorder<'a> {
    pub block: &'a mut BlockOut,
    pub sketches: &'a mut Sketches,
    /// This run's first-entry months, one per pathway.
    pub entry: &'a mut [u16],
}

impl Observer for Recorder<'_> {
    #[inline]
    fn month(&mut self, m: u32, state: &State, pathway: usize) {
        let base = m as usize * N_VARS;
        let moments = &mut self.block.moments[base..base + N_VARS];
        let sketches = &mut self.sketches.cells[base..base + N_VARS];
        for ((mo, sk), &x) in moments.iter_mut().zip(sketches.iter_mut()).zip(state) {
            mo.insert(x);
            sk.insert(x);
        }
        if self.entry[pathway] == NEVER {
            self.entry[pathway] = m as u16;
        }
    }
}
