//! `pathways signposts`: the indicators to watch. Runs the scenario (same runs as `pathways
//! run` with the same seed), records each run's indicators at checkpoint months, and ranks the
//! single-threshold splits by how much they tell about the final pathway.

use super::{AnalysisOptions, load_one, write_files};
use crate::analysis::signposts::Signposts;
use crate::error::{Error, Result};
use crate::model::params::Model;
use crate::numbers::thousands;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct SignpostOptions {
    pub scenario: PathBuf,
    pub runs: Option<u64>,
    pub seed: Option<u64>,
    /// How many indicators to report.
    pub top: usize,
    /// Only indicators observable by this month.
    pub by_month: Option<u32>,
    /// Separate the classes of this `[[outcomes]]` entry instead of the final pathways.
    pub outcome: Option<String>,
    pub common: AnalysisOptions,
}

pub fn run(opts: &SignpostOptions) -> Result<Signposts> {
    let s = load_one(&opts.scenario, &opts.common.sets)?;
    let model = Model::compile(&s);
    let seed = opts.seed.unwrap_or(s.file.simulation.seed);
    let runs = opts.runs.unwrap_or(s.file.simulation.runs);
    let started = std::time::Instant::now();
    let outcome = match &opts.outcome {
        None => None,
        Some(name) => Some(model.outcomes.iter().position(|o| &o.name == name).ok_or_else(|| {
            let names: Vec<&str> = model.outcomes.iter().map(|o| o.name.as_str()).collect();
            Error::Usage(format!(
                "--outcome: no outcome `{name}` in the scenario (its [[outcomes]]: {})",
                if names.is_empty() { "none".to_string() } else { names.join(", ") }
            ))
        })?),
    };
    let found =
        crate::analysis::signposts::find(&model, seed, runs, opts.common.threads, opts.top, opts.by_month, outcome)?;
    let meta = crate::engine::study::run_meta(&s, seed, runs, opts.common.command_line.clone());
    let files = crate::export::signposts::files(&model, &found, opts.outcome.as_deref(), &meta)?;
    let dir = opts.common.out.join(&meta.folder).join("signposts");
    write_files(&dir, files)?;
    if opts.common.quiet {
        return Ok(found);
    }

    println!(
        "{}: indicators to watch, from {} runs in {:.1} s → {}",
        meta.scenario,
        thousands(runs),
        started.elapsed().as_secs_f64(),
        dir.display()
    );
    if let Some(j) = outcome {
        println!("  separating: {}", model.outcomes[j].describe(model.start));
    }
    println!("{}", crate::export::signposts::table(&model, &found));
    Ok(found)
}
