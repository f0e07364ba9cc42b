//! Outcomes (`[[outcomes]]`) across compared results: each scenario's headline (a probability
//! for conditions and `first` outcomes, a mean for values) and its difference from the
//! reference with a 95% interval.

use crate::engine::outcomes::OutcomeResult;
use crate::engine::result::{Proportion, ScenarioResult};
use crate::error::{Error, Result};
use crate::stats::difference::{Difference, newcombe};
use serde::Serialize;

/// How the differences of outcome means are computed.
pub const MEAN_METHOD: &str = "difference of means ± 1.96 √(sd₁²/n₁ + sd₂²/n₂) (normal approximation for independent runs; conservative for scenarios sharing a seed); probabilities as for pathways";

/// One outcome over the compared scenarios.
#[derive(Debug, Clone, Serialize)]
pub struct OutcomeRow {
    pub name: String,
    pub label: String,
    /// `probability` or `mean`.
    pub measure: &'static str,
    /// Per scenario (reference first): the headline with its interval (95% Wilson for
    /// probabilities, p5–p95 of the runs for means); `None` when the scenario lacks the outcome.
    pub values: Vec<Option<(f64, f64, f64)>>,
    /// Per non-reference scenario: the difference from the reference.
    pub diffs: Vec<Option<Difference>>,
}

fn find<'a>(r: &'a ScenarioResult, name: &str) -> Option<&'a OutcomeResult> {
    r.outcomes.iter().find(|o| o.name == name)
}

/// The outcome rows: every outcome of the reference (or only `only`, which the reference must
/// have), in its order.
pub fn rows(results: &[ScenarioResult], only: Option<&str>) -> Result<Vec<OutcomeRow>> {
    let reference = &results[0];
    if let Some(name) = only
        && find(reference, name).is_none()
    {
        let names: Vec<&str> = reference.outcomes.iter().map(|o| o.name.as_str()).collect();
        return Err(Error::Usage(format!(
            "--outcome: the reference {} has no outcome `{name}` (it has: {})",
            reference.meta.scenario,
            if names.is_empty() { "none".to_string() } else { names.join(", ") }
        )));
    }
    Ok(reference
        .outcomes
        .iter()
        .filter(|o| only.is_none_or(|n| n == o.name))
        .map(|o| {
            let per: Vec<Option<&OutcomeResult>> = results.iter().map(|r| find(r, &o.name)).collect();
            let measure = if o.probability.is_some() { "probability" } else { "mean" };
            let values = per
                .iter()
                .map(|x| {
                    let x = (*x)?;
                    match (measure, x.probability, x.distribution) {
                        ("probability", Some(p), _) => Some((p.p, p.ci95_low, p.ci95_high)),
                        ("mean", _, Some(d)) => Some((d.mean, d.p5, d.p95)),
                        _ => None,
                    }
                })
                .collect();
            let diffs = per[1..].iter().map(|x| difference(per[0]?, (*x)?, measure)).collect();
            OutcomeRow { name: o.name.clone(), label: o.label.clone(), measure, values, diffs }
        })
        .collect())
}

/// `b − a` with its 95% interval.
fn difference(a: &OutcomeResult, b: &OutcomeResult, measure: &str) -> Option<Difference> {
    if measure == "probability" {
        let (pa, pb): (Proportion, Proportion) = (a.probability?.into(), b.probability?.into());
        return Some(newcombe(&pa, &pb));
    }
    let (da, db) = (a.distribution?, b.distribution?);
    let (na, nb) = (a.runs_with_value as f64, b.runs_with_value as f64);
    let se = (da.sd.powi(2) / na + db.sd.powi(2) / nb).sqrt();
    let diff = db.mean - da.mean;
    Some(Difference { diff, ci_low: diff - 1.96 * se, ci_high: diff + 1.96 * se })
}

/// The outcomes section of compare.md (nothing when there are no outcome rows).
pub fn markdown(rows: &[OutcomeRow], names: &[&str]) -> String {
    use std::fmt::Write as _;
    let mut md = String::new();
    if rows.is_empty() {
        return md;
    }
    let reference = names[0];
    let _ = writeln!(md, "\n## Outcomes\n");
    let _ = writeln!(
        md,
        "Probabilities with their 95% interval; means with the 90% range of the runs. Mean differences: {MEAN_METHOD}.\n"
    );
    let mut head = vec!["Outcome".to_string()];
    head.extend(names.iter().map(|n| n.to_string()));
    for n in &names[1..] {
        head.push(format!("{n} − {reference} (95% CI)"));
    }
    let _ = writeln!(md, "| {} |", head.join(" | "));
    let _ = writeln!(md, "|{}", "---|".repeat(head.len()));
    for r in rows {
        let show = |x: f64| if r.measure == "probability" { crate::numbers::percent(x) } else { format!("{x:.4}") };
        let diff = |x: f64| {
            if r.measure == "probability" { format!("{:+.1} pts", x * 100.0) } else { format!("{x:+.4}") }
        };
        let mut row = vec![format!("`{}` ({}: {})", r.name, r.measure, r.label)];
        row.extend(r.values.iter().map(|v| match v {
            Some((x, lo, hi)) => format!("{} [{}–{}]", show(*x), show(*lo), show(*hi)),
            None => "—".into(),
        }));
        row.extend(r.diffs.iter().map(|d| match d {
            Some(d) => format!(
                "{} [{}, {}]{}",
                diff(d.diff),
                diff(d.ci_low),
                diff(d.ci_high),
                if d.distinguishable() { "" } else { " (within noise)" }
            ),
            None => "—".into(),
        }));
        let _ = writeln!(md, "| {} |", row.join(" | "));
    }
    md
}

/// compare.csv rows of kind `outcome` (same columns as the pathway rows).
pub fn csv_rows(rows: &[OutcomeRow], scenarios: &[&str]) -> Vec<Vec<String>> {
    let f = |x: f64| x.to_string();
    let mut out = Vec::new();
    for r in rows {
        for (k, v) in r.values.iter().enumerate() {
            let Some((x, lo, hi)) = v else { continue };
            let mut row = vec!["outcome".into(), r.name.clone(), scenarios[k].to_string(), f(*x), f(*lo), f(*hi)];
            match (k > 0).then(|| r.diffs[k - 1]).flatten() {
                Some(d) => row.extend([f(d.diff), f(d.ci_low), f(d.ci_high), d.distinguishable().to_string()]),
                None => row.extend([String::new(), String::new(), String::new(), String::new()]),
            }
            out.push(row);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::outcomes::Distribution;

    fn result(name: &str, mean: f64, sd: f64) -> ScenarioResult {
        let mut r = crate::engine::test_fixture::fixture_with(name, 10, 0.0);
        r.outcomes = vec![OutcomeResult {
            name: "imports_2026".into(),
            description: String::new(),
            label: "mean of imports".into(),
            variable: "us_imports_from_cn".into(),
            statistic: "mean".into(),
            window: [12, 23],
            from: "2026-01".into(),
            to: "2026-12".into(),
            condition: None,
            runs_with_value: 400,
            probability: None,
            distribution: Some(Distribution {
                mean,
                sd,
                p5: mean - 1.0,
                p25: mean,
                p50: mean,
                p75: mean,
                p95: mean + 1.0,
            }),
        }];
        r
    }

    #[test]
    fn mean_differences_have_a_normal_interval() {
        let rs = [result("a", 100.0, 20.0), result("b", 104.0, 20.0)];
        let rows = rows(&rs, None).unwrap();
        let d = rows[0].diffs[0].unwrap();
        // se = √(400/400 + 400/400) = √2.
        assert!((d.diff - 4.0).abs() < 1e-12);
        assert!((d.ci_low - (4.0 - 1.96 * 2f64.sqrt())).abs() < 1e-12);
        assert!(d.distinguishable());
        assert_eq!(rows[0].values[1], Some((104.0, 103.0, 105.0)));
    }

    #[test]
    fn an_unknown_outcome_is_a_usage_error() {
        let rs = [result("a", 1.0, 1.0), result("b", 1.0, 1.0)];
        let e = rows(&rs, Some("nope")).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("has no outcome `nope` (it has: imports_2026)"), "{e}");
    }
}
