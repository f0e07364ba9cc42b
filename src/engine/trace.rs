//! Replaying one run exactly, month by month, for `pathways trace` and the briefing's stories.
//!
//! A run is determined by (seed, run index) alone: the trace draws the run's parameters and
//! dynamics from the same streams, with the same sampling and the same simulation loop as the
//! engine ([`crate::sampling::rng::stream`], [`Model::sample`], [`simulate`]), and only watches
//! through an [`Observer`] that records what happened.

use crate::error::Result;
use crate::model::action::{Action, Actor};
use crate::model::agent::{Cause, Decision};
use crate::model::params::Model;
use crate::model::sim::{EventClock, Note, Observer, Streams, simulate};
use crate::model::vars::{State, VARS};
use crate::sampling::rng::{Stream, stream};
use crate::scenario::load::LoadedScenario;
use serde::Serialize;

/// One agent's move in one month.
#[derive(Debug, Clone, Serialize)]
pub struct TracedMove {
    pub actor: Actor,
    pub action: Action,
    /// The change the move made, signed: tariff points, control index points, $ bn/yr of US
    /// exports (a diversion is negative); for a threat, the tariff points threatened; 0 for moves
    /// without a size.
    pub size: f64,
    /// The rule (or `script` / `event`) that caused it.
    pub cause: Cause,
}

/// What happened in one month.
#[derive(Debug, Clone, Serialize)]
pub struct TracedMonth {
    pub month: u32,
    /// "2025-02".
    pub date: String,
    /// Names of the events that fired.
    pub events: Vec<String>,
    /// The US move, then China's (none in month 0).
    pub moves: Vec<TracedMove>,
    /// What happened to threats and deals.
    pub notes: Vec<Note>,
    /// Every state variable at the end of the month, by key.
    pub state: serde_json::Map<String, serde_json::Value>,
    pub pathway: String,
}

/// A replayed run.
#[derive(Debug, Clone, Serialize)]
pub struct Trace {
    pub scenario: String,
    /// The scenario's first month.
    pub start: crate::model::calendar::YearMonth,
    pub seed: u64,
    pub run: u64,
    /// The run's sampled uncertain parameters, in the order of runs.csv's columns.
    pub parameters: Vec<(String, f64)>,
    pub months: Vec<TracedMonth>,
    /// The pathway reached at the horizon.
    pub pathway: String,
    /// Horizon values in registry order (the same numbers as the run's row in runs.csv).
    #[serde(skip)]
    pub final_state: State,
}

/// Records a run as it happens.
struct Recorder<'a> {
    model: &'a Model,
    months: Vec<TracedMonth>,
    events: Vec<String>,
    moves: Vec<TracedMove>,
    notes: Vec<Note>,
}

impl Observer for Recorder<'_> {
    fn month(&mut self, m: u32, state: &State, pathway: usize) {
        let values = VARS.iter().zip(state).map(|(info, &x)| (info.key.to_string(), serde_json::json!(x))).collect();
        self.months.push(TracedMonth {
            month: m,
            date: self.model.start.plus(m).to_string(),
            events: std::mem::take(&mut self.events),
            moves: std::mem::take(&mut self.moves),
            notes: std::mem::take(&mut self.notes),
            state: values,
            pathway: self.model.pathways[pathway].name.clone(),
        });
    }

    fn event(&mut self, _m: u32, event: usize) {
        self.events.push(self.model.base.events[event].name.clone());
    }

    fn note(&mut self, _m: u32, note: &Note) {
        self.notes.push(*note);
    }

    fn decision(&mut self, _m: u32, actor: Actor, d: &Decision) {
        let size = if d.action == Action::Threaten { d.size } else { d.applied };
        self.moves.push(TracedMove { actor, action: d.action, size, cause: d.cause });
    }
}

/// Replays run `run` of a loaded scenario (its seed is `simulation.seed`). Any index replays:
/// run `n` of a batch of more than `n` runs is the same run whatever the batch size.
pub fn trace(s: &LoadedScenario, run: u64) -> Result<Trace> {
    let model = Model::compile(s);
    let seed = s.file.simulation.seed;
    let mut params = model.base.clone();
    let mut sampled = vec![0.0; model.uncertain.len()];
    model.sample(&mut stream(seed, run, Stream::Parameters), &mut params, &mut sampled);
    if model.design.draw_posterior(seed, run, &mut sampled) {
        model.apply(&mut params, &sampled);
    }
    let mut rec =
        Recorder { model: &model, months: Vec::new(), events: Vec::new(), moves: Vec::new(), notes: Vec::new() };
    let outcome = simulate(&model, &params, &mut EventClock::default(), &mut Streams::new(seed, run), &mut rec);
    Ok(Trace {
        scenario: model.name.clone(),
        start: model.start,
        seed,
        run,
        parameters: model.uncertain.iter().map(|u| u.path.clone()).zip(sampled).collect(),
        months: rec.months,
        pathway: model.pathways[outcome.pathway].name.clone(),
        final_state: outcome.state,
    })
}
