//! "What drives the outcome and what to watch": the sensitivity ranking and the signposts of the
//! reference scenario, run for the briefing and read back from their files.

use crate::chart::display_name;
use crate::export::brief::content::Table;
use crate::numbers::percent;
use std::path::Path;

/// The tornado ranking written by `pathways sensitivity` (`tornado.csv`), as a table.
pub fn sensitivity_table(dir: &Path, scenario: &str, outcome: &str) -> Option<Table> {
    // A pathway's probability swings in percentage points, as the briefing shows probabilities.
    let probability = crate::model::vars::Var::from_key(outcome).is_none();
    let mut rdr = csv::Reader::from_path(dir.join("tornado.csv")).ok()?;
    let rows: Vec<Vec<String>> = rdr
        .records()
        .filter_map(|r| r.ok())
        .take(8)
        .map(|r| {
            let num = |i: usize| r.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(f64::NAN);
            let swing = if probability {
                format!("{} pts", crate::chart::fixed_signed(num(7) * 100.0, 1))
            } else {
                crate::chart::fixed_signed(num(7), 3)
            };
            vec![
                r.get(0).unwrap_or("").to_string(),
                crate::chart::parameter_name(r.get(1).unwrap_or("")),
                crate::chart::fixed_signed(num(2), 2),
                swing,
            ]
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    Some(Table {
        title: format!("What drives {} in {}", display_name(outcome).to_lowercase(), scenario.replace('_', " ")),
        note: "Uncertain parameters ranked by their effect: Spearman rank correlation with the outcome, and the swing in the outcome between runs at the parameter's 10th and 90th percentiles (pathways sensitivity; Sobol indices in sensitivity/sobol.csv).".into(),
        header: vec!["Rank".into(), "Parameter".into(), "Rank correlation".into(), "Swing 10th→90th".into()],
        rows,
    })
}

/// The signposts written by `pathways signposts` (`signposts.json`), as a table.
pub fn signposts_table(dir: &Path, scenario: &str) -> Option<Table> {
    let text = std::fs::read_to_string(dir.join("signposts.json")).ok()?;
    let doc: serde_json::Value = serde_json::from_str(&text).ok()?;
    let list = doc["signposts"].as_array()?;
    let rows: Vec<Vec<String>> = list
        .iter()
        .take(6)
        .map(|s| {
            // The pathway whose probability the indicator moves most.
            let moves = s["pathways"].as_array().cloned().unwrap_or_default();
            let biggest = moves.iter().max_by(|a, b| {
                let d = |x: &serde_json::Value| {
                    (x["given_seen"]["p"].as_f64().unwrap_or(0.0) - x["given_not_seen"]["p"].as_f64().unwrap_or(0.0))
                        .abs()
                };
                d(a).total_cmp(&d(b))
            });
            let (name, seen, not_seen) = match biggest {
                Some(b) => (
                    display_name(b["pathway"].as_str().unwrap_or("")),
                    b["given_seen"]["p"].as_f64().unwrap_or(f64::NAN),
                    b["given_not_seen"]["p"].as_f64().unwrap_or(f64::NAN),
                ),
                None => (String::new(), f64::NAN, f64::NAN),
            };
            vec![s["description"].as_str().unwrap_or("").to_string(), name, percent(seen), percent(not_seen)]
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    Some(Table {
        title: format!("Signposts to watch in {}", scenario.replace('_', " ")),
        note: "Observable indicators that best separate the final pathways (single-threshold splits ranked by information gain; pathways signposts): the probability of the pathway the indicator moves most, if the indicator is seen and if it is not.".into(),
        header: vec!["Indicator".into(), "Pathway".into(), "If seen".into(), "If not seen".into()],
        rows,
    })
}
