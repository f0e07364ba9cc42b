//! One simulated run: month by month, events fire, the agents move, the economy responds, and
//! the state is classified into a pathway. An [`Observer`] sees every step, so the engine's
//! statistics and a run trace share this one loop.

use crate::model::action::{Action, Actor};
use crate::model::agent::{Cause, Decision, View, decide};
use crate::model::economy::{Memory, MoveCounts, apply_move, evolve, set_level, shock};
use crate::model::params::{Model, Move, RunParams};
use crate::model::vars::{State, Var};
use rand::Rng;
use rand::RngExt;

/// Sees a run as it happens. Every method but `month` defaults to doing nothing.
pub trait Observer {
    /// The state at the end of month `m` (m = 0 is the start) and its pathway.
    fn month(&mut self, m: u32, state: &State, pathway: usize);
    fn event(&mut self, _m: u32, _event: usize) {}
    fn decision(&mut self, _m: u32, _actor: Actor, _d: &Decision) {}
}

/// The end of a run.
#[derive(Debug, Clone, Copy)]
pub struct Outcome {
    pub state: State,
    pub pathway: usize,
}

/// Runs the model once with sampled `params`, drawing from `rng`.
pub fn simulate<R: Rng + ?Sized, O: Observer>(
    model: &Model,
    params: &RunParams,
    fired: &mut [bool],
    rng: &mut R,
    obs: &mut O,
) -> Outcome {
    let e = &params.economy;
    let s0 = model.initial;
    let mut s = s0;
    let mut mem = Memory::new(e, &s0);
    let mut last = [Decision { action: Action::Hold, step: 0.0, cause: Cause::Inertia }; 2];
    let mut grievance = [0.0f64; 2];
    let mut script = model.script.iter().peekable();
    fired.fill(false);
    let mut pathway = model.classify(&s);
    obs.month(0, &s, pathway);

    for m in 1..=model.horizon {
        // Events first: they shock the state and may dictate this month's reactions.
        let mut forced: [Option<Action>; 2] = [None, None];
        for (i, ev) in params.events.iter().enumerate() {
            if m < ev.window.0 || m > ev.window.1 || (ev.once && fired[i]) {
                continue;
            }
            let happens = match ev.month {
                Some(fixed) => fixed == m,
                None => rng.random::<f64>() < ev.probability,
            };
            if happens {
                fired[i] = true;
                for &(var, delta) in &ev.effects {
                    shock(&mut s, var, delta);
                }
                for (slot, next) in forced.iter_mut().zip(ev.next) {
                    if next.is_some() {
                        *slot = next;
                    }
                }
                obs.event(m, i);
            }
        }

        // Both sides decide simultaneously on what they saw last month.
        let mut decisions = [last[0]; 2];
        for actor in Actor::ALL {
            let a = actor.index();
            let policy = &params.policies[a];
            let opp = last[actor.other().index()];
            let (own_t, opp_t, floor, pain) = match actor {
                Actor::Us => (
                    Var::TariffUs,
                    Var::TariffCn,
                    e.tariff_floor_us,
                    s[Var::UsPriceEffect.index()].max(0.0) + (-s[Var::GdpUs.index()]).max(0.0),
                ),
                Actor::China => (Var::TariffCn, Var::TariffUs, e.tariff_floor_cn, (-s[Var::GdpCn.index()]).max(0.0)),
            };
            let controls = if actor == Actor::Us { Var::TechControlsUs } else { Var::TechControlsCn };
            let view = View {
                opponent_last: opp.action,
                opponent_step: opp.step,
                opponent_cause: opp.cause,
                tension: s[Var::Tension.index()],
                pain,
                grievance: grievance[a],
                tariff_room: s[own_t.index()] - floor,
                own_controls: s[controls.index()],
                pressure: ((s[opp_t.index()] - s0[opp_t.index()]) / 30.0 + 0.5 * pain / policy.pain_tolerance)
                    .clamp(0.0, 1.0),
            };
            decisions[a] = match forced[a] {
                Some(action) => Decision::new(policy, action, Cause::Event),
                None => decide(policy, &view, rng),
            };
        }

        // Scripted moves override the agents' own choices.
        let mut counts = MoveCounts::default();
        let mut scripted = [false; 2];
        while let Some(mv) = script.next_if(|mv| mv.month == m) {
            let a = mv.actor.index();
            scripted[a] = true;
            let policy = &params.policies[a];
            match mv.mv {
                Move::Act(action) => {
                    let mut d = Decision::new(policy, action, Cause::Script);
                    if let Some(v) = mv.value {
                        d.step = v;
                    }
                    apply_move(&mut s, &mut mem, e, mv.actor, &d, &mut counts);
                    decisions[a] = d;
                }
                Move::SetTariff | Move::SetTechControls => {
                    let tariff = mv.mv == Move::SetTariff;
                    let (action, step) = set_level(&mut s, mv.actor, tariff, mv.value.unwrap_or(0.0), &mut counts);
                    decisions[a] = Decision { action, step, cause: Cause::Script };
                }
            }
        }
        for actor in Actor::ALL {
            let a = actor.index();
            if !scripted[a] {
                apply_move(&mut s, &mut mem, e, actor, &decisions[a], &mut counts);
            }
            obs.decision(m, actor, &decisions[a]);
        }

        // Grievance: the other side's provocations are remembered and fade with forgiveness.
        for actor in Actor::ALL {
            let a = actor.index();
            let provoked = decisions[actor.other().index()].action.is_provocation();
            let fade = 1.0 - 0.25 * params.policies[a].forgiveness;
            grievance[a] = (grievance[a] * fade + if provoked { 0.5 } else { 0.0 }).min(1.0);
        }
        last = decisions;

        let drive = params.policies[Actor::China.index()].self_reliance_drive;
        evolve(&mut s, &s0, &mut mem, e, &counts, m, drive);
        pathway = model.classify(&s);
        obs.month(m, &s, pathway);
    }
    Outcome { state: s, pathway }
}
