//! `pathways sensitivity`: which uncertain parameters move an outcome, and how much.
//!
//! One Saltelli design of N base samples (N (k + 2) simulations) serves both analyses: Sobol
//! indices from all of it, the tornado from its 2N independent points (A and B). The dynamics'
//! randomness (events, agents' choices) is treated as one more input: A_j and its k variants
//! AB_j share dynamics stream (seed, 2j), B_j has its own (seed, 2j + 1). Index differences thus
//! come from the parameters, not from the dice, and the variance the dynamics add shows up as
//! the share no parameter explains (first-order indices summing well below 1).

use super::{AnalysisOptions, load_one, pool, write_files};
use crate::analysis::sensitivity::{Sensitivity, Target, analyze, evaluate_rows, split};
use crate::error::{Error, Result};
use crate::model::params::Model;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct SensitivityOptions {
    pub scenario: PathBuf,
    /// A state variable key or a pathway name.
    pub outcome: String,
    /// N of the Saltelli design.
    pub base_samples: u64,
    pub seed: Option<u64>,
    pub bootstrap: usize,
    pub common: AnalysisOptions,
    /// `--shard K/N`: evaluate only these base samples and write a shard folder.
    pub shard: Option<crate::export::shard::spec::ShardSpec>,
}

/// Runs the analysis and writes its files; returns it, or `None` for a shard (which holds part
/// of the design's evaluations, not an analysis).
pub fn run(opts: &SensitivityOptions) -> Result<Option<Sensitivity>> {
    let s = load_one(&opts.scenario, &opts.common.sets)?;
    let model = Model::compile(&s);
    let seed = opts.seed.unwrap_or(s.file.simulation.seed);
    let target = Target::parse(&opts.outcome, &model)?;
    if model.design.posterior.as_ref().is_some_and(|p| !p.slots.is_empty()) {
        return Err(Error::Usage(format!(
            "{}: draws parameters jointly from a posterior sample; Sobol indices need independent inputs: analyse the scenario the posterior was calibrated from, or fix the posterior's parameters with --set",
            opts.scenario.display()
        )));
    }
    if model.uncertain.is_empty() {
        return Err(Error::Usage(format!(
            "{}: no uncertain parameters to analyse; give some a distribution, e.g. aggression = {{ dist = \"uniform\", min = 0.02, max = 0.1 }}",
            opts.scenario.display()
        )));
    }
    let n = opts.base_samples as usize;
    let started = std::time::Instant::now();
    if let Some(spec) = opts.shard {
        let js = crate::export::shard::manifest::Kind::Sensitivity.share(spec, n as u64);
        let rows = pool(opts.common.threads)?.install(|| evaluate_rows(&model, target, js.clone(), seed));
        crate::commands::shard::sensitivity::write_shard(opts, &s, seed, spec, js, &rows)?;
        return Ok(None);
    }
    let mut a = pool(opts.common.threads)?.install(|| analyze(&model, target, n, seed, opts.bootstrap));
    a.split = Some(pool(opts.common.threads)?.install(|| split(&model, target, n, seed)));
    report(opts, &s, &model, target, seed, a, started.elapsed().as_secs_f64()).map(Some)
}

/// The command that reproduces an analysis (without output folder, threads or shard).
pub fn canonical_command_line(opts: &SensitivityOptions, seed: u64) -> String {
    crate::export::shell::CommandLine::pathways("sensitivity")
        .arg(opts.scenario.display())
        .flag("--outcome", &opts.outcome)
        .flag("--runs", opts.base_samples)
        .flag("--seed", seed)
        .flag("--bootstrap", opts.bootstrap)
        .sets(&opts.common.sets)
        .line()
}

/// Writes the analysis's files and prints its table; returns the analysis.
pub fn report(
    opts: &SensitivityOptions,
    s: &crate::scenario::load::LoadedScenario,
    model: &Model,
    target: Target,
    seed: u64,
    a: Sensitivity,
    secs: f64,
) -> Result<Sensitivity> {
    let n = opts.base_samples as usize;
    let evaluations = a.sobol.evaluations as u64;
    let meta = crate::engine::study::run_meta(s, seed, evaluations, canonical_command_line(opts, seed));
    let label = crate::export::sensitivity::label(target, model);

    let mut files = crate::export::sensitivity::files(&a, &meta, &opts.outcome, &label, n, opts.bootstrap)?;
    if !opts.common.charts.formats.is_empty() {
        files.extend(crate::chart::sensitivity_charts(
            &a.tornado,
            a.mean,
            &a.names,
            &a.sobol,
            &label,
            matches!(target, Target::Pathway(_)),
            &meta,
            &opts.common.charts,
        )?);
    }
    let dir = opts.common.out.join(&meta.folder).join("sensitivity");
    write_files(&dir, files)?;
    if opts.common.quiet {
        return Ok(a);
    }

    println!(
        "{}: sensitivity of {label}: {} runs (N = {n}, {} parameters) in {:.1} s → {}",
        meta.scenario,
        crate::numbers::thousands(evaluations),
        a.names.len(),
        secs,
        dir.display()
    );
    print!("{}", crate::export::sensitivity::table(&a, matches!(target, Target::Pathway(_))));
    Ok(a)
}
