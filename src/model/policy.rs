//! Agent reaction policies: the parameters, the move-size distributions and the named presets.
//!
//! All probabilities are per month. The decision rule that uses them is in
//! [`crate::model::agent`]; docs/MODEL.md explains each preset and its source.

use crate::model::param_table::{ParamInfo, Range, keys};
use serde::Serialize;
use std::ops::{Index, IndexMut};

/// The parameters of a stochastic reaction policy, in [`POLICY_PARAMS`] order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum P {
    Aggression,
    Retaliation,
    RetaliationScale,
    NontariffShare,
    Forgiveness,
    Grudge,
    Punishment,
    Noise,
    PainTolerance,
    TechHawkishness,
    Engagement,
    ConcessionWillingness,
    SelfRelianceDrive,
    ThreatShare,
    ThreatDelay,
    Relent,
    Postpone,
    DealWillingness,
}

/// Number of policy parameters.
pub const N_POLICY: usize = 18;

const PM: &str = "per month";

/// The policy parameters: key, default (the base every preset starts from), range, unit, doc.
pub const POLICY_PARAMS: [ParamInfo; N_POLICY] = [
    ParamInfo::new(
        "aggression",
        0.0,
        Range::UNIT,
        PM,
        "Chance per month of an unprovoked tariff escalation (scaled by tension and pain).",
    ),
    ParamInfo::new("retaliation", 0.0, Range::UNIT, PM, "Chance of answering the other side's escalation."),
    ParamInfo::new(
        "retaliation_scale",
        1.0,
        Range::COEFFICIENT,
        "",
        "Size of a retaliatory tariff or control move relative to the move that provoked it.",
    ),
    ParamInfo::new(
        "nontariff_share",
        0.0,
        Range::UNIT,
        "",
        "Share of answers to a tariff escalation made by non-tariff means: China diverts state-directed purchases, the US takes regulatory action.",
    ),
    ParamInfo::new(
        "forgiveness",
        0.5,
        Range::UNIT,
        PM,
        "Chance of answering a de-escalation or engagement in kind; also how fast grievance fades.",
    ),
    ParamInfo::new(
        "grudge",
        0.0,
        Range::UNIT,
        PM,
        "Chance per month, at full grievance, of a punitive escalation toward the punishment level (1 with forgiveness 0 = grim trigger).",
    ),
    ParamInfo::new(
        "punishment",
        0.0,
        Range::TARIFF,
        "points",
        "Tariff points above its level at the first provocation that punitive escalation reaches and then holds.",
    ),
    ParamInfo::new("noise", 0.0, Range::UNIT, PM, "Chance per month of a random move (unpredictability)."),
    ParamInfo::new(
        "pain_tolerance",
        1.0,
        Range::PAIN,
        "%",
        "Domestic pain (% consumer prices or % GDP) at which the propensity to escalate halves.",
    ),
    ParamInfo::new(
        "tech_hawkishness",
        0.0,
        Range::UNIT,
        PM,
        "Chance per month of tightening technology controls unprovoked.",
    ),
    ParamInfo::new("engagement", 0.05, Range::UNIT, PM, "Chance per month of starting dialogue or cooperation."),
    ParamInfo::new(
        "concession_willingness",
        0.02,
        Range::UNIT,
        PM,
        "Chance per month of conceding under full pressure.",
    ),
    ParamInfo::new(
        "self_reliance_drive",
        0.5,
        Range::UNIT,
        "",
        "Strength of the push for technological self-reliance (China; 0–1).",
    ),
    ParamInfo::new(
        "threat_share",
        0.0,
        Range::UNIT,
        "",
        "Share of unprovoked escalations announced as a threat that takes effect after `threat_delay` months.",
    ),
    ParamInfo::new(
        "threat_delay",
        3.0,
        Range::MONTHS,
        "months",
        "Months from the announcement of a threatened escalation to its effect.",
    ),
    ParamInfo::new(
        "relent",
        0.3,
        Range::UNIT,
        "",
        "Chance that a pending threat is withdrawn in a month after the other side concedes or cuts.",
    ),
    ParamInfo::new(
        "postpone",
        0.3,
        Range::UNIT,
        "",
        "Chance that a threat falling due while talks are under way is postponed by another `threat_delay`.",
    ),
    ParamInfo::new(
        "deal_willingness",
        0.3,
        Range::UNIT,
        "",
        "Chance that this side accepts a deal when both sides are talking (both must accept; scaled by pressure).",
    ),
];

/// Names of the parameters, in table order.
pub const PARAM_NAMES: [&str; N_POLICY] = keys(&POLICY_PARAMS);

/// The parameters of one agent's policy for one run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Policy(pub [f64; N_POLICY]);

impl Index<P> for Policy {
    type Output = f64;
    #[inline]
    fn index(&self, p: P) -> &f64 {
        &self.0[p as usize]
    }
}

impl IndexMut<P> for Policy {
    #[inline]
    fn index_mut(&mut self, p: P) -> &mut f64 {
        &mut self.0[p as usize]
    }
}

impl Serialize for Policy {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(N_POLICY))?;
        for (info, v) in POLICY_PARAMS.iter().zip(self.0) {
            m.serialize_entry(info.key, &v)?;
        }
        m.end()
    }
}

impl Policy {
    /// The base every preset starts from: the table's defaults.
    pub const BASE: Policy = {
        let mut v = [0.0; N_POLICY];
        let mut i = 0;
        while i < N_POLICY {
            v[i] = POLICY_PARAMS[i].default;
            i += 1;
        }
        Policy(v)
    };

    pub fn get(&self, name: &str) -> Option<f64> {
        PARAM_NAMES.iter().position(|n| *n == name).map(|i| self.0[i])
    }

    /// Sets a parameter by name; `false` if there is no such parameter.
    pub fn set(&mut self, name: &str, v: f64) -> bool {
        match PARAM_NAMES.iter().position(|n| *n == name) {
            Some(i) => {
                self.0[i] = v;
                true
            }
            None => false,
        }
    }

    /// Expected tariff points one retaliatory answer adds per point of the move it answers, at
    /// no domestic pain: chance of answering × share answered with tariffs × scale.
    pub fn answer_gain(&self) -> f64 {
        self[P::Retaliation] * (1.0 - self[P::NontariffShare]) * self[P::RetaliationScale]
    }
}

/// The kinds of move whose size is drawn afresh for every move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MoveKind {
    /// Tariff points of an escalation (or a threatened one).
    Tariff,
    /// Tariff points of a cut; a concession cuts half as much.
    Cut,
    /// Index points of a tightening or loosening of controls.
    Tech,
    /// $ bn/yr of US exports that one purchase diversion moves elsewhere.
    Diversion,
}

pub const N_MOVES: usize = 4;

/// The move-size keys of an agent section: each is a number or a distribution drawn afresh for
/// every move (not once per run).
pub const MOVE_PARAMS: [ParamInfo; N_MOVES] = [
    ParamInfo::new(
        "tariff_move",
        3.5,
        Range::TARIFF,
        "points",
        "Tariff points of one escalation, drawn afresh for every move: a number or any distribution.",
    ),
    ParamInfo::new(
        "cut_move",
        1.7,
        Range::TARIFF,
        "points",
        "Tariff points of one cut, drawn afresh for every move (a concession cuts half): a number or any distribution.",
    ),
    ParamInfo::new(
        "tech_move",
        0.1,
        Range::UNIT,
        "index points",
        "Index points of one tightening or loosening of export controls, drawn afresh for every move.",
    ),
    ParamInfo::new(
        "diversion_move",
        3.0,
        Range::TRADE_BN,
        "$ bn/yr",
        "US exports ($ bn/yr) that one diversion of state-directed purchases moves to other suppliers, drawn afresh for every move.",
    ),
];

pub const MOVE_NAMES: [&str; N_MOVES] = keys(&MOVE_PARAMS);

impl MoveKind {
    pub const ALL: [MoveKind; N_MOVES] = [MoveKind::Tariff, MoveKind::Cut, MoveKind::Tech, MoveKind::Diversion];

    pub fn key(self) -> &'static str {
        MOVE_NAMES[self as usize]
    }
}

/// A preset's move size: a constant or a small static distribution (turned into a sampler
/// when a scenario is compiled).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SizeSpec {
    Const(f64),
    Triangular { min: f64, mode: f64, max: f64 },
    Discrete { values: &'static [f64], weights: &'static [f64] },
}

/// A named preset with a one-line description.
pub struct Preset {
    pub name: &'static str,
    pub summary: &'static str,
    pub policy: Policy,
    /// Move sizes in [`MoveKind`] order.
    pub moves: [SizeSpec; N_MOVES],
}

const fn with(mut base: Policy, overrides: &[(P, f64)]) -> Policy {
    let mut i = 0;
    while i < overrides.len() {
        base.0[overrides[i].0 as usize] = overrides[i].1;
        i += 1;
    }
    base
}

/// List-by-list tariff steps: PIIE's average-tariff changes at each 2018–19 action ranged from
/// +1.1 to +5.4 points (US lists +2.9, +1.7, +3.7, +5.4, +3.5; China's answers +2.9, +4.3, +3.9,
/// +4.2, +1.1), mean about 3.4.
const LIST_STEPS: SizeSpec = SizeSpec::Triangular { min: 1.0, mode: 3.5, max: 5.5 };
/// Cuts: Phase One cut the US average by 1.7 points and China's by 0.5 (PIIE 2020-02-14);
/// China's 2019-01-01 suspension of its car tariffs cut 1.8.
const CUT_STEPS: SizeSpec = SizeSpec::Triangular { min: 0.5, mode: 1.7, max: 5.0 };
/// A mix of list-sized steps and across-the-board moves: +10 points (the fentanyl tariff
/// threatened on Truth Social, 2024-11-25) and about +40 (a 60 % tariff from 20.7, Fox News
/// interview, 2024-02-04). Weights: judgement, most moves list-sized.
const HAWK_STEPS: SizeSpec = SizeSpec::Discrete { values: &[3.5, 10.0, 40.0], weights: &[0.6, 0.3, 0.1] };
/// An unpredictable president reverses as abruptly as he escalates: the same mix for cuts
/// (judgement), so a run can roll back tens of points in a month.
const HAWK_CUTS: SizeSpec = SizeSpec::Discrete { values: &[1.7, 10.0, 40.0], weights: &[0.6, 0.3, 0.1] };
/// One BIS rule package of the size of those of 2022-10-07, 2023-10-17 or 2024-12-02.
const TECH_STEP: SizeSpec = SizeSpec::Const(0.1);
/// USITC (Shifts in U.S. Merchandise Trade 2018): US farm exports to China fell $10.6 bn in
/// 2018 over China's four retaliation rounds that year (PIIE dates): about $2.7 bn a round.
const DIVERSION: SizeSpec = SizeSpec::Triangular { min: 1.0, mode: 2.7, max: 6.0 };

const LISTS: [SizeSpec; N_MOVES] = [LIST_STEPS, CUT_STEPS, TECH_STEP, DIVERSION];

use P::*;

/// The presets. Values are stated judgement calibrated to monthly moves; docs/MODEL.md gives
/// the reasoning and the game-theory sources (Axelrod 1984; Nowak & Sigmund 1992; Friedman 1971).
pub const PRESETS: [Preset; 8] = [
    Preset {
        name: "tit_for_tat",
        summary: "never escalates first, answers every escalation and every friendly move in kind",
        policy: with(Policy::BASE, &[(Retaliation, 1.0), (Forgiveness, 1.0), (Engagement, 0.05)]),
        moves: LISTS,
    },
    Preset {
        name: "generous_tit_for_tat",
        summary: "tit for tat that lets one provocation in three pass and engages more",
        policy: with(
            Policy::BASE,
            &[
                (Retaliation, 0.67),
                (Forgiveness, 1.0),
                (Engagement, 0.1),
                (ConcessionWillingness, 0.05),
                (DealWillingness, 0.5),
            ],
        ),
        moves: LISTS,
    },
    Preset {
        name: "grim_trigger",
        summary: "cooperates until provoked once, then punishes to a fixed level and holds it, never forgiving",
        policy: with(
            Policy::BASE,
            &[
                (Retaliation, 1.0),
                (Forgiveness, 0.0),
                (Grudge, 1.0),
                (Punishment, 20.0),
                (Engagement, 0.03),
                (ConcessionWillingness, 0.0),
                (DealWillingness, 0.05),
            ],
        ),
        moves: LISTS,
    },
    Preset {
        name: "hawk",
        summary: "escalates unprovoked, often by threat, retaliates hard, rarely forgives, tolerates pain",
        policy: with(
            Policy::BASE,
            &[
                (Aggression, 0.08),
                (Retaliation, 0.9),
                (RetaliationScale, 1.2),
                (NontariffShare, 0.1),
                (Forgiveness, 0.2),
                (Grudge, 0.1),
                (Punishment, 10.0),
                (Noise, 0.02),
                (PainTolerance, 2.0),
                (TechHawkishness, 0.08),
                (Engagement, 0.01),
                (ConcessionWillingness, 0.01),
                (ThreatShare, 0.5),
                (Relent, 0.1),
                (Postpone, 0.2),
                (DealWillingness, 0.1),
            ],
        ),
        moves: [HAWK_STEPS, CUT_STEPS, TECH_STEP, DIVERSION],
    },
    Preset {
        name: "dove",
        summary: "seldom escalates, answers softly, engages and concedes readily, pain-averse",
        policy: with(
            Policy::BASE,
            &[
                (Aggression, 0.005),
                (Retaliation, 0.3),
                (RetaliationScale, 0.5),
                (Forgiveness, 0.9),
                (PainTolerance, 0.4),
                (TechHawkishness, 0.005),
                (Engagement, 0.15),
                (ConcessionWillingness, 0.1),
                (Relent, 0.6),
                (Postpone, 0.6),
                (DealWillingness, 0.6),
            ],
        ),
        moves: LISTS,
    },
    Preset {
        name: "unpredictable_hawk",
        summary: "a hawk who threatens with deadlines, moves by lists or across the board, reverses abruptly, minds market pain",
        policy: with(
            Policy::BASE,
            &[
                (Aggression, 0.06),
                (Retaliation, 0.8),
                (RetaliationScale, 1.0),
                (NontariffShare, 0.1),
                (Forgiveness, 0.5),
                (Grudge, 0.05),
                (Punishment, 10.0),
                (Noise, 0.1),
                (PainTolerance, 0.8),
                (TechHawkishness, 0.05),
                (Engagement, 0.04),
                (ConcessionWillingness, 0.03),
                (ThreatShare, 0.7),
                (Relent, 0.3),
                (Postpone, 0.5),
                (DealWillingness, 0.3),
            ],
        ),
        moves: [HAWK_STEPS, HAWK_CUTS, TECH_STEP, DIVERSION],
    },
    Preset {
        name: "measured_retaliation",
        summary: "answers most escalations with a smaller step, a third of them by diverting purchases, reciprocates friendly moves",
        policy: with(
            Policy::BASE,
            &[
                (Aggression, 0.005),
                (Retaliation, 0.8),
                (RetaliationScale, 0.8),
                (NontariffShare, 0.3),
                (Forgiveness, 0.6),
                (PainTolerance, 1.5),
                (TechHawkishness, 0.02),
                (Engagement, 0.06),
                (ConcessionWillingness, 0.04),
                (SelfRelianceDrive, 0.7),
                (DealWillingness, 0.4),
            ],
        ),
        moves: LISTS,
    },
    Preset {
        name: "strategic_patience",
        summary: "absorbs provocations, builds self-reliance, engages and concedes when pressed",
        policy: with(
            Policy::BASE,
            &[
                (Retaliation, 0.35),
                (RetaliationScale, 0.6),
                (NontariffShare, 0.3),
                (Forgiveness, 0.7),
                (PainTolerance, 2.0),
                (TechHawkishness, 0.01),
                (Engagement, 0.08),
                (ConcessionWillingness, 0.06),
                (SelfRelianceDrive, 0.9),
                (DealWillingness, 0.5),
            ],
        ),
        moves: LISTS,
    },
];

pub fn preset(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

pub fn preset_names() -> Vec<&'static str> {
    PRESETS.iter().map(|p| p.name).collect()
}

/// Expected tariff points added by the answer to the answer, per point of an escalation, when
/// the two sides have policies `a` and `b` (no domestic pain): the retaliation loop's gain. Above
/// 1 every escalation is expected to feed a growing spiral.
pub fn loop_gain(a: &Policy, b: &Policy) -> f64 {
    a.answer_gain() * b.answer_gain()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_parameter_name_round_trips() {
        let mut p = Policy::BASE;
        for (i, name) in PARAM_NAMES.iter().enumerate() {
            assert!(p.set(name, i as f64 + 0.5));
            assert_eq!(p.get(name), Some(i as f64 + 0.5));
        }
        assert!(!p.set("no_such_parameter", 1.0));
    }

    #[test]
    fn table_order_matches_the_enum() {
        let last = P::DealWillingness as usize;
        assert_eq!(last + 1, N_POLICY);
        let all = [
            P::Aggression,
            P::Retaliation,
            P::RetaliationScale,
            P::NontariffShare,
            P::Forgiveness,
            P::Grudge,
            P::Punishment,
            P::Noise,
            P::PainTolerance,
            P::TechHawkishness,
            P::Engagement,
            P::ConcessionWillingness,
            P::SelfRelianceDrive,
            P::ThreatShare,
            P::ThreatDelay,
            P::Relent,
            P::Postpone,
            P::DealWillingness,
        ];
        assert_eq!(all.len(), N_POLICY);
        for (i, p) in all.iter().enumerate() {
            assert_eq!(*p as usize, i);
            assert_eq!(PARAM_NAMES[i], crate::model::param_table::snake_case(&format!("{p:?}")));
        }
        assert_eq!(PARAM_NAMES[P::ThreatDelay as usize], "threat_delay");
        assert_eq!(PARAM_NAMES[P::Aggression as usize], "aggression");
        assert_eq!(MOVE_NAMES[MoveKind::Diversion as usize], "diversion_move");
    }

    #[test]
    fn every_preset_value_lies_in_its_range() {
        for preset in &PRESETS {
            for (info, v) in POLICY_PARAMS.iter().zip(preset.policy.0) {
                assert!(info.range.contains(v), "{}.{} = {v}", preset.name, info.key);
            }
        }
    }
}
