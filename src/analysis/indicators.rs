//! The indicators a signpost can watch, and an [`Observer`] that records them per run without
//! touching the engine's hot path: state variables at checkpoint months, whether each event has
//! happened by then, and whether each side has made a provocative move by then.

use crate::engine::aggregate::BLOCK;
use crate::engine::block_design::BlockDesign;
use crate::error::{Error, Result};
use crate::model::action::Actor;
use crate::model::agent::Decision;
use crate::model::outcome::track::{Tee, Tracker};
use crate::model::params::Model;
use crate::model::sim::{EventClock, Observer, Streams, simulate};
use crate::model::vars::{N_VARS, State, VARS};
use rayon::prelude::*;

/// Months at which indicators are read: early ones densely, then yearly.
const CANDIDATE_MONTHS: [u32; 12] = [1, 3, 6, 9, 12, 18, 24, 36, 48, 60, 84, 120];

/// The checkpoint months before the horizon (the horizon itself defines the pathway).
pub fn checkpoint_months(horizon: u32) -> Vec<u32> {
    CANDIDATE_MONTHS.iter().copied().filter(|&m| m < horizon).collect()
}

/// One observable indicator (one column).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Indicator {
    /// State variable (registry index) at the end of `month`.
    Var { var: usize, month: u32 },
    /// Whether event `event` has fired in months 1..=month.
    Event { event: usize, month: u32 },
    /// Whether `actor` has made a provocative move in months 1..=month.
    Provocation { actor: Actor, month: u32 },
}

impl Indicator {
    pub fn month(&self) -> u32 {
        match *self {
            Indicator::Var { month, .. } | Indicator::Event { month, .. } | Indicator::Provocation { month, .. } => {
                month
            }
        }
    }

    /// What is watched, without the month: equal for the same variable, event or actor.
    pub fn subject(&self) -> (u8, usize) {
        match *self {
            Indicator::Var { var, .. } => (0, var),
            Indicator::Event { event, .. } => (1, event),
            Indicator::Provocation { actor, .. } => (2, actor.index()),
        }
    }

    /// "US tariff on Chinese goods above 35.2% at month 12", "event `incident` by month 6".
    pub fn describe(&self, model: &Model, threshold: f64, above: bool) -> String {
        match *self {
            Indicator::Var { var, month } => {
                let info = &VARS[var];
                let value = if info.unit == "%" {
                    format!("{threshold:.1}%")
                } else if info.unit.starts_with("index") {
                    format!("{threshold:.2}")
                } else {
                    format!("{threshold:.1} {}", info.unit)
                };
                let side = if above { "above" } else { "at or below" };
                format!("{} {side} {value} at month {month}", info.display)
            }
            Indicator::Event { event, month } => {
                let name = &model.base.events[event].name;
                if above {
                    format!("event `{name}` has happened by month {month}")
                } else {
                    format!("event `{name}` has not happened by month {month}")
                }
            }
            Indicator::Provocation { actor, month } => {
                let who = actor.display();
                if above {
                    format!("{who} makes a provocative move in the first {month} months")
                } else {
                    format!("{who} makes no provocative move in the first {month} months")
                }
            }
        }
    }

    /// A short machine key: `tariff_us@12`, `event:incident@6`, `provocation:us@6`.
    pub fn key(&self, model: &Model) -> String {
        match *self {
            Indicator::Var { var, month } => format!("{}@{month}", VARS[var].key),
            Indicator::Event { event, month } => format!("event:{}@{month}", model.base.events[event].name),
            Indicator::Provocation { actor, month } => format!("provocation:{}@{month}", actor.key()),
        }
    }
}

/// Every indicator of `model` at `months`, in column order.
pub fn indicators(model: &Model, months: &[u32]) -> Vec<Indicator> {
    let mut out = Vec::new();
    for &month in months {
        out.extend((0..N_VARS).map(|var| Indicator::Var { var, month }));
        out.extend((0..model.base.events.len()).map(|event| Indicator::Event { event, month }));
        out.extend(Actor::ALL.iter().map(|&actor| Indicator::Provocation { actor, month }));
    }
    out
}

/// Records what the indicators need from one run.
pub struct IndicatorRecorder<'a> {
    months: &'a [u32],
    /// `months × N_VARS` states at the checkpoints.
    states: Vec<f64>,
    first_event: Vec<u32>,
    first_provocation: [u32; 2],
}

impl<'a> IndicatorRecorder<'a> {
    pub fn new(months: &'a [u32], n_events: usize) -> IndicatorRecorder<'a> {
        IndicatorRecorder {
            months,
            states: vec![0.0; months.len() * N_VARS],
            first_event: vec![u32::MAX; n_events],
            first_provocation: [u32::MAX; 2],
        }
    }

    /// Clears the record for the next run.
    pub fn reset(&mut self) {
        self.first_event.fill(u32::MAX);
        self.first_provocation = [u32::MAX; 2];
    }

    /// This run's value of every indicator (1/0 for the yes/no ones).
    pub fn values<'b>(&'b self, indicators: &'b [Indicator]) -> impl Iterator<Item = f64> + 'b {
        indicators.iter().map(move |ind| match *ind {
            Indicator::Var { var, month } => {
                let i = self.months.iter().position(|&m| m == month).expect("indicator at a checkpoint");
                self.states[i * N_VARS + var]
            }
            Indicator::Event { event, month } => f64::from(u8::from(self.first_event[event] <= month)),
            Indicator::Provocation { actor, month } => {
                f64::from(u8::from(self.first_provocation[actor.index()] <= month))
            }
        })
    }
}

impl Observer for IndicatorRecorder<'_> {
    fn month(&mut self, m: u32, state: &State, _pathway: usize) {
        if let Some(i) = self.months.iter().position(|&c| c == m) {
            self.states[i * N_VARS..(i + 1) * N_VARS].copy_from_slice(state);
        }
    }

    fn event(&mut self, m: u32, event: usize) {
        self.first_event[event] = self.first_event[event].min(m);
    }

    fn decision(&mut self, m: u32, actor: Actor, d: &Decision) {
        if d.action.is_provocation() {
            let f = &mut self.first_provocation[actor.index()];
            *f = (*f).min(m);
        }
    }
}

/// What [`observe`] returns: one column per indicator, each run's final pathway, and (when
/// asked for) each run's value of one outcome.
pub type Observed = (Vec<Vec<f64>>, Vec<u8>, Vec<f64>);

/// Indicator columns and final pathways of runs 0..runs, in run order (the same runs, with the
/// same sampling design, as `pathways run`), computed in blocks on `threads` threads; with
/// `outcome`, also each run's value of the model's outcome of that index.
pub fn observe(
    model: &Model,
    seed: u64,
    runs: u64,
    threads: usize,
    indicators: &[Indicator],
    months: &[u32],
    outcome: Option<usize>,
) -> Result<Observed> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::system("start worker threads", e))?;
    let n_blocks = runs.div_ceil(BLOCK);
    let blocks: Vec<(Vec<f64>, Vec<u8>, Vec<f64>)> = pool.install(|| {
        (0..n_blocks)
            .into_par_iter()
            .map(|b| {
                let range = b * BLOCK..((b + 1) * BLOCK).min(runs);
                let design = BlockDesign::new(model, seed, range.clone());
                let mut params = model.base.clone();
                let mut sampled = vec![0.0; model.uncertain.len()];
                let mut clock = EventClock::default();
                let mut rec = IndicatorRecorder::new(months, model.base.events.len());
                let mut rows = Vec::with_capacity((range.end - range.start) as usize * indicators.len());
                let mut labels = Vec::new();
                let mut values = Vec::new();
                let mut tracker = Tracker::new(&model.outcomes);
                for run in range {
                    design.sample(model, seed, run, &mut params, &mut sampled);
                    let mut streams = Streams::new(seed, run);
                    rec.reset();
                    tracker.start();
                    let end = match outcome {
                        Some(j) => {
                            let end =
                                simulate(model, &params, &mut clock, &mut streams, &mut Tee(&mut rec, &mut tracker));
                            values.push(tracker.values().nth(j).expect("outcome index"));
                            end
                        }
                        None => simulate(model, &params, &mut clock, &mut streams, &mut rec),
                    };
                    rows.extend(rec.values(indicators));
                    labels.push(end.pathway as u8);
                }
                (rows, labels, values)
            })
            .collect()
    });
    let mut columns = vec![Vec::with_capacity(runs as usize); indicators.len()];
    let mut labels = Vec::with_capacity(runs as usize);
    let mut values = Vec::new();
    for (rows, l, v) in blocks {
        for row in rows.chunks_exact(indicators.len().max(1)) {
            for (c, v) in columns.iter_mut().zip(row) {
                c.push(*v);
            }
        }
        labels.extend(l);
        values.extend(v);
    }
    Ok((columns, labels, values))
}
