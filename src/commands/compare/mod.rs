//! `pathways compare`: written results side by side. Per pathway, each scenario's probability
//! and its difference from the reference (see [`crate::analysis::reference`]) with a 95% interval; per
//! variable, the horizon median and 90% interval; the parameters that differ ("what changed");
//! overlay charts; and with `--attribute`, each pathway's change split across the parameters.

pub mod attribute;

use crate::analysis::compare::{changes, compare, outcomes};
use crate::chart::ChartOptions;
use crate::engine::result::ScenarioResult;
use crate::error::Result;
use crate::export::atomic::{create_dir, write_atomic};
use crate::export::compare as render;
use crate::export::read_result as load;
use crate::export::result_files::write_overlays;
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
