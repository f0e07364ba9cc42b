//! `summary.json`: the manifest (who, what, with which inputs) and the headline statistics.

use crate::engine::result::ScenarioResult;
use crate::error::{Error, Result};
use crate::export::summary_doc::{
    FORMAT, HorizonDoc, ManifestDoc, NotesDoc, PathwayDoc, SummaryDoc, VariableDoc, finite,
};
use crate::model::vars::VARS;
use crate::stats::proportion;

pub fn render(r: &ScenarioResult) -> Result<Vec<u8>> {
    let h = r.horizon_stats();
    let runs = r.meta.runs as f64;
    let variables = VARS
        .iter()
        .zip(h.iter())
        .map(|(info, s)| VariableDoc {
            variable: info.key.into(),
            display: info.display.into(),
            unit: info.unit.into(),
            mean: finite(s.mean),
            mean_std_error: finite(s.sd / runs.sqrt()),
            sd: finite(s.sd),
            p5: finite(s.p5),
            p25: finite(s.p25),
            p50: finite(s.p50),
            p75: finite(s.p75),
            p95: finite(s.p95),
            min: finite(s.min),
            max: finite(s.max),
        })
        .collect();
    let pathways = r
        .pathways
        .iter()
        .map(|p| PathwayDoc {
            name: p.name.clone(),
            description: p.description.clone(),
            probability: p.probability.p,
            ci95_low: p.probability.ci_low,
            ci95_high: p.probability.ci_high,
            std_error: finite(proportion::std_error(&p.probability)),
            runs: p.probability.count,
            representative_run: p.representative_run,
        })
        .collect();
    let m = &r.meta;
    let doc = SummaryDoc {
        format: FORMAT.into(),
        manifest: ManifestDoc {
            tool_version: m.tool_version.clone(),
            scenario: m.scenario.clone(),
            folder: Some(m.folder.clone()),
            overrides: m.overrides.clone(),
            description: m.description.clone(),
            scenario_file: m.file.clone(),
            extends: m.extends.clone(),
            scenario_sha256: m.sha256.clone(),
            seed: m.seed,
            runs: m.runs,
            start: m.start.to_string(),
            horizon_months: m.horizon_months,
            command_line: m.command_line.clone(),
            resolved: r.resolved.clone(),
        },
        horizon: HorizonDoc { month: m.month(m.horizon_months).to_string(), variables },
        pathways,
        notes: NotesDoc {
            confidence_intervals: "95% Wilson score intervals for pathway probabilities".into(),
            quantiles: "from a log-linear sketch: exact where the runs in the quantile's bucket share one value (stepped variables such as tariff levels), otherwise within 0.8% relative error (0.004 absolute near zero); min and max are exact".into(),
            standard_errors: "Monte Carlo standard errors (mean_std_error = sd/√runs, std_error = √(p(1−p)/runs)) assume independent runs; under Latin hypercube sampling they are conservative".into(),
            representative_run: "the run ending in the pathway whose horizon values are nearest the pathway's medians (sum of squared differences standardised by the pathway's sd); replay it with `pathways trace`".into(),
            // Only scenarios that declare outcomes get the key, so other summaries stay as they were.
            outcomes: (!r.outcomes.is_empty()).then(|| {
                "per-run statistics over each outcome's window (mean, sum, min, max, value; first month a condition holds; whether it holds in any or all months), summarised exactly over the runs: mean, sample sd, quantiles by linear interpolation (type 7); probabilities with 95% Wilson intervals".into()
            }),
        },
        outcomes: r.outcomes.clone(),
        convergence: r.meta.convergence.as_ref().map(serde_json::to_value).transpose()?,
    };
    let mut bytes = serde_json::to_vec_pretty(&doc).map_err(|e| Error::encode("summary.json", e))?;
    bytes.push(b'\n');
    Ok(bytes)
}
