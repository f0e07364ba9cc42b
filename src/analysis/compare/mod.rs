//! Comparing results: per pathway, each scenario's probability and its difference from the
//! reference with a 95% interval; the parameters that differ; the reference's outcomes across
//! the scenarios. `pathways compare` renders it ([`crate::export::compare`]).

pub mod attribution;
pub mod changes;
pub mod outcomes;

use crate::engine::result::ScenarioResult;
use crate::stats::difference::{Difference, newcombe};
use attribution::Attribution;
use changes::Change;

/// The comparison, ready to render.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// Reference first.
    pub results: Vec<ScenarioResult>,
    /// Scenarios given but not compared (another period than the reference's), with the reason.
    pub left_out: Vec<String>,
    /// Pathway names over all scenarios, in order of first appearance.
    pub pathways: Vec<String>,
    /// `diffs[k][j]`: scenario `k + 1` minus the reference for pathway `j`; `None` when either
    /// lacks the pathway.
    pub diffs: Vec<Vec<Option<Difference>>>,
    pub changes: Vec<Change>,
    /// One per non-reference scenario, with `--attribute`.
    pub attributions: Vec<Attribution>,
    /// The reference's `[[outcomes]]` across the scenarios.
    pub outcomes: Vec<outcomes::OutcomeRow>,
}

/// Compares results (reference first).
pub fn compare(results: Vec<ScenarioResult>) -> Comparison {
    let pathways = crate::engine::result::pathway_names(&results);
    let prob = |r: &ScenarioResult, name: &str| r.pathways.iter().find(|p| p.name == name).map(|p| p.probability);
    let diffs = results[1..]
        .iter()
        .map(|r| {
            pathways
                .iter()
                .map(|name| match (prob(&results[0], name), prob(r, name)) {
                    (Some(a), Some(b)) => Some(newcombe(&a, &b)),
                    _ => None,
                })
                .collect()
        })
        .collect();
    let resolved: Vec<&serde_json::Value> = results.iter().map(|r| &r.resolved).collect();
    let changes = changes::changes(&resolved);
    let outcomes = outcomes::rows(&results, None).unwrap_or_default();
    Comparison { results, left_out: Vec::new(), pathways, diffs, changes, attributions: Vec::new(), outcomes }
}
