//! Outcomes over windows, compiled for the engine: each run's statistic of one state variable
//! over a window of months ([`track`]), accumulated month by month as the run goes, so that no
//! path is kept; and their summaries over runs ([`summary`]).
//!
//! A scenario declares them in `[[outcomes]]` ([`crate::scenario::outcome`]); `pathways score`
//! and `pathways calibrate` add one per observation (the mean of the observed variable over the
//! observation's period).

pub mod summary;
pub mod track;

use crate::model::calendar::YearMonth;
use crate::model::vars::{VARS, Var};
use crate::observe::Observation;
use crate::scenario::format::ScenarioFile;
pub use crate::scenario::outcome::Statistic;
use crate::scenario::outcome::window_of;

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

    /// The outcome an observation is compared with, if its period lies inside the scenario's
    /// months: the mean of the monthly values over the period (for a month, that month's value).
    pub fn for_observation(o: &Observation, start: YearMonth, horizon: u32) -> Option<OutcomeDef> {
        let (first, last) = o.period.months_from(start, horizon)?;
        Some(OutcomeDef::mean_over(o.label(), o.variable, first, last))
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

/// The enabled `[[outcomes]]` of a validated scenario, in file order.
pub fn compile(f: &ScenarioFile) -> Vec<OutcomeDef> {
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
