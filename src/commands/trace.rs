//! `pathways trace`: replays one run exactly and tells its story month by month.
//!
//! A run is determined by (seed, run index) alone: the trace draws the run's parameters and
//! dynamics from the same streams, with the same sampling and the same simulation loop as the
//! engine ([`crate::sampling::rng::stream`], [`Model::sample`], [`simulate`]), and only watches
//! through an [`Observer`] that records what happened.

use crate::error::{Error, Result};
use crate::model::action::{Action, Actor};
use crate::model::agent::{Cause, Decision};
use crate::model::params::Model;
use crate::model::sim::{EventClock, Note, Observer, Streams, simulate};
use crate::model::vars::{State, VARS, Var};
use crate::sampling::rng::{Stream, stream};
use crate::scenario::load::LoadedScenario;
use serde::Serialize;
use std::fmt::Write as _;

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

/// What `pathways trace` was asked.
#[derive(Debug, Clone)]
pub struct TraceOptions {
    pub path: std::path::PathBuf,
    pub run: u64,
    /// Overrides `simulation.seed`.
    pub seed: Option<u64>,
    pub sets: Vec<String>,
    /// JSON instead of the story.
    pub json: bool,
}

/// `pathways trace`: prints the story (or JSON) of one run.
pub fn run(opts: &TraceOptions) -> Result<()> {
    let mut sets = opts.sets.clone();
    if let Some(seed) = opts.seed {
        sets.push(format!("simulation.seed={seed}"));
    }
    let loaded = crate::scenario::load::load(&opts.path, &sets)?;
    crate::diagnostic::eprint_warnings(&loaded.warnings);
    let t = trace(&loaded, opts.run)?;
    if opts.json {
        println!("{}", json(&t)?);
    } else {
        print!("{}", story(&t));
    }
    Ok(())
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

/// The state variables printed in each month of the story.
const STORY_VARS: [Var; 7] =
    [Var::TariffUs, Var::TariffCn, Var::TechControlsUs, Var::Tension, Var::UsImportsFromCn, Var::GdpUs, Var::GdpCn];

/// The trace as a story for a reader.
pub fn story(t: &Trace) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} · run {} · seed {}", t.scenario, t.run, t.seed);
    if !t.parameters.is_empty() {
        let ps: Vec<String> = t.parameters.iter().map(|(k, v)| format!("{k} = {v:.4}")).collect();
        let _ = writeln!(out, "sampled: {}", ps.join(", "));
    }
    for m in &t.months {
        let _ = writeln!(out, "\n{} (month {}) · {}", m.date, m.month, m.pathway);
        for e in &m.events {
            let _ = writeln!(out, "  event  {e}");
        }
        for mv in &m.moves {
            let _ = writeln!(out, "  {:<6} {}", mv.actor.display(), describe(mv));
        }
        for n in &m.notes {
            let _ = writeln!(out, "  note   {}", note_text(n, t.start));
        }
        let vals: Vec<String> = STORY_VARS
            .iter()
            .map(|v| {
                let x = m.state[v.info().key].as_f64().unwrap_or(f64::NAN);
                format!("{} {}", v.info().key, if v.is_index() { format!("{x:.2}") } else { format!("{x:.1}") })
            })
            .collect();
        let _ = writeln!(out, "  state  {}", vals.join("  "));
    }
    let _ = writeln!(out, "\nPathway reached: {}", t.pathway);
    out
}

/// A signed number with a true minus sign: "+5.0", "−2.5".
fn signed(x: f64, decimals: usize) -> String {
    let text = format!("{:.decimals$}", x.abs());
    if x < 0.0 { format!("−{text}") } else { format!("+{text}") }
}

fn describe(mv: &TracedMove) -> String {
    let what = mv.action.key();
    // The change the move made: a concession near the floor moves the tariff less than asked.
    let size = match mv.action {
        Action::EscalateTariffs | Action::DeescalateTariffs | Action::Concede | Action::Deal if mv.size != 0.0 => {
            format!(" {} pts", signed(mv.size, 1))
        }
        Action::TightenTech | Action::LoosenTech if mv.size != 0.0 => format!(" {}", signed(mv.size, 2)),
        Action::Threaten => format!(" +{:.1} pts", mv.size),
        Action::DivertPurchases => format!(" {} $ bn/yr of US exports", signed(mv.size, 1)),
        _ => String::new(),
    };
    let cause = serde_json::to_value(mv.cause).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    format!("{what}{size}  ({cause})")
}

/// A note for a reader: "US threat of +10.0 pts falls due (Apr 2025)".
pub fn note_text(n: &Note, start: crate::model::calendar::YearMonth) -> String {
    match *n {
        Note::ThreatAnnounced { actor, size, due } => {
            format!("{} announces +{size:.1} pts, due {}", actor.display(), start.plus(due).label())
        }
        Note::ThreatPostponed { actor, due } => {
            format!("{}'s threat postponed to {}", actor.display(), start.plus(due).label())
        }
        Note::ThreatWithdrawn { actor } => format!("{} withdraws its threat", actor.display()),
        Note::ThreatEnacted { actor, size } => format!("{}'s threat of +{size:.1} pts falls due", actor.display()),
        Note::DealStruck => "deal struck".into(),
        Note::DealBreached { actor } => format!("deal ends: {} escalates", actor.display()),
        Note::DealCollapsed => "deal collapses: the US restores its tariffs".into(),
    }
}

/// The trace as JSON.
pub fn json(t: &Trace) -> Result<String> {
    let mut doc = serde_json::to_value(t).map_err(|e| Error::Other(format!("cannot encode the trace: {e}")))?;
    let final_state: serde_json::Map<String, serde_json::Value> =
        VARS.iter().zip(t.final_state).map(|(i, x)| (i.key.to_string(), serde_json::json!(x))).collect();
    doc["final_state"] = final_state.into();
    doc["parameters"] = t.parameters.iter().map(|(k, v)| (k.clone(), serde_json::json!(v))).collect();
    serde_json::to_string_pretty(&doc).map_err(|e| Error::Other(format!("cannot encode the trace: {e}")))
}
