//! `score.csv`, `score.json` and `score.md` of `pathways score` (and of calibrate's predictive
//! check).

use crate::engine::result::RunMeta;
use crate::error::{Error, Result};
use crate::evidence::score::{METHOD, Report, Score, Summary, markdown};
use crate::export::csv_table::{csv_bytes, num};
use crate::observe::file::ObservationFile;
use crate::observe::{Observations, Period};
use serde::Serialize;

/// The `format` score.json declares.
pub const FORMAT: &str = "pathways-score/1";

/// The `score.json` document. Field order is the file's key order.
#[derive(Debug, Serialize)]
pub struct ScoreDoc<'a> {
    pub format: &'static str,
    pub manifest: &'a RunMeta,
    pub observation_files: &'a [ObservationFile],
    pub method: &'static str,
    pub summary: &'a Summary,
    /// Every observation, scored or with the reason it was not.
    pub observations: Vec<ScoredDoc<'a>>,
}

/// One observation and its score; `score` is `null` and `skipped` says why when it was not scored.
#[derive(Debug, Serialize)]
pub struct ScoredDoc<'a> {
    pub observation: String,
    pub variable: &'static str,
    pub period: &'a Period,
    pub observed: f64,
    pub sd: f64,
    pub uncertainty: String,
    pub source: &'a str,
    pub note: &'a str,
    pub origin: &'a str,
    pub score: Option<&'a Score>,
    pub skipped: Option<&'a str>,
}

/// score.csv, score.json and score.md.
pub fn files(report: &Report, obs: &Observations, meta: &RunMeta, seed: u64) -> Result<Vec<(String, Vec<u8>)>> {
    let header = [
        "observation",
        "variable",
        "period",
        "first_month",
        "last_month",
        "observed",
        "sd",
        "uncertainty",
        "source",
        "origin",
        "model_mean",
        "model_p5",
        "model_p50",
        "model_p95",
        "predictive_mean",
        "predictive_sd",
        "predictive_p5",
        "predictive_p25",
        "predictive_p50",
        "predictive_p75",
        "predictive_p95",
        "pit",
        "in50",
        "in90",
        "crps",
        "skipped",
    ];
    let rows = report.scored.iter().map(|s| {
        let o = &s.observation;
        let mut row = vec![o.label(), o.variable.info().key.to_string(), o.period.to_string()];
        match &s.score {
            Some(x) => {
                row.extend([x.months[0].to_string(), x.months[1].to_string()]);
                row.extend([num(o.value), num(o.sd), o.uncertainty.to_string(), o.source.clone(), o.origin.clone()]);
                row.extend([x.model.mean, x.model.p5, x.model.p50, x.model.p95].map(num));
                let p = &x.predictive;
                row.extend([p.mean, p.sd, p.p5, p.p25, p.p50, p.p75, p.p95].map(num));
                row.extend([num(x.pit), x.in50.to_string(), x.in90.to_string(), num(x.crps), String::new()]);
            }
            None => {
                row.extend([String::new(), String::new()]);
                row.extend([num(o.value), num(o.sd), o.uncertainty.to_string(), o.source.clone(), o.origin.clone()]);
                row.extend(std::iter::repeat_n(String::new(), 15));
                row.push(s.skipped.clone().unwrap_or_default());
            }
        }
        row
    });
    let csv = csv_bytes(&header, rows)?;
    let doc = ScoreDoc {
        format: FORMAT,
        manifest: meta,
        observation_files: &obs.files,
        method: METHOD,
        summary: &report.summary,
        observations: report
            .scored
            .iter()
            .map(|s| {
                let o = &s.observation;
                ScoredDoc {
                    observation: o.label(),
                    variable: o.variable.info().key,
                    period: &o.period,
                    observed: o.value,
                    sd: o.sd,
                    uncertainty: o.uncertainty.to_string(),
                    source: &o.source,
                    note: &o.note,
                    origin: &o.origin,
                    score: s.score.as_ref(),
                    skipped: s.skipped.as_deref(),
                }
            })
            .collect(),
    };
    let mut json = serde_json::to_vec_pretty(&doc).map_err(|e| Error::encode("JSON", e))?;
    json.push(b'\n');
    let md = markdown(report, &meta.scenario, meta.runs, seed);
    Ok(vec![("score.csv".into(), csv), ("score.json".into(), json), ("score.md".into(), md.into_bytes())])
}
