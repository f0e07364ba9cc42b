//! Agent reaction policies: the parameters and the named presets.
//!
//! All probabilities are per month. The decision rule that uses them is in
//! [`crate::model::agent`]; docs/MODEL.md explains each preset and its source.

use serde::Serialize;

/// The parameters of a stochastic reaction policy.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Policy {
    /// Chance per month of an unprovoked tariff escalation (scaled by tension and pain).
    pub aggression: f64,
    /// Chance of answering the other side's escalation in kind.
    pub retaliation: f64,
    /// Size of a retaliatory tariff step relative to the step that provoked it.
    pub retaliation_scale: f64,
    /// Chance of answering de-escalation or engagement in kind; also how fast grievance fades.
    pub forgiveness: f64,
    /// Weight of accumulated grievance in unprovoked escalation (1 = grim trigger).
    pub grudge: f64,
    /// Chance per month of a random action (unpredictability).
    pub noise: f64,
    /// Domestic pain (% prices or GDP) at which escalation propensity halves.
    pub pain_tolerance: f64,
    /// Chance per month of tightening technology controls unprovoked.
    pub tech_hawkishness: f64,
    /// Chance per month of starting dialogue or cooperation.
    pub engagement: f64,
    /// Chance per month of conceding under full pressure.
    pub concession_willingness: f64,
    /// Strength of the push for technological self-reliance (China; 0–1).
    pub self_reliance_drive: f64,
    /// Tariff change of one escalation or de-escalation (percentage points).
    pub tariff_step: f64,
    /// Change in export-control breadth of one tightening or loosening (index points).
    pub tech_step: f64,
}

/// Names of the parameters, in field order.
pub const PARAM_NAMES: [&str; 13] = [
    "aggression",
    "retaliation",
    "retaliation_scale",
    "forgiveness",
    "grudge",
    "noise",
    "pain_tolerance",
    "tech_hawkishness",
    "engagement",
    "concession_willingness",
    "self_reliance_drive",
    "tariff_step",
    "tech_step",
];

/// Parameters that are probabilities or 0–1 weights.
pub const UNIT_PARAMS: [&str; 10] = [
    "aggression",
    "retaliation",
    "forgiveness",
    "grudge",
    "noise",
    "tech_hawkishness",
    "engagement",
    "concession_willingness",
    "self_reliance_drive",
    "tech_step",
];

impl Policy {
    pub fn get(&self, name: &str) -> Option<f64> {
        Some(match name {
            "aggression" => self.aggression,
            "retaliation" => self.retaliation,
            "retaliation_scale" => self.retaliation_scale,
            "forgiveness" => self.forgiveness,
            "grudge" => self.grudge,
            "noise" => self.noise,
            "pain_tolerance" => self.pain_tolerance,
            "tech_hawkishness" => self.tech_hawkishness,
            "engagement" => self.engagement,
            "concession_willingness" => self.concession_willingness,
            "self_reliance_drive" => self.self_reliance_drive,
            "tariff_step" => self.tariff_step,
            "tech_step" => self.tech_step,
            _ => return None,
        })
    }

    pub fn set(&mut self, name: &str, v: f64) {
        match name {
            "aggression" => self.aggression = v,
            "retaliation" => self.retaliation = v,
            "retaliation_scale" => self.retaliation_scale = v,
            "forgiveness" => self.forgiveness = v,
            "grudge" => self.grudge = v,
            "noise" => self.noise = v,
            "pain_tolerance" => self.pain_tolerance = v,
            "tech_hawkishness" => self.tech_hawkishness = v,
            "engagement" => self.engagement = v,
            "concession_willingness" => self.concession_willingness = v,
            "self_reliance_drive" => self.self_reliance_drive = v,
            "tariff_step" => self.tariff_step = v,
            "tech_step" => self.tech_step = v,
            other => unreachable!("unknown policy parameter {other}"),
        }
    }
}

/// A named preset with a one-line description.
pub struct Preset {
    pub name: &'static str,
    pub summary: &'static str,
    pub policy: Policy,
}

const BASE: Policy = Policy {
    aggression: 0.0,
    retaliation: 0.0,
    retaliation_scale: 1.0,
    forgiveness: 0.5,
    grudge: 0.0,
    noise: 0.0,
    pain_tolerance: 1.0,
    tech_hawkishness: 0.0,
    engagement: 0.05,
    concession_willingness: 0.02,
    self_reliance_drive: 0.5,
    tariff_step: 10.0,
    tech_step: 0.1,
};

/// The presets. Values are stated judgement calibrated to monthly moves; docs/MODEL.md gives
/// the reasoning and the game-theory sources (Axelrod 1984; Nowak & Sigmund 1992).
pub const PRESETS: [Preset; 8] = [
    Preset {
        name: "tit_for_tat",
        summary: "never escalates first, answers every escalation and every friendly move in kind",
        policy: Policy { retaliation: 1.0, forgiveness: 1.0, engagement: 0.05, ..BASE },
    },
    Preset {
        name: "generous_tit_for_tat",
        summary: "tit for tat that lets one provocation in three pass and engages more",
        policy: Policy { retaliation: 0.67, forgiveness: 1.0, engagement: 0.1, concession_willingness: 0.05, ..BASE },
    },
    Preset {
        name: "grim_trigger",
        summary: "cooperates until provoked once, then retaliates and never forgives",
        policy: Policy { retaliation: 1.0, forgiveness: 0.0, grudge: 0.3, engagement: 0.03, ..BASE },
    },
    Preset {
        name: "hawk",
        summary: "escalates unprovoked, retaliates hard, rarely forgives, tolerates pain",
        policy: Policy {
            aggression: 0.08,
            retaliation: 0.9,
            retaliation_scale: 1.2,
            forgiveness: 0.2,
            grudge: 0.1,
            noise: 0.02,
            pain_tolerance: 2.0,
            tech_hawkishness: 0.08,
            engagement: 0.01,
            concession_willingness: 0.01,
            ..BASE
        },
    },
    Preset {
        name: "dove",
        summary: "seldom escalates, answers softly, engages and concedes readily, pain-averse",
        policy: Policy {
            aggression: 0.005,
            retaliation: 0.3,
            retaliation_scale: 0.5,
            forgiveness: 0.9,
            pain_tolerance: 0.4,
            tech_hawkishness: 0.005,
            engagement: 0.15,
            concession_willingness: 0.1,
            ..BASE
        },
    },
    Preset {
        name: "unpredictable_hawk",
        summary: "a hawk with frequent random moves and sensitivity to market pain",
        policy: Policy {
            aggression: 0.06,
            retaliation: 0.8,
            retaliation_scale: 1.5,
            forgiveness: 0.5,
            grudge: 0.05,
            noise: 0.1,
            pain_tolerance: 0.8,
            tech_hawkishness: 0.05,
            engagement: 0.04,
            concession_willingness: 0.03,
            ..BASE
        },
    },
    Preset {
        name: "measured_retaliation",
        summary: "answers most escalations with a smaller step, reciprocates friendly moves",
        policy: Policy {
            aggression: 0.005,
            retaliation: 0.8,
            retaliation_scale: 0.8,
            forgiveness: 0.6,
            pain_tolerance: 1.5,
            tech_hawkishness: 0.02,
            engagement: 0.06,
            concession_willingness: 0.04,
            self_reliance_drive: 0.7,
            ..BASE
        },
    },
    Preset {
        name: "strategic_patience",
        summary: "absorbs provocations, builds self-reliance, engages and concedes when pressed",
        policy: Policy {
            retaliation: 0.35,
            retaliation_scale: 0.6,
            forgiveness: 0.7,
            pain_tolerance: 2.0,
            tech_hawkishness: 0.01,
            engagement: 0.08,
            concession_willingness: 0.06,
            self_reliance_drive: 0.9,
            ..BASE
        },
    },
];

pub fn preset(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

pub fn preset_names() -> Vec<&'static str> {
    PRESETS.iter().map(|p| p.name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_parameter_name_round_trips() {
        let mut p = BASE;
        for (i, name) in PARAM_NAMES.iter().enumerate() {
            p.set(name, i as f64 + 0.5);
            assert_eq!(p.get(name), Some(i as f64 + 0.5));
        }
    }
}
