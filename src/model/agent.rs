//! How an agent chooses its move each month: a stochastic reaction policy evaluated as an
//! ordered list of rules, each firing with its own probability. The first rule that fires
//! decides, so every action has one cause that a run trace can report.

use crate::model::action::Action;
use crate::model::policy::Policy;
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
    /// Unprovoked escalation (`aggression`, raised by grievance).
    Aggression,
    /// Unprovoked tightening of technology controls (`tech_hawkishness`).
    TechHawkishness,
    /// Dialogue or a cooperation initiative (`engagement`).
    Engagement,
    /// Concession under pressure (`concession_willingness`).
    Pressure,
    /// No rule fired.
    Inertia,
}

/// What the agent sees when it decides.
#[derive(Debug, Clone, Copy)]
pub struct View {
    /// The other side's action last month and its size (tariff points or control index points).
    pub opponent_last: Action,
    pub opponent_step: f64,
    /// Why the other side made that move.
    pub opponent_cause: Cause,
    pub tension: f64,
    /// Domestic pain: % consumer-price rise plus % GDP loss, whichever applies to this side.
    pub pain: f64,
    /// 0–1 memory of the other side's provocations.
    pub grievance: f64,
    /// Own tariff above its floor (points); de-escalation is possible only when positive.
    pub tariff_room: f64,
    /// Own export-control breadth.
    pub own_controls: f64,
    /// The other side's tariff above its starting level (points).
    pub opponent_tariff_rise: f64,
}

impl View {
    /// How hard the other side's tariffs and domestic pain press, 0–1. Computed only when the
    /// concession rule is reached: its two divisions are a noticeable share of a month's work.
    #[inline]
    pub fn pressure(&self, p: &Policy) -> f64 {
        (self.opponent_tariff_rise / 30.0 + 0.5 * self.pain / p.pain_tolerance).clamp(0.0, 1.0)
    }
}

/// A chosen move: the action, its size and why.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decision {
    pub action: Action,
    /// Tariff points for tariff moves, index points for control moves, 0 otherwise.
    pub step: f64,
    pub cause: Cause,
}

impl Decision {
    pub fn new(policy: &Policy, action: Action, cause: Cause) -> Decision {
        let step = match action {
            Action::EscalateTariffs | Action::DeescalateTariffs | Action::Concede => policy.tariff_step,
            Action::TightenTech | Action::LoosenTech => policy.tech_step,
            _ => 0.0,
        };
        Decision { action, step, cause }
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

/// Chooses one month's move.
#[inline]
pub fn decide<R: Rng + ?Sized>(p: &Policy, v: &View, rng: &mut R) -> Decision {
    let mut rule = FirstToFire::new(rng.random::<f64>());
    // Domestic pain damps escalation: at pain = pain_tolerance the propensity halves.
    let damp = p.pain_tolerance / (p.pain_tolerance + v.pain.max(0.0));

    if rule.fires(p.noise) {
        let pick = (rng.random::<f64>() * Action::ALL.len() as f64) as usize;
        return Decision::new(p, Action::ALL[pick.min(Action::ALL.len() - 1)], Cause::Noise);
    }
    match v.opponent_last {
        Action::EscalateTariffs if rule.fires(p.retaliation * damp) => {
            let step = (p.retaliation_scale * v.opponent_step).max(0.0);
            return Decision { action: Action::EscalateTariffs, step, cause: Cause::Retaliation };
        }
        Action::TightenTech if rule.fires(p.retaliation * damp) => {
            let step = (p.retaliation_scale * v.opponent_step).clamp(0.0, 1.0);
            return Decision { action: Action::TightenTech, step, cause: Cause::Retaliation };
        }
        // A gesture answers a gesture, but an answer is not answered again: otherwise two
        // forgiving agents would trade gestures every month forever.
        a if a.is_conciliatory()
            && v.opponent_cause != Cause::Reciprocity
            && rule.fires(p.forgiveness * (1.0 - p.grudge * v.grievance)) =>
        {
            // In kind and in size: a cut is answered with a cut no larger than the other side's.
            let (action, step) = match a {
                Action::DeescalateTariffs | Action::Concede if v.tariff_room > 0.0 => {
                    let theirs = if a == Action::Concede { v.opponent_step / 2.0 } else { v.opponent_step };
                    (Action::DeescalateTariffs, theirs.min(p.tariff_step))
                }
                Action::LoosenTech if v.own_controls > 0.0 => (Action::LoosenTech, v.opponent_step.min(p.tech_step)),
                _ => (Action::Engage, 0.0),
            };
            return Decision { action, step, cause: Cause::Reciprocity };
        }
        _ => {}
    }
    let heat = 0.5 + v.tension;
    if rule.fires((p.aggression + p.grudge * v.grievance) * heat * damp) {
        return Decision::new(p, Action::EscalateTariffs, Cause::Aggression);
    }
    if rule.fires(p.tech_hawkishness * heat * damp) {
        return Decision::new(p, Action::TightenTech, Cause::TechHawkishness);
    }
    if rule.fires(p.engagement * (1.5 - v.tension)) {
        return Decision::new(p, Action::Engage, Cause::Engagement);
    }
    if rule.fires(p.concession_willingness * (0.2 + 0.8 * v.pressure(p))) {
        return Decision::new(p, Action::Concede, Cause::Pressure);
    }
    Decision::new(p, Action::Hold, Cause::Inertia)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::policy::preset;
    use rand::SeedableRng;

    fn view(last: Action) -> View {
        View {
            opponent_last: last,
            opponent_step: 10.0,
            opponent_cause: Cause::Inertia,
            tension: 0.5,
            pain: 0.0,
            grievance: 0.0,
            tariff_room: 10.0,
            own_controls: 0.3,
            opponent_tariff_rise: 0.0,
        }
    }

    #[test]
    fn tit_for_tat_always_retaliates_and_never_starts() {
        let tft = preset("tit_for_tat").unwrap().policy;
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(1);
        for _ in 0..1000 {
            let d = decide(&tft, &view(Action::EscalateTariffs), &mut rng);
            assert_eq!((d.action, d.cause, d.step), (Action::EscalateTariffs, Cause::Retaliation, 10.0));
            let d = decide(&tft, &view(Action::Hold), &mut rng);
            assert_ne!(d.action, Action::EscalateTariffs);
        }
    }

    #[test]
    fn an_answer_is_not_answered_again() {
        let tft = preset("tit_for_tat").unwrap().policy;
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(3);
        let mut v = view(Action::DeescalateTariffs);
        v.opponent_step = 2.0;
        let d = decide(&tft, &v, &mut rng);
        assert_eq!((d.action, d.step, d.cause), (Action::DeescalateTariffs, 2.0, Cause::Reciprocity));
        v.opponent_cause = Cause::Reciprocity;
        for _ in 0..200 {
            assert_ne!(decide(&tft, &v, &mut rng).cause, Cause::Reciprocity);
        }
    }

    #[test]
    fn one_draw_gives_each_rule_its_first_to_fire_chance() {
        // Opponent held: the rules in play are noise, aggression, tech, engagement, concession.
        let mut p = preset("unpredictable_hawk").unwrap().policy;
        p.grudge = 0.0;
        let v = View { tension: 0.5, opponent_tariff_rise: 0.0, ..view(Action::Hold) };
        let chances = [
            (Cause::Noise, p.noise),
            (Cause::Aggression, p.aggression * (0.5 + v.tension)),
            (Cause::TechHawkishness, p.tech_hawkishness * (0.5 + v.tension)),
            (Cause::Engagement, p.engagement * (1.5 - v.tension)),
            (Cause::Pressure, p.concession_willingness * 0.2),
        ];
        let n = 400_000;
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(4);
        let causes: Vec<Cause> = (0..n).map(|_| decide(&p, &v, &mut rng).cause).collect();
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
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(2);
        let rate = |pain: f64, rng: &mut rand_xoshiro::Xoshiro256PlusPlus| {
            let v = View { pain, ..view(Action::EscalateTariffs) };
            (0..20_000).filter(|_| decide(&hawk, &v, rng).cause == Cause::Retaliation).count()
        };
        let calm = rate(0.0, &mut rng);
        let hurt = rate(hawk.pain_tolerance, &mut rng);
        assert!(hurt < calm * 6 / 10, "calm {calm}, hurt {hurt}");
    }
}
