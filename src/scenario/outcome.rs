//! `[[outcomes]]`: what a scenario asks of each run beyond its pathway, a statistic of one state
//! variable over a window of months, or the probability that a condition holds in it.
//!
//! ```toml
//! [[outcomes]]
//! name = "imports_2019"
//! variable = "us_imports_from_cn"
//! statistic = "mean"            # mean, sum, min, max, value, first, any, all
//! period = "2019"               # or window = [12, 23] (months from the start), or month = 23
//!
//! [[outcomes]]
//! name = "tariff_over_100_in_year_one"
//! variable = "tariff_us"
//! statistic = "any"             # holds in at least one month of the window
//! window = [1, 12]
//! when = { min = 100 }
//! ```
//!
//! The serde types and their checks live here; [`crate::scenario::compile`] compiles them into
//! the model's [`crate::model::outcome::OutcomeDef`]s.

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::model::calendar::YearMonth;
/// Defined with the outcomes the model computes; named here too as part of the file format.
pub use crate::model::outcome::Statistic;
use crate::model::vars::Var;
use crate::observe::Period;
use crate::scenario::format::Bound;
use crate::scenario::load::LoadedScenario;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One `[[outcomes]]` entry.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeSpec {
    /// Identifies the outcome (in `--outcome`, runs.csv and summary.json); a child's entry of
    /// the same name replaces this one.
    pub name: String,
    /// One line for people; shown in the briefing.
    #[serde(default)]
    pub description: String,
    /// `false` drops the entry (typically one inherited through `extends`).
    #[serde(default = "yes")]
    pub enabled: bool,
    /// The state variable it is computed from.
    pub variable: String,
    /// What is computed over the window: `mean`, `sum`, `min`, `max`, `value` (at one month),
    /// `first` (first month the condition `when` holds), `any` / `all` (whether `when` holds in
    /// some / every month: a probability over runs).
    pub statistic: Statistic,
    /// First and last month (inclusive, counted from `start`; 0 is the start month). Default:
    /// months 1 to the horizon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<[u32; 2]>,
    /// The window as a calendar period instead: a year (`2019`), quarter (`2024-Q3`) or month
    /// (`2019-06`), as in observation files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// A single month (counted from `start`) instead of a window, for `value`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month: Option<u32>,
    /// The condition for `first`, `any` and `all`: the value lies within `min` … `max`
    /// (inclusive; either may be left out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Bound>,
}

fn yes() -> bool {
    true
}

/// The window of `o` in months counted from `start`, for a scenario of `horizon` months: what
/// [`check`] accepts. `Err` says what is wrong.
pub fn window_of(o: &OutcomeSpec, start: YearMonth, horizon: u32) -> Result<(u32, u32), String> {
    let given = [o.window.is_some(), o.period.is_some(), o.month.is_some()].iter().filter(|g| **g).count();
    if given > 1 {
        return Err("give one of `window`, `period` and `month`".into());
    }
    let (first, last) = if let Some([a, b]) = o.window {
        (a, b)
    } else if let Some(p) = &o.period {
        let period =
            Period::parse(p).ok_or_else(|| format!("`{p}` is not a period (write 2019, 2024-Q3 or 2019-06)"))?;
        return period.months_from(start, horizon).ok_or_else(|| {
            format!(
                "{p} ({} to {}) is not inside the scenario's months ({} to {})",
                period.first(),
                period.last(),
                start,
                start.plus(horizon)
            )
        });
    } else if let Some(m) = o.month {
        (m, m)
    } else {
        (1.min(horizon), horizon)
    };
    if first > last || last > horizon {
        return Err(format!("window [{first}, {last}] must be ordered and within months 0–{horizon}"));
    }
    Ok((first, last))
}

/// Every problem with the scenario's `[[outcomes]]`.
pub fn check(s: &LoadedScenario) -> Vec<Diagnostic> {
    let f = &s.file;
    let mut problems = Vec::new();
    let p = |i: usize, key: &str| -> Vec<String> {
        let mut v = vec!["outcomes".to_string(), i.to_string()];
        if !key.is_empty() {
            v.push(key.to_string());
        }
        v
    };
    let start = YearMonth::parse(&f.scenario.start);
    let pathways: Vec<&str> = f.pathways.iter().map(|p| p.name.as_str()).collect();
    for (i, o) in f.outcomes.iter().enumerate() {
        let name = &o.name;
        let valid_name = !name.is_empty()
            && !name.starts_with('.')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c));
        if !valid_name {
            problems.push(
                s.diag(&p(i, "name"), format!("`{name}` cannot name an outcome"))
                    .with_help("use letters, digits, `_`, `-` and `.`, e.g. tariff_over_100_in_year_one"),
            );
        } else if f.outcomes[..i].iter().any(|e| &e.name == name) {
            problems.push(
                s.diag(&p(i, "name"), format!("a second entry is named `{name}`"))
                    .with_help("names must be unique within a section"),
            );
        } else if Var::from_key(name).is_some() || pathways.contains(&name.as_str()) {
            let what = if Var::from_key(name).is_some() { "a state variable" } else { "a pathway" };
            problems.push(s.diag(&p(i, "name"), format!("`{name}` is already {what}")).with_help(
                "`--outcome` names a state variable, a pathway or an outcome: give the outcome another name",
            ));
        }
        if Var::from_key(&o.variable).is_none() {
            let keys = Var::keys();
            let help = match did_you_mean(&o.variable, keys.iter().copied()) {
                Some(k) => format!("did you mean `{k}`? state variables: {}", keys.join(", ")),
                None => format!("state variables: {}", keys.join(", ")),
            };
            problems
                .push(s.diag(&p(i, "variable"), format!("unknown state variable `{}`", o.variable)).with_help(help));
        }
        if let Some(start) = start {
            let key = if o.period.is_some() {
                "period"
            } else if o.month.is_some() && o.window.is_none() {
                "month"
            } else if o.window.is_some() {
                "window"
            } else {
                ""
            };
            match window_of(o, start, f.scenario.horizon_months) {
                Err(m) => problems.push(s.diag(&p(i, key), m)),
                Ok((a, b)) if o.statistic == Statistic::Value && a != b => problems.push(
                    s.diag(&p(i, "statistic"), format!("`value` reads one month, but the window is months {a}–{b}"))
                        .with_help("give `month = N` (or a one-month `period` such as 2019-12)"),
                ),
                Ok(_) => {}
            }
        }
        match (&o.when, o.statistic.needs_condition()) {
            (None, true) => problems.push(
                s.diag(&p(i, ""), format!("`{}` needs a condition", o.statistic.key()))
                    .with_help("add e.g. when = { min = 100 } (the value lies within min … max)"),
            ),
            (Some(_), false) => problems.push(
                s.diag(&p(i, "when"), format!("`{}` takes no condition", o.statistic.key()))
                    .with_help("`when` goes with `first`, `any` and `all`"),
            ),
            (Some(b), true) => match (b.min, b.max) {
                (None, None) => problems.push(s.diag(&p(i, "when"), "give `min`, `max` or both")),
                (Some(a), Some(c)) if a > c => {
                    problems.push(s.diag(&p(i, "when"), format!("`min` ({a}) is greater than `max` ({c})")))
                }
                (lo, hi) if lo.is_some_and(|v| !v.is_finite()) || hi.is_some_and(|v| !v.is_finite()) => {
                    problems.push(s.diag(&p(i, "when"), "bounds must be finite numbers"))
                }
                _ => {}
            },
            (None, false) => {}
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(window: Option<[u32; 2]>, period: Option<&str>, month: Option<u32>) -> OutcomeSpec {
        OutcomeSpec {
            name: "o".into(),
            description: String::new(),
            enabled: true,
            variable: "tariff_us".into(),
            statistic: Statistic::Mean,
            window,
            period: period.map(String::from),
            month,
            when: None,
        }
    }

    #[test]
    fn windows_from_months_periods_and_the_default() {
        let start = YearMonth::parse("2018-01").unwrap();
        assert_eq!(window_of(&spec(None, None, None), start, 24), Ok((1, 24)));
        assert_eq!(window_of(&spec(Some([3, 5]), None, None), start, 24), Ok((3, 5)));
        assert_eq!(window_of(&spec(None, Some("2019"), None), start, 24), Ok((12, 23)));
        assert_eq!(window_of(&spec(None, Some("2019-Q4"), None), start, 24), Ok((21, 23)));
        assert_eq!(window_of(&spec(None, None, Some(24)), start, 24), Ok((24, 24)));
        assert!(window_of(&spec(None, Some("2020"), None), start, 24).unwrap_err().contains("not inside"));
        assert!(window_of(&spec(Some([5, 3]), None, None), start, 24).unwrap_err().contains("ordered"));
        assert!(window_of(&spec(Some([1, 25]), None, None), start, 24).is_err());
        assert!(window_of(&spec(Some([1, 2]), None, Some(3)), start, 24).unwrap_err().contains("one of"));
    }
}
