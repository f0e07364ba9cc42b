//! Compiling a loaded scenario into what the engine runs: constant parameters filled in, the
//! uncertain ones listed with their samplers, names resolved to indices.

use crate::model::action::{Action, Actor};
pub use crate::model::agent::MoveSizes;
use crate::model::calendar::YearMonth;
use crate::model::economy::DealTerms;
use crate::model::economy_params::Economy;
use crate::model::outcome::OutcomeDef;
use crate::model::policy::{Policy, SizeSpec, preset};
use crate::model::vars::State;
use crate::sampling::design::Design;
use crate::sampling::dist::{DistSpec, Param, Sampler};
use rand::Rng;

/// A preset's move size as a distribution of the file format.
pub fn size_dist(spec: &SizeSpec) -> Param {
    match *spec {
        SizeSpec::Const(v) => Param::Const(v),
        SizeSpec::Triangular { min, mode, max } => Param::Dist(DistSpec::Triangular { min, mode, max }),
        SizeSpec::Discrete { values, weights } => {
            Param::Dist(DistSpec::Discrete { values: values.to_vec(), weights: Some(weights.to_vec()) })
        }
    }
}

pub(crate) fn sampler(p: &Param) -> Sampler {
    match p {
        Param::Const(v) => Sampler::Uniform(*v, *v),
        Param::Dist(d) => d.sampler(),
    }
}

/// A stochastic or fixed-month event, ready to run.
#[derive(Debug, Clone)]
pub struct EventDef {
    pub name: String,
    /// Chance per month; unused when `month` is set.
    pub probability: f64,
    pub month: Option<u32>,
    /// Inclusive month window.
    pub window: (u32, u32),
    pub once: bool,
    /// (variable index, additive change).
    pub effects: Vec<(usize, f64)>,
    /// Actions forced on each actor in the event's month.
    pub next: [Option<Action>; 2],
}

/// A scripted move's kind.
#[derive(Debug, Clone, Copy)]
pub enum Move {
    Act(Action),
    SetTariff,
    SetTechControls,
    /// Announce a tariff rise of `value` points that takes effect in month `due`.
    Threaten {
        due: u32,
    },
    /// Put the side's pending threat off to month `due`.
    PostponeThreat {
        due: u32,
    },
    /// Withdraw the side's pending threat.
    CancelThreat,
    /// Both sides strike a deal (the entry's `actor` is ignored).
    Deal(DealTerms),
}

impl PartialEq for Move {
    fn eq(&self, other: &Move) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

#[derive(Debug, Clone)]
pub struct ScriptedMove {
    pub name: String,
    pub month: u32,
    /// The side that moves (the US for a deal, which moves both).
    pub actor: Actor,
    pub mv: Move,
    pub value: Option<f64>,
}

/// An outcome class: all conditions (variable index, min, max) must hold.
#[derive(Debug, Clone)]
pub struct PathwayDef {
    pub name: String,
    pub description: String,
    pub conditions: Vec<(usize, f64, f64)>,
}

impl PathwayDef {
    #[inline]
    pub fn matches(&self, s: &State) -> bool {
        // The first condition alone rejects most states, and predictably (a run stays out of a
        // class for months on end); the others are tested without stopping at the first that
        // fails, as a chain of unpredictable early exits costs more than the comparisons it saves.
        let holds = |&(v, lo, hi): &(usize, f64, f64)| (s[v] >= lo) & (s[v] <= hi);
        match self.conditions.split_first() {
            None => true,
            Some((first, rest)) => holds(first) && rest.iter().fold(true, |all, c| all & holds(c)),
        }
    }
}

/// The parameters of one run, after sampling.
#[derive(Debug, Clone)]
pub struct RunParams {
    /// Indexed by [`Actor::index`].
    pub policies: [Policy; 2],
    pub economy: Economy<f64>,
    pub events: Vec<EventDef>,
    /// The value of each scripted move, in [`Model::script`] order (uncertain ones drawn).
    pub script_values: Vec<Option<f64>>,
}

impl RunParams {
    /// Makes `self` equal to `base` (a clone of which it must be), copying only the numbers:
    /// a clone would allocate every event's name and effects once per run.
    pub fn reset_from(&mut self, base: &RunParams) {
        debug_assert_eq!(self.events.len(), base.events.len());
        self.policies = base.policies;
        self.economy.clone_from(&base.economy);
        for (e, b) in self.events.iter_mut().zip(&base.events) {
            e.probability = b.probability;
            e.effects.copy_from_slice(&b.effects);
        }
        self.script_values.copy_from_slice(&base.script_values);
    }
}

/// Where a sampled value goes.
#[derive(Debug, Clone)]
pub(crate) enum Slot {
    Policy(Actor, &'static str),
    Economy(usize),
    EventProbability(usize),
    EventEffect(usize, usize),
    /// The value of scripted move `i` (in [`Model::script`] order).
    ScriptValue(usize),
}

/// An uncertain parameter: its dotted path, sampler and destination.
#[derive(Debug, Clone)]
pub struct Uncertain {
    pub path: String,
    /// The distribution as written, for its inverse CDF.
    pub dist: DistSpec,
    pub(crate) sampler: Sampler,
    pub(crate) slot: Slot,
}

impl Uncertain {
    /// The value at quantile `u` of this parameter's distribution.
    pub fn quantile(&self, u: f64) -> f64 {
        self.dist.inverse_cdf(u)
    }
}

/// A compiled scenario.
#[derive(Debug, Clone)]
pub struct Model {
    pub name: String,
    pub description: String,
    pub start: YearMonth,
    pub horizon: u32,
    pub initial: State,
    /// Constants in place, uncertain parameters at their means.
    pub base: RunParams,
    pub uncertain: Vec<Uncertain>,
    /// Sorted by month.
    pub script: Vec<ScriptedMove>,
    pub pathways: Vec<PathwayDef>,
    /// How the uncertain parameters are drawn: plain Monte Carlo, Latin hypercube, correlations.
    pub design: Design,
    /// Each side's move-size distributions, indexed by [`Actor::index`].
    pub moves: [MoveSizes; 2],
    /// Statistics computed per run over windows of months (`[[outcomes]]`).
    pub outcomes: Vec<OutcomeDef>,
}

impl Model {
    /// Draws this run's uncertain parameters into `params` (reset from the base first) and
    /// their values, in [`Model::uncertain`] order, into `sampled`.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R, params: &mut RunParams, sampled: &mut [f64]) {
        for (u, out) in self.uncertain.iter().zip(sampled.iter_mut()) {
            *out = u.sampler.sample(rng);
        }
        self.apply(params, sampled);
    }

    /// Puts the values of the uncertain parameters (in [`Model::uncertain`] order) into `params`
    /// (reset from the base first).
    pub fn apply(&self, params: &mut RunParams, values: &[f64]) {
        params.reset_from(&self.base);
        for (u, &v) in self.uncertain.iter().zip(values) {
            match u.slot {
                Slot::Policy(actor, name) => {
                    params.policies[actor.index()].set(name, v);
                }
                Slot::Economy(i) => params.economy.0[i] = v,
                Slot::EventProbability(i) => params.events[i].probability = v,
                Slot::EventEffect(i, j) => params.events[i].effects[j].1 = v,
                Slot::ScriptValue(i) => params.script_values[i] = Some(v),
            }
        }
    }

    /// Index of the first pathway whose conditions hold (the catch-all matches everything).
    #[inline]
    pub fn classify(&self, s: &State) -> usize {
        self.pathways.iter().position(|p| p.matches(s)).unwrap_or(self.pathways.len() - 1)
    }
}

impl Policy {
    /// The preset an agent gets when a scenario names none.
    pub fn default_for(actor: Actor) -> Policy {
        let name = match actor {
            Actor::Us => "unpredictable_hawk",
            Actor::China => "measured_retaliation",
        };
        preset(name).expect("built-in preset").policy
    }
}
