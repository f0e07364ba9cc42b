//! The batch tables: one entry per scenario of a batch (or a merge), by name, and the failures.

use crate::diagnostic::Diagnostic;
use crate::engine::result::ScenarioResult;
use crate::error::{Error, Result};
use crate::export::headline;
use serde_json::json;

/// `batch.csv` and `batch.json` as (file name, bytes): one entry per scenario, by name, and the
/// failures.
pub fn table_files(results: &[ScenarioResult], failed: &[Diagnostic]) -> Result<Vec<(String, Vec<u8>)>> {
    let names = headline::pathway_names(results);
    let mut header: Vec<String> = ["scenario", "file", "runs", "seed"].map(String::from).to_vec();
    header.extend(headline::header(&names));
    let rows: Vec<Vec<String>> = results
        .iter()
        .map(|r| {
            let mut row =
                vec![r.meta.scenario.clone(), r.meta.file.clone(), r.meta.runs.to_string(), r.meta.seed.to_string()];
            row.extend(headline::fields(r, &names));
            row
        })
        .collect();
    let csv = headline::csv(&header, &rows)?;

    let scenarios: Vec<serde_json::Value> = results
        .iter()
        .map(|r| {
            let mut v = json!({
                "scenario": r.meta.scenario,
                "file": r.meta.file,
                "sha256": r.meta.sha256,
                "runs": r.meta.runs,
                "seed": r.meta.seed,
            });
            let h = headline::json(r);
            v["pathways"] = h["pathways"].clone();
            v["horizon"] = h["horizon"].clone();
            v
        })
        .collect();
    let failures: Vec<String> = failed.iter().map(|d| d.to_string()).collect();
    let doc = json!({
        "format": "pathways-batch/1",
        "scenarios": scenarios,
        "failed": failures,
        "notes": {
            "confidence_intervals": "95% Wilson score intervals for pathway probabilities",
            "horizon": "median (p50) and 90% interval (p5–p95) of each key variable at the horizon",
        },
    });
    let mut bytes = serde_json::to_vec_pretty(&doc).map_err(|e| Error::encode("batch.json", e))?;
    bytes.push(b'\n');
    Ok(vec![("batch.csv".to_string(), csv), ("batch.json".to_string(), bytes)])
}
