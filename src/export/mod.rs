//! Result files: each format renders bytes from a [`ScenarioResult`]; [`atomic::write_atomic`]
//! is the only function that writes them.

pub mod atomic;
pub mod format;
pub mod headline;
pub mod paths_csv;
pub mod runs_csv;
pub mod summary_json;
pub mod timeseries_csv;

use crate::engine::result::ScenarioResult;
use crate::error::Result;

/// A result file format: its file name and how to render it.
pub struct Exporter {
    pub file_name: &'static str,
    pub render: fn(&ScenarioResult) -> Result<Vec<u8>>,
}

/// Every per-scenario result file.
pub const EXPORTERS: [Exporter; 3] = [
    Exporter { file_name: "summary.json", render: summary_json::render },
    Exporter { file_name: "timeseries.csv", render: timeseries_csv::render },
    Exporter { file_name: "runs.csv", render: runs_csv::render },
];
