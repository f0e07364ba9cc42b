//! What a sweep produces: the headline of every grid point, in grid order.

use crate::analysis::sweep::grid::Grid;
use crate::engine::result::{Proportion, ScenarioResult, VarStats};
use crate::model::vars::N_VARS;

/// One grid point's outcome.
#[derive(Debug, Clone)]
pub struct SweepPoint {
    /// The value on each axis.
    pub values: Vec<f64>,
    /// Probability of each of [`SweepResult::pathways`], in that order.
    pub pathways: Vec<Proportion>,
    /// Statistics of every variable at the horizon.
    pub horizon: [VarStats; N_VARS],
    /// The scenario's `[[outcomes]]`, in definition order.
    pub outcomes: Vec<SweepOutcome>,
}

/// An outcome's headline at one grid point: a probability with its 95% interval, or a mean
/// with the 90% range (p5–p95) of the runs.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SweepOutcome {
    pub name: String,
    /// `probability` or `mean`.
    pub measure: String,
    pub value: f64,
    pub low: f64,
    pub high: f64,
}

impl SweepOutcome {
    pub fn of(o: &crate::engine::outcomes::OutcomeResult) -> SweepOutcome {
        let (measure, value, low, high) = match (o.probability, o.distribution) {
            (Some(p), _) => ("probability", p.p, p.ci95_low, p.ci95_high),
            (None, Some(d)) => ("mean", d.mean, d.p5, d.p95),
            (None, None) => ("mean", f64::NAN, f64::NAN, f64::NAN),
        };
        SweepOutcome { name: o.name.clone(), measure: measure.into(), value, low, high }
    }
}

impl SweepPoint {
    pub fn from_result(values: Vec<f64>, r: &ScenarioResult) -> SweepPoint {
        SweepPoint {
            values,
            pathways: r.pathways.iter().map(|p| p.probability).collect(),
            horizon: *r.horizon_stats(),
            outcomes: r.outcomes.iter().map(SweepOutcome::of).collect(),
        }
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
    /// With `--outcome`: the index of the outcome the charts show instead of the pathways.
    pub outcome_focus: Option<usize>,
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
            crate::numbers::thousands(self.runs),
            self.seed,
            self.tool_version
        )
    }
}
