//! The comparison as compare.md (for readers), compare.csv and compare.json (for machines).

use crate::analysis::compare::Comparison;
use crate::analysis::compare::attribution::Attribution;
use crate::analysis::compare::changes::Change;
use crate::analysis::compare::changes::cell;
use crate::analysis::compare::outcomes::OutcomeRow;
use crate::error::{Error, Result};
use crate::export::headline::csv as csv_table;
use crate::model::vars::{ALL_VARS, Var};
use crate::numbers::{percent, percents_adding_to_100};
use serde::Serialize;
use std::fmt::Write as _;

/// How the difference intervals are computed, said in every output.
pub const METHOD: &str = "difference of independent proportions, 95% interval by Newcombe's hybrid score method (Newcombe 1998, method 10, from the two Wilson intervals); \"yes\" when the interval excludes 0. Scenarios run with the same seed share random streams, which makes the interval conservative";

/// The `format` compare.json declares.
pub const FORMAT: &str = "pathways-compare/1";

/// The `compare.json` document. Field order is the file's key order.
#[derive(Debug, Serialize)]
pub struct CompareDoc<'a> {
    pub format: &'static str,
    /// The scenario the others are compared with.
    pub reference: &'a str,
    /// Reference first.
    pub scenarios: Vec<ScenarioDoc<'a>>,
    pub method: &'static str,
    pub pathways: Vec<PathwayDoc<'a>>,
    pub variables: Vec<VariableDoc<'a>>,
    pub changes: &'a [Change],
    pub attributions: &'a [Attribution],
    /// Written only when the reference declares `[[outcomes]]`, with the method of their differences.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub outcomes: &'a [OutcomeRow],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome_method: Option<&'static str>,
}

/// A compared scenario: which file, runs and seed.
#[derive(Debug, Serialize)]
pub struct ScenarioDoc<'a> {
    pub scenario: &'a str,
    pub file: &'a str,
    pub sha256: &'a str,
    pub runs: u64,
    pub seed: u64,
}

/// A pathway across the scenarios.
#[derive(Debug, Serialize)]
pub struct PathwayDoc<'a> {
    pub pathway: &'a str,
    pub scenarios: Vec<PathwayScenarioDoc<'a>>,
}

/// A pathway's probability in one scenario (`null` where the scenario lacks the pathway) and,
/// for all but the reference, its difference from the reference.
#[derive(Debug, Serialize)]
pub struct PathwayScenarioDoc<'a> {
    pub scenario: &'a str,
    pub probability: Option<f64>,
    pub ci95_low: Option<f64>,
    pub ci95_high: Option<f64>,
    pub difference: Option<DifferenceDoc>,
}

/// A difference from the reference with its 95% interval ([`METHOD`]).
#[derive(Debug, Serialize)]
pub struct DifferenceDoc {
    pub diff: f64,
    pub ci95_low: f64,
    pub ci95_high: f64,
    /// The interval excludes 0.
    pub distinguishable: bool,
}

/// A state variable at the horizon across the scenarios.
#[derive(Debug, Serialize)]
pub struct VariableDoc<'a> {
    pub variable: &'static str,
    pub scenarios: Vec<VariableScenarioDoc<'a>>,
}

/// A variable's median and 90% range in one scenario.
#[derive(Debug, Serialize)]
pub struct VariableScenarioDoc<'a> {
    pub scenario: &'a str,
    pub p50: f64,
    pub p5: f64,
    pub p95: f64,
}

/// Signed percentage points: "+4.2 pts".
fn points(x: f64) -> String {
    if x.is_finite() { format!("{:+.1} pts", x * 100.0) } else { "—".to_string() }
}

fn value(v: Var, x: f64) -> String {
    if v.is_index() { format!("{x:.2}") } else { format!("{x:.1}") }
}

fn stats_of(r: &crate::engine::result::ScenarioResult, v: Var) -> crate::engine::result::VarStats {
    r.horizon_stats()[v.index()]
}

pub fn markdown(c: &Comparison) -> String {
    let names: Vec<&str> = c.results.iter().map(|r| r.meta.scenario.as_str()).collect();
    let reference = names[0];
    let mut md = String::new();
    let _ = writeln!(md, "# Comparison: {}\n", names.join(" vs "));
    let _ = writeln!(md, "Reference: **{reference}**. Differences are scenario − {reference}: {METHOD}.\n");
    for why in &c.left_out {
        let _ = writeln!(md, "Not compared (another period than the reference's): {why}.\n");
    }

    let _ = writeln!(md, "## Pathway probabilities at the horizon\n");
    let mut head = vec!["Pathway".to_string()];
    head.extend(names.iter().map(|n| n.to_string()));
    for n in &names[1..] {
        head.push(format!("{n} − {reference} (95% CI)"));
        head.push("distinguishable".to_string());
    }
    table_head(&mut md, &head);
    for (j, name) in c.pathways.iter().enumerate() {
        let mut row = vec![name.clone()];
        for r in &c.results {
            row.push(match r.pathways.iter().find(|p| &p.name == name) {
                Some(p) => format!(
                    "{} [{}–{}]",
                    percent(p.probability.p),
                    percent(p.probability.ci_low),
                    percent(p.probability.ci_high)
                ),
                None => "—".to_string(),
            });
        }
        for d in &c.diffs {
            match d[j] {
                Some(d) => {
                    row.push(format!("{} [{}, {}]", points(d.diff), points(d.ci_low), points(d.ci_high)));
                    row.push(if d.distinguishable() { "yes" } else { "no (within noise)" }.to_string());
                }
                None => row.extend(["—".to_string(), "—".to_string()]),
            }
        }
        table_row(&mut md, &row);
    }

    let _ = writeln!(md, "\n## State at the horizon: median [90% interval]\n");
    let mut head = vec!["Variable".to_string()];
    head.extend(names.iter().map(|n| n.to_string()));
    table_head(&mut md, &head);
    for v in ALL_VARS {
        let info = v.info();
        let mut row = vec![format!("{} ({})", info.display, info.unit)];
        for r in &c.results {
            let s = stats_of(r, v);
            row.push(format!("{} [{} to {}]", value(v, s.p50), value(v, s.p5), value(v, s.p95)));
        }
        table_row(&mut md, &row);
    }

    md.push_str(&crate::analysis::compare::outcomes::markdown(&c.outcomes, &names));
    let _ = writeln!(md, "\n## What changed\n");
    if c.changes.is_empty() {
        let _ = writeln!(md, "The resolved scenarios have the same parameters.");
    } else {
        let _ = writeln!(
            md,
            "Values as TOML; `—`: not written in the scenario (the preset's or built-in default applies).\n"
        );
        let mut head = vec!["Parameter".to_string()];
        head.extend(names.iter().map(|n| n.to_string()));
        table_head(&mut md, &head);
        for ch in &c.changes {
            let mut row = vec![format!("`{}`", ch.key)];
            row.extend(ch.values.iter().map(|v| format!("`{}`", cell(v))));
            table_row(&mut md, &row);
        }
    }

    for a in &c.attributions {
        let _ = writeln!(md, "\n## Attribution: {reference} → {}\n", a.scenario);
        let _ = writeln!(
            md,
            "Each parameter set alone in {reference} (same seed, common random numbers); the remainder is the interaction.\n"
        );
        let mut head = vec!["Pathway".to_string(), "total change".to_string()];
        head.extend(a.parameters.iter().map(|p| format!("`{p}`")));
        head.push("interaction".to_string());
        table_head(&mut md, &head);
        for s in &a.pathways {
            let mut row = vec![s.pathway.clone(), points(s.total)];
            row.extend(s.contributions.iter().map(|&x| points(x)));
            row.push(points(s.interaction));
            table_row(&mut md, &row);
        }
        for (k, why) in &a.skipped {
            let _ = writeln!(md, "\n`{k}` could not be set alone ({why}); its effect is in the interaction.");
        }
    }
    md
}

/// The short table printed on the terminal: each scenario's pathway probabilities, and for the
/// others their difference from the reference in points ("≈" when within simulation noise). The
/// full tables are in compare.md.
pub fn terminal(c: &Comparison, out: &std::path::Path) -> String {
    let reference = &c.results[0].meta.scenario;
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut head = vec!["scenario".to_string()];
    head.extend(c.pathways.iter().map(|p| p.replace('_', " ")));
    rows.push(head);
    for (k, r) in c.results.iter().enumerate() {
        let mut row = vec![r.meta.scenario.clone()];
        let shown = percents_adding_to_100(&r.pathways.iter().map(|p| p.probability.p).collect::<Vec<_>>());
        for (j, name) in c.pathways.iter().enumerate() {
            let p = r.pathways.iter().position(|p| &p.name == name).map(|i| shown[i].clone());
            let d = (k > 0).then(|| c.diffs[k - 1][j]).flatten();
            row.push(match (p, d) {
                (None, _) => "—".to_string(),
                (Some(p), None) => p,
                (Some(p), Some(d)) => {
                    let sign = if d.distinguishable() { "" } else { "≈" };
                    let pts = crate::chart::fixed_signed(d.diff * 100.0, 0);
                    format!("{p} ({sign}{pts})")
                }
            });
        }
        rows.push(row);
    }
    let widths: Vec<usize> =
        (0..rows[0].len()).map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0)).collect();
    let mut t =
        format!("Compared with {reference} at the horizon (difference in points; ≈ within simulation noise):\n");
    for row in &rows {
        let cells: Vec<String> =
            row.iter().zip(&widths).map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count()))).collect();
        let _ = writeln!(t, "  {}", cells.join("  ").trim_end());
    }
    for why in &c.left_out {
        let _ = writeln!(t, "  not compared (another period): {why}");
    }
    let _ = writeln!(t, "Tables and method: {}", out.join("compare.md").display());
    t
}

fn table_head(md: &mut String, cells: &[String]) {
    table_row(md, cells);
    let _ = writeln!(md, "|{}", cells.iter().map(|_| "---|").collect::<String>());
}

fn table_row(md: &mut String, cells: &[String]) {
    let _ = writeln!(md, "| {} |", cells.iter().map(|c| c.replace('|', "\\|")).collect::<Vec<_>>().join(" | "));
}

/// Long format: one row per (pathway or variable, scenario).
pub fn csv(c: &Comparison) -> Result<Vec<u8>> {
    let header: Vec<String> = [
        "kind",
        "name",
        "scenario",
        "value",
        "low",
        "high",
        "diff_vs_reference",
        "diff_ci95_low",
        "diff_ci95_high",
        "distinguishable",
    ]
    .map(String::from)
    .to_vec();
    let mut rows = Vec::new();
    let f = |x: f64| x.to_string();
    for (j, name) in c.pathways.iter().enumerate() {
        for (k, r) in c.results.iter().enumerate() {
            let Some(p) = r.pathways.iter().find(|p| &p.name == name) else { continue };
            let q = p.probability;
            let mut row =
                vec!["pathway".into(), name.clone(), r.meta.scenario.clone(), f(q.p), f(q.ci_low), f(q.ci_high)];
            match (k > 0).then(|| c.diffs[k - 1][j]).flatten() {
                Some(d) => row.extend([f(d.diff), f(d.ci_low), f(d.ci_high), d.distinguishable().to_string()]),
                None => row.extend([String::new(), String::new(), String::new(), String::new()]),
            }
            rows.push(row);
        }
    }
    let scenarios: Vec<&str> = c.results.iter().map(|r| r.meta.scenario.as_str()).collect();
    rows.extend(crate::analysis::compare::outcomes::csv_rows(&c.outcomes, &scenarios));
    for v in ALL_VARS {
        for r in &c.results {
            let s = stats_of(r, v);
            let mut row =
                vec!["variable".into(), v.info().key.to_string(), r.meta.scenario.clone(), f(s.p50), f(s.p5), f(s.p95)];
            row.extend([String::new(), String::new(), String::new(), String::new()]);
            rows.push(row);
        }
    }
    csv_table(&header, &rows)
}

pub fn json(c: &Comparison) -> Result<Vec<u8>> {
    let pathways = c
        .pathways
        .iter()
        .enumerate()
        .map(|(j, name)| PathwayDoc {
            pathway: name,
            scenarios: c
                .results
                .iter()
                .enumerate()
                .map(|(k, r)| {
                    let p = r.pathways.iter().find(|p| &p.name == name).map(|p| p.probability);
                    let d = (k > 0).then(|| c.diffs[k - 1][j]).flatten();
                    PathwayScenarioDoc {
                        scenario: &r.meta.scenario,
                        probability: p.map(|p| p.p),
                        ci95_low: p.map(|p| p.ci_low),
                        ci95_high: p.map(|p| p.ci_high),
                        difference: d.map(|d| DifferenceDoc {
                            diff: d.diff,
                            ci95_low: d.ci_low,
                            ci95_high: d.ci_high,
                            distinguishable: d.distinguishable(),
                        }),
                    }
                })
                .collect(),
        })
        .collect();
    let variables = ALL_VARS
        .iter()
        .map(|&v| VariableDoc {
            variable: v.info().key,
            scenarios: c
                .results
                .iter()
                .map(|r| {
                    let s = stats_of(r, v);
                    VariableScenarioDoc { scenario: &r.meta.scenario, p50: s.p50, p5: s.p5, p95: s.p95 }
                })
                .collect(),
        })
        .collect();
    let doc = CompareDoc {
        format: FORMAT,
        reference: &c.results[0].meta.scenario,
        scenarios: c
            .results
            .iter()
            .map(|r| ScenarioDoc {
                scenario: &r.meta.scenario,
                file: &r.meta.file,
                sha256: &r.meta.sha256,
                runs: r.meta.runs,
                seed: r.meta.seed,
            })
            .collect(),
        method: METHOD,
        pathways,
        variables,
        changes: &c.changes,
        attributions: &c.attributions,
        outcomes: &c.outcomes,
        outcome_method: (!c.outcomes.is_empty()).then_some(crate::analysis::compare::outcomes::MEAN_METHOD),
    };
    let mut bytes = serde_json::to_vec_pretty(&doc).map_err(|e| Error::encode("compare.json", e))?;
    bytes.push(b'\n');
    Ok(bytes)
}
