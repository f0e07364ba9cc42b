//! `pathways brief`: from scenario files to a self-contained HTML and a Markdown briefing.

pub mod assumptions;
pub mod build;
pub mod content;
pub mod html;
pub mod markdown;
pub mod vocabulary;

use crate::app::{RunOptions, run};
use crate::chart::ChartFormat;
use crate::error::Result;
use crate::export::atomic::write_atomic;
use crate::scenario::load::load;

/// Runs the scenarios (with PNG and SVG charts) and writes `briefing.html` and `briefing.md`
/// into the output folder.
pub fn brief(opts: &RunOptions) -> Result<()> {
    let mut opts = opts.clone();
    opts.charts.formats = vec![ChartFormat::Png, ChartFormat::Svg];
    let all = run(&opts)?;
    // A briefing compares scenarios over one period: those sharing the overlay charts' time axis
    // (a back-test of 2018–19 is run and written, but is not part of the outlook).
    let keep: Vec<String> = crate::app::overlay_group(&all).iter().map(|r| r.meta.scenario.clone()).collect();
    let results: Vec<_> = all.into_iter().filter(|r| keep.contains(&r.meta.scenario)).collect();
    let mut sets = opts.sets.clone();
    if let Some(r) = opts.runs {
        sets.push(format!("simulation.runs={r}"));
    }
    if let Some(s) = opts.seed {
        sets.push(format!("simulation.seed={s}"));
    }
    let loaded = results.iter().map(|r| load(std::path::Path::new(&r.meta.file), &sets)).collect::<Result<Vec<_>>>()?;
    let briefing = build::build(&results, &loaded, &opts.out, Vec::new(), Vec::new(), reproduce(&opts));
    write_atomic(&opts.out.join("briefing.html"), html::render(&briefing).as_bytes())?;
    write_atomic(&opts.out.join("briefing.md"), markdown::render(&briefing).as_bytes())?;
    if !opts.quiet {
        println!(
            "briefing: {} and {}",
            opts.out.join("briefing.html").display(),
            opts.out.join("briefing.md").display()
        );
    }
    Ok(())
}

/// The command that reproduces a pack: the scenario paths, runs, seed and overrides.
fn reproduce(opts: &RunOptions) -> String {
    let mut parts = vec!["pathways brief".to_string()];
    parts.extend(opts.paths.iter().map(|p| p.display().to_string()));
    if let Some(r) = opts.runs {
        parts.push(format!("--runs {r}"));
    }
    if let Some(s) = opts.seed {
        parts.push(format!("--seed {s}"));
    }
    for s in &opts.sets {
        parts.push(format!("--set '{s}'"));
    }
    parts.push(format!("--out {}", opts.out.display()));
    parts.join(" ")
}
