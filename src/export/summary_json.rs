//! `summary.json`: the manifest (who, what, with which inputs) and the headline statistics.

use crate::engine::result::ScenarioResult;
use crate::error::{Error, Result};
use crate::model::vars::VARS;
use crate::stats::proportion;
use serde_json::{Value, json};

pub fn render(r: &ScenarioResult) -> Result<Vec<u8>> {
    let h = r.horizon_stats();
    let runs = r.meta.runs as f64;
    let variables: Vec<Value> = VARS
        .iter()
        .zip(h.iter())
        .map(|(info, s)| {
            json!({
                "variable": info.key,
                "display": info.display,
                "unit": info.unit,
                "mean": s.mean,
                "mean_std_error": s.sd / runs.sqrt(),
                "sd": s.sd,
                "p5": s.p5, "p25": s.p25, "p50": s.p50, "p75": s.p75, "p95": s.p95,
                "min": s.min, "max": s.max,
            })
        })
        .collect();
    let pathways: Vec<Value> = r
        .pathways
        .iter()
        .map(|p| {
            json!({
                "name": p.name,
                "description": p.description,
                "probability": p.probability.p,
                "ci95_low": p.probability.ci_low,
                "ci95_high": p.probability.ci_high,
                "std_error": proportion::std_error(&p.probability),
                "runs": p.probability.count,
                "representative_run": p.representative_run,
            })
        })
        .collect();
    let doc = json!({
        "format": "pathways-summary/1",
        "manifest": {
            "tool_version": r.meta.tool_version,
            "scenario": r.meta.scenario,
            "folder": r.meta.folder,
            "overrides": r.meta.overrides,
            "description": r.meta.description,
            "scenario_file": r.meta.file,
            "extends": r.meta.extends,
            "scenario_sha256": r.meta.sha256,
            "seed": r.meta.seed,
            "runs": r.meta.runs,
            "start": r.meta.start,
            "horizon_months": r.meta.horizon_months,
            "command_line": r.meta.command_line,
            "resolved": r.resolved,
        },
        "horizon": {
            "month": r.meta.month(r.meta.horizon_months),
            "variables": variables,
        },
        "pathways": pathways,
        "notes": {
            "confidence_intervals": "95% Wilson score intervals for pathway probabilities",
            "quantiles": "from a log-linear sketch: exact where the runs in the quantile's bucket share one value (stepped variables such as tariff levels), otherwise within 0.8% relative error (0.004 absolute near zero); min and max are exact",
            "standard_errors": "Monte Carlo standard errors (mean_std_error = sd/√runs, std_error = √(p(1−p)/runs)) assume independent runs; under Latin hypercube sampling they are conservative",
            "representative_run": "the run ending in the pathway whose horizon values are nearest the pathway's medians (sum of squared differences standardised by the pathway's sd); replay it with `pathways trace`",
        },
    });
    let mut doc = doc;
    // Only scenarios that declare outcomes get the key, so other summaries stay as they were.
    if !r.outcomes.is_empty() {
        doc["outcomes"] = serde_json::to_value(&r.outcomes).map_err(|e| Error::encode("summary.json outcomes", e))?;
        doc["notes"]["outcomes"] = json!(
            "per-run statistics over each outcome's window (mean, sum, min, max, value; first month a condition holds; whether it holds in any or all months), summarised exactly over the runs: mean, sample sd, quantiles by linear interpolation (type 7); probabilities with 95% Wilson intervals"
        );
    }
    if let Some(c) = &r.meta.convergence {
        doc["convergence"] = json!(c);
    }
    let mut bytes = serde_json::to_vec_pretty(&doc).map_err(|e| Error::encode("summary.json", e))?;
    bytes.push(b'\n');
    Ok(bytes)
}
