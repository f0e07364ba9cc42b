//! Result files: each format renders bytes from a [`ScenarioResult`] (runs.csv streams them);
//! a scenario's folder is written as one unit through [`staged::Staged`], other files one by one
//! by [`atomic::write_atomic`].

pub mod atomic;
pub mod batch_tables;
pub mod brief;
pub mod calibrate;
pub mod compare;
pub mod convergence;
pub mod csv_table;
pub mod explain;
pub mod headline;
pub mod list;
pub mod paths_csv;
pub mod read_result;
pub mod result_files;
pub mod runs_csv;
pub mod score;
pub mod sensitivity;
pub mod shard;
pub mod shell;
pub mod signposts;
pub mod staged;
pub mod summary_doc;
pub mod summary_json;
pub mod sweep;
pub mod timeseries_csv;
pub mod trace;

use crate::engine::result::ScenarioResult;
use crate::error::Result;

/// A result file format: its file name and how to render it.
pub struct Exporter {
    pub file_name: &'static str,
    pub render: fn(&ScenarioResult) -> Result<Vec<u8>>,
}

/// Every per-scenario result file rendered whole; `runs.csv` ([`runs_csv::write_to`]) is
/// streamed beside them.
pub const EXPORTERS: [Exporter; 2] = [
    Exporter { file_name: "summary.json", render: summary_json::render },
    Exporter { file_name: "timeseries.csv", render: timeseries_csv::render },
];
