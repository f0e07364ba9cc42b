//! The `summary.json` document as types: written by [`crate::export::summary_json`] and read back
//! by [`crate::export::read_result`] (for `compare` and `merge`) through the same fields, so the
//! two cannot drift apart. Field order is the file's key order.

use crate::engine::outcomes::OutcomeResult;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The `format` a summary declares.
pub const FORMAT: &str = "pathways-summary/1";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SummaryDoc {
    /// Absent from summaries written before the key existed.
    #[serde(default)]
    pub format: String,
    pub manifest: ManifestDoc,
    /// The last month's statistics: written for readers of the file, not read back.
    #[serde(default)]
    pub horizon: HorizonDoc,
    pub pathways: Vec<PathwayDoc>,
    #[serde(default)]
    pub notes: NotesDoc,
    /// Written only by scenarios that declare `[[outcomes]]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outcomes: Vec<OutcomeResult>,
    /// Written only by runs to a precision (`--precision`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub convergence: Option<Value>,
}

/// Who ran what, with which inputs. The keys a reader needs are required; the others default,
/// as older summaries may lack them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ManifestDoc {
    #[serde(default)]
    pub tool_version: String,
    pub scenario: String,
    /// The output folder (differs from the name for `--set` runs and non-ASCII names).
    #[serde(default)]
    pub folder: Option<String>,
    /// The `--set` overrides the run was made with.
    #[serde(default)]
    pub overrides: Vec<String>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub scenario_file: String,
    /// The scenario files it extends, nearest first.
    #[serde(default)]
    pub extends: Vec<String>,
    #[serde(deserialize_with = "crate::read::sha256")]
    pub scenario_sha256: String,
    pub seed: u64,
    pub runs: u64,
    /// The first month, `YYYY-MM`.
    pub start: String,
    pub horizon_months: u32,
    #[serde(default)]
    pub command_line: String,
    #[serde(default)]
    pub resolved: Value,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct HorizonDoc {
    pub month: String,
    pub variables: Vec<VariableDoc>,
}

/// One variable at the horizon. A statistic that is not a finite number is `null`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VariableDoc {
    pub variable: String,
    pub display: String,
    pub unit: String,
    pub mean: Option<f64>,
    pub mean_std_error: Option<f64>,
    pub sd: Option<f64>,
    pub p5: Option<f64>,
    pub p25: Option<f64>,
    pub p50: Option<f64>,
    pub p75: Option<f64>,
    pub p95: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PathwayDoc {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub probability: f64,
    pub ci95_low: f64,
    pub ci95_high: f64,
    /// Absent from summaries written before the key existed.
    #[serde(default)]
    pub std_error: Option<f64>,
    pub runs: u64,
    pub representative_run: Option<u64>,
}

/// How to read the numbers.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct NotesDoc {
    pub confidence_intervals: String,
    pub quantiles: String,
    pub standard_errors: String,
    pub representative_run: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcomes: Option<String>,
}

/// `v` if it is a finite number: JSON has no NaN or infinity (serde_json writes them as `null`).
pub fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}
