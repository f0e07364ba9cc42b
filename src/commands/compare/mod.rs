//! `pathways compare`: written results side by side. Per pathway, each scenario's probability
//! and its difference from the reference (see [`reference`]) with a 95% interval; per
//! variable, the horizon median and 90% interval; the parameters that differ ("what changed");
//! overlay charts; and with `--attribute`, each pathway's change split across the parameters.

pub mod attribute;
pub mod changes;
pub mod load;
pub mod outcomes;
pub mod render;

use crate::chart::ChartOptions;
use crate::engine::result::ScenarioResult;
use crate::error::Result;
use crate::export::atomic::{create_dir, write_atomic};
use crate::export::result_files::write_overlays;
use crate::stats::difference::{Difference, newcombe};
use attribute::Attribution;
use changes::Change;
use std::path::PathBuf;

/// What `pathways compare` was asked.
#[derive(Debug, Clone)]
pub struct CompareOptions {
    /// Result folders; the first is the reference unless `reference` names one.
    pub dirs: Vec<PathBuf>,
    /// The scenario to compare the others with (by name).
    pub reference: Option<String>,
    pub out: PathBuf,
    pub attribute: bool,
    pub threads: usize,
    pub quiet: bool,
    pub charts: ChartOptions,
    /// Report only this outcome (`[[outcomes]]`); all the reference's outcomes otherwise.
    pub outcome: Option<String>,
}

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
    let pathways = crate::export::headline::pathway_names(&results);
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

/// `pathways compare`: reads, compares, writes compare.md/csv/json and overlays into `out`.
pub fn run(opts: &CompareOptions) -> Result<()> {
    let results = opts.dirs.iter().map(|d| load::read_result(d)).collect::<Result<Vec<_>>>()?;
    let refs: Vec<&ScenarioResult> = results.iter().collect();
    // The first folder is the reference unless one is named.
    let wanted = opts.reference.clone().unwrap_or_else(|| results[0].meta.scenario.clone());
    let (group, left_out) = crate::analysis::reference::group(&refs, Some(&wanted))?;
    if group.len() < 2 {
        return Err(crate::Error::Usage(format!(
            "nothing to compare with {wanted}: {}",
            if left_out.is_empty() { "no other scenario".to_string() } else { left_out.join("; ") }
        )));
    }
    let mut c = compare(group.into_iter().cloned().collect());
    c.left_out = left_out;
    if opts.outcome.is_some() {
        c.outcomes = outcomes::rows(&c.results, opts.outcome.as_deref())?;
    }
    if opts.attribute {
        for k in 1..c.results.len() {
            let pair = changes::changes(&[&c.results[0].resolved, &c.results[k].resolved]);
            c.attributions.push(attribute::attribute(&c.results[0], &c.results[k], &pair, opts.threads)?);
        }
    }
    create_dir(&opts.out)?;
    let md = render::markdown(&c);
    write_atomic(&opts.out.join("compare.md"), md.as_bytes())?;
    write_atomic(&opts.out.join("compare.csv"), &render::csv(&c)?)?;
    write_atomic(&opts.out.join("compare.json"), &render::json(&c)?)?;
    write_overlays(&c.results, &opts.out, &opts.charts, Some(&c.results[0].meta.scenario))?;
    if !opts.quiet {
        print!("{}", render::terminal(&c, &opts.out));
    }
    Ok(())
}
