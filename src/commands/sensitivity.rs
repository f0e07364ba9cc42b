//! `pathways sensitivity`: which uncertain parameters move an outcome, and how much.
//!
//! One Saltelli design of N base samples (N (k + 2) simulations) serves both analyses: Sobol
//! indices from all of it, the tornado from its 2N independent points (A and B). The dynamics'
//! randomness (events, agents' choices) is treated as one more input: A_j and its k variants
//! AB_j share dynamics stream (seed, 2j), B_j has its own (seed, 2j + 1). Index differences thus
//! come from the parameters, not from the dice, and the variance the dynamics add shows up as
//! the share no parameter explains (first-order indices summing well below 1).

use super::{AnalysisOptions, csv_bytes, load_one, num, pool, write_files};
use crate::analysis::sobol::{self, SobolResult};
use crate::analysis::tornado::{TornadoRow, tornado};
use crate::analysis::variance_split::{Split, variance_split_with};
use crate::error::{Error, Result};
use crate::model::outcome::track::Tracker;
use crate::model::params::Model;
use crate::model::sim::{EventClock, Observer, Outcome, Streams, simulate};
use crate::model::vars::{State, Var};
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
    pub shard: Option<crate::commands::shard::ShardSpec>,
}

/// What is measured at the end of a run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    /// A state variable's value at the horizon.
    Var(Var),
    /// 1 if the run ends in pathway `p`, else 0 (its mean is the pathway's probability).
    Pathway(usize),
    /// The run's value of the scenario's outcome `j` (`[[outcomes]]`; for a condition, 1 or 0).
    Outcome(usize),
}

impl Target {
    /// Parses `--outcome`; the error lists what is valid.
    pub fn parse(s: &str, model: &Model) -> Result<Target> {
        if let Some(v) = Var::from_key(s) {
            return Ok(Target::Var(v));
        }
        if let Some(p) = model.pathways.iter().position(|p| p.name == s) {
            return Ok(Target::Pathway(p));
        }
        if let Some(j) = model.outcomes.iter().position(|o| o.name == s) {
            if model.outcomes[j].kind() == crate::model::outcome::Kind::FirstMonth {
                return Err(Error::Usage(format!(
                    "--outcome: `{s}` is a `first` outcome, which has no value in runs where its condition never holds; analyse an `any` outcome with the same condition (its probability) instead"
                )));
            }
            return Ok(Target::Outcome(j));
        }
        let vars: Vec<&str> = crate::model::vars::VARS.iter().map(|v| v.key).collect();
        let paths: Vec<&str> = model.pathways.iter().map(|p| p.name.as_str()).collect();
        let outcomes: Vec<&str> = model.outcomes.iter().map(|o| o.name.as_str()).collect();
        let outcomes = if outcomes.is_empty() { "none".to_string() } else { outcomes.join(", ") };
        Err(Error::Usage(format!(
            "--outcome: `{s}` is neither a state variable ({}), a pathway ({}) nor an outcome ({outcomes}) of this scenario",
            vars.join(", "),
            paths.join(", ")
        )))
    }

    /// The target's value at the end of a run; `outcomes` are the run's outcome values.
    pub fn value(self, o: &Outcome, outcomes: &[f64]) -> f64 {
        match self {
            Target::Var(v) => o.state[v.index()],
            Target::Pathway(p) => f64::from(u8::from(o.pathway == p)),
            Target::Outcome(j) => outcomes[j],
        }
    }

    /// "US tariff on Chinese goods (%) at the horizon", "probability of trade war".
    pub fn label(self, model: &Model) -> String {
        match self {
            Target::Var(v) => format!("{} at the horizon", v.info().label()),
            Target::Pathway(p) => {
                format!("probability of {}", crate::chart::display_name(&model.pathways[p].name).to_lowercase())
            }
            Target::Outcome(j) => {
                let o = &model.outcomes[j];
                match o.kind() {
                    crate::model::outcome::Kind::Condition => format!("probability: {}", o.describe(model.start)),
                    _ => o.describe(model.start),
                }
            }
        }
    }
}

/// Sees nothing: sensitivity runs only need the end state.
struct Silent;

impl Observer for Silent {
    fn month(&mut self, _m: u32, _state: &State, _pathway: usize) {}
}

/// The analysis of one scenario, before any output is written.
#[derive(Debug, Clone)]
pub struct Sensitivity {
    pub names: Vec<String>,
    /// Mean outcome over the 2N independent points.
    pub mean: f64,
    pub tornado: Vec<TornadoRow>,
    pub sobol: SobolResult,
    /// The variance split and its number of parameter draws, when computed.
    pub split: Option<(Split, u64)>,
}

/// Runs the Saltelli design on `model` for `target`.
pub fn analyze(model: &Model, target: Target, n: usize, seed: u64, bootstrap: usize) -> Sensitivity {
    let rows = evaluate_rows(model, target, 0..n as u64, seed);
    analyze_evaluations(model, &sobol::from_rows(model.uncertain.len(), n, rows), seed, bootstrap)
}

/// The design's rows for base samples `js` (a shard's share).
pub fn evaluate_rows(model: &Model, target: Target, js: std::ops::Range<u64>, seed: u64) -> Vec<sobol::Row> {
    let values = |u: &[f64]| -> Vec<f64> { model.uncertain.iter().zip(u).map(|(p, &u)| p.quantile(u)).collect() };
    sobol::evaluate_rows(model.uncertain.len(), js, seed, |u, key| {
        let mut params = model.base.clone();
        model.apply(&mut params, &values(u));
        let (mut clock, mut streams) = (EventClock::default(), Streams::new(seed, key));
        if let Target::Outcome(_) = target {
            let mut tracker = Tracker::new(&model.outcomes);
            let end = simulate(model, &params, &mut clock, &mut streams, &mut tracker);
            target.value(&end, &tracker.values().collect::<Vec<_>>())
        } else {
            target.value(&simulate(model, &params, &mut clock, &mut streams, &mut Silent), &[])
        }
    })
}

/// Sobol indices and the tornado from the whole design's evaluations.
pub fn analyze_evaluations(model: &Model, e: &sobol::Evaluations, seed: u64, bootstrap: usize) -> Sensitivity {
    let (k, n) = (e.k, e.n);
    let values = |u: &[f64]| -> Vec<f64> { model.uncertain.iter().zip(u).map(|(p, &u)| p.quantile(u)).collect() };
    let result = sobol::indices(e, bootstrap, seed);
    let names: Vec<String> = model.uncertain.iter().map(|u| u.path.clone()).collect();
    let mut x = Vec::with_capacity(2 * n * k);
    for row in e.a.chunks_exact(k).chain(e.b.chunks_exact(k)) {
        x.extend(values(row));
    }
    let y: Vec<f64> = e.fa.iter().chain(&e.fb).copied().collect();
    let mean = y.iter().sum::<f64>() / y.len().max(1) as f64;
    Sensitivity { tornado: tornado(&names, &x, &y), mean, sobol: result, names, split: None }
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
        let js = spec.slice(n as u64);
        let rows = pool(opts.common.threads)?.install(|| evaluate_rows(&model, target, js.clone(), seed));
        crate::commands::shard::sensitivity::write_shard(opts, &s, seed, spec, js, &rows)?;
        return Ok(None);
    }
    let mut a = pool(opts.common.threads)?.install(|| analyze(&model, target, n, seed, opts.bootstrap));
    a.split = Some(pool(opts.common.threads)?.install(|| split(&model, target, n, seed)));
    report(opts, &s, &model, target, seed, a, started.elapsed().as_secs_f64()).map(Some)
}

/// How much of the spread is ours to narrow (parameters) and how much is the world's dice: the
/// variance split of `target` with N/8 parameter draws (at least 64), returned with that number.
pub fn split(model: &Model, target: Target, n: usize, seed: u64) -> (Split, u64) {
    let outer = (n as u64 / 8).max(64);
    let measure = |params: &crate::model::params::RunParams, streams: &mut Streams<crate::sampling::rng::RunRng>| {
        let mut clock = EventClock::default();
        if let Target::Outcome(_) = target {
            let mut tracker = Tracker::new(&model.outcomes);
            let end = simulate(model, params, &mut clock, streams, &mut tracker);
            target.value(&end, &tracker.values().collect::<Vec<_>>())
        } else {
            target.value(&simulate(model, params, &mut clock, streams, &mut Silent), &[])
        }
    };
    (variance_split_with(model, &measure, outer, SPLIT_INNER, seed), outer)
}

/// Runs per parameter draw in the variance split (docs/UNCERTAINTY.md).
pub const SPLIT_INNER: u64 = 8;

/// The command that reproduces an analysis (without output folder, threads or shard).
pub fn canonical_command_line(opts: &SensitivityOptions, seed: u64) -> String {
    use crate::commands::command_line::shell_word;
    let mut args = vec![
        "pathways sensitivity".to_string(),
        shell_word(&opts.scenario.display().to_string()),
        format!("--outcome {}", shell_word(&opts.outcome)),
        format!("--runs {} --seed {seed} --bootstrap {}", opts.base_samples, opts.bootstrap),
    ];
    args.extend(opts.common.sets.iter().map(|s| format!("--set {}", shell_word(s))));
    args.join(" ")
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
    let split = a.split;
    let n = opts.base_samples as usize;
    let evaluations = a.sobol.evaluations as u64;
    let meta = crate::engine::study::run_meta(s, seed, evaluations, canonical_command_line(opts, seed));
    let label = target.label(model);

    let tornado_csv = csv_bytes(
        &["rank", "parameter", "spearman", "p10", "p90", "outcome_at_p10", "outcome_at_p90", "swing"],
        a.tornado.iter().enumerate().map(|(i, r)| {
            vec![
                (i + 1).to_string(),
                r.parameter.clone(),
                num(r.spearman),
                num(r.p10),
                num(r.p90),
                num(r.low),
                num(r.high),
                num(r.swing),
            ]
        }),
    )?;
    let sobol_csv = csv_bytes(
        &[
            "parameter",
            "first_order",
            "first_ci95_low",
            "first_ci95_high",
            "total_order",
            "total_ci95_low",
            "total_ci95_high",
        ],
        a.names.iter().zip(&a.sobol.indices).map(|(name, i)| {
            vec![
                name.clone(),
                num(i.first.value),
                num(i.first.ci_low),
                num(i.first.ci_high),
                num(i.total.value),
                num(i.total.ci_low),
                num(i.total.ci_high),
            ]
        }),
    )?;
    let json = serde_json::json!({
        "format": "pathways-sensitivity/1",
        "manifest": meta,
        "outcome": opts.outcome,
        "outcome_label": label,
        "method": {
            "design": "Saltelli (2002) with N base samples, N (k + 2) runs; the dynamics' randomness is an extra input shared by A and AB, independent in B",
            "first_order": "Saltelli et al. (2010)",
            "total_order": "Jansen (1999)",
            "confidence_intervals": format!("95% percentile bootstrap over base samples, {} resamples", opts.bootstrap),
            "tornado": "Spearman rank correlation and mean outcome of runs at or below the 10th vs at or above the 90th percentile of the parameter, over the 2N independent points",
        },
        "base_samples": n,
        "variance": a.sobol.variance,
        "variance_split": split.map(|(sp, outer)| serde_json::json!({
            "method": format!("nested design, {outer} parameter draws × {SPLIT_INNER} runs each; one-way random-effects estimator"),
            "parameters": sp.parameters,
            "randomness": sp.randomness,
            "total_variance": sp.total,
        })),
        "tornado": a.tornado,
        "sobol": a.names.iter().zip(&a.sobol.indices).map(|(n, i)| serde_json::json!({"parameter": n, "first_order": i.first, "total_order": i.total})).collect::<Vec<_>>(),
    });
    let mut files = vec![
        ("tornado.csv".to_string(), tornado_csv),
        ("sobol.csv".to_string(), sobol_csv),
        ("sensitivity.json".to_string(), serde_json::to_vec_pretty(&json).map_err(|e| Error::encode("JSON", e))?),
    ];
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
    if let Some((sp, _)) = split {
        println!(
            "  variance split: {:.0}% from the uncertain parameters, {:.0}% from the agents', events' and business cycle's randomness",
            100.0 * sp.parameters,
            100.0 * sp.randomness
        );
    }
    println!(
        "  {:<40} {:>9} {:>12} {:>17} {:>17}",
        "parameter", "spearman", "swing 10–90", "S1 (95% CI)", "ST (95% CI)"
    );
    let probability = matches!(target, Target::Pathway(_));
    for r in &a.tornado {
        let i = a.names.iter().position(|n| *n == r.parameter).expect("same names");
        let s = &a.sobol.indices[i];
        // A probability's swing in percentage points, as every other probability is shown.
        let swing = if probability { format!("{:+.1} pts", r.swing * 100.0) } else { format!("{:+.3}", r.swing) };
        println!(
            "  {:<40} {:>9.3} {:>12} {:>5.2} [{:>4.2}, {:>4.2}] {:>5.2} [{:>4.2}, {:>4.2}]",
            r.parameter,
            r.spearman,
            swing,
            s.first.value,
            s.first.ci_low,
            s.first.ci_high,
            s.total.value,
            s.total.ci_low,
            s.total.ci_high
        );
    }
    if a.sobol.indices.iter().any(|i| i.first.value < 0.0 || i.total.value < 0.0) {
        println!("  an index below 0 is estimation noise around 0 (a true Sobol index is never negative)");
    }
    Ok(a)
}
