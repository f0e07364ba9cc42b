//! An outcome's summary over runs, from its exact per-run values (no sketch): mean, standard
//! deviation and quantiles for values; a probability with its 95% Wilson interval for
//! conditions, and for `first` the probability that the condition holds within the window.

use crate::model::calendar::YearMonth;
use crate::model::outcome::{Kind, OutcomeDef};
use crate::model::vars::VARS;
use crate::stats::proportion::Proportion;
use crate::stats::proportion::wilson;
use crate::stats::sample::{mean_sd, quantile_sorted, sorted_finite};
use serde::{Deserialize, Serialize};

/// Quantiles reported for outcome values.
pub const QUANTILES: [f64; 5] = [0.05, 0.25, 0.5, 0.75, 0.95];

/// The distribution of a value over runs (only runs that have one).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Distribution {
    pub mean: f64,
    pub sd: f64,
    pub p5: f64,
    pub p25: f64,
    pub p50: f64,
    pub p75: f64,
    pub p95: f64,
}

impl Distribution {
    /// From values in run order (the order fixes the floating-point sums); `None` when no value
    /// is finite.
    pub fn of(values: &[f64]) -> Option<Distribution> {
        let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        if finite.is_empty() {
            return None;
        }
        let (mean, sd) = mean_sd(&finite);
        let sorted = sorted_finite(finite);
        let q = QUANTILES.map(|q| quantile_sorted(&sorted, q));
        Some(Distribution { mean, sd, p5: q[0], p25: q[1], p50: q[2], p75: q[3], p95: q[4] })
    }
}

/// One outcome over all runs, as summary.json reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutcomeResult {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// What is computed, in words.
    pub label: String,
    pub variable: String,
    pub statistic: String,
    /// First and last month of the window, counted from the start.
    pub window: [u32; 2],
    /// The window as calendar months.
    pub from: String,
    pub to: String,
    /// The condition of `first`, `any` and `all`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// Runs with a value (all runs, except for `first`: the runs in which the condition held).
    pub runs_with_value: u64,
    /// For `any` and `all`: the probability that the condition holds; for `first`: that it holds
    /// in some month of the window. With its 95% Wilson interval.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probability: Option<ProportionJson>,
    /// For values (and for `first`: the month, over the runs in which it happens).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distribution: Option<Distribution>,
}

/// [`Proportion`] with named fields for JSON (and read back by `compare`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ProportionJson {
    pub p: f64,
    pub ci95_low: f64,
    pub ci95_high: f64,
    pub count: u64,
    pub total: u64,
}

impl From<Proportion> for ProportionJson {
    fn from(p: Proportion) -> Self {
        ProportionJson { p: p.p, ci95_low: p.ci_low, ci95_high: p.ci_high, count: p.count, total: p.total }
    }
}

impl From<ProportionJson> for Proportion {
    fn from(p: ProportionJson) -> Self {
        Proportion { count: p.count, total: p.total, p: p.p, ci_low: p.ci95_low, ci_high: p.ci95_high }
    }
}

impl OutcomeResult {
    /// The headline number of the outcome: its probability for conditions, its mean otherwise.
    /// (For `first`, the probability that it happens within the window.)
    pub fn headline(&self) -> Option<f64> {
        match (&self.probability, &self.distribution) {
            (Some(p), _) => Some(p.p),
            (None, Some(d)) => Some(d.mean),
            (None, None) => None,
        }
    }
}

/// Summaries of every outcome: `values` holds `runs × defs.len()` per-run values, row-major in
/// run order.
pub fn summarize(defs: &[OutcomeDef], values: &[f64], start: YearMonth) -> Vec<OutcomeResult> {
    let k = defs.len();
    let runs = values.len().checked_div(k).unwrap_or(0);
    defs.iter()
        .enumerate()
        .map(|(j, d)| {
            let column: Vec<f64> = (0..runs).map(|r| values[r * k + j]).collect();
            let with_value = column.iter().filter(|v| d.has_value(**v)).count() as u64;
            let (probability, distribution) = match d.kind() {
                Kind::Value => (None, Distribution::of(&column)),
                Kind::Condition => {
                    let holds = column.iter().filter(|v| **v == 1.0).count() as u64;
                    (Some(wilson(holds, runs as u64).into()), None)
                }
                Kind::FirstMonth => (Some(wilson(with_value, runs as u64).into()), Distribution::of(&column)),
            };
            let has_condition = d.statistic.needs_condition();
            OutcomeResult {
                name: d.name.clone(),
                description: d.description.clone(),
                label: d.describe(start),
                variable: VARS[d.var].key.to_string(),
                statistic: d.statistic.key().to_string(),
                window: [d.first, d.last],
                from: start.plus(d.first).to_string(),
                to: start.plus(d.last).to_string(),
                condition: has_condition.then(|| d.condition_text()),
                runs_with_value: with_value,
                probability,
                distribution,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::outcome::Statistic;

    #[test]
    fn conditions_give_probabilities_and_first_months_both() {
        let inf = f64::INFINITY;
        let d = |statistic| OutcomeDef {
            name: "o".into(),
            description: String::new(),
            var: 0,
            statistic,
            first: 1,
            last: 12,
            lo: 100.0,
            hi: inf,
        };
        let defs = [d(Statistic::Any), d(Statistic::First), d(Statistic::Max)];
        // Four runs: (any, first, max).
        let values = [1.0, 3.0, 120.0, 0.0, f64::NAN, 90.0, 1.0, 5.0, 130.0, 0.0, f64::NAN, 80.0];
        let start = YearMonth::parse("2025-01").unwrap();
        let s = summarize(&defs, &values, start);
        assert_eq!(s[0].probability.unwrap().p, 0.5);
        assert!(s[0].distribution.is_none());
        assert_eq!(s[0].headline(), Some(0.5));
        assert_eq!((s[1].runs_with_value, s[1].probability.unwrap().p), (2, 0.5));
        assert_eq!(s[1].distribution.unwrap().mean, 4.0);
        assert_eq!(s[2].distribution.unwrap().p50, 105.0);
        assert_eq!(s[2].headline(), Some(105.0));
        assert_eq!((s[2].from.as_str(), s[2].to.as_str()), ("2025-02", "2026-01"));
        assert_eq!(s[0].label, "US tariff on Chinese goods ≥ 100 in some month, Feb 2025 – Jan 2026");
    }
}
