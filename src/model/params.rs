//! Compiling a loaded scenario into what the engine runs: constant parameters filled in, the
//! uncertain ones listed with their samplers, names resolved to indices.

use crate::model::action::{Action, Actor};
use crate::model::calendar::YearMonth;
use crate::model::policy::{Policy, preset};
use crate::model::vars::{State, Var};
use crate::scenario::dist::{DistSpec, Param, Sampler};
use crate::scenario::format::{AgentSpec, Economy};
use crate::scenario::load::LoadedScenario;
use rand::Rng;

/// An agent's overridden parameters, by name.
pub fn agent_overrides(spec: &AgentSpec) -> Vec<(&'static str, &Param)> {
    let fields: [(&'static str, &Option<Param>); 13] = [
        ("aggression", &spec.aggression),
        ("retaliation", &spec.retaliation),
        ("retaliation_scale", &spec.retaliation_scale),
        ("forgiveness", &spec.forgiveness),
        ("grudge", &spec.grudge),
        ("noise", &spec.noise),
        ("pain_tolerance", &spec.pain_tolerance),
        ("tech_hawkishness", &spec.tech_hawkishness),
        ("engagement", &spec.engagement),
        ("concession_willingness", &spec.concession_willingness),
        ("self_reliance_drive", &spec.self_reliance_drive),
        ("tariff_step", &spec.tariff_step),
        ("tech_step", &spec.tech_step),
    ];
    fields.into_iter().filter_map(|(n, p)| p.as_ref().map(|p| (n, p))).collect()
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
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Move {
    Act(Action),
    SetTariff,
    SetTechControls,
}

#[derive(Debug, Clone)]
pub struct ScriptedMove {
    pub name: String,
    pub month: u32,
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
        self.conditions.iter().all(|&(v, lo, hi)| s[v] >= lo && s[v] <= hi)
    }
}

/// The parameters of one run, after sampling.
#[derive(Debug, Clone)]
pub struct RunParams {
    /// Indexed by [`Actor::index`].
    pub policies: [Policy; 2],
    pub economy: Economy<f64>,
    pub events: Vec<EventDef>,
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
    }
}

/// Where a sampled value goes.
#[derive(Debug, Clone)]
enum Slot {
    Policy(Actor, &'static str),
    Economy(usize),
    EventProbability(usize),
    EventEffect(usize, usize),
}

/// An uncertain parameter: its dotted path, sampler and destination.
#[derive(Debug, Clone)]
pub struct Uncertain {
    pub path: String,
    /// The distribution as written, for its inverse CDF.
    pub dist: DistSpec,
    sampler: Sampler,
    slot: Slot,
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
    pub design: crate::uncertainty::design::Design,
    /// Statistics computed per run over windows of months (`[[outcomes]]`).
    pub outcomes: Vec<crate::outcome::OutcomeDef>,
}

impl Model {
    /// Compiles a scenario that passed validation.
    pub fn compile(s: &LoadedScenario) -> Model {
        let f = &s.file;
        let mut uncertain = Vec::new();
        let mut policies = [Policy::default_for(Actor::Us), Policy::default_for(Actor::China)];
        for actor in Actor::ALL {
            let spec = if actor == Actor::Us { &f.agents.us } else { &f.agents.china };
            let policy = &mut policies[actor.index()];
            *policy = preset(&spec.policy).expect("validated").policy;
            for (name, param) in agent_overrides(spec) {
                policy.set(name, param.mean());
                if let Param::Dist(d) = param {
                    uncertain.push(Uncertain {
                        path: format!("agents.{}.{name}", actor.key()),
                        dist: d.clone(),
                        sampler: d.sampler(),
                        slot: Slot::Policy(actor, name),
                    });
                }
            }
        }
        let mut economy_index = 0;
        let economy = f.economy.map(|name, param| {
            if let Param::Dist(d) = param {
                uncertain.push(Uncertain {
                    path: format!("economy.{name}"),
                    dist: d.clone(),
                    sampler: d.sampler(),
                    slot: Slot::Economy(economy_index),
                });
            }
            economy_index += 1;
            param.mean()
        });
        let mut events = Vec::new();
        for (i, e) in f.events.iter().enumerate() {
            if let Some(Param::Dist(d)) = &e.probability {
                uncertain.push(Uncertain {
                    path: format!("events.{}.probability", e.name),
                    dist: d.clone(),
                    sampler: d.sampler(),
                    slot: Slot::EventProbability(i),
                });
            }
            let mut effects = Vec::new();
            for (j, (key, param)) in e.effects.iter().enumerate() {
                if let Param::Dist(d) = param {
                    uncertain.push(Uncertain {
                        path: format!("events.{}.effects.{key}", e.name),
                        dist: d.clone(),
                        sampler: d.sampler(),
                        slot: Slot::EventEffect(i, j),
                    });
                }
                effects.push((Var::from_key(key).expect("validated").index(), param.mean()));
            }
            let mut next = [None, None];
            for (actor, action) in &e.next {
                next[Actor::from_key(actor).expect("validated").index()] = Action::from_key(action);
            }
            let [from, to] = e.window.unwrap_or([0, f.scenario.horizon_months]);
            events.push(EventDef {
                name: e.name.clone(),
                probability: e.probability.as_ref().map_or(0.0, Param::mean),
                month: e.month,
                window: (from, to),
                once: e.once,
                effects,
                next,
            });
        }
        let mut script: Vec<ScriptedMove> = f
            .timeline
            .iter()
            .map(|t| ScriptedMove {
                name: t.name.clone(),
                month: t.month,
                actor: Actor::from_key(&t.actor).expect("validated"),
                mv: match t.action.as_str() {
                    "set_tariff" => Move::SetTariff,
                    "set_tech_controls" => Move::SetTechControls,
                    a => Move::Act(Action::from_key(a).expect("validated")),
                },
                value: t.value,
            })
            .collect();
        script.sort_by_key(|m| m.month);
        let pathways = f
            .pathways
            .iter()
            .map(|p| PathwayDef {
                name: p.name.clone(),
                description: p.description.clone(),
                conditions: p
                    .when
                    .iter()
                    .map(|(k, b)| {
                        let v = Var::from_key(k).expect("validated").index();
                        (v, b.min.unwrap_or(f64::NEG_INFINITY), b.max.unwrap_or(f64::INFINITY))
                    })
                    .collect(),
            })
            .collect();
        let design = crate::uncertainty::design::Design::from_scenario(s, &uncertain);
        Model {
            name: f.scenario.name.clone(),
            description: f.scenario.description.clone(),
            start: YearMonth::parse(&f.scenario.start).expect("validated"),
            horizon: f.scenario.horizon_months,
            initial: f.initial.to_state(),
            base: RunParams { policies, economy, events },
            uncertain,
            script,
            pathways,
            design,
            outcomes: crate::outcome::compile(f),
        }
    }

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
                Slot::Policy(actor, name) => params.policies[actor.index()].set(name, v),
                Slot::Economy(i) => *params.economy.fields_mut()[i].1 = v,
                Slot::EventProbability(i) => params.events[i].probability = v,
                Slot::EventEffect(i, j) => params.events[i].effects[j].1 = v,
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
