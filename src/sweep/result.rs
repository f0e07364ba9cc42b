//! What a sweep produces: the headline of every grid point, in grid order.

use crate::engine::result::{Proportion, ScenarioResult, VarStats};
use crate::model::vars::N_VARS;
use crate::sweep::grid::Grid;

/// One grid point's outcome.
#[derive(Debug, Clone)]
pub struct SweepPoint {
    /// The value on each axis.
    pub values: Vec<f64>,
    /// Probability of each of [`SweepResult::pathways`], in that order.
    pub pathways: Vec<Proportion>,
    /// Statistics of every variable at the horizon.
    pub horizon: [VarStats; N_VARS],
}

impl SweepPoint {
    pub fn from_result(values: Vec<f64>, r: &ScenarioResult) -> SweepPoint {
        SweepPoint { values, pathways: r.pathways.iter().map(|p| p.probability).collect(), horizon: *r.horizon_stats() }
    }
}

/// A whole sweep.
#[derive(Debug, Clone)]
pub struct SweepResult {
    pub scenario: String,
    pub grid: Grid,
    /// Pathway names, in the scenario's order.
    pub pathways: Vec<String>,
    /// Row-major over the grid (the last axis varies fastest).
    pub points: Vec<SweepPoint>,
    /// Index in `pathways` of the pathway a heatmap shows.
    pub focus: usize,
    pub runs: u64,
    pub seed: u64,
    pub tool_version: String,
}

impl SweepResult {
    /// Provenance for chart footers.
    pub fn footer(&self) -> String {
        format!(
            "{} · sweep of {} points × {} runs · seed {} (common random numbers) · pathways {}",
            self.scenario,
            self.points.len(),
            crate::export::format::thousands(self.runs),
            self.seed,
            self.tool_version
        )
    }
}
