//! The variance-based sensitivity of a scenario: the quantity analysed ([`Target`]), the
//! Saltelli design's evaluations, the Sobol indices and tornado from them, and the variance split
//! between the parameters and the runs' own randomness. Files and tables are `export`'s.

use crate::analysis::sobol::{self, SobolResult};
use crate::analysis::tornado::{TornadoRow, tornado};
use crate::analysis::variance_split::{Split, variance_split_with};
use crate::error::{Error, Result};
use crate::model::outcome::track::Tracker;
use crate::model::params::Model;
use crate::model::sim::{EventClock, Observer, Outcome, Streams, simulate};
use crate::model::vars::{State, Var};

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
