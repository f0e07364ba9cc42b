//! `sweep.csv` (and `sweep.json`): one row per grid point: the parameter values, then the headline columns
//! (pathway probabilities with 95% intervals, horizon median and 90% interval of key variables).

use crate::analysis::sweep::result::SweepResult;
use crate::error::Result;
use crate::export::headline::{KEY_VARS, csv, header as header_of};

pub fn render(s: &SweepResult) -> Result<Vec<u8>> {
    let mut header: Vec<String> = s.grid.axes.iter().map(|a| a.key.clone()).collect();
    header.extend(header_of(&s.pathways));
    // Outcome columns: the headline (probability or mean) and its interval.
    if let Some(first) = s.points.first() {
        for o in &first.outcomes {
            header.extend([o.name.clone(), format!("{}_low", o.name), format!("{}_high", o.name)]);
        }
    }
    let rows: Vec<Vec<String>> = s
        .points
        .iter()
        .map(|pt| {
            let mut row: Vec<String> = pt.values.iter().map(f64::to_string).collect();
            for q in &pt.pathways {
                row.extend([q.p.to_string(), q.ci_low.to_string(), q.ci_high.to_string()]);
            }
            for v in KEY_VARS {
                let st = pt.horizon[v.index()];
                row.extend([st.p5.to_string(), st.p50.to_string(), st.p95.to_string()]);
            }
            for o in &pt.outcomes {
                row.extend([o.value.to_string(), o.low.to_string(), o.high.to_string()]);
            }
            row
        })
        .collect();
    csv(&header, &rows)
}

/// `sweep.json`: the same numbers with the sweep's provenance (scenario, seed, runs, grid).
pub fn render_json(s: &SweepResult, scenario_file: &str, command_line: &str) -> Result<Vec<u8>> {
    use serde_json::json;
    let points: Vec<serde_json::Value> = s
        .points
        .iter()
        .map(|pt| {
            let pathways: Vec<serde_json::Value> = s
                .pathways
                .iter()
                .zip(&pt.pathways)
                .map(|(name, q)| json!({ "name": name, "probability": q.p, "ci95_low": q.ci_low, "ci95_high": q.ci_high }))
                .collect();
            let horizon: serde_json::Map<String, serde_json::Value> = KEY_VARS
                .iter()
                .map(|v| {
                    let st = pt.horizon[v.index()];
                    (v.info().key.to_string(), json!({ "p5": st.p5, "p50": st.p50, "p95": st.p95 }))
                })
                .collect();
            let outcomes: Vec<serde_json::Value> = pt
                .outcomes
                .iter()
                .map(|o| json!({ "name": o.name, "measure": o.measure, "value": o.value, "low": o.low, "high": o.high }))
                .collect();
            let mut point = json!({ "values": pt.values, "pathways": pathways, "horizon": horizon });
            if !outcomes.is_empty() {
                point["outcomes"] = json!(outcomes);
            }
            point
        })
        .collect();
    let doc = json!({
        "format": "pathways-sweep/1",
        "manifest": {
            "scenario": s.scenario,
            "scenario_file": scenario_file,
            "seed": s.seed,
            "runs_per_point": s.runs,
            "tool_version": s.tool_version,
            "command_line": command_line,
            "common_random_numbers": "every point runs with the same seed: run i draws from the same streams at every point",
        },
        "params": s.grid.axes.iter().map(|a| json!({ "key": a.key, "values": a.values })).collect::<Vec<_>>(),
        "focus_pathway": s.pathways[s.focus],
        "points": points,
    });
    let mut doc = doc;
    if let Some(j) = s.outcome_focus {
        doc["focus_outcome"] = json!(s.points.first().map(|p| p.outcomes[j].name.clone()));
    }
    let mut bytes = serde_json::to_vec_pretty(&doc).map_err(|e| crate::Error::encode("sweep.json", e))?;
    bytes.push(b'\n');
    Ok(bytes)
}
