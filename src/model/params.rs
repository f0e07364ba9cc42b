//! Compiling a loaded scenario into what the engine runs: constant parameters filled in, the
//! uncertain ones listed with their samplers, names resolved to indices.

use crate::model::action::{Action, Actor};
use crate::model::agent::MoveSizes;
use crate::model::calendar::YearMonth;
use crate::model::economy::DealTerms;
use crate::model::economy_params::Economy;
use crate::model::policy::{MoveKind, N_MOVES, Policy, SizeSpec, preset};
use crate::model::vars::{State, Var};
use crate::scenario::dist::{DistSpec, Param, Sampler};
use crate::scenario::load::LoadedScenario;
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

fn sampler(p: &Param) -> Sampler {
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
enum Slot {
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
    /// Each side's move-size distributions, indexed by [`Actor::index`].
    pub moves: [MoveSizes; 2],
    /// Statistics computed per run over windows of months (`[[outcomes]]`).
    pub outcomes: Vec<crate::outcome::OutcomeDef>,
}

impl Model {
    /// Compiles a scenario that passed validation.
    pub fn compile(s: &LoadedScenario) -> Model {
        let f = &s.file;
        let mut uncertain = Vec::new();
        let mut policies = [Policy::default_for(Actor::Us), Policy::default_for(Actor::China)];
        let mut moves = Vec::with_capacity(2);
        for actor in Actor::ALL {
            let spec = if actor == Actor::Us { &f.agents.us } else { &f.agents.china };
            let preset = preset(&spec.policy).expect("validated");
            let sizes: [Sampler; N_MOVES] = std::array::from_fn(|i| match &spec.moves[i] {
                Some(p) => sampler(p),
                None => sampler(&size_dist(&preset.moves[i])),
            });
            debug_assert_eq!(MoveKind::ALL.len(), N_MOVES);
            moves.push(MoveSizes(sizes));
            let policy = &mut policies[actor.index()];
            *policy = preset.policy;
            for (name, param) in spec.overrides() {
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
        let economy: Economy = f.economy.map(|name, param| {
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
                actor: Actor::from_key(&t.actor).unwrap_or(Actor::Us),
                mv: match t.action.as_str() {
                    "set_tariff" => Move::SetTariff,
                    "set_tech_controls" => Move::SetTechControls,
                    "threaten" => Move::Threaten { due: t.effective.unwrap_or(t.month + 1) },
                    "postpone_threat" => Move::PostponeThreat { due: t.effective.unwrap_or(t.month + 1) },
                    "cancel_threat" => Move::CancelThreat,
                    "deal" => Move::Deal(DealTerms {
                        levels: [t.tariff_us, t.tariff_cn],
                        purchases: t.purchases,
                        term: t.term,
                    }),
                    a => Move::Act(Action::from_key(a).expect("validated")),
                },
                value: t.value.as_ref().map(Param::mean),
            })
            .collect();
        // Stable sort: entries of the same month keep their file order.
        let mut order: Vec<usize> = (0..script.len()).collect();
        order.sort_by_key(|&i| script[i].month);
        script = order.iter().map(|&i| script[i].clone()).collect();
        for (position, &i) in order.iter().enumerate() {
            if let Some(Param::Dist(d)) = &f.timeline[i].value {
                uncertain.push(Uncertain {
                    path: format!("timeline.{}.value", f.timeline[i].name),
                    dist: d.clone(),
                    sampler: d.sampler(),
                    slot: Slot::ScriptValue(position),
                });
            }
        }
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
            base: RunParams { policies, economy, events, script_values: script.iter().map(|m| m.value).collect() },
            uncertain,
            script,
            pathways,
            design,
            moves: [moves[0].clone(), moves[1].clone()],
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
