//! `pathways trace`: replays one run exactly ([`crate::engine::trace`]) and prints its story
//! or its JSON ([`crate::export::trace`]).

use crate::engine::trace::trace;
use crate::error::Result;
use crate::export::trace::{json, story};

/// What `pathways trace` was asked.
#[derive(Debug, Clone)]
pub struct TraceOptions {
    pub path: std::path::PathBuf,
    pub run: u64,
    /// Overrides `simulation.seed`.
    pub seed: Option<u64>,
    pub sets: Vec<String>,
    /// JSON instead of the story.
    pub json: bool,
}

/// `pathways trace`: prints the story (or JSON) of one run.
pub fn run(opts: &TraceOptions) -> Result<()> {
    let sets = crate::scenario::load::overrides(&opts.sets, None, opts.seed, None);
    let loaded = crate::scenario::load::load(&opts.path, &sets)?;
    crate::diagnostic::eprint_warnings(&loaded.warnings);
    let t = trace(&loaded, opts.run)?;
    if opts.json {
        println!("{}", json(&t)?);
    } else {
        print!("{}", story(&t));
    }
    Ok(())
}
