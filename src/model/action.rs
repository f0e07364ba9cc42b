//! What an agent can do in a month, and who the agents are.

use serde::Serialize;

/// The two agents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    Us,
    China,
}

impl Actor {
    pub const ALL: [Actor; 2] = [Actor::Us, Actor::China];

    pub fn key(self) -> &'static str {
        match self {
            Actor::Us => "us",
            Actor::China => "china",
        }
    }

    pub fn display(self) -> &'static str {
        match self {
            Actor::Us => "US",
            Actor::China => "China",
        }
    }

    pub fn from_key(s: &str) -> Option<Actor> {
        Actor::ALL.into_iter().find(|a| a.key() == s)
    }

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn other(self) -> Actor {
        match self {
            Actor::Us => Actor::China,
            Actor::China => Actor::Us,
        }
    }
}

/// One agent's move in one month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    EscalateTariffs,
    DeescalateTariffs,
    TightenTech,
    LoosenTech,
    /// Dialogue or a cooperation initiative (climate, health).
    Engage,
    /// Purchases, market access or tariff exclusions offered to the other side.
    Concede,
    Hold,
    /// Announce a tariff escalation that takes effect after a delay unless withdrawn.
    Threaten,
    /// Move state-directed purchases (farm goods, aircraft, energy) to other suppliers.
    DivertPurchases,
    /// Regulatory action against the other side's firms: entity listings, investigations,
    /// unreliable-entity listings.
    Regulate,
    /// A deal both sides strike together: tariffs rolled back, purchases committed.
    Deal,
}

impl Action {
    /// Every action, for names in files and messages.
    pub const ALL: [Action; 11] = [
        Action::EscalateTariffs,
        Action::DeescalateTariffs,
        Action::TightenTech,
        Action::LoosenTech,
        Action::Engage,
        Action::Concede,
        Action::Hold,
        Action::Threaten,
        Action::DivertPurchases,
        Action::Regulate,
        Action::Deal,
    ];

    /// The moves one side can make alone (a deal takes both): what agents choose from, what an
    /// event's `next` may force.
    pub const UNILATERAL: [Action; 10] = [
        Action::EscalateTariffs,
        Action::DeescalateTariffs,
        Action::TightenTech,
        Action::LoosenTech,
        Action::Engage,
        Action::Concede,
        Action::Hold,
        Action::Threaten,
        Action::DivertPurchases,
        Action::Regulate,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Action::EscalateTariffs => "escalate_tariffs",
            Action::DeescalateTariffs => "deescalate_tariffs",
            Action::TightenTech => "tighten_tech",
            Action::LoosenTech => "loosen_tech",
            Action::Engage => "engage",
            Action::Concede => "concede",
            Action::Hold => "hold",
            Action::Threaten => "threaten",
            Action::DivertPurchases => "divert_purchases",
            Action::Regulate => "regulate",
            Action::Deal => "deal",
        }
    }

    pub fn from_key(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.key() == s)
    }

    /// A hostile move the other side may retaliate against.
    pub fn is_provocation(self) -> bool {
        matches!(
            self,
            Action::EscalateTariffs
                | Action::TightenTech
                | Action::Threaten
                | Action::DivertPurchases
                | Action::Regulate
        )
    }

    /// A move by non-tariff means (purchases, regulation).
    pub fn is_nontariff(self) -> bool {
        matches!(self, Action::DivertPurchases | Action::Regulate)
    }

    /// A friendly move the other side may reciprocate.
    pub fn is_conciliatory(self) -> bool {
        matches!(self, Action::DeescalateTariffs | Action::LoosenTech | Action::Engage | Action::Concede)
    }
}

/// Scripted moves beyond the agent actions: set a level directly, postpone or withdraw a
/// pending threat, strike a deal.
pub const SET_ACTIONS: [&str; 2] = ["set_tariff", "set_tech_controls"];
pub const SCRIPT_ACTIONS: [&str; 5] = ["set_tariff", "set_tech_controls", "postpone_threat", "cancel_threat", "deal"];
