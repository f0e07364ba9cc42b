//! `--attribute`: splits the change in each pathway's probability between two scenarios across
//! the parameters that differ.
//!
//! From the reference scenario's file (manifest.scenario_file), rerun with its runs and seed,
//! each changed parameter is set alone to the other scenario's value (`--set KEY=VALUE`); its
//! contribution is the change it causes by itself. All runs use the same seed, so run `i` draws
//! from the same streams in every rerun (common random numbers) and the contributions are not
//! swamped by sampling noise. The interaction remainder is the total change minus the sum of the
//! one-at-a-time contributions: what the parameters do only together (and any parameter that
//! cannot be set alone).

use crate::analysis::compare::attribution::{Attribution, PathwaySplit};
use crate::analysis::compare::changes::{Change, changes, overrides};
use crate::commands::command_line::command_line_of;
use crate::engine::result::ScenarioResult;
use crate::engine::study::{RunControl, run_study};
use crate::error::{Error, Result};
use crate::scenario::load::load;
use std::path::Path;

/// Attributes `other`'s differences from `reference` (`changed`: their differing parameters,
/// values in that order) by reruns on `threads` threads.
pub fn attribute(
    reference: &ScenarioResult,
    other: &ScenarioResult,
    changed: &[Change],
    threads: usize,
) -> Result<Attribution> {
    let file = Path::new(&reference.meta.file);
    if !file.is_file() {
        return Err(Error::Usage(format!(
            "--attribute reruns {}'s scenario file {} (manifest.scenario_file), which is not there; run compare from the folder `pathways run` ran in",
            reference.meta.scenario,
            file.display()
        )));
    }
    let mut base_sets =
        crate::scenario::load::overrides(&[], Some(reference.meta.runs), Some(reference.meta.seed), None);
    // Overrides the reference was run with (--set) are in its resolved file: repeat them.
    let plain = load(file, &base_sets)?;
    let plain_resolved = serde_json::to_value(&plain.file).unwrap_or_default();
    base_sets.extend(
        overrides(&changes(&[&plain_resolved, &reference.resolved]), &reference.resolved).0.into_iter().map(|u| u.1),
    );
    let rerun = |extra: &[String]| -> Result<ScenarioResult> {
        let mut sets = base_sets.clone();
        sets.extend_from_slice(extra);
        let s = load(file, &sets)?;
        let control =
            RunControl { threads, command_line: command_line_of(&s, &Default::default(), &[]), ..Default::default() };
        run_study(&s, &control, &|_| {})
    };
    let base = rerun(&[])?;
    let mut parameters = Vec::new();
    let (units, mut skipped) = overrides(changed, &other.resolved);
    let mut alone = Vec::new();
    for (label, set) in units {
        match rerun(std::slice::from_ref(&set)) {
            Ok(r) => {
                parameters.push(label);
                alone.push(r);
            }
            Err(e) => skipped.push((label, e.to_string().lines().next().unwrap_or_default().to_string())),
        }
    }
    let p =
        |r: &ScenarioResult, name: &str| r.pathways.iter().find(|x| x.name == name).map_or(0.0, |x| x.probability.p);
    let pathways = reference
        .pathways
        .iter()
        .map(|pw| {
            let total = p(other, &pw.name) - p(reference, &pw.name);
            let contributions: Vec<f64> = alone.iter().map(|r| p(r, &pw.name) - p(&base, &pw.name)).collect();
            let interaction = total - contributions.iter().sum::<f64>();
            PathwaySplit { pathway: pw.name.clone(), total, contributions, interaction }
        })
        .collect();
    Ok(Attribution { scenario: other.meta.scenario.clone(), parameters, skipped, pathways })
}
