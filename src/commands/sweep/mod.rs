//! `pathways sweep`: a scenario run at every point of a 1-D or 2-D parameter grid.
//!
//! Each point is the base scenario with `--set KEY=VALUE` overrides, run with the same seed, so
//! run `i` draws from the same streams at every point (common random numbers): differences
//! between points come from the parameter, not from sampling noise. (If a swept parameter is
//! uncertain in the base scenario, fixing it removes its draw, so points share streams with each
//! other but not with the plain base run.)

pub mod file;

use crate::analysis::sweep::grid::Grid;
use crate::analysis::sweep::result::{SweepPoint, SweepResult};
use crate::chart::{ChartOptions, sweep_charts};
use crate::commands::command_line::command_line_of;
use crate::engine::study::{RunControl, run_study};
use crate::error::{Error, Result};
use crate::export::atomic::{create_dir, write_atomic};
use crate::scenario::load::load;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

/// What `pathways sweep` was asked.
#[derive(Debug, Clone)]
pub struct SweepOptions {
    /// A scenario file or a sweep file.
    pub target: PathBuf,
    /// `KEY=GRID` arguments; when given they replace a sweep file's parameters.
    pub params: Vec<String>,
    pub runs: Option<u64>,
    pub seed: Option<u64>,
    pub pathway: Option<String>,
    /// The `[[outcomes]]` entry the charts show instead of the pathway probabilities.
    pub outcome: Option<String>,
    /// Default: `output/sweep_<name>` (the sweep file's stem, or the scenario's name).
    pub out: Option<PathBuf>,
    pub threads: usize,
    pub sets: Vec<String>,
    pub quiet: bool,
    pub charts: ChartOptions,
    pub command_line: String,
    /// `--shard K/N`: run only these grid points and write a shard folder.
    pub shard: Option<crate::export::shard::spec::ShardSpec>,
}

/// A sweep fully resolved: scenario file, grid, runs and seed overrides.
pub(crate) struct Plan {
    scenario: PathBuf,
    pub grid: Grid,
    sets: Vec<String>,
    pathway: Option<String>,
    pub out: PathBuf,
}

pub(crate) fn plan(opts: &SweepOptions) -> Result<Plan> {
    let text = crate::read::read_text(&opts.target, crate::read::MAX_SCENARIO_BYTES).map_err(|e| match e {
        crate::read::ReadError::Io(e) if e.kind() != std::io::ErrorKind::NotFound => Error::io(&opts.target, e),
        other => Error::Usage(format!("{}: {other}", opts.target.display())),
    })?;
    let stem = opts.target.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    let (scenario, axes, mut runs, mut seed, mut pathway, name) = if file::is_sweep(&text) {
        let f = file::parse(&opts.target, &text)?;
        (f.scenario, f.axes, f.runs, f.seed, f.pathway, stem)
    } else {
        (opts.target.clone(), Vec::new(), None, None, None, String::new())
    };
    let grid = if opts.params.is_empty() { Grid::new(axes)? } else { Grid::parse(&opts.params)? };
    runs = opts.runs.or(runs);
    seed = opts.seed.or(seed);
    pathway = opts.pathway.clone().or(pathway);
    let sets = crate::scenario::load::overrides(&opts.sets, runs, seed, None);
    let name = if name.is_empty() { load(&scenario, &sets)?.file.scenario.name } else { name };
    let out = opts.out.clone().unwrap_or_else(|| PathBuf::from("output").join(format!("sweep_{name}")));
    Ok(Plan { scenario, grid, sets, pathway, out })
}

/// A sweep ready to run: its plan and every point's scenario, loaded.
pub(crate) struct Prepared {
    pub plan: Plan,
    pub scenarios: Vec<crate::scenario::load::LoadedScenario>,
    pathways: Vec<String>,
    focus: usize,
    outcome_focus: Option<usize>,
    pub runs: u64,
}

/// Runs the sweep (or, with `--shard`, its share of the points), writes sweep.csv and its charts
/// (or the shard folder), and returns the result.
pub fn run(opts: &SweepOptions) -> Result<SweepResult> {
    let p = prepare(opts)?;
    let (grid, runs) = (&p.plan.grid, p.runs);
    let todo = match opts.shard {
        Some(spec) => crate::export::shard::manifest::Kind::Sweep.share(spec, grid.len() as u64),
        None => 0..grid.len() as u64,
    };
    let bar = if opts.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let b = ProgressBar::new(runs * (todo.end - todo.start));
        b.set_style(
            ProgressStyle::with_template("{msg:>16} [{bar:40}] {human_pos}/{human_len} runs  {per_sec}  eta {eta}")
                .expect("valid template")
                .progress_chars("=> "),
        );
        b
    };
    let started = Instant::now();
    let mut points = Vec::with_capacity(grid.len());
    for i in todo.clone() {
        let i = i as usize;
        bar.set_message(format!("point {}/{}", i + 1, grid.len()));
        let s = &p.scenarios[i];
        let control = RunControl {
            threads: opts.threads,
            command_line: command_line_of(s, &Default::default(), &[]),
            ..Default::default()
        };
        let r = run_study(s, &control, &|n| bar.inc(n))?;
        let values = grid.point(i).iter().zip(&grid.axes).map(|(&j, a)| a.values[j]).collect();
        points.push(SweepPoint::from_result(values, &r));
    }
    bar.finish_and_clear();
    let secs = started.elapsed().as_secs_f64();
    if let Some(spec) = opts.shard {
        crate::commands::shard::sweep::write_shard(opts, &p, spec, todo, &points)?;
        return Ok(result_of(&p, points));
    }
    finish(opts, &p, points, secs)
}

fn result_of(p: &Prepared, points: Vec<SweepPoint>) -> SweepResult {
    let first = &p.scenarios[0];
    SweepResult {
        scenario: first.file.scenario.name.clone(),
        grid: p.plan.grid.clone(),
        pathways: p.pathways.clone(),
        points,
        focus: p.focus,
        outcome_focus: p.outcome_focus,
        runs: p.runs,
        seed: first.file.simulation.seed,
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
    }
}

/// The command that reproduces a sweep (without output folder, threads or shard).
pub fn canonical_command_line(opts: &SweepOptions) -> String {
    let mut line = crate::export::shell::CommandLine::pathways("sweep").arg(opts.target.display());
    for p in &opts.params {
        line = line.flag("--param", p);
    }
    line.flag_opt("--runs", opts.runs)
        .flag_opt("--seed", opts.seed)
        .flag_opt("--pathway", opts.pathway.as_ref())
        .flag_opt("--outcome", opts.outcome.as_ref())
        .sets(&opts.sets)
        .line()
}

/// Plans the sweep and loads every point's scenario.
pub(crate) fn prepare(opts: &SweepOptions) -> Result<Prepared> {
    let plan = plan(opts)?;
    let grid = &plan.grid;
    // Load every point first: a bad key or value stops the sweep before any run.
    let mut scenarios = Vec::with_capacity(grid.len());
    for i in 0..grid.len() {
        let mut sets = plan.sets.clone();
        sets.extend(grid.sets(i));
        scenarios.push(load(&plan.scenario, &sets)?);
    }
    let first = &scenarios[0];
    // Every point loads the same files: their warnings once.
    crate::diagnostic::eprint_warnings(&first.warnings);
    let pathways: Vec<String> = first.file.pathways.iter().map(|p| p.name.clone()).collect();
    let focus = match &plan.pathway {
        None => 0,
        Some(name) => pathways.iter().position(|p| p == name).ok_or_else(|| {
            Error::Usage(format!("--pathway: no pathway `{name}` in the scenario (it has {})", pathways.join(", ")))
        })?,
    };
    let outcome_focus = match &opts.outcome {
        None => None,
        Some(name) => Some(first.file.outcomes.iter().position(|o| &o.name == name).ok_or_else(|| {
            let names: Vec<&str> = first.file.outcomes.iter().map(|o| o.name.as_str()).collect();
            Error::Usage(format!(
                "--outcome: no outcome `{name}` in the scenario (its [[outcomes]]: {})",
                if names.is_empty() { "none".to_string() } else { names.join(", ") }
            ))
        })?),
    };
    let runs = first.file.simulation.runs;
    Ok(Prepared { plan, scenarios, pathways, focus, outcome_focus, runs })
}

/// Writes sweep.csv, sweep.json and the charts of the points (all of them, in grid order).
pub(crate) fn finish(opts: &SweepOptions, p: &Prepared, points: Vec<SweepPoint>, secs: f64) -> Result<SweepResult> {
    let (plan, runs) = (&p.plan, p.runs);
    let result = result_of(p, points);
    create_dir(&plan.out)?;
    write_atomic(&plan.out.join("sweep.csv"), &crate::export::sweep::render(&result)?)?;
    let file = plan.scenario.display().to_string();
    let command_line = canonical_command_line(opts);
    write_atomic(&plan.out.join("sweep.json"), &crate::export::sweep::render_json(&result, &file, &command_line)?)?;
    if !opts.charts.formats.is_empty() {
        for (name, bytes) in sweep_charts(&result, &opts.charts)? {
            write_atomic(&plan.out.join(name), &bytes)?;
        }
    }
    if !opts.quiet {
        println!(
            "sweep of {}: {} points × {} runs in {secs:.1} s → {}",
            result.scenario,
            result.points.len(),
            crate::numbers::thousands(runs),
            plan.out.display()
        );
    }
    Ok(result)
}
