//! The headline of a result as one table row: pathway probabilities with their 95% intervals
//! and the horizon median and 90% interval of the key variables. Batch and sweep tables share it.

use crate::engine::result::ScenarioResult;
use crate::model::vars::Var;
use serde_json::{Value, json};

/// The variables every summary table reports at the horizon.
pub const KEY_VARS: [Var; 7] =
    [Var::TariffUs, Var::TariffCn, Var::TechControlsUs, Var::Tension, Var::UsImportsFromCn, Var::GdpUs, Var::GdpCn];

/// Defined with the results it reads.
pub use crate::engine::result::pathway_names;

/// Column names for `pathways`, then the key variables.
pub fn header(pathways: &[String]) -> Vec<String> {
    let mut h = Vec::new();
    for p in pathways {
        h.extend([format!("{p}_probability"), format!("{p}_ci95_low"), format!("{p}_ci95_high")]);
    }
    for v in KEY_VARS {
        let k = v.info().key;
        h.extend([format!("{k}_p5"), format!("{k}_p50"), format!("{k}_p95")]);
    }
    h
}

/// The row matching [`header`]; empty cells for pathways the result does not define.
pub fn fields(r: &ScenarioResult, pathways: &[String]) -> Vec<String> {
    let mut f = Vec::new();
    for name in pathways {
        match r.pathways.iter().find(|p| &p.name == name) {
            Some(p) => {
                let q = p.probability;
                f.extend([q.p.to_string(), q.ci_low.to_string(), q.ci_high.to_string()]);
            }
            None => f.extend([String::new(), String::new(), String::new()]),
        }
    }
    let h = r.horizon_stats();
    for v in KEY_VARS {
        let s = h[v.index()];
        f.extend([s.p5.to_string(), s.p50.to_string(), s.p95.to_string()]);
    }
    f
}

/// The same numbers as JSON: `{"pathways": [...], "horizon": {var: {p5, p50, p95}}}`.
pub fn json(r: &ScenarioResult) -> Value {
    let pathways: Vec<Value> = r
        .pathways
        .iter()
        .map(|p| {
            json!({
                "name": p.name,
                "probability": p.probability.p,
                "ci95_low": p.probability.ci_low,
                "ci95_high": p.probability.ci_high,
                "runs": p.probability.count,
                "representative_run": p.representative_run,
            })
        })
        .collect();
    let h = r.horizon_stats();
    let horizon: serde_json::Map<String, Value> = KEY_VARS
        .iter()
        .map(|v| {
            let s = h[v.index()];
            (v.info().key.to_string(), json!({ "p5": s.p5, "p50": s.p50, "p95": s.p95 }))
        })
        .collect();
    json!({ "pathways": pathways, "horizon": horizon })
}

/// A CSV table from a header and rows.
pub fn csv(header: &[String], rows: &[Vec<String>]) -> crate::Result<Vec<u8>> {
    let fail = |e: csv::Error| crate::Error::encode("a csv table", e);
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header).map_err(fail)?;
    for row in rows {
        w.write_record(row).map_err(fail)?;
    }
    w.into_inner().map_err(|e| crate::Error::encode("a csv table", e))
}
