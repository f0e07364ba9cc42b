//! How an agent chooses its move each month: a stochastic reaction policy evaluated as an
//! ordered list of rules, each firing with its own probability. The first rule that fires
//! decides, so every action has one cause that a run trace can report.

use crate::model::action::{Action, Actor};
use crate::model::policy::{MoveKind, N_MOVES, P, Policy};
use crate::sampling::dist::Sampler;
use rand::Rng;
use rand::RngExt;
use serde::Serialize;

/// Why an agent took its action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// A `[[timeline]]` move.
    Script,
    /// An event's `next` reaction.
    Event,
    /// Unpredictability (`noise`).
    Noise,
    /// Answering the other side's escalation (`retaliation`).
    Retaliation,
    /// Answering a friendly move in kind (`forgiveness`).
    Reciprocity,
    /// Punitive escalation driven by grievance, up to the punishment level (`grudge`).
    Punishment,
    /// Unprovoked escalation (`aggression`).
    Aggression,
    /// Unprovoked tightening of technology controls (`tech_hawkishness`).
    TechHawkishness,
    /// Dialogue or a cooperation initiative (`engagement`).
    Engagement,
    /// Concession under pressure (`concession_willingness`).
    Pressure,
    /// A threatened escalation falling due.
    Threat,
    /// A deal both sides struck.
    Deal,
    /// A deal collapsing: the tariffs it cut come back.
    DealCollapse,
    /// No rule fired.
    Inertia,
}

/// What the agent sees when it decides.
#[derive(Debug, Clone, Copy)]
pub struct View {
    /// The other side's action last month, the change it made (tariff points, control index
    /// points, $ bn/yr of purchases; for a threat, the points threatened) and why.
    pub opponent_last: Action,
    pub opponent_size: f64,
    pub opponent_cause: Cause,
    pub tension: f64,
    /// Domestic pain: % consumer-price rise plus % GDP loss, whichever applies to this side.
    pub pain: f64,
    /// 0–1 memory of the other side's provocations.
    pub grievance: f64,
    /// Own tariff above its floor (points); cuts are possible only when positive.
    pub tariff_room: f64,
    /// Own export-control breadth.
    pub own_controls: f64,
    /// The other side's tariff above its starting level (points).
    pub opponent_tariff_rise: f64,
    /// Tariff points punitive escalation may still add (the punishment level less the own
    /// tariff; 0 before any provocation or once the level is reached).
    pub punish_room: f64,
    /// Tariff points the other side threatens against this side (0 if no threat is pending).
    pub threatened: f64,
    /// Whether this side has a threat of its own pending.
    pub own_threat: bool,
    /// Whether the other side's threat takes effect this month: an answer to it is then an
    /// escalation now, not a counter-threat.
    pub opponent_enacts: bool,
    /// Multiplies the chance of unprovoked escalation and tightening: 1, or less while a deal
    /// is in force (1 − `deal_restraint`).
    pub restraint: f64,
}

impl View {
    /// How hard the other side's tariffs, its pending threats and domestic pain press, 0–1.
    /// Computed only when the concession rule is reached: its two divisions are a noticeable
    /// share of a month's work.
    #[inline]
    pub fn pressure(&self, p: &Policy) -> f64 {
        ((self.opponent_tariff_rise + self.threatened) / 30.0 + 0.5 * self.pain / p[P::PainTolerance]).clamp(0.0, 1.0)
    }
}

/// An agent's move-size distributions, in [`MoveKind`] order: a size is drawn afresh for every
/// move.
#[derive(Debug, Clone)]
pub struct MoveSizes(pub [Sampler; N_MOVES]);

impl MoveSizes {
    #[inline]
    pub fn draw<R: Rng + ?Sized>(&self, kind: MoveKind, rng: &mut R) -> f64 {
        self.0[kind as usize].sample(rng).max(0.0)
    }

    /// The size of a new `action`: tariff points for escalations, threats and cuts (half a cut
    /// for a concession), index points for controls, $ bn/yr for a purchase diversion, 1 for a
    /// regulatory action, 0 for moves without a size.
    pub fn size_of<R: Rng + ?Sized>(&self, action: Action, rng: &mut R) -> f64 {
        match action {
            Action::EscalateTariffs | Action::Threaten => self.draw(MoveKind::Tariff, rng),
            Action::DeescalateTariffs => self.draw(MoveKind::Cut, rng),
            Action::Concede => self.draw(MoveKind::Cut, rng) / 2.0,
            Action::TightenTech | Action::LoosenTech => self.draw(MoveKind::Tech, rng),
            Action::DivertPurchases => self.draw(MoveKind::Diversion, rng),
            Action::Regulate => 1.0,
            Action::Engage | Action::Hold | Action::Deal => 0.0,
        }
    }
}

/// A chosen move: the action, its size, the change it made once applied, and why.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decision {
    pub action: Action,
    /// What the move asks for: tariff points for tariff moves and threats, index points for
    /// control moves, $ bn/yr for a purchase diversion, 0 otherwise.
    pub size: f64,
    /// The change it made to the level it moves, signed (a tariff rise is positive, a cut
    /// negative), after bounds; equal to `size` for moves far from any bound. Threats change no
    /// level until they fall due: 0.
    pub applied: f64,
    pub cause: Cause,
}

impl Decision {
    /// A move of `size`, not yet applied.
    pub fn new(action: Action, size: f64, cause: Cause) -> Decision {
        Decision { action, size, applied: 0.0, cause }
    }

    /// A move with its size drawn from the side's move sizes.
    pub fn drawn<R: Rng + ?Sized>(sizes: &MoveSizes, action: Action, cause: Cause, rng: &mut R) -> Decision {
        Decision::new(action, sizes.size_of(action, rng), cause)
    }

    pub const HOLD: Decision = Decision { action: Action::Hold, size: 0.0, applied: 0.0, cause: Cause::Inertia };

    /// The size the other side sees: the change made, or for a threat the points threatened.
    pub fn seen_size(&self) -> f64 {
        if self.action == Action::Threaten { self.size } else { self.applied.abs() }
    }
}

/// The first of an ordered list of rules to fire, each with its own chance, chosen with one
/// uniform draw: rule i fires first with probability p_i · Π_{j<i} (1 − p_j), the length of its
/// stretch of [0, 1). The same distribution as a draw per rule, at one draw per decision.
struct FirstToFire {
    u: f64,
    /// Probability that some earlier rule fired: where the next rule's stretch begins.
    start: f64,
    /// Probability that no earlier rule fired.
    reach: f64,
}

impl FirstToFire {
    fn new(u: f64) -> FirstToFire {
        FirstToFire { u, start: 0.0, reach: 1.0 }
    }

    /// Whether the next rule, with chance `prob` (clamped to [0, 1]), is the first to fire.
    #[inline]
    fn fires(&mut self, prob: f64) -> bool {
        // A certain rule takes all that is left (start + reach can round just below 1).
        if prob >= 1.0 {
            return true;
        }
        let q = self.reach * prob.max(0.0);
        if self.u < self.start + q {
            return true;
        }
        self.start += q;
        self.reach -= q;
        false
    }
}

/// The non-tariff answer each side has: China diverts state-directed purchases (farm goods in
/// 2018, USITC), the US takes regulatory action (entity listings).
fn nontariff_answer(actor: Actor) -> Action {
    match actor {
        Actor::Us => Action::Regulate,
        Actor::China => Action::DivertPurchases,
    }
}

/// An upper bound on the stretch of [0, 1) that [`decide`]'s rules take, for each kind of move
/// the other side made last: a uniform draw at or above it means that no rule fires and the
/// side holds, whatever it sees. Most months are quiet, and a side told so by its draw alone
/// needs no [`View`] and no rule evaluated. The result is the same to the bit: every rule's
/// chance is a product of the policy's parameter and factors bounded by 1 (damping, grievance,
/// pressure), 1.5 (heat, engagement's pull) or the restraint's maximum, each written here at its
/// bound in the same order, and floating-point products and sums of non-negative numbers are
/// monotone; so the bound's partial sums dominate the stretches [`FirstToFire`] accumulates,
/// and a draw at or above the bound is below none of them. A rule or factor added to [`decide`]
/// must be added here too (the test `a_draw_above_the_quiet_bound_always_holds` checks it).
#[derive(Debug, Clone, Copy)]
pub struct QuietBound {
    /// The bound after each of the other side's moves, indexed by the move (a lookup, not a
    /// branch on its kind).
    after: [f64; Action::ALL.len()],
}

impl QuietBound {
    /// The bound of a side with policy `p`, whose restraint never exceeds `restraint_max`.
    pub fn new(p: &Policy, restraint_max: f64) -> QuietBound {
        let rules = [
            P::Noise,
            P::Retaliation,
            P::Forgiveness,
            P::Grudge,
            P::Aggression,
            P::TechHawkishness,
            P::Engagement,
            P::ConcessionWillingness,
        ];
        // The factors are bounded as stated only for non-negative chances, a positive pain
        // tolerance and a forgiveness of at most 1 (grievance, which fades by 1 − forgiveness/4,
        // then stays in 0–1); otherwise no month is told "hold" in advance.
        let bounded = rules.iter().all(|&r| p[r] >= 0.0)
            && p[P::Forgiveness] <= 1.0
            && p[P::PainTolerance] > 0.0
            && restraint_max >= 1.0;
        if !bounded {
            return QuietBound { after: [f64::INFINITY; Action::ALL.len()] };
        }
        // Each rule's chance at its factors' bounds, as `decide` writes it.
        let (heat, damp, grievance, tension) = (0.5 + 1.0, 1.0, 1.0, 0.0);
        let punish = p[P::Grudge] * grievance * heat * damp;
        let aggression = p[P::Aggression] * heat * damp * restraint_max;
        let tech = p[P::TechHawkishness] * heat * damp * restraint_max;
        let engage = p[P::Engagement] * (1.5 - tension);
        let concede = p[P::ConcessionWillingness] * (0.2 + 0.8 * 1.0);
        let answer = |chance: f64| p[P::Noise] + chance + punish + aggression + tech + engage + concede;
        let [provoked, conciliated, other] =
            [answer(p[P::Retaliation] * damp), answer(p[P::Forgiveness] * (1.0 - p[P::Grudge] * 0.0)), answer(0.0)];
        debug_assert!(Action::ALL.iter().enumerate().all(|(i, &a)| a as usize == i), "ALL in declaration order");
        QuietBound {
            after: Action::ALL.map(|a| {
                if a.is_provocation() {
                    provoked
                } else if a.is_conciliatory() {
                    conciliated
                } else {
                    other
                }
            }),
        }
    }

    /// Whether [`decide`] drawing `u` holds, when the other side last made `opponent_last` and
    /// tension (the heat factor's source) lies in its 0–1 range.
    #[inline]
    pub fn holds(&self, u: f64, opponent_last: Action, tension: f64) -> bool {
        u >= self.after(opponent_last) && (0.0..=1.0).contains(&tension)
    }

    /// The bound after the other side's move `opponent_last`.
    #[inline]
    fn after(&self, opponent_last: Action) -> f64 {
        self.after[opponent_last as usize]
    }
}

/// Chooses one month's move for `actor`.
#[inline]
pub fn decide<R: Rng + ?Sized>(actor: Actor, p: &Policy, sizes: &MoveSizes, v: &View, rng: &mut R) -> Decision {
    decide_drawn(rng.random::<f64>(), actor, p, sizes, v, rng)
}

/// [`decide`] with its uniform draw `u` already made.
#[inline]
pub fn decide_drawn<R: Rng + ?Sized>(
    u: f64,
    actor: Actor,
    p: &Policy,
    sizes: &MoveSizes,
    v: &View,
    rng: &mut R,
) -> Decision {
    let mut rule = FirstToFire::new(u);
    // Domestic pain damps escalation: at pain = pain_tolerance the propensity halves.
    let damp = p[P::PainTolerance] / (p[P::PainTolerance] + v.pain.max(0.0));

    if rule.fires(p[P::Noise]) {
        let n = Action::UNILATERAL.len();
        let pick = ((rng.random::<f64>() * n as f64) as usize).min(n - 1);
        return Decision::drawn(sizes, Action::UNILATERAL[pick], Cause::Noise, rng);
    }
    let answered = match v.opponent_last {
        a if a.is_provocation() && rule.fires(p[P::Retaliation] * damp) => Some(answer(actor, p, sizes, v, rng)),
        // A gesture answers a gesture, but an answer is not answered again: otherwise two
        // forgiving agents would trade gestures every month forever.
        a if a.is_conciliatory()
            && v.opponent_cause != Cause::Reciprocity
            && rule.fires(p[P::Forgiveness] * (1.0 - p[P::Grudge] * v.grievance)) =>
        {
            // In kind and in size: a cut is answered with a cut no larger than the other side's.
            let (action, size) = match a {
                Action::DeescalateTariffs | Action::Concede if v.tariff_room > 0.0 => {
                    (Action::DeescalateTariffs, v.opponent_size.min(sizes.draw(MoveKind::Cut, rng)))
                }
                Action::LoosenTech if v.own_controls > 0.0 => {
                    (Action::LoosenTech, v.opponent_size.min(sizes.draw(MoveKind::Tech, rng)))
                }
                _ => (Action::Engage, 0.0),
            };
            Some(Decision::new(action, size, Cause::Reciprocity))
        }
        _ => None,
    };
    if let Some(d) = answered {
        return d;
    }
    let heat = 0.5 + v.tension;
    // Punishment (grim trigger): grievance drives escalation toward a fixed level, then holds.
    if v.punish_room > 0.0 && rule.fires(p[P::Grudge] * v.grievance * heat * damp) {
        let size = sizes.draw(MoveKind::Tariff, rng).min(v.punish_room);
        return Decision::new(Action::EscalateTariffs, size, Cause::Punishment);
    }
    // A deal in force restrains unprovoked moves (`restraint` < 1).
    if rule.fires(p[P::Aggression] * heat * damp * v.restraint) {
        // An escalation announced with a deadline, unless one is already pending.
        let threaten = !v.own_threat && rng.random::<f64>() < p[P::ThreatShare];
        let action = if threaten { Action::Threaten } else { Action::EscalateTariffs };
        return Decision::drawn(sizes, action, Cause::Aggression, rng);
    }
    if rule.fires(p[P::TechHawkishness] * heat * damp * v.restraint) {
        return Decision::drawn(sizes, Action::TightenTech, Cause::TechHawkishness, rng);
    }
    if rule.fires(p[P::Engagement] * (1.5 - v.tension)) {
        return Decision::new(Action::Engage, 0.0, Cause::Engagement);
    }
    if rule.fires(p[P::ConcessionWillingness] * (0.2 + 0.8 * v.pressure(p))) {
        return Decision::drawn(sizes, Action::Concede, Cause::Pressure, rng);
    }
    Decision::new(Action::Hold, 0.0, Cause::Inertia)
}

/// The answer to a provocation: in the same form (a threat with a counter-threat, controls with
/// counter-controls), a tariff escalation with a tariff or, for `nontariff_share` of answers,
/// with the side's non-tariff means. Tariff and control answers are `retaliation_scale` times the
/// move they answer; an answer to a non-tariff move is a tariff move of the side's own size.
fn answer<R: Rng + ?Sized>(actor: Actor, p: &Policy, sizes: &MoveSizes, v: &View, rng: &mut R) -> Decision {
    let scale = p[P::RetaliationScale];
    match v.opponent_last {
        Action::TightenTech => {
            Decision::new(Action::TightenTech, (scale * v.opponent_size).clamp(0.0, 1.0), Cause::Retaliation)
        }
        // In 2018–19 China's counter-measures took effect on the day the US measures did (PIIE).
        Action::Threaten if v.opponent_enacts => {
            Decision::new(Action::EscalateTariffs, scale * v.opponent_size, Cause::Retaliation)
        }
        Action::Threaten => Decision::new(Action::Threaten, scale * v.opponent_size, Cause::Retaliation),
        last => {
            if rng.random::<f64>() < p[P::NontariffShare] {
                return Decision::drawn(sizes, nontariff_answer(actor), Cause::Retaliation, rng);
            }
            let theirs =
                if last == Action::EscalateTariffs { v.opponent_size } else { sizes.draw(MoveKind::Tariff, rng) };
            Decision::new(Action::EscalateTariffs, (scale * theirs).max(0.0), Cause::Retaliation)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::policy::{SizeSpec, preset};
    use rand::SeedableRng;

    fn view(last: Action) -> View {
        View {
            opponent_last: last,
            opponent_size: 10.0,
            opponent_cause: Cause::Inertia,
            tension: 0.5,
            pain: 0.0,
            grievance: 0.0,
            tariff_room: 10.0,
            own_controls: 0.3,
            opponent_tariff_rise: 0.0,
            punish_room: 0.0,
            threatened: 0.0,
            own_threat: false,
            opponent_enacts: false,
            restraint: 1.0,
        }
    }

    /// Fixed move sizes: a 4-point tariff step, a 2-point cut, a 0.1 control step, $3 bn.
    fn sizes() -> MoveSizes {
        MoveSizes([
            Sampler::Uniform(4.0, 4.0),
            Sampler::Uniform(2.0, 2.0),
            Sampler::Uniform(0.1, 0.1),
            Sampler::Uniform(3.0, 3.0),
        ])
    }

    fn rng(seed: u64) -> rand_xoshiro::Xoshiro256PlusPlus {
        rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(seed)
    }

    /// A draw at or above the quiet bound always holds, for any policy within its ranges and
    /// any view, the bound itself and views at every factor's extreme included; and the bound
    /// tells most quiet months for the baseline's presets.
    #[test]
    fn a_draw_above_the_quiet_bound_always_holds() {
        let mut rng = rng(21);
        let mut told = 0usize;
        let extreme = |rng: &mut rand_xoshiro::Xoshiro256PlusPlus, lo: f64, hi: f64| match rng.random_range(0..4) {
            0 => lo,
            1 => hi,
            _ => rng.random_range(lo..=hi),
        };
        for case in 0..20_000 {
            let mut p = preset(if case % 2 == 0 { "unpredictable_hawk" } else { "grim_trigger" }).unwrap().policy;
            for r in [P::Noise, P::Retaliation, P::Forgiveness, P::Grudge, P::Aggression, P::TechHawkishness] {
                p[r] = extreme(&mut rng, 0.0, 0.3);
            }
            for r in [P::Engagement, P::ConcessionWillingness] {
                p[r] = extreme(&mut rng, 0.0, 0.2);
            }
            p[P::PainTolerance] = extreme(&mut rng, 0.01, 3.0);
            let quiet = QuietBound::new(&p, 1.0);
            let opponent_last = Action::ALL[rng.random_range(0..Action::ALL.len())];
            let v = View {
                opponent_last,
                opponent_size: extreme(&mut rng, 0.0, 30.0),
                opponent_cause: [Cause::Aggression, Cause::Reciprocity, Cause::Inertia][rng.random_range(0..3)],
                tension: extreme(&mut rng, 0.0, 1.0),
                pain: extreme(&mut rng, 0.0, 5.0),
                grievance: extreme(&mut rng, 0.0, 1.0),
                tariff_room: extreme(&mut rng, 0.0, 40.0),
                own_controls: extreme(&mut rng, 0.0, 1.0),
                opponent_tariff_rise: extreme(&mut rng, 0.0, 80.0),
                punish_room: extreme(&mut rng, 0.0, 10.0),
                threatened: extreme(&mut rng, 0.0, 30.0),
                own_threat: rng.random_bool(0.5),
                opponent_enacts: rng.random_bool(0.5),
                restraint: extreme(&mut rng, 0.0, 1.0),
            };
            let bound = quiet.after(opponent_last);
            for u in [bound, rng.random_range(0.0..1.0), 1.0 - f64::EPSILON / 2.0] {
                if quiet.holds(u, opponent_last, v.tension) {
                    told += 1;
                    let d = decide_drawn(u, Actor::Us, &p, &sizes(), &v, &mut rng);
                    assert_eq!((d.action, d.cause), (Action::Hold, Cause::Inertia), "u {u}, {p:?}, {v:?}");
                }
            }
        }
        assert!(told > 20_000, "the bound told only {told} of 60,000 draws");
        // Out of range (tension above 1, a negative chance), no draw is told.
        let hawk = preset("unpredictable_hawk").unwrap().policy;
        assert!(!QuietBound::new(&hawk, 1.0).holds(0.99, Action::Hold, 1.5));
        let mut negative = hawk;
        negative[P::Engagement] = -0.1;
        assert!(!QuietBound::new(&negative, 1.0).holds(0.999, Action::Hold, 0.5));
        // The baseline's presets: after a quiet month most draws are told (the US's bound is
        // 0.43, China's 0.17).
        let china = preset("measured_retaliation").unwrap().policy;
        assert!(QuietBound::new(&hawk, 1.0).after(Action::Hold) < 0.5);
        assert!(QuietBound::new(&china, 1.0).after(Action::Hold) < 0.2);
    }

    #[test]
    fn tit_for_tat_always_retaliates_in_size_and_never_starts() {
        let tft = preset("tit_for_tat").unwrap().policy;
        let mut rng = rng(1);
        for _ in 0..1000 {
            let d = decide(Actor::China, &tft, &sizes(), &view(Action::EscalateTariffs), &mut rng);
            assert_eq!((d.action, d.cause, d.size), (Action::EscalateTariffs, Cause::Retaliation, 10.0));
            let d = decide(Actor::China, &tft, &sizes(), &view(Action::Hold), &mut rng);
            assert!(!d.action.is_provocation(), "{d:?}");
        }
    }

    #[test]
    fn a_threat_is_answered_with_a_counter_threat() {
        let tft = preset("tit_for_tat").unwrap().policy;
        let d = decide(Actor::China, &tft, &sizes(), &view(Action::Threaten), &mut rng(5));
        assert_eq!((d.action, d.size, d.cause), (Action::Threaten, 10.0, Cause::Retaliation));
    }

    #[test]
    fn nontariff_answers_take_the_share_asked_for() {
        let mut p = preset("tit_for_tat").unwrap().policy;
        p[P::NontariffShare] = 0.3;
        let mut rng = rng(6);
        let n = 20_000;
        let diverted = (0..n)
            .filter(|_| {
                decide(Actor::China, &p, &sizes(), &view(Action::EscalateTariffs), &mut rng).action
                    == Action::DivertPurchases
            })
            .count() as f64
            / n as f64;
        assert!((diverted - 0.3).abs() < 0.02, "{diverted}");
        let us = decide(Actor::Us, &Policy { ..p }, &sizes(), &view(Action::DivertPurchases), &mut rng);
        assert!(matches!(us.action, Action::Regulate | Action::EscalateTariffs), "{us:?}");
    }

    #[test]
    fn an_answer_is_not_answered_again() {
        let tft = preset("tit_for_tat").unwrap().policy;
        let mut rng = rng(3);
        let mut v = view(Action::DeescalateTariffs);
        v.opponent_size = 1.5;
        let d = decide(Actor::Us, &tft, &sizes(), &v, &mut rng);
        assert_eq!((d.action, d.size, d.cause), (Action::DeescalateTariffs, 1.5, Cause::Reciprocity));
        v.opponent_cause = Cause::Reciprocity;
        for _ in 0..200 {
            assert_ne!(decide(Actor::Us, &tft, &sizes(), &v, &mut rng).cause, Cause::Reciprocity);
        }
    }

    #[test]
    fn punishment_escalates_only_up_to_its_level() {
        let grim = preset("grim_trigger").unwrap().policy;
        let mut rng = rng(7);
        let provoked = View { grievance: 1.0, punish_room: 2.5, ..view(Action::Hold) };
        let d = decide(Actor::China, &grim, &sizes(), &provoked, &mut rng);
        assert_eq!((d.action, d.size, d.cause), (Action::EscalateTariffs, 2.5, Cause::Punishment));
        let reached = View { punish_room: 0.0, ..provoked };
        for _ in 0..500 {
            assert!(!d_is_escalation(decide(Actor::China, &grim, &sizes(), &reached, &mut rng)));
        }
    }

    fn d_is_escalation(d: Decision) -> bool {
        d.action.is_provocation()
    }

    #[test]
    fn one_draw_gives_each_rule_its_first_to_fire_chance() {
        // Opponent held: the rules in play are noise, aggression, tech, engagement, concession.
        let mut p = preset("unpredictable_hawk").unwrap().policy;
        p[P::Grudge] = 0.0;
        let v = View { tension: 0.5, opponent_tariff_rise: 0.0, ..view(Action::Hold) };
        let chances = [
            (Cause::Noise, p[P::Noise]),
            (Cause::Aggression, p[P::Aggression] * (0.5 + v.tension)),
            (Cause::TechHawkishness, p[P::TechHawkishness] * (0.5 + v.tension)),
            (Cause::Engagement, p[P::Engagement] * (1.5 - v.tension)),
            (Cause::Pressure, p[P::ConcessionWillingness] * 0.2),
        ];
        let n = 400_000;
        let mut rng = rng(4);
        let causes: Vec<Cause> = (0..n).map(|_| decide(Actor::Us, &p, &sizes(), &v, &mut rng).cause).collect();
        let mut none_before = 1.0;
        for (cause, chance) in chances {
            let expected = none_before * chance;
            none_before *= 1.0 - chance;
            let seen = causes.iter().filter(|&&c| c == cause).count() as f64 / n as f64;
            let se = (expected * (1.0 - expected) / n as f64).sqrt();
            assert!((seen - expected).abs() < 5.0 * se, "{cause:?}: {seen} vs {expected}");
        }
        let held = causes.iter().filter(|&&c| c == Cause::Inertia).count() as f64 / n as f64;
        assert!((held - none_before).abs() < 5.0 * (none_before * (1.0 - none_before) / n as f64).sqrt());
    }

    #[test]
    fn pain_damps_retaliation() {
        let hawk = preset("measured_retaliation").unwrap().policy;
        let mut rng = rng(2);
        let rate = |pain: f64, rng: &mut rand_xoshiro::Xoshiro256PlusPlus| {
            let v = View { pain, ..view(Action::EscalateTariffs) };
            (0..20_000).filter(|_| decide(Actor::China, &hawk, &sizes(), &v, rng).cause == Cause::Retaliation).count()
        };
        let calm = rate(0.0, &mut rng);
        let hurt = rate(hawk[P::PainTolerance], &mut rng);
        assert!(hurt < calm * 6 / 10, "calm {calm}, hurt {hurt}");
    }

    #[test]
    fn size_distributions_give_the_stated_step_distribution() {
        // The unpredictable hawk's escalations: 3.5, 10 or 40 points with weights 0.6, 0.3, 0.1.
        let preset = preset("unpredictable_hawk").unwrap();
        let SizeSpec::Discrete { values, weights } = preset.moves[MoveKind::Tariff as usize] else { panic!() };
        let spec = crate::model::params::size_dist(&preset.moves[MoveKind::Tariff as usize]);
        let crate::sampling::dist::Param::Dist(d) = spec else { panic!() };
        let sizes = MoveSizes([
            d.sampler(),
            Sampler::Uniform(1.0, 1.0),
            Sampler::Uniform(0.1, 0.1),
            Sampler::Uniform(1.0, 1.0),
        ]);
        let mut rng = rng(9);
        let n = 100_000;
        let draws: Vec<f64> = (0..n).map(|_| sizes.size_of(Action::EscalateTariffs, &mut rng)).collect();
        for (v, w) in values.iter().zip(weights.iter()) {
            let share = draws.iter().filter(|&&x| x == *v).count() as f64 / n as f64;
            assert!((share - w).abs() < 5.0 * (w * (1.0 - w) / n as f64).sqrt(), "{v}: {share} vs {w}");
        }
    }
}
