//! `pathways run` over many scenarios: one progress display for the batch, results written on a
//! separate thread while the next scenario simulates, a failing scenario reported without
//! stopping the others, and a batch table (`batch.json`, `batch.csv`) beside the overlays.
//!
//! Scenarios run in file-path order and the batch tables list them by name, so everything the
//! batch writes depends only on the set of files, not on their order on the command line (each
//! scenario's numbers depend on its own seed only, and are thread-count independent already).

use crate::commands::run::RunOptions;
use crate::commands::run::one_line_summary;
use crate::diagnostic::{Diagnostic, Location};
use crate::engine::result::ScenarioResult;
use crate::engine::study::run_study;
use crate::error::{Error, Result};
use crate::export::atomic::create_dir;
use crate::export::batch_tables::table_files;
use crate::export::result_files::overlay_files;
use crate::export::result_files::write_result;
use crate::export::staged::Transaction;
use crate::scenario::files::expand;
use crate::scenario::load::{LoadedScenario, load};
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Instant;

/// What a batch did: the results (by scenario name, without their per-run records, which are
/// written to runs.csv and then dropped) and the problems of the scenarios that failed.
#[derive(Debug, Default)]
pub struct Batch {
    pub results: Vec<ScenarioResult>,
    pub failed: Vec<Diagnostic>,
    /// Arguments and files that failed (a file may have several problems).
    pub failed_count: usize,
}

/// Loads every file; a file that fails becomes a problem, and so do files sharing a scenario
/// name: none of them runs (which one a user meant is not ours to guess).
fn load_each(files: &[PathBuf], sets: &[String], problems: &mut Vec<Diagnostic>) -> Vec<LoadedScenario> {
    let mut loaded: Vec<LoadedScenario> = Vec::new();
    for f in files {
        if let Some(s) = load_one(f, sets, problems) {
            loaded.push(s);
        }
    }
    let clashes = duplicate_names(&loaded);
    if !clashes.is_empty() {
        // Their folders, without case: `中美合作` and `Zhong Mei He Zuo` share `Zhong_Mei_He_Zuo/`.
        let key = |s: &LoadedScenario| crate::engine::folder::folder_name(&s.file.scenario.name, &[]).to_lowercase();
        let shared: Vec<String> =
            loaded.iter().filter(|s| loaded.iter().filter(|o| key(o) == key(s)).count() > 1).map(key).collect();
        loaded.retain(|s| !shared.contains(&key(s)));
        problems.extend(clashes);
    }
    loaded
}

/// One problem per scenario whose output folder another file's also is (compared without case: on
/// a case-insensitive file system `Baseline/` and `baseline/` are one folder), naming every file.
pub fn duplicate_names(loaded: &[LoadedScenario]) -> Vec<Diagnostic> {
    // Their folders, without case: `中美合作` and `Zhong Mei He Zuo` share `Zhong_Mei_He_Zuo/`.
    let key = |s: &LoadedScenario| crate::engine::folder::folder_name(&s.file.scenario.name, &[]).to_lowercase();
    let mut out = Vec::new();
    for (i, s) in loaded.iter().enumerate() {
        let others: Vec<String> = loaded
            .iter()
            .enumerate()
            .filter(|(j, o)| *j != i && key(o) == key(s))
            .map(|(_, o)| o.path().display().to_string())
            .collect();
        if !others.is_empty() {
            out.push(
                s.diag(
                    &["scenario".to_string(), "name".to_string()],
                    format!(
                        "scenario name `{}` is also used by {}; their results would share one folder, so neither runs",
                        s.file.scenario.name,
                        others.join(", ")
                    ),
                )
                .with_help("give each scenario its own `name`"),
            );
        }
    }
    out
}

fn load_one(f: &Path, sets: &[String], problems: &mut Vec<Diagnostic>) -> Option<LoadedScenario> {
    match load(f, sets) {
        Ok(s) => {
            crate::diagnostic::eprint_warnings(&s.warnings);
            Some(s)
        }
        Err(Error::Scenario(ds)) => {
            problems.extend(ds);
            None
        }
        Err(e) => {
            problems.push(Diagnostic::new(Location::Nowhere(Some(f.to_path_buf())), None, e.to_string()));
            None
        }
    }
}

/// The overrides scenarios are loaded with: `--set`, then `--runs`, `--seed` and `--sampling`.
pub fn load_sets(opts: &RunOptions) -> Vec<String> {
    crate::scenario::load::overrides(&opts.sets, opts.runs, opts.seed, opts.uncertainty.sampling)
}

/// Runs a batch and returns its results and problems (see [`super::run`]).
pub fn run_batch(opts: &RunOptions) -> Result<Batch> {
    let (files, mut failed) = expand(&opts.paths);
    let sets = load_sets(opts);
    let bad_arguments = failed.len();
    let scenarios = load_each(&files, &sets, &mut failed);
    let failed_count = bad_arguments + files.len() - scenarios.len();
    if let Some(wanted) = &opts.reference
        && !scenarios.iter().any(|s| &s.file.scenario.name == wanted)
    {
        let mut names: Vec<&str> = scenarios.iter().map(|s| s.file.scenario.name.as_str()).collect();
        names.sort();
        return Err(Error::Usage(format!(
            "--reference: no scenario named `{wanted}` here (there are: {})",
            names.join(", ")
        )));
    }
    if scenarios.is_empty() {
        // Nothing to run: no output folder, only the problems.
        return Ok(Batch { results: Vec::new(), failed, failed_count });
    }
    create_dir(&opts.out)?;
    // What runs killed earlier left here (kill -9 allows no cleanup).
    crate::export::staged::remove_stale(&opts.out);
    let pool = crate::engine::runner::thread_pool(opts.threads)?;
    // Everything the batch writes changes at once, when it commits at the end.
    let output = Transaction::begin(&opts.out)?;

    let multi = MultiProgress::with_draw_target(if opts.quiet || !std::io::stderr().is_terminal() {
        ProgressDrawTarget::hidden()
    } else {
        ProgressDrawTarget::stderr()
    });
    let total: u64 = scenarios.iter().map(|s| s.file.simulation.runs).sum();
    let overall = multi.add(ProgressBar::new(total));
    overall.set_style(style("{msg:>20} [{bar:40}] {human_pos}/{human_len} runs  {per_sec}  eta {eta}"));
    overall.set_message(format!("batch of {}", scenarios.len()));

    // Simulation on this thread (its own worker pool); writing and charting on another, so the
    // next scenario simulates while the last one's files are written.
    let (tx, rx) = mpsc::channel::<(ScenarioResult, f64, Option<Vec<u8>>)>();
    let mut results = std::thread::scope(|scope| -> Result<Vec<ScenarioResult>> {
        let writer = scope.spawn(|| -> Result<Vec<ScenarioResult>> {
            let mut done = Vec::new();
            for (result, secs, paths) in rx {
                let dir = opts.out.join(&result.meta.folder);
                // Writing uses the run's thread count, as the simulation does.
                pool.install(|| -> Result<()> {
                    let folder = output.folder(&result.meta.folder)?;
                    write_result(&result, &folder, &opts.charts)?;
                    if let Some(bytes) = &paths {
                        folder.write("paths.csv", bytes)?;
                    }
                    if opts.uncertainty.precision.is_some() {
                        crate::export::convergence::write_convergence(&result, &folder, &opts.charts)?;
                    }
                    Ok(())
                })?;
                if !opts.quiet {
                    let mut line = one_line_summary(&result, &dir, secs);
                    if let Some(c) = &result.meta.convergence {
                        line.push_str(&format!("\n  {}", crate::export::convergence::describe(c)));
                    }
                    if multi.is_hidden() { println!("{line}") } else { multi.suspend(|| println!("{line}")) }
                }
                // Overlays and tables need only the statistics: drop the per-run records.
                done.push(ScenarioResult { records: Default::default(), ..result });
            }
            Ok(done)
        });
        for s in &scenarios {
            let started = Instant::now();
            let bar = multi.add(ProgressBar::new(s.file.simulation.runs));
            bar.set_style(style("{msg:>20} [{bar:40}] {human_pos}/{human_len} runs"));
            bar.set_message(s.file.scenario.name.clone());
            let result = run_study(s, &opts.control(s), &|n| {
                bar.inc(n);
                overall.inc(n);
            })
            .and_then(|r| Ok((paths_csv(s, opts, &r)?, r)));
            bar.finish_and_clear();
            multi.remove(&bar);
            match result {
                // A writer that stopped has an error to report: join it below.
                Ok((paths, r)) => {
                    if tx.send((r, started.elapsed().as_secs_f64(), paths)).is_err() {
                        break;
                    }
                }
                Err(e) => {
                    drop(tx);
                    let _ = writer.join();
                    return Err(e);
                }
            }
        }
        drop(tx);
        writer.join().map_err(|_| Error::Internal("the result writer panicked".into()))?
    })?;
    overall.finish_and_clear();

    results.sort_by(|a, b| a.meta.scenario.cmp(&b.meta.scenario));
    // The batch's own files, then the commit of everything (see `crate::export::staged`).
    for (name, bytes) in overlay_files(&results, &opts.charts, opts.reference.as_deref())?
        .into_iter()
        .chain(table_files(&results, &failed)?)
    {
        output.write(&name, &bytes)?;
    }
    output.commit(&["overlay_"])?;
    if failed_count > 0 {
        eprintln!(
            "{failed_count} of {} scenarios failed; the other {} ran:",
            bad_arguments + files.len(),
            results.len()
        );
    }
    Ok(Batch { results, failed, failed_count })
}

/// With `--paths N`: paths.csv of the first N runs of the result `r` of scenario `s`.
fn paths_csv(s: &LoadedScenario, opts: &RunOptions, r: &ScenarioResult) -> Result<Option<Vec<u8>>> {
    let Some(n) = opts.record_paths else { return Ok(None) };
    let model = crate::model::params::Model::compile(s);
    let paths = crate::engine::paths::record(&model, r.meta.seed, r.meta.runs, n, opts.threads)?;
    crate::export::paths_csv::render(&paths, r.meta.start).map(Some)
}

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template).expect("valid template").progress_chars("=> ")
}
