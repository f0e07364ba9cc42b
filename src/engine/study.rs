//! One study: a loaded scenario compiled and run to its result, with the metadata every file of
//! the result records. What `run`, `sweep`, `compare --attribute` and the tests call.

use crate::engine::convergence;
use crate::engine::result::{RunMeta, ScenarioResult};
use crate::engine::runner::{run_model, summarize, thread_pool};
use crate::error::{Error, Result};
use crate::model::params::Model;
use crate::scenario::load::LoadedScenario;

/// How a study runs; the scenario itself says how many runs and with which seed.
#[derive(Debug, Clone, Default)]
pub struct RunControl {
    /// Worker threads; 0 = all cores.
    pub threads: usize,
    /// Keep adding runs until every pathway probability's 95% half-width is at most this (see
    /// [`crate::engine::convergence`]).
    pub precision: Option<f64>,
    /// Cap on the runs a precision-driven study may use.
    pub max_runs: Option<u64>,
    /// The command line the result's manifest records as the one that reproduces it.
    pub command_line: String,
}

/// Runs one loaded scenario to its result (no file output): a fixed number of runs, or until
/// `control.precision` is reached.
pub fn run_study(s: &LoadedScenario, control: &RunControl, progress: &(dyn Fn(u64) + Sync)) -> Result<ScenarioResult> {
    let model = Model::compile(s);
    let runs = s.file.simulation.runs;
    let seed = s.file.simulation.seed;
    let (agg, convergence) = match control.precision {
        None => (run_model(&model, runs, seed, control.threads, progress)?, None),
        Some(precision) => {
            let max_runs = control.max_runs.unwrap_or(convergence::DEFAULT_MAX_RUNS);
            let stop = convergence::Stopping { precision, max_runs };
            let (agg, report) = convergence::run_until(&model, seed, control.threads, stop, progress)?;
            (agg, Some(report))
        }
    };
    let meta = RunMeta { convergence, ..run_meta(s, seed, agg.runs, control.command_line.clone()) };
    let resolved = resolved_json(s)?;
    Ok(thread_pool(control.threads)?.install(|| summarize(&model, meta, resolved, agg)))
}

/// The manifest of a result of scenario `s`: who made it, from which file, with which seed.
pub fn run_meta(s: &LoadedScenario, seed: u64, runs: u64, command_line: String) -> RunMeta {
    RunMeta {
        scenario: s.file.scenario.name.clone(),
        folder: crate::engine::folder::folder_name(&s.file.scenario.name, &overrides_of(s)),
        overrides: overrides_of(s),
        description: s.file.scenario.description.clone(),
        file: s.path().display().to_string(),
        extends: s.sources.iter().skip(1).map(|p| p.path.display().to_string()).collect(),
        sha256: s.sha256.clone(),
        seed,
        runs,
        start: crate::model::calendar::YearMonth::parse(&s.file.scenario.start).expect("validated"),
        horizon_months: s.file.scenario.horizon_months,
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        command_line,
        convergence: None,
    }
}

/// The `--set` overrides of a scenario's assumptions: those of `simulation.*` (runs, seed,
/// sampling) change how it is run, which footers and manifests show anyway.
fn overrides_of(s: &LoadedScenario) -> Vec<String> {
    s.sets.iter().filter(|k| !k.trim_start().starts_with("simulation.")).cloned().collect()
}

/// The resolved scenario (after `extends` and `--set`) as JSON, as summary.json records it. A
/// posterior file is recorded by its SHA-256 too (`simulation.posterior_sha256`), so that its
/// contents, not only its name, identify the result (shard merges compare this).
pub fn resolved_json(s: &LoadedScenario) -> Result<serde_json::Value> {
    let mut v = serde_json::to_value(&s.file).map_err(|e| Error::encode("the resolved scenario", e))?;
    if let (Some(p), Some(sim)) = (&s.posterior, v.get_mut("simulation").and_then(|x| x.as_object_mut())) {
        sim.insert("posterior_sha256".into(), p.sha256.clone().into());
    }
    Ok(v)
}
