//! Outcomes over windows, compiled for the engine: each run's statistic of one state variable
//! over a window of months ([`track`]), accumulated month by month as the run goes, so that no
//! path is kept; their summaries over runs are the engine's ([`crate::engine::outcomes`]).
//!
//! A scenario declares them in `[[outcomes]]` ([`crate::scenario::outcome`], compiled by
//! [`crate::scenario::compile`]); `pathways score`
//! and `pathways calibrate` add one per observation (the mean of the observed variable over the
//! observation's period).

pub mod track;

use crate::model::calendar::YearMonth;
use crate::model::vars::{VARS, Var};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What an outcome computes over its window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Statistic {
    /// Mean of the monthly values (for trade, an annual rate: the year's mean is its total).
    Mean,
    /// Sum of the monthly values.
    Sum,
    /// Smallest monthly value.
    Min,
    /// Largest monthly value.
    Max,
    /// The value in the window's one month.
    Value,
    /// First month (counted from `start`) in which `when` holds; none if it never does.
    First,
    /// Whether `when` holds in at least one month of the window.
    Any,
    /// Whether `when` holds in every month of the window.
    All,
}

impl Statistic {
    pub const ALL: [Statistic; 8] = [
        Statistic::Mean,
        Statistic::Sum,
        Statistic::Min,
        Statistic::Max,
        Statistic::Value,
        Statistic::First,
        Statistic::Any,
        Statistic::All,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Statistic::Mean => "mean",
            Statistic::Sum => "sum",
            Statistic::Min => "min",
            Statistic::Max => "max",
            Statistic::Value => "value",
            Statistic::First => "first",
            Statistic::Any => "any",
            Statistic::All => "all",
        }
    }

    /// Whether the statistic needs a condition (`when`).
    pub fn needs_condition(self) -> bool {
        matches!(self, Statistic::First | Statistic::Any | Statistic::All)
    }
}

/// One outcome, ready to compute.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeDef {
    pub name: String,
    pub description: String,
    /// Registry index of the state variable.
    pub var: usize,
    pub statistic: Statistic,
    /// First and last month of the window (inclusive, counted from the start).
    pub first: u32,
    pub last: u32,
    /// The condition of `first`, `any` and `all`: lo ≤ value ≤ hi.
    pub lo: f64,
    pub hi: f64,
}

/// How an outcome's per-run values read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A number in the variable's unit (mean, sum, min, max, value).
    Value,
    /// 1 or 0: the condition held (any, all); its mean over runs is a probability.
    Condition,
    /// A month counted from the start, or none (NaN) when the condition never held.
    FirstMonth,
}

impl OutcomeDef {
    pub fn kind(&self) -> Kind {
        match self.statistic {
            Statistic::Any | Statistic::All => Kind::Condition,
            Statistic::First => Kind::FirstMonth,
            _ => Kind::Value,
        }
    }

    /// Whether the condition holds for `x`.
    #[inline]
    pub fn holds(&self, x: f64) -> bool {
        x >= self.lo && x <= self.hi
    }

    /// The mean of `var` over the model months `first..=last`: what an observation of that
    /// period is compared with.
    pub fn mean_over(name: String, var: Var, first: u32, last: u32) -> OutcomeDef {
        OutcomeDef {
            name,
            description: String::new(),
            var: var.index(),
            statistic: Statistic::Mean,
            first,
            last,
            lo: f64::NEG_INFINITY,
            hi: f64::INFINITY,
        }
    }

    /// "mean of US goods imports from China, Jan 2019 – Dec 2019"; "US tariff on Chinese goods
    /// ≥ 100 in some month, Feb 2025 – Jan 2026".
    pub fn describe(&self, start: YearMonth) -> String {
        let info = &VARS[self.var];
        let (a, b) = (start.plus(self.first).label(), start.plus(self.last).label());
        let span = if a == b { a } else { format!("{a} – {b}") };
        let cond = self.condition_text();
        match self.statistic {
            Statistic::Mean => format!("mean of {}, {span}", info.display),
            Statistic::Sum => format!("sum of {}, {span}", info.display),
            Statistic::Min => format!("lowest {}, {span}", info.display),
            Statistic::Max => format!("highest {}, {span}", info.display),
            Statistic::Value => format!("{}, {span}", info.display),
            Statistic::First => format!("first month {} {cond}, {span}", info.display),
            Statistic::Any => format!("{} {cond} in some month, {span}", info.display),
            Statistic::All => format!("{} {cond} in every month, {span}", info.display),
        }
    }

    /// "≥ 100", "≤ 0.3", "between 10 and 20".
    pub fn condition_text(&self) -> String {
        // f64's Display is the shortest text that reads back as the same number: 100, 0.3.
        let n = |v: f64| v.to_string();
        match (self.lo.is_finite(), self.hi.is_finite()) {
            (true, true) => format!("between {} and {}", n(self.lo), n(self.hi)),
            (true, false) => format!("≥ {}", n(self.lo)),
            (false, true) => format!("≤ {}", n(self.hi)),
            (false, false) => "anything".into(),
        }
    }
}
