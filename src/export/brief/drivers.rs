//! "What drives the outcome and what to watch": the sensitivity ranking and the signposts of the
//! reference scenario, from the analyses the briefing ran.

use crate::analysis::indicators::Indicator;
use crate::analysis::signposts::Signpost;
use crate::analysis::tornado::TornadoRow;
use crate::chart::display_name;
use crate::export::brief::content::Table;
use crate::model::params::Model;
use crate::numbers::percent;

/// The tornado ranking (as `pathways sensitivity` writes it to `tornado.csv`), as a table.
pub fn sensitivity_table(tornado: &[TornadoRow], scenario: &str, outcome: &str) -> Option<Table> {
    // A pathway's probability swings in percentage points, as the briefing shows probabilities.
    let probability = crate::model::vars::Var::from_key(outcome).is_none();
    let rows: Vec<Vec<String>> = tornado
        .iter()
        .take(8)
        .enumerate()
        .map(|(i, r)| {
            let swing = if probability {
                format!("{} pts", crate::chart::fixed_signed(r.swing * 100.0, 1))
            } else {
                crate::chart::fixed_signed(r.swing, 3)
            };
            vec![
                (i + 1).to_string(),
                crate::chart::parameter_name(&r.parameter),
                crate::chart::fixed_signed(r.spearman, 2),
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

/// The signposts of `model` (as `pathways signposts` writes them to `signposts.json`), as a
/// table: `found` separates `classes`.
pub fn signposts_table(
    model: &Model,
    found: &[(Indicator, Signpost)],
    classes: &[String],
    scenario: &str,
) -> Option<Table> {
    let rows: Vec<Vec<String>> = found
        .iter()
        .take(6)
        .map(|(ind, sp)| {
            // The pathway whose probability the indicator moves most.
            let moves = |p: usize| (sp.given_seen[p].p - sp.given_not_seen[p].p).abs();
            let biggest = (0..classes.len()).max_by(|&a, &b| moves(a).total_cmp(&moves(b)));
            let (name, seen, not_seen) = match biggest {
                Some(p) => (display_name(&classes[p]), sp.given_seen[p].p, sp.given_not_seen[p].p),
                None => (String::new(), f64::NAN, f64::NAN),
            };
            vec![ind.describe(model, sp.threshold, sp.above), name, percent(seen), percent(not_seen)]
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
