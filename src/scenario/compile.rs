//! Compiling a validated scenario into the [`Model`] the engine runs: constants in place,
//! uncertain parameters with their samplers, the script sorted by month, the sampling design and
//! the outcomes. Here rather than in `model`, which holds types and dynamics and reads no files.

use crate::model::action::{Action, Actor};
use crate::model::calendar::YearMonth;
use crate::model::economy::DealTerms;
use crate::model::economy_params::Economy;
use crate::model::outcome::OutcomeDef;
use crate::model::params::{
    EventDef, Model, Move, MoveSizes, PathwayDef, RunParams, ScriptedMove, Slot, Uncertain, sampler, size_dist,
};
use crate::model::policy::{MoveKind, N_MOVES, Policy, preset};
use crate::model::vars::Var;
use crate::sampling::correlation::build;
use crate::sampling::design::{Design, PosteriorDraws};
use crate::sampling::dist::{Param, Sampler};
use crate::scenario::format::ScenarioFile;
use crate::scenario::load::LoadedScenario;
use crate::scenario::outcome::window_of;

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
        let design = Design::from_scenario(s, &uncertain);
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
            outcomes: outcomes(f),
        }
    }
}

impl Design {
    /// The design of a validated scenario whose uncertain parameters are `uncertain`.
    pub fn from_scenario(s: &LoadedScenario, uncertain: &[Uncertain]) -> Design {
        let f: &ScenarioFile = &s.file;
        let names: Vec<String> = uncertain.iter().map(|u| u.path.clone()).collect();
        let posterior = s.posterior.as_ref().map(|p| PosteriorDraws {
            posterior: p.clone(),
            slots: p
                .columns
                .iter()
                .enumerate()
                .filter(|(j, _)| p.overridden[*j].is_none())
                .filter_map(|(j, c)| names.iter().position(|n| n == c).map(|i| (j, i)))
                .collect(),
        });
        Design {
            sampling: f.simulation.sampling,
            correlation: build(&f.correlations, &names).ok().flatten(),
            posterior,
        }
    }
}

/// The enabled `[[outcomes]]` of a validated scenario, in file order.
fn outcomes(f: &ScenarioFile) -> Vec<OutcomeDef> {
    let start = YearMonth::parse(&f.scenario.start).expect("validated");
    f.outcomes
        .iter()
        .map(|o| {
            let (first, last) = window_of(o, start, f.scenario.horizon_months).expect("validated");
            let (lo, hi) = match &o.when {
                Some(b) => (b.min.unwrap_or(f64::NEG_INFINITY), b.max.unwrap_or(f64::INFINITY)),
                None => (f64::NEG_INFINITY, f64::INFINITY),
            };
            OutcomeDef {
                name: o.name.clone(),
                description: o.description.clone(),
                var: Var::from_key(&o.variable).expect("validated").index(),
                statistic: o.statistic,
                first,
                last,
                lo,
                hi,
            }
        })
        .collect()
}
