//! Reading a written result back: `summary.json` (manifest, pathways, horizon) and
//! `timeseries.csv` (monthly statistics) of a result folder, as a [`ScenarioResult`] without
//! per-run records.

use crate::engine::result::{PathwayResult, Proportion, RunMeta, RunRecords, ScenarioResult, VarStats};
use crate::error::{Error, Result};
use crate::export::summary_doc::SummaryDoc;
use crate::model::calendar::YearMonth;
use crate::model::vars::{N_VARS, Var};
use crate::read::{ReadError, read_text};
use crate::scenario::validate::{HORIZON, MAX_PATHWAYS, RUNS};
use std::path::Path;

fn bad(path: &Path, what: &str) -> Error {
    Error::Usage(format!("{}: {what} (is this a folder written by `pathways run`?)", path.display()))
}

/// The largest `summary.json` read: it holds the manifest, the resolved scenario and a few
/// statistics, tens of kilobytes.
const MAX_SUMMARY_BYTES: u64 = 16 << 20;

/// Checks what a reader relies on: a horizon a scenario may have (the series is allocated per
/// month), a run count a run may have and probabilities that are probabilities (the hash, of
/// which charts print a prefix, is checked as it is read: [`crate::read::sha256`]).
fn check(doc: &SummaryDoc) -> std::result::Result<(), String> {
    let m = &doc.manifest;
    if !HORIZON.contains(&m.horizon_months) {
        return Err(format!(
            "manifest.horizon_months is {}, a scenario spans {}–{} months",
            m.horizon_months,
            HORIZON.start(),
            HORIZON.end()
        ));
    }
    if !RUNS.contains(&m.runs) {
        return Err(format!("manifest.runs is {}, a result has {}–{} runs", m.runs, RUNS.start(), RUNS.end()));
    }
    if m.scenario.is_empty() || m.scenario.chars().any(char::is_control) {
        return Err("manifest.scenario is not a scenario name".into());
    }
    if doc.pathways.is_empty() || doc.pathways.len() > MAX_PATHWAYS {
        return Err(format!("{} pathways, a scenario has 1–{MAX_PATHWAYS}", doc.pathways.len()));
    }
    for p in &doc.pathways {
        let unit = |v: f64| (0.0..=1.0).contains(&v);
        if !(unit(p.probability) && unit(p.ci95_low) && unit(p.ci95_high)) {
            return Err(format!("pathway `{}`: probability and interval must lie between 0 and 1", p.name));
        }
        if p.runs > m.runs || p.representative_run.is_some_and(|r| r >= m.runs) {
            return Err(format!("pathway `{}`: more runs than the manifest's {}", p.name, m.runs));
        }
    }
    Ok(())
}

/// Reads the result in folder `dir`.
pub fn read_result(dir: &Path) -> Result<ScenarioResult> {
    let summary_path = dir.join("summary.json");
    let text = read_text(&summary_path, MAX_SUMMARY_BYTES).map_err(|e| match e {
        ReadError::Io(e) => Error::io(&summary_path, e),
        other => bad(&summary_path, &other.to_string()),
    })?;
    let mut de = serde_json::Deserializer::from_str(&text);
    let doc: SummaryDoc = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let at = e.path().to_string();
        let at = if at == "." { String::new() } else { format!(" at {at}") };
        bad(&summary_path, &format!("not a pathways summary{at}: {}", e.inner()))
    })?;
    check(&doc).map_err(|m| bad(&summary_path, &m))?;
    let m = doc.manifest;
    let start =
        YearMonth::parse(&m.start).ok_or_else(|| bad(&summary_path, "manifest.start is not a month (YYYY-MM)"))?;
    let runs = m.runs;
    let meta = RunMeta {
        scenario: m.scenario,
        folder: m.folder.unwrap_or_else(|| dir.file_name().map_or(String::new(), |n| n.to_string_lossy().to_string())),
        overrides: m.overrides,
        description: m.description,
        file: m.scenario_file,
        extends: m.extends,
        sha256: m.scenario_sha256,
        seed: m.seed,
        runs,
        start,
        horizon_months: m.horizon_months,
        tool_version: m.tool_version,
        command_line: m.command_line,
        convergence: None,
    };
    let pathways = doc
        .pathways
        .into_iter()
        .map(|p| PathwayResult {
            name: p.name,
            description: p.description,
            probability: Proportion {
                count: p.runs,
                total: runs,
                p: p.probability,
                ci_low: p.ci95_low,
                ci_high: p.ci95_high,
            },
            first_entry_cdf: Vec::new(),
            representative_run: p.representative_run,
        })
        .collect();
    let series = read_series(&dir.join("timeseries.csv"), meta.horizon_months as usize + 1)?;
    Ok(ScenarioResult {
        meta,
        resolved: m.resolved,
        series,
        pathways,
        records: RunRecords::default(),
        outcomes: doc.outcomes,
    })
}

/// `timeseries.csv` back into `series[month][variable]`.
fn read_series(path: &Path, months: usize) -> Result<Vec<[VarStats; N_VARS]>> {
    // Streamed: the file's length is bounded by the manifest's horizon, not by memory.
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut series = vec![[VarStats::default(); N_VARS]; months];
    let mut month_keys: Vec<String> = Vec::new();
    let mut rdr = csv::Reader::from_reader(std::io::BufReader::new(file));
    for row in rdr.records() {
        let row = row.map_err(|e| bad(path, &format!("not CSV: {e}")))?;
        let month = row.get(0).unwrap_or_default();
        if month_keys.last().map(String::as_str) != Some(month) {
            if month_keys.len() > months {
                break;
            }
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
