//! Which scenario the others are compared with, and which can be compared with it at all.
//!
//! `run --compare`, `brief` and the overlays pick the same reference: the one named by
//! `--reference`, else the scenario the others extend (a child scenario changes a few assumptions
//! of its parent, so its differences from the parent are what a reader wants), else the one named
//! `baseline`, else the first by name. Only scenarios with the reference's start month and horizon
//! are compared: a difference "at the horizon" between January 2029 and January 2020 is
//! meaningless, so a back-test of 2018–19 is left out (and said to be).

use crate::engine::result::ScenarioResult;
use crate::error::{Error, Result};
use std::path::PathBuf;

/// The same file, whichever way its path was written.
fn same_file(a: &str, b: &str) -> bool {
    let canonical = |p: &str| std::fs::canonicalize(p).unwrap_or_else(|_| PathBuf::from(p));
    a == b || canonical(a) == canonical(b)
}

/// How many of `results` extend `results[i]`, directly or through other files.
fn descendants(results: &[&ScenarioResult], i: usize) -> usize {
    let me = &results[i].meta.file;
    results.iter().enumerate().filter(|(j, r)| *j != i && r.meta.extends.iter().any(|p| same_file(p, me))).count()
}

/// The index of `wanted` in `results`, by scenario name or output folder name.
fn named(results: &[&ScenarioResult], wanted: &str) -> Result<usize> {
    results
        .iter()
        .position(|r| r.meta.scenario == wanted)
        .or_else(|| results.iter().position(|r| r.meta.folder == wanted))
        .ok_or_else(|| {
            let mut names: Vec<&str> = results.iter().map(|r| r.meta.scenario.as_str()).collect();
            names.sort();
            Error::Usage(format!("--reference: no scenario named `{wanted}` here (there are: {})", names.join(", ")))
        })
}

/// The reference among `results`: `wanted` if given (an error if no scenario has that name),
/// else the scenario most others extend, then the one named `baseline`, then the first by name.
/// Only scenarios sharing the start month and horizon of the largest such group are candidates.
pub fn pick(results: &[&ScenarioResult], wanted: Option<&str>) -> Result<usize> {
    if results.is_empty() {
        return Err(Error::Usage("nothing to compare: no results".into()));
    }
    if let Some(w) = wanted {
        return named(results, w);
    }
    let group = largest_group(results);
    let best = group
        .iter()
        .copied()
        .max_by_key(|&i| {
            let r = results[i];
            (descendants(results, i), r.meta.scenario == "baseline", std::cmp::Reverse(r.meta.scenario.clone()))
        })
        .expect("a group has a member");
    Ok(best)
}

/// The scenarios that can be compared with the reference (`wanted`, or picked as [`pick`] does):
/// the reference first, then those sharing its period in their order; and the ones left out, each
/// with the reason.
pub fn group<'a>(
    results: &[&'a ScenarioResult],
    wanted: Option<&str>,
) -> Result<(Vec<&'a ScenarioResult>, Vec<String>)> {
    let reference = pick(results, wanted)?;
    let (kept, left) = comparable(results, reference);
    Ok((kept.into_iter().map(|i| results[i]).collect(), left.into_iter().map(|(_, why)| why).collect()))
}

/// The period of a result: start month and horizon.
fn period(r: &ScenarioResult) -> (crate::model::calendar::YearMonth, u32) {
    (r.meta.start, r.meta.horizon_months)
}

/// Indices of the largest group of results sharing a start month and horizon (ties: the group of
/// the earliest result).
pub fn largest_group(results: &[&ScenarioResult]) -> Vec<usize> {
    let size = |i: usize| results.iter().filter(|o| period(o) == period(results[i])).count();
    let best = (0..results.len()).max_by_key(|&i| (size(i), std::cmp::Reverse(i)));
    match best {
        Some(b) => (0..results.len()).filter(|&i| period(results[i]) == period(results[b])).collect(),
        None => Vec::new(),
    }
}

/// Splits `results` into those comparable with `results[reference]` (same start and horizon,
/// the reference first, then the others in their order) and the others, each with the reason.
pub fn comparable(results: &[&ScenarioResult], reference: usize) -> (Vec<usize>, Vec<(usize, String)>) {
    let r = results[reference];
    let mut kept = vec![reference];
    let mut left = Vec::new();
    for (i, o) in results.iter().enumerate() {
        if i == reference {
            continue;
        }
        if period(o) == period(r) {
            kept.push(i);
        } else {
            left.push((
                i,
                format!(
                    "{} runs {} to {}, {} runs {} to {}",
                    o.meta.scenario,
                    o.meta.start.label(),
                    o.meta.month(o.meta.horizon_months).label(),
                    r.meta.scenario,
                    r.meta.start.label(),
                    r.meta.month(r.meta.horizon_months).label()
                ),
            ));
        }
    }
    (kept, left)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::test_fixture::fixture_with;
    use crate::model::calendar::YearMonth;

    fn result(name: &str, extends: &[&str]) -> ScenarioResult {
        let mut r = fixture_with(name, 10, 0.0);
        r.meta.file = format!("scenarios/{name}.toml");
        r.meta.extends = extends.iter().map(|e| format!("scenarios/{e}.toml")).collect();
        r
    }

    #[test]
    fn the_scenario_others_extend_is_the_reference_whatever_its_name() {
        // Alphabetically first is a back-test with another period; `core` is what the others extend.
        let mut backtest = result("a_backtest", &["core"]);
        backtest.meta.start = YearMonth { year: 2018, month: 1 };
        let rs = [backtest, result("core", &[]), result("hawks", &["core"]), result("doves", &["hawks", "core"])];
        let refs: Vec<&ScenarioResult> = rs.iter().collect();
        assert_eq!(refs[pick(&refs, None).unwrap()].meta.scenario, "core");
        let (kept, left) = comparable(&refs, 1);
        assert_eq!(kept, [1, 2, 3]);
        assert_eq!(left.len(), 1);
        assert!(left[0].1.contains("a_backtest runs Jan 2018"), "{}", left[0].1);
    }

    #[test]
    fn without_parents_baseline_then_the_first_name_is_the_reference() {
        let rs = [result("zeta", &[]), result("baseline", &[]), result("alpha", &[])];
        let refs: Vec<&ScenarioResult> = rs.iter().collect();
        assert_eq!(pick(&refs, None).unwrap(), 1);
        let refs: Vec<&ScenarioResult> = vec![&rs[0], &rs[2]];
        assert_eq!(refs[pick(&refs, None).unwrap()].meta.scenario, "alpha");
    }

    #[test]
    fn a_named_reference_wins_and_an_unknown_name_is_an_error() {
        let rs = [result("core", &[]), result("hawks", &["core"])];
        let refs: Vec<&ScenarioResult> = rs.iter().collect();
        assert_eq!(pick(&refs, Some("hawks")).unwrap(), 1);
        let err = pick(&refs, Some("doves")).unwrap_err().to_string();
        assert!(err.contains("no scenario named `doves`") && err.contains("core, hawks"), "{err}");
    }
}
