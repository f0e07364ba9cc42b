//! `pathways score SCENARIO --observed FILE`: the scenario's predictive distribution of every
//! observed quantity, and how the observations score against it (PIT, 50% and 90% intervals,
//! CRPS), with charts of the fan and the observations. See [`crate::evidence::score`].

use super::{AnalysisOptions, load_one, write_files};
use crate::diagnostic::did_you_mean;
use crate::error::{Error, Result};
use crate::evidence::score::{Report, markdown, score};
use crate::model::params::Model;
use crate::model::vars::Var;
use crate::observe::{Observations, Selection, load_all};
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct ScoreOptions {
    pub scenario: PathBuf,
    /// Observation files (at least one).
    pub observed: Vec<PathBuf>,
    /// Only observations of these variables (all when empty).
    pub variables: Vec<String>,
    /// Only observations whose period starts at or after / ends at or before (YYYY, YYYY-Qn,
    /// YYYY-MM).
    pub from: Option<String>,
    pub to: Option<String>,
    pub runs: Option<u64>,
    pub seed: Option<u64>,
    /// Fail (exit 1) when fewer than this share of the scored observations lie inside their
    /// 90% interval.
    pub require_coverage: Option<f64>,
    pub common: AnalysisOptions,
}

/// Parses `--variables`, `--from` and `--to` into a selection.
pub fn selection(variables: &[String], from: &Option<String>, to: &Option<String>) -> Result<Selection> {
    let mut vars = Vec::new();
    for v in variables.iter().flat_map(|v| v.split(',')).map(str::trim).filter(|v| !v.is_empty()) {
        match Var::from_key(v) {
            Some(var) => vars.push(var),
            None => {
                let hint = did_you_mean(v, Var::keys()).map_or(String::new(), |s| format!("did you mean `{s}`? "));
                return Err(Error::Usage(format!(
                    "--variables: unknown state variable `{v}` ({hint}state variables: {})",
                    Var::keys().join(", ")
                )));
            }
        }
    }
    let bound = |flag: &str, s: &Option<String>, end: bool| -> Result<_> {
        match s {
            None => Ok(None),
            Some(s) => Selection::bound(s, end)
                .map(Some)
                .ok_or_else(|| Error::Usage(format!("{flag}: `{s}` is not a period (write 2019, 2019-Q2 or 2019-06)"))),
        }
    };
    Ok(Selection { variables: vars, from: bound("--from", from, false)?, to: bound("--to", to, true)? })
}

/// Reads the observation files and keeps the selected rows; none left is an input error.
pub fn observations(paths: &[PathBuf], selection: &Selection) -> Result<Observations> {
    let obs = load_all(paths, selection)?;
    if obs.rows.is_empty() {
        return Err(Error::Usage(format!(
            "no observations left in {} after --variables/--from/--to",
            paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
        )));
    }
    Ok(obs)
}

pub fn run(opts: &ScoreOptions) -> Result<()> {
    if let Some(c) = opts.require_coverage
        && !(c > 0.0 && c <= 1.0)
    {
        return Err(Error::Usage(format!("--require-coverage: {c} is not a share between 0 and 1, e.g. 0.9")));
    }
    let sel = selection(&opts.variables, &opts.from, &opts.to)?;
    let obs = observations(&opts.observed, &sel)?;
    let sets = crate::scenario::load::overrides(&opts.common.sets, opts.runs, opts.seed, None);
    let s = load_one(&opts.scenario, &sets)?;
    let model = Model::compile(&s);
    let (runs, seed) = (s.file.simulation.runs, s.file.simulation.seed);
    let started = std::time::Instant::now();
    let meta = crate::engine::study::run_meta(&s, seed, runs, opts.common.command_line.clone());
    let (result, report) = score(&model, &obs.rows, seed, runs, opts.common.threads, meta.clone(), &|_| {})?;
    if report.summary.scored == 0 {
        return Err(Error::Usage(format!(
            "none of the {} observations lies inside the scenario's months ({} to {}): choose other observations or a scenario that covers them",
            obs.rows.len(),
            model.start,
            model.start.plus(model.horizon)
        )));
    }
    let dir = opts.common.out.join(&meta.scenario).join("score");
    let mut files = crate::export::score::files(&report, &obs, &meta, seed)?;
    if !opts.common.charts.formats.is_empty() {
        files.extend(crate::chart::observed_charts(
            &result,
            &report.scored,
            "model fan",
            "observed",
            &opts.common.charts,
        )?);
    }
    write_files(&dir, files)?;
    if !opts.common.quiet {
        println!(
            "{}: scored against {} observations from {} runs in {:.1} s → {}",
            meta.scenario,
            report.summary.scored,
            crate::numbers::thousands(runs),
            started.elapsed().as_secs_f64(),
            dir.display()
        );
        print!("{}", markdown(&report, &meta.scenario, runs, seed));
    }
    check_coverage(&report, opts.require_coverage)
}

/// Fails when fewer observations than `required` (a share) lie inside their 90% interval.
pub fn check_coverage(report: &Report, required: Option<f64>) -> Result<()> {
    let s = &report.summary;
    match required {
        Some(c) if s.coverage_90 < c => Err(Error::CheckFailed(format!(
            "coverage check failed: {} of {} observations ({:.0}%) lie inside their 90% interval, fewer than the required {:.0}%",
            s.inside_90,
            s.scored,
            100.0 * s.coverage_90,
            100.0 * c
        ))),
        _ => Ok(()),
    }
}
