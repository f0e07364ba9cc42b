//! Reading a written result back: `summary.json` (manifest, pathways, horizon) and
//! `timeseries.csv` (monthly statistics) of a result folder, as a [`ScenarioResult`] without
//! per-run records.

use crate::engine::result::{PathwayResult, Proportion, RunMeta, RunRecords, ScenarioResult, VarStats};
use crate::error::{Error, Result};
use crate::model::calendar::YearMonth;
use crate::model::vars::{N_VARS, Var};
use serde_json::Value;
use std::path::Path;

fn bad(path: &Path, what: &str) -> Error {
    Error::Usage(format!("{}: {what} (is this a folder written by `pathways run`?)", path.display()))
}

/// Reads the result in folder `dir`.
pub fn read_result(dir: &Path) -> Result<ScenarioResult> {
    let summary_path = dir.join("summary.json");
    let text = std::fs::read_to_string(&summary_path).map_err(|e| Error::io(&summary_path, e))?;
    let doc: Value = serde_json::from_str(&text).map_err(|e| bad(&summary_path, &format!("not JSON: {e}")))?;
    let m = &doc["manifest"];
    let str_of = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let runs = m["runs"].as_u64().ok_or_else(|| bad(&summary_path, "no manifest.runs"))?;
    let start =
        m["start"].as_str().and_then(YearMonth::parse).ok_or_else(|| bad(&summary_path, "no manifest.start"))?;
    let meta = RunMeta {
        scenario: m["scenario"].as_str().ok_or_else(|| bad(&summary_path, "no manifest.scenario"))?.to_string(),
        folder: m["folder"]
            .as_str()
            .map(String::from)
            .unwrap_or_else(|| dir.file_name().map_or(String::new(), |n| n.to_string_lossy().to_string())),
        overrides: m["overrides"].as_array().map_or(Vec::new(), |a| a.iter().map(str_of).collect()),
        description: str_of(&m["description"]),
        file: str_of(&m["scenario_file"]),
        extends: m["extends"].as_array().map_or(Vec::new(), |a| a.iter().map(str_of).collect()),
        sha256: str_of(&m["scenario_sha256"]),
        seed: m["seed"].as_u64().unwrap_or_default(),
        runs,
        start,
        horizon_months: m["horizon_months"].as_u64().unwrap_or_default() as u32,
        tool_version: str_of(&m["tool_version"]),
        command_line: str_of(&m["command_line"]),
        convergence: None,
    };
    let pathways = doc["pathways"]
        .as_array()
        .ok_or_else(|| bad(&summary_path, "no pathways"))?
        .iter()
        .map(|p| {
            let f = |k: &str| p[k].as_f64().unwrap_or(f64::NAN);
            PathwayResult {
                name: str_of(&p["name"]),
                description: str_of(&p["description"]),
                probability: Proportion {
                    count: p["runs"].as_u64().unwrap_or_default(),
                    total: runs,
                    p: f("probability"),
                    ci_low: f("ci95_low"),
                    ci_high: f("ci95_high"),
                },
                first_entry_cdf: Vec::new(),
                representative_run: p["representative_run"].as_u64(),
            }
        })
        .collect();
    let series = read_series(&dir.join("timeseries.csv"), meta.horizon_months as usize + 1)?;
    Ok(ScenarioResult { meta, resolved: m["resolved"].clone(), series, pathways, records: RunRecords::default() })
}

/// `timeseries.csv` back into `series[month][variable]`.
fn read_series(path: &Path, months: usize) -> Result<Vec<[VarStats; N_VARS]>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let mut series = vec![[VarStats::default(); N_VARS]; months];
    let mut month_keys: Vec<String> = Vec::new();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    for row in rdr.records() {
        let row = row.map_err(|e| bad(path, &format!("not CSV: {e}")))?;
        let month = row.get(0).unwrap_or_default();
        if month_keys.last().map(String::as_str) != Some(month) {
            month_keys.push(month.to_string());
        }
        let m = month_keys.len() - 1;
        let Some(var) = row.get(1).and_then(Var::from_key) else { continue };
        let x = |i: usize| row.get(i).and_then(|s| s.parse::<f64>().ok()).unwrap_or(f64::NAN);
        if m < months {
            series[m][var.index()] = VarStats {
                mean: x(2),
                sd: x(3),
                p5: x(4),
                p25: x(5),
                p50: x(6),
                p75: x(7),
                p95: x(8),
                min: x(9),
                max: x(10),
            };
        }
    }
    if month_keys.len() != months {
        return Err(bad(path, &format!("{} months, the manifest says {months}", month_keys.len())));
    }
    Ok(series)
}
