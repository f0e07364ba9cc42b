//! `pathways run`: every scenario named on the command line run and written to its result
//! folder ([`batch`]), optionally compared (`--compare`); its options are shared by `brief`,
//! `watch` and `run --shard`.

pub mod batch;

use crate::chart::ChartOptions;
use crate::engine::result::ScenarioResult;
use crate::engine::study::RunControl;
use crate::error::{Error, Result};
use crate::numbers::{percent, percents_adding_to_100, thousands};
use crate::scenario::load::LoadedScenario;
use std::path::{Path, PathBuf};

/// `pathways run [--compare]`: the batch, then (with `--compare`) a comparison of its results.
pub fn run_and_compare(opts: &RunOptions, compare: bool) -> Result<()> {
    let batch = batch::run_batch(opts)?;
    if compare {
        if batch.results.len() >= 2 {
            let refs: Vec<&ScenarioResult> = batch.results.iter().collect();
            let reference = crate::analysis::reference::pick(&refs, opts.reference.as_deref())?;
            let dirs: Vec<PathBuf> = batch.results.iter().map(|r| opts.out.join(&r.meta.folder)).collect();
            let copts = crate::commands::compare::CompareOptions {
                dirs,
                reference: Some(batch.results[reference].meta.scenario.clone()),
                out: opts.out.clone(),
                attribute: false,
                threads: opts.threads,
                quiet: opts.quiet,
                charts: crate::chart::ChartOptions { formats: Vec::new(), ..opts.charts.clone() },
                outcome: None,
            };
            crate::commands::compare::run(&copts)?;
        } else {
            eprintln!("--compare: fewer than two scenarios ran, nothing to compare");
        }
    }
    if batch.failed.is_empty() { Ok(()) } else { Err(Error::Scenario(batch.failed)) }
}

#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    pub paths: Vec<PathBuf>,
    pub runs: Option<u64>,
    pub seed: Option<u64>,
    pub out: PathBuf,
    /// 0 = all cores.
    pub threads: usize,
    pub sets: Vec<String>,
    pub quiet: bool,
    pub charts: ChartOptions,
    /// The command line as typed. Manifests record [`crate::commands::command_line::canonical_command_line`] instead, which
    /// leaves out what does not change results (output folder, threads, shard).
    pub command_line: String,
    /// Sampling design and precision-driven stopping.
    pub uncertainty: UncertaintyOptions,
    /// `--reference`: the scenario comparisons and overlays compare the others with.
    pub reference: Option<String>,
    /// `--paths N`: also write the monthly paths of the first N runs (paths.csv).
    pub record_paths: Option<u64>,
}

/// `--sampling`, `--precision` and `--max-runs`.
#[derive(Debug, Clone, Default)]
pub struct UncertaintyOptions {
    /// Overrides `simulation.sampling`.
    pub sampling: Option<crate::scenario::format::Sampling>,
    /// Keep adding runs until this precision (see [`crate::engine::convergence`]).
    pub precision: Option<f64>,
    pub max_runs: Option<u64>,
}

/// Runs every scenario named by the options and writes its results (see [`batch`]);
/// returns the results without their per-run records. An invalid scenario does not stop the
/// others, but makes the whole call fail with its diagnostics once the others are written.
pub fn run(opts: &RunOptions) -> Result<Vec<ScenarioResult>> {
    let batch = batch::run_batch(opts)?;
    if batch.failed.is_empty() { Ok(batch.results) } else { Err(Error::Scenario(batch.failed)) }
}

pub fn one_line_summary(r: &ScenarioResult, dir: &Path, secs: f64) -> String {
    let shown = percents_adding_to_100(&r.pathways.iter().map(|p| p.probability.p).collect::<Vec<_>>());
    let mut ps: Vec<_> = r.pathways.iter().zip(shown).collect();
    ps.sort_by(|a, b| b.0.probability.p.total_cmp(&a.0.probability.p));
    let parts: Vec<String> = ps
        .iter()
        .map(|(p, shown)| {
            format!("{} {} [{}–{}]", p.name, shown, percent(p.probability.ci_low), percent(p.probability.ci_high))
        })
        .collect();
    format!(
        "{}: {} runs in {secs:.1} s → {}\n  {}",
        r.meta.scenario,
        thousands(r.meta.runs),
        dir.display(),
        parts.join(", ")
    )
}

impl RunOptions {
    /// How each scenario of these options runs: threads, stopping rule, and the command line
    /// its manifest records.
    pub fn control(&self, s: &LoadedScenario) -> RunControl {
        RunControl {
            threads: self.threads,
            precision: self.uncertainty.precision,
            max_runs: self.uncertainty.max_runs,
            command_line: crate::commands::command_line::canonical_command_line(s, self),
        }
    }
}
