//! What a Monte Carlo run of one scenario produces: the value every exporter and chart reads.

use crate::model::calendar::YearMonth;
use crate::model::vars::N_VARS;
use serde::Serialize;

/// Lives with its interval in [`crate::stats::proportion`]; named here too because results hold it.
pub use crate::stats::proportion::Proportion;

/// Who made a result and with what: printed in file manifests and chart footers.
#[derive(Debug, Clone, Serialize)]
pub struct RunMeta {
    /// `[scenario] name`: free text.
    pub scenario: String,
    /// The result's folder under the output folder, derived from the name and the overrides
    /// (see [`crate::engine::folder`]).
    pub folder: String,
    /// The `--set` overrides of the scenario's assumptions (not of `simulation.*`), as given.
    pub overrides: Vec<String>,
    pub description: String,
    /// The scenario file as given on the command line.
    pub file: String,
    /// The files it extends, nearest parent first (paths as `file` gives them, each resolved
    /// from the folder of the file that names it). Picks the reference of a comparison.
    pub extends: Vec<String>,
    /// SHA-256 of the scenario file's bytes, lowercase hex.
    pub sha256: String,
    pub seed: u64,
    pub runs: u64,
    pub start: YearMonth,
    pub horizon_months: u32,
    /// `CARGO_PKG_VERSION` of the tool.
    pub tool_version: String,
    /// The command line that produced the result.
    pub command_line: String,
    /// How a `--precision` run stopped; `None` for a fixed number of runs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub convergence: Option<crate::engine::convergence::Report>,
}

impl RunMeta {
    /// First 8 hex digits of the scenario hash, for chart footers; with `--set` overrides, of
    /// the hash of the file's hash and the overrides, so that a chart of an override never
    /// carries the plain scenario's hash.
    pub fn short_hash(&self) -> String {
        let full = if self.overrides.is_empty() {
            self.sha256.clone()
        } else {
            let mut parts = vec![self.sha256.clone()];
            parts.extend(self.overrides.iter().cloned());
            crate::engine::folder::overrides_hash(&parts)
        };
        // By characters: a hash is checked as hex where it is read, but a slice by bytes would
        // panic on anything else that got through.
        full.chars().take(8).collect()
    }

    /// "baseline · 3f2a9c1e · 10,000 runs · seed 42 · pathways 0.1.0"
    pub fn footer(&self) -> String {
        let set = match self.overrides.len() {
            0 => String::new(),
            1 => format!(" (--set {})", self.overrides[0]),
            n => format!(" ({n} --set overrides)"),
        };
        format!(
            "{}{set} · {} · {} runs · seed {} · pathways {}",
            self.scenario,
            self.short_hash(),
            crate::numbers::thousands(self.runs),
            self.seed,
            self.tool_version
        )
    }

    /// Calendar month of model month `m`.
    pub fn month(&self, m: u32) -> YearMonth {
        self.start.plus(m)
    }
}

/// Distribution summary of one variable in one month.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct VarStats {
    pub mean: f64,
    pub sd: f64,
    pub p5: f64,
    pub p25: f64,
    pub p50: f64,
    pub p75: f64,
    pub p95: f64,
    /// Exact extremes over the runs.
    pub min: f64,
    pub max: f64,
}

/// One pathway class's outcome over all runs.
#[derive(Debug, Clone, Serialize)]
pub struct PathwayResult {
    pub name: String,
    pub description: String,
    /// Share of runs labelled with this pathway at the horizon.
    pub probability: Proportion,
    /// Entry `m`: share of runs that had been in this pathway at some month ≤ m
    /// (cumulative first-entry probability, months 0..=horizon).
    pub first_entry_cdf: Vec<f64>,
    /// The run that best stands for this pathway (see [`crate::engine::representative`]);
    /// `None` when no run ended in it.
    pub representative_run: Option<u64>,
}

/// Compact per-run records, row-major (`runs` rows).
#[derive(Debug, Clone, Default)]
pub struct RunRecords {
    /// Paths of the uncertain parameters (`agents.us.aggression`), one column each.
    pub param_names: Vec<String>,
    /// `runs × param_names.len()` sampled values.
    pub params: Vec<f32>,
    /// `runs × N_VARS` values at the horizon, in registry order.
    pub horizon: Vec<f32>,
    /// Pathway index per run.
    pub pathway: Vec<u8>,
    /// `runs × n_pathways` first month the run was in each pathway; [`NEVER`] if never.
    pub first_entry: Vec<u16>,
    /// Names of the scenario's outcomes, one column each.
    pub outcome_names: Vec<String>,
    /// `runs × outcome_names.len()` per-run outcome values (NaN: none, for `first`).
    pub outcomes: Vec<f64>,
}

/// Marks a pathway a run never entered.
pub const NEVER: u16 = u16::MAX;

impl RunRecords {
    pub fn len(&self) -> usize {
        self.pathway.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pathway.is_empty()
    }

    /// Horizon values of run `r`.
    pub fn horizon_of(&self, r: usize) -> &[f32] {
        &self.horizon[r * N_VARS..(r + 1) * N_VARS]
    }

    /// Horizon values of variable `var` (registry index) over all runs.
    pub fn horizon_column(&self, var: usize) -> Vec<f64> {
        self.horizon.chunks_exact(N_VARS).map(|row| row[var] as f64).collect()
    }
}

/// The full result of one scenario.
#[derive(Debug, Clone)]
pub struct ScenarioResult {
    pub meta: RunMeta,
    /// The resolved scenario (after `extends` and `--set`), as JSON.
    pub resolved: serde_json::Value,
    /// `series[m][v]`: statistics of variable `v` (registry index) in month `m`, m = 0..=horizon.
    pub series: Vec<[VarStats; N_VARS]>,
    /// Pathways in definition order (the last is the catch-all).
    pub pathways: Vec<PathwayResult>,
    pub records: RunRecords,
    /// The scenario's `[[outcomes]]` over all runs, in definition order.
    pub outcomes: Vec<crate::engine::outcomes::OutcomeResult>,
}

impl ScenarioResult {
    /// Statistics at the horizon.
    pub fn horizon_stats(&self) -> &[VarStats; N_VARS] {
        self.series.last().expect("a result has at least the start month")
    }
}

/// Pathway names over several results, in order of first appearance.
pub fn pathway_names<'a>(results: impl IntoIterator<Item = &'a ScenarioResult>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for r in results {
        for p in &r.pathways {
            if !names.contains(&p.name) {
                names.push(p.name.clone());
            }
        }
    }
    names
}
