//! One simulated run: month by month, events fire, the agents move, the economy responds, and
//! the state is classified into a pathway. An [`Observer`] sees every step, so the engine's
//! statistics and a run trace share this one loop.

use crate::model::action::{Action, Actor};
use crate::model::agent::{Cause, Decision, QuietBound, View, decide_drawn};
use crate::model::economy::{
    DealTerms, Memory, MoveCounts, Threat, When, apply_move, collapse_deal, evolve, set_level, shock, strike_deal,
};
use crate::model::economy_params::E;
use crate::model::params::{EventDef, Model, Move, RunParams};
use crate::model::policy::P;
use crate::model::vars::{State, Var};
use crate::sampling::rng::{RunRng, Stream, stream};
use rand::Rng;
use rand::RngExt;
use serde::Serialize;

/// Something that happened to a threat or a deal, for traces and stories.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Note {
    /// A side announced a tariff rise of `size` points for month `due`.
    ThreatAnnounced { actor: Actor, size: f64, due: u32 },
    /// A threat falling due was put off to month `due` because talks were under way.
    ThreatPostponed { actor: Actor, due: u32 },
    /// A pending threat was withdrawn.
    ThreatWithdrawn { actor: Actor },
    /// A threat fell due and took effect.
    ThreatEnacted { actor: Actor, size: f64 },
    /// A deal was struck.
    DealStruck,
    /// A deal ended because `actor` escalated while it was in force.
    DealBreached { actor: Actor },
    /// A deal collapsed and the US restored its tariffs.
    DealCollapsed,
}

/// Sees a run as it happens. Every method but `month` defaults to doing nothing.
pub trait Observer {
    /// The state at the end of month `m` (m = 0 is the start) and its pathway.
    fn month(&mut self, m: u32, state: &State, pathway: usize);
    fn event(&mut self, _m: u32, _event: usize) {}
    fn decision(&mut self, _m: u32, _actor: Actor, _d: &Decision) {}
    fn note(&mut self, _m: u32, _note: &Note) {}
}

/// The end of a run.
#[derive(Debug, Clone, Copy)]
pub struct Outcome {
    pub state: State,
    pub pathway: usize,
}

/// The random streams of one run: the agents' choices, the event timing and the trade shocks,
/// each of its own so that scenarios differing in one do not shift the others' draws.
#[derive(Debug, Clone)]
pub struct Streams<R> {
    pub choices: R,
    pub events: R,
    pub trade: R,
}

impl Streams<RunRng> {
    /// The streams of run `run` under `seed`.
    pub fn new(seed: u64, run: u64) -> Streams<RunRng> {
        Streams {
            choices: stream(seed, run, Stream::Dynamics),
            events: stream(seed, run, Stream::Events),
            trade: stream(seed, run, Stream::Macro),
        }
    }
}

/// When each event next happens. A stochastic event with monthly probability p is a Bernoulli
/// trial every month of its window; the months between successes are geometric, so drawing the
/// waiting time once per occurrence gives the same distribution as a draw every month, at a
/// fraction of the draws.
#[derive(Debug, Clone, Default)]
pub struct EventClock {
    /// Each event's next month, or NEVER if it falls after the event's window.
    next: Vec<u32>,
    /// The earliest of them: most months no event happens, and are told so by one comparison.
    soonest: u32,
}

/// A month no run reaches.
const NEVER: u32 = u32::MAX;

impl EventClock {
    /// Schedules every event's first occurrence for a new run.
    fn start<R: Rng + ?Sized>(&mut self, events: &[EventDef], rng: &mut R) {
        self.next.clear();
        self.next.extend(events.iter().map(|ev| match ev.month {
            Some(fixed) if fixed >= ev.window.0.max(1) && fixed <= ev.window.1 => fixed,
            Some(_) => NEVER,
            None => within(waiting(ev.window.0.max(1), ev.probability, rng), ev),
        }));
        self.refresh_soonest();
    }

    /// Event `i` happened in month `m`: schedules its next occurrence, if it can recur. Call
    /// [`EventClock::refresh_soonest`] once the month's events are done.
    fn fired<R: Rng + ?Sized>(&mut self, i: usize, ev: &EventDef, m: u32, rng: &mut R) {
        self.next[i] =
            if ev.once || ev.month.is_some() { NEVER } else { within(waiting(m + 1, ev.probability, rng), ev) };
    }

    /// Finds the next month in which some event happens, after scheduling.
    fn refresh_soonest(&mut self) {
        self.soonest = self.next.iter().copied().min().unwrap_or(NEVER);
    }
}

/// `month`, or NEVER if it falls after the event's window.
fn within(month: u32, ev: &EventDef) -> u32 {
    if month <= ev.window.1 { month } else { NEVER }
}

/// The first month from `from` on in which a monthly Bernoulli trial with probability `p`
/// succeeds: `from` + a geometric number of failures, floor(ln U / ln(1 − p)) with U in (0, 1].
fn waiting<R: Rng + ?Sized>(from: u32, p: f64, rng: &mut R) -> u32 {
    if p <= 0.0 {
        return NEVER;
    }
    let u = 1.0 - rng.random::<f64>();
    let failures = if p >= 1.0 { 0.0 } else { (u.ln() / (-p).ln_1p()).floor() };
    from.saturating_add(failures.min(NEVER as f64) as u32)
}

/// Whether a move opens or keeps up talks: engagement, a concession, a cut or a deal.
fn talks(action: Action) -> bool {
    matches!(action, Action::Engage | Action::Concede | Action::DeescalateTariffs | Action::Deal)
}

/// Whether a move breaks a deal in force: any hostile trade move.
fn breaches(action: Action) -> bool {
    matches!(action, Action::EscalateTariffs | Action::Threaten | Action::DivertPurchases | Action::Regulate)
}

/// The domestic pain a side feels: for the US the consumer-price rise and any GDP loss, for
/// China its GDP loss (%).
fn pain(s: &State, actor: Actor) -> f64 {
    match actor {
        Actor::Us => s[Var::UsPriceEffect.index()].max(0.0) + (-s[Var::GdpUs.index()]).max(0.0),
        Actor::China => (-s[Var::GdpCn.index()]).max(0.0),
    }
}

/// Runs the model once with sampled `params`, drawing from `streams`; `clock` is scratch space
/// reused between runs.
pub fn simulate<R: Rng, O: Observer>(
    model: &Model,
    params: &RunParams,
    clock: &mut EventClock,
    streams: &mut Streams<R>,
    obs: &mut O,
) -> Outcome {
    let e = &params.economy;
    let s0 = model.initial;
    let mut s = s0;
    let mut mem = Memory::new(e, &s0);
    let shocks = mem.has_shocks();
    let mut last = [Decision::HOLD; 2];
    let mut grievance = [0.0f64; 2];
    // The punishment level each side escalates toward once provoked (grim trigger), set at the
    // first provocation: its tariff then plus its `punishment`.
    let mut punish_level = [f64::NAN; 2];
    let mut talked = false;
    // Most months a side's uniform draw alone tells that it holds (see QuietBound).
    let restraint_max = (1.0 - e[E::DealRestraint]).max(1.0);
    let quiet = params.policies.each_ref().map(|p| QuietBound::new(p, restraint_max));
    // How much of its grievance each side keeps from one month to the next.
    let keep = params.policies.each_ref().map(|p| 1.0 - 0.25 * p[P::Forgiveness]);
    let mut script = model.script.iter().enumerate().peekable();
    let rng = &mut streams.choices;
    clock.start(&params.events, &mut streams.events);
    let mut pathway = model.classify(&s);
    obs.month(0, &s, pathway);

    for m in 1..=model.horizon {
        // Events first: they shock the state and may dictate this month's reactions.
        let mut forced: [Option<Action>; 2] = [None, None];
        if clock.soonest == m {
            for (i, ev) in params.events.iter().enumerate() {
                if clock.next[i] == m {
                    clock.fired(i, ev, m, &mut streams.events);
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
            clock.refresh_soonest();
        }
        if shocks {
            mem.shock_trade(e, &mut streams.trade);
        }
        // Talks under way: last month's friendly moves, or both sides told to engage now.
        let talking = talked || forced.iter().all(|f| f.is_some_and(talks));

        // Threats falling due take effect, unless talks put them off.
        let mut due: [Option<Decision>; 2] = [None, None];
        for actor in Actor::ALL {
            let a = actor.index();
            if let Some(t) = mem.threats[a]
                && t.due <= m
            {
                let policy = &params.policies[a];
                if talking && rng.random::<f64>() < policy[P::Postpone] {
                    let due = m.saturating_add(policy[P::ThreatDelay].round().max(1.0) as u32);
                    mem.postpone_threat(actor, due);
                    obs.note(m, &Note::ThreatPostponed { actor, due });
                } else {
                    mem.threats[a] = None;
                    due[a] = Some(Decision::new(Action::EscalateTariffs, t.size, Cause::Threat));
                    obs.note(m, &Note::ThreatEnacted { actor, size: t.size });
                }
            }
        }

        // Both sides decide simultaneously on what they saw last month.
        // What a side sees; built only for a side that chooses and whose draw its quiet bound
        // does not settle, and again for the deal rule's pressure, rather than every month.
        let view_of = |actor: Actor, s: &State, mem: &Memory| {
            let a = actor.index();
            let opp = last[actor.other().index()];
            let (own_t, opp_t, floor) = match actor {
                Actor::Us => (Var::TariffUs, Var::TariffCn, e[E::TariffFloorUs]),
                Actor::China => (Var::TariffCn, Var::TariffUs, e[E::TariffFloorCn]),
            };
            let controls = if actor == Actor::Us { Var::TechControlsUs } else { Var::TechControlsCn };
            View {
                opponent_last: opp.action,
                opponent_size: opp.seen_size(),
                opponent_cause: opp.cause,
                tension: s[Var::Tension.index()],
                pain: pain(s, actor),
                grievance: grievance[a],
                tariff_room: s[own_t.index()] - floor,
                own_controls: s[controls.index()],
                opponent_tariff_rise: s[opp_t.index()] - s0[opp_t.index()],
                punish_room: (punish_level[a] - s[own_t.index()]).max(0.0),
                threatened: mem.threats[actor.other().index()].map_or(0.0, |t| t.size),
                own_threat: mem.threats[a].is_some(),
                opponent_enacts: due[actor.other().index()].is_some(),
                restraint: if mem.deal.is_some() { 1.0 - e[E::DealRestraint] } else { 1.0 },
            }
        };
        let mut decisions = [Decision::HOLD; 2];
        for actor in Actor::ALL {
            let a = actor.index();
            let sizes = &model.moves[a];
            // Two predictable tests, not a jump on the pair: most months a side chooses freely.
            decisions[a] = if let Some(action) = forced[a] {
                Decision::drawn(sizes, action, Cause::Event, rng)
            } else if let Some(d) = due[a] {
                d
            } else {
                let u = rng.random::<f64>();
                if quiet[a].holds(u, last[actor.other().index()].action, s[Var::Tension.index()]) {
                    Decision::HOLD
                } else {
                    decide_drawn(u, actor, &params.policies[a], sizes, &view_of(actor, &s, &mem), rng)
                }
            };
        }

        let mut counts = MoveCounts::default();
        let mut applied = [false; 2];
        // A deal: both sides talking this month may strike one, more readily under pressure.
        if mem.deal.is_none() && decisions.iter().all(|d| talks(d.action)) {
            let [us, cn] = [0, 1].map(|a| {
                let p = &params.policies[a];
                let press = view_of(Actor::ALL[a], &s, &mem).pressure(p);
                (p[P::DealWillingness], press)
            });
            let chance = us.0 * cn.0 * (0.25 + 0.75 * us.1.min(cn.1));
            if rng.random::<f64>() < chance {
                let terms = DealTerms { levels: [None, None], purchases: None, term: None };
                decisions = strike_deal(&mut s, &mut mem, e, &terms, Cause::Deal, &mut counts);
                applied = [true; 2];
                obs.note(m, &Note::DealStruck);
            }
        } else if mem.deal.is_some()
            && rng.random::<f64>() < e[E::DealBreakdown]
            && let Some(d) = collapse_deal(&mut s, &mut mem, &mut counts)
        {
            decisions[Actor::Us.index()] = d;
            applied[Actor::Us.index()] = true;
            obs.note(m, &Note::DealCollapsed);
        }

        // Scripted moves override the agents' own choices.
        while let Some((index, mv)) = script.next_if(|(_, mv)| mv.month == m) {
            let value = params.script_values[index];
            match &mv.mv {
                Move::Deal(terms) => {
                    decisions = strike_deal(&mut s, &mut mem, e, terms, Cause::Script, &mut counts);
                    applied = [true; 2];
                    obs.note(m, &Note::DealStruck);
                }
                other => {
                    let actor = mv.actor;
                    let a = actor.index();
                    applied[a] = true;
                    let policy = &params.policies[a];
                    decisions[a] = match *other {
                        Move::Act(action) => {
                            let mut d = match value {
                                Some(v) => Decision::new(action, v, Cause::Script),
                                None => Decision::drawn(&model.moves[a], action, Cause::Script, rng),
                            };
                            let when = When { month: m, threat_delay: policy[P::ThreatDelay] };
                            apply_move(&mut s, &mut mem, e, actor, &mut d, &mut counts, when);
                            d
                        }
                        Move::Threaten { due } => {
                            let size = value.unwrap_or(0.0);
                            mem.threats[a] = Some(Threat { size, due, counter: false });
                            counts.escalations += 0.5 * (size / 10.0).clamp(0.0, 3.0);
                            Decision::new(Action::Threaten, size, Cause::Script)
                        }
                        Move::PostponeThreat { due } => {
                            if mem.threats[a].is_some() {
                                mem.postpone_threat(actor, due);
                                obs.note(m, &Note::ThreatPostponed { actor, due });
                            }
                            Decision { cause: Cause::Script, ..Decision::HOLD }
                        }
                        Move::CancelThreat => {
                            if mem.withdraw_threat(actor) {
                                obs.note(m, &Note::ThreatWithdrawn { actor });
                            }
                            Decision { cause: Cause::Script, ..Decision::HOLD }
                        }
                        Move::SetTariff | Move::SetTechControls => {
                            // A tariff set by script in or after a threat's month is the threat
                            // taking effect.
                            if *other == Move::SetTariff && mem.threats[a].is_some_and(|t| t.due <= m) {
                                mem.threats[a] = None;
                            }
                            set_level(&mut s, actor, *other == Move::SetTariff, value.unwrap_or(0.0), &mut counts)
                        }
                        Move::Deal(_) => unreachable!("handled above"),
                    };
                }
            }
        }
        for actor in Actor::ALL {
            let a = actor.index();
            // Most months a side holds: nothing to apply.
            if !applied[a] && decisions[a].action != Action::Hold {
                let when = When { month: m, threat_delay: params.policies[a][P::ThreatDelay] };
                apply_move(&mut s, &mut mem, e, actor, &mut decisions[a], &mut counts, when);
            }
            if decisions[a].action == Action::Threaten
                && let Some(t) = mem.threats[a]
            {
                obs.note(m, &Note::ThreatAnnounced { actor, size: t.size, due: t.due });
            }
            obs.decision(m, actor, &decisions[a]);
        }
        // A hostile move ends a deal in force.
        if mem.deal.is_some()
            && let Some(actor) = Actor::ALL.into_iter().find(|a| breaches(decisions[a.index()].action))
        {
            mem.deal = None;
            obs.note(m, &Note::DealBreached { actor });
        }
        // A concession or a cut may buy the withdrawal of the other side's pending threat.
        for actor in Actor::ALL {
            let a = actor.index();
            let theirs = decisions[actor.other().index()].action;
            if mem.threats[a].is_some()
                && matches!(theirs, Action::Concede | Action::DeescalateTariffs)
                && rng.random::<f64>() < params.policies[a][P::Relent]
            {
                mem.withdraw_threat(actor);
                obs.note(m, &Note::ThreatWithdrawn { actor });
            }
        }

        // Grievance: the other side's provocations are remembered and fade with forgiveness. The
        // first provocation sets the level punishment escalates to.
        for actor in Actor::ALL {
            let a = actor.index();
            let provoked = decisions[actor.other().index()].action.is_provocation();
            let policy = &params.policies[a];
            grievance[a] = (grievance[a] * keep[a] + if provoked { 0.5 } else { 0.0 }).min(1.0);
            if provoked && punish_level[a].is_nan() && policy[P::Punishment] > 0.0 {
                let own = if actor == Actor::Us { Var::TariffUs } else { Var::TariffCn };
                punish_level[a] = s[own.index()] + policy[P::Punishment];
            }
        }
        talked = decisions.iter().any(|d| talks(d.action));
        last = decisions;

        let drive = params.policies[Actor::China.index()][P::SelfRelianceDrive];
        evolve(&mut s, &s0, &mut mem, e, &counts, drive);
        pathway = model.classify(&s);
        obs.month(m, &s, pathway);
    }
    Outcome { state: s, pathway }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn event(probability: f64, month: Option<u32>, window: (u32, u32), once: bool) -> EventDef {
        EventDef { name: "e".into(), probability, month, window, once, effects: Vec::new(), next: [None; 2] }
    }

    /// Months in 1..=horizon in which the event happens, for one run.
    fn occurrences(ev: &EventDef, horizon: u32, rng: &mut RunRng) -> Vec<u32> {
        let mut clock = EventClock::default();
        let events = std::slice::from_ref(ev);
        clock.start(events, rng);
        let mut months = Vec::new();
        for m in 1..=horizon {
            if clock.next[0] == m {
                clock.fired(0, ev, m, rng);
                months.push(m);
            }
        }
        months
    }

    #[test]
    fn waiting_times_give_the_monthly_bernoulli_distribution() {
        // Recurring event, p = 0.1 over months 5..=40 (36 trials): the count is Binomial(36, 0.1),
        // mean 3.6, sd 1.8; over 40,000 runs the mean's standard error is 0.009.
        let mut rng = RunRng::seed_from_u64(7);
        let ev = event(0.1, None, (5, 40), false);
        let runs = 40_000;
        let (mut total, mut first_in_window) = (0usize, 0usize);
        for _ in 0..runs {
            let months = occurrences(&ev, 48, &mut rng);
            assert!(months.iter().all(|m| (5..=40).contains(m)), "{months:?}");
            assert!(months.windows(2).all(|w| w[0] < w[1]));
            total += months.len();
            first_in_window += usize::from(months.first() == Some(&5));
        }
        let mean = total as f64 / runs as f64;
        assert!((mean - 3.6).abs() < 5.0 * 0.009, "mean count {mean}");
        // The first month of the window fires with probability p.
        let p5 = first_in_window as f64 / runs as f64;
        assert!((p5 - 0.1).abs() < 5.0 * 0.0015, "P(month 5) {p5}");

        // A once-only event happens at most once, with probability 1 − 0.9^36 ≈ 0.977.
        let once = event(0.1, None, (5, 40), true);
        let hit: Vec<usize> = (0..runs).map(|_| occurrences(&once, 48, &mut rng).len()).collect();
        assert!(hit.iter().all(|&n| n <= 1));
        let share = hit.iter().sum::<usize>() as f64 / runs as f64;
        assert!((share - (1.0 - 0.9f64.powi(36))).abs() < 0.004, "P(once) {share}");
    }

    #[test]
    fn certain_impossible_and_fixed_events() {
        let mut rng = RunRng::seed_from_u64(8);
        assert_eq!(occurrences(&event(1.0, None, (3, 6), false), 48, &mut rng), vec![3, 4, 5, 6]);
        assert_eq!(occurrences(&event(1.0, None, (0, 6), true), 48, &mut rng), vec![1]);
        assert!(occurrences(&event(0.0, None, (0, 48), false), 48, &mut rng).is_empty());
        assert_eq!(occurrences(&event(0.0, Some(22), (0, 48), false), 48, &mut rng), vec![22]);
        assert!(occurrences(&event(0.0, Some(22), (30, 48), false), 48, &mut rng).is_empty());
    }
}
