//! The commands: what `pathways run`, `validate`, `list`, `schema`, `new` and `explain` do, over
//! the library.

use crate::chart::{ChartFormat, ChartOptions, overlay_charts, scenario_charts};
use crate::engine::result::{RunMeta, ScenarioResult};
use crate::engine::runner::{run_model, summarize};
use crate::error::{Error, Result};
use crate::export::EXPORTERS;
use crate::export::atomic::{create_dir, write_atomic};
use crate::export::format::{percent, percents_adding_to_100, thousands};
use crate::export::staged::Folder;
use crate::model::params::Model;
use crate::scenario::diagnostic::{Diagnostic, Location, eprint_warnings};
use crate::scenario::load::{LoadedScenario, load};
use std::path::{Path, PathBuf};

/// A command, free of any command-line parsing types.
#[derive(Debug, Clone)]
pub enum Command {
    Run(RunOptions),
    Brief(RunOptions),
    /// `run --compare`: the batch, then a comparison of its results.
    RunCompare(RunOptions),
    Sweep(crate::sweep::SweepOptions),
    Compare(crate::compare::CompareOptions),
    Trace(crate::trace::TraceOptions),
    Validate {
        paths: Vec<PathBuf>,
        /// Print only the problems (and warnings), not `ok` for each valid file.
        quiet: bool,
    },
    List,
    Sensitivity(crate::commands::sensitivity::SensitivityOptions),
    Signposts(crate::commands::signposts::SignpostOptions),
    /// Score a scenario against observations.
    Score(crate::commands::score::ScoreOptions),
    /// Calibrate a scenario's uncertain parameters on observations.
    Calibrate(crate::commands::calibrate::CalibrateOptions),
    /// Print the JSON Schema of the scenario format.
    Schema,
    /// Write a new scenario file that extends another (quietly: without saying so).
    New(crate::template::NewOptions, bool),
    /// Print the resolved scenario with the origin of every value.
    Explain {
        path: PathBuf,
        sets: Vec<String>,
    },
    /// Run, then re-run on every save.
    Watch(RunOptions),
    /// `run --shard K/N`: one shard of a study.
    RunShard(RunOptions, crate::shard::ShardSpec),
    /// Merge shard folders into a study's result.
    Merge(crate::shard::merge::MergeOptions),
    /// Write Slurm scripts for a sharded study.
    Slurm(crate::slurm::SlurmOptions),
}

#[derive(Debug, Clone)]
pub struct RunOptions {
    pub paths: Vec<PathBuf>,
    pub runs: Option<u64>,
    pub seed: Option<u64>,
    pub out: PathBuf,
    /// 0 = all cores.
    pub threads: usize,
    pub sets: Vec<String>,
    pub quiet: bool,
    pub charts: ChartOptions,
    /// The command line as typed. Manifests record [`canonical_command_line`] instead, which
    /// leaves out what does not change results (output folder, threads, shard).
    pub command_line: String,
    /// Sampling design and precision-driven stopping.
    pub uncertainty: UncertaintyOptions,
    /// `--reference`: the scenario comparisons and overlays compare the others with.
    pub reference: Option<String>,
    /// `--paths N`: also write the monthly paths of the first N runs (paths.csv).
    pub record_paths: Option<u64>,
}

/// `--sampling`, `--precision` and `--max-runs`.
#[derive(Debug, Clone, Default)]
pub struct UncertaintyOptions {
    /// Overrides `simulation.sampling`.
    pub sampling: Option<crate::scenario::format::Sampling>,
    /// Keep adding runs until this precision (see [`crate::uncertainty::convergence`]).
    pub precision: Option<f64>,
    pub max_runs: Option<u64>,
}

/// Parses `--charts png,svg|none` and `--chart-size 1600x900`.
pub fn chart_options(formats: &str, size: &str) -> Result<ChartOptions> {
    let mut opts = ChartOptions { formats: Vec::new(), ..ChartOptions::default() };
    for f in formats.split(',').map(str::trim) {
        let format = match f {
            "png" => ChartFormat::Png,
            "svg" => ChartFormat::Svg,
            "none" => continue,
            other => {
                return Err(Error::Usage(format!(
                    "--charts: unknown format `{other}` (use png, svg, png,svg or none)"
                )));
            }
        };
        if !opts.formats.contains(&format) {
            opts.formats.push(format);
        }
    }
    let bad = || Error::Usage(format!("--chart-size: `{size}` is not WIDTHxHEIGHT, e.g. 1200x675"));
    let (w, h) = size.split_once('x').ok_or_else(bad)?;
    opts.width = w.trim().parse().map_err(|_| bad())?;
    opts.height = h.trim().parse().map_err(|_| bad())?;
    let (lo, hi) = (crate::chart::MIN_SIZE, crate::chart::MAX_SIZE);
    if opts.width < lo.0 || opts.height < lo.1 || opts.width > hi.0 || opts.height > hi.1 {
        return Err(Error::Usage(format!("--chart-size: {size} is outside {}x{} … {}x{}", lo.0, lo.1, hi.0, hi.1)));
    }
    Ok(opts)
}

pub fn execute(cmd: Command) -> Result<()> {
    // Commands that write results stop cleanly on Ctrl-C (`watch` handles it itself).
    if matches!(cmd, Command::Run(_) | Command::Brief(_) | Command::RunCompare(_) | Command::Merge(_)) {
        crate::cancel::install()?;
    }
    match cmd {
        Command::Brief(opts) => crate::brief::brief(&opts),
        Command::Run(opts) => crate::batch::run_and_compare(&opts, false),
        Command::RunCompare(opts) => crate::batch::run_and_compare(&opts, true),
        Command::Sweep(opts) => crate::sweep::run(&opts).map(|_| ()),
        Command::Compare(opts) => crate::compare::run(&opts),
        Command::Trace(opts) => crate::trace::run(&opts),
        Command::Validate { paths, quiet } => validate(&paths, quiet),
        Command::List => {
            print!("{}", crate::listing::listing());
            Ok(())
        }
        Command::Sensitivity(opts) => crate::commands::sensitivity::run(&opts),
        Command::Signposts(opts) => crate::commands::signposts::run(&opts),
        Command::Score(opts) => crate::commands::score::run(&opts),
        Command::Calibrate(opts) => crate::commands::calibrate::run(&opts),
        Command::Schema => {
            print!("{}", crate::schema::schema_json());
            Ok(())
        }
        Command::New(o, quiet) => {
            let path = crate::template::create(&o)?;
            if !quiet {
                println!("created {}; next: pathways explain {}", path.display(), path.display());
            }
            Ok(())
        }
        Command::Explain { path, sets } => {
            let s = load(&path, &sets)?;
            eprint_warnings(&s.warnings);
            print!("{}", crate::explain::explain(&s)?);
            Ok(())
        }
        Command::Watch(opts) => crate::watch::watch(&opts),
        Command::RunShard(opts, spec) => crate::shard::run::run_shard(&opts, spec).map(|_| ()),
        Command::Merge(opts) => crate::shard::merge::merge(&opts),
        Command::Slurm(opts) => crate::slurm::write(&opts),
    }
}

/// The scenario files named by `paths`: files as given, folders as their `*.toml` files in
/// name order.
pub fn scenario_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| Error::io(p, e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.extension().is_some_and(|x| x == "toml") && f.is_file())
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(Error::Usage(format!("{}: the folder holds no .toml scenario files", p.display())));
            }
            files.extend(found);
        } else if p.exists() {
            files.push(p.clone());
        } else {
            return Err(
                Diagnostic::new(Location::Nowhere(Some(p.clone())), None, "no such scenario file or folder").into()
            );
        }
    }
    Ok(files)
}

/// Says `ok` for each valid file, then reports the problems of all the invalid ones, and every
/// scenario name two files share (a batch would run neither: their results would share a folder).
fn validate(paths: &[PathBuf], quiet: bool) -> Result<()> {
    let mut problems = Vec::new();
    let mut loaded: Vec<LoadedScenario> = Vec::new();
    for f in scenario_files(paths)? {
        match load(&f, &[]) {
            Ok(s) => {
                eprint_warnings(&s.warnings);
                if !quiet {
                    println!("ok  {}", f.display())
                }
                loaded.push(s);
            }
            Err(Error::Scenario(ds)) => problems.extend(ds),
            Err(e) => return Err(e),
        }
    }
    problems.extend(crate::batch::duplicate_names(&loaded));
    if problems.is_empty() { Ok(()) } else { Err(Error::Scenario(problems)) }
}

/// Runs every scenario named by the options and writes its results (see [`crate::batch`]);
/// returns the results without their per-run records. An invalid scenario does not stop the
/// others, but makes the whole call fail with its diagnostics once the others are written.
pub fn run(opts: &RunOptions) -> Result<Vec<ScenarioResult>> {
    let batch = crate::batch::run_batch(opts)?;
    if batch.failed.is_empty() { Ok(batch.results) } else { Err(Error::Scenario(batch.failed)) }
}

/// Runs one loaded scenario (no file output).
pub fn run_one(s: &LoadedScenario, opts: &RunOptions, progress: &(dyn Fn(u64) + Sync)) -> Result<ScenarioResult> {
    let model = Model::compile(s);
    let runs = s.file.simulation.runs;
    let seed = s.file.simulation.seed;
    let (agg, convergence) = match opts.uncertainty.precision {
        None => (run_model(&model, runs, seed, opts.threads, progress)?, None),
        Some(precision) => {
            let max_runs = opts.uncertainty.max_runs.unwrap_or(crate::uncertainty::convergence::DEFAULT_MAX_RUNS);
            let stop = crate::uncertainty::convergence::Stopping { precision, max_runs };
            let (agg, report) = crate::uncertainty::convergence::run_until(&model, seed, opts.threads, stop, progress)?;
            (agg, Some(report))
        }
    };
    let meta = RunMeta { convergence, ..run_meta(s, seed, agg.runs, canonical_command_line(s, opts)) };
    let resolved = resolved_json(s)?;
    Ok(crate::engine::runner::thread_pool(opts.threads)?.install(|| summarize(&model, meta, resolved, agg)))
}

/// The manifest of a result of scenario `s`: who made it, from which file, with which seed.
pub fn run_meta(s: &LoadedScenario, seed: u64, runs: u64, command_line: String) -> RunMeta {
    RunMeta {
        scenario: s.file.scenario.name.clone(),
        folder: crate::export::folder::folder_name(&s.file.scenario.name, &overrides_of(s)),
        overrides: overrides_of(s),
        description: s.file.scenario.description.clone(),
        file: s.path().display().to_string(),
        extends: s.sources.iter().skip(1).map(|p| p.path.display().to_string()).collect(),
        sha256: s.sha256.clone(),
        seed,
        runs,
        start: crate::model::calendar::YearMonth::parse(&s.file.scenario.start).expect("validated"),
        horizon_months: s.file.scenario.horizon_months,
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        command_line,
        convergence: None,
    }
}

/// The `--set` overrides of a scenario's assumptions: those of `simulation.*` (runs, seed,
/// sampling) change how it is run, which footers and manifests show anyway.
fn overrides_of(s: &LoadedScenario) -> Vec<String> {
    s.sets.iter().filter(|k| !k.trim_start().starts_with("simulation.")).cloned().collect()
}

/// The resolved scenario (after `extends` and `--set`) as JSON, as summary.json records it. A
/// posterior file is recorded by its SHA-256 too (`simulation.posterior_sha256`), so that its
/// contents, not only its name, identify the result (shard merges compare this).
pub fn resolved_json(s: &LoadedScenario) -> Result<serde_json::Value> {
    let mut v =
        serde_json::to_value(&s.file).map_err(|e| Error::Other(format!("cannot encode the resolved scenario: {e}")))?;
    if let (Some(p), Some(sim)) = (&s.posterior, v.get_mut("simulation").and_then(|x| x.as_object_mut())) {
        sim.insert("posterior_sha256".into(), p.sha256.clone().into());
    }
    Ok(v)
}

/// The command that reproduces a result: the scenario file, runs, seed and the overrides, but not
/// the output folder or thread count, which do not change results. Plain, sharded and merged runs
/// of one study therefore record the same line.
pub fn canonical_command_line(s: &LoadedScenario, opts: &RunOptions) -> String {
    let mut args = vec!["pathways".to_string(), "run".to_string(), shell_word(&s.path().display().to_string())];
    match opts.uncertainty.precision {
        None => args.push(format!("--runs {}", s.file.simulation.runs)),
        Some(p) => {
            args.push(format!("--precision {p}"));
            if let Some(m) = opts.uncertainty.max_runs {
                args.push(format!("--max-runs {m}"));
            }
        }
    }
    args.push(format!("--seed {}", s.file.simulation.seed));
    if let Some(sampling) = opts.uncertainty.sampling {
        args.push(match sampling {
            crate::scenario::format::Sampling::MonteCarlo => "--sampling monte_carlo".to_string(),
            crate::scenario::format::Sampling::LatinHypercube => "--sampling latin_hypercube".to_string(),
        });
    }
    args.extend(opts.sets.iter().map(|set| format!("--set {}", shell_word(set))));
    args.join(" ")
}

/// `w` quoted for a POSIX shell if it needs it.
pub fn shell_word(w: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_.=/:,+@%".contains(c);
    if !w.is_empty() && w.chars().all(plain) { w.to_string() } else { format!("'{}'", w.replace('\'', "'\\''")) }
}

/// Writes a result's files and charts into a result folder of a [`Transaction`] (see
/// [`crate::export::staged`]): the old folder, if any, stays whole until the transaction commits.
/// The tables, the charts and runs.csv are written in parallel on the current thread pool.
pub fn write_result(r: &ScenarioResult, folder: &Folder<'_>, charts: &ChartOptions) -> Result<()> {
    let (runs, (figures, tables)) = rayon::join(
        || write_runs_csv(r, folder),
        || {
            rayon::join(
                || -> Result<()> {
                    if charts.formats.is_empty() {
                        return Ok(());
                    }
                    for (name, bytes) in scenario_charts(r, charts).map_err(|e| Error::Other(e.to_string()))? {
                        folder.write(&name, &bytes)?;
                    }
                    Ok(())
                },
                || -> Result<()> {
                    for e in &EXPORTERS {
                        folder.write(e.file_name, &(e.render)(r)?)?;
                    }
                    Ok(())
                },
            )
        },
    );
    // Ctrl-C first: the other errors it causes are its consequence.
    crate::cancel::check()?;
    runs?;
    figures?;
    tables
}

fn write_runs_csv(r: &ScenarioResult, folder: &Folder<'_>) -> Result<()> {
    use std::io::Write;
    let path = folder.path().join("runs.csv");
    let file = std::fs::File::create(&path).map_err(|e| folder.error(&path, e))?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    crate::export::runs_csv::write_to(r, &mut out, &|e| folder.error(&path, e))?;
    out.flush().map_err(|e| folder.error(&path, e))
}

/// Writes the charts that compare several scenarios at the top of the output folder: the
/// reference (`reference`, or picked as [`crate::compare::reference::pick`] does) and the
/// scenarios sharing its period.
pub fn write_overlays(
    results: &[ScenarioResult],
    out: &Path,
    charts: &ChartOptions,
    reference: Option<&str>,
) -> Result<()> {
    write_files(out, overlay_files(results, charts, reference)?)
}

/// The overlay charts of [`write_overlays`], as (file name, bytes); none for fewer than two
/// comparable scenarios.
pub fn overlay_files(
    results: &[ScenarioResult],
    charts: &ChartOptions,
    reference: Option<&str>,
) -> Result<Vec<(String, Vec<u8>)>> {
    if results.len() < 2 || charts.formats.is_empty() {
        return Ok(Vec::new());
    }
    let refs: Vec<&ScenarioResult> = results.iter().collect();
    let (group, _) = crate::compare::reference::group(&refs, reference)?;
    if group.len() < 2 {
        return Ok(Vec::new());
    }
    overlay_charts(&group, charts).map_err(|e| Error::Other(e.to_string()))
}

fn write_files(dir: &Path, files: Vec<(String, Vec<u8>)>) -> Result<()> {
    create_dir(dir)?;
    for (name, bytes) in files {
        write_atomic(&dir.join(name), &bytes)?;
    }
    Ok(())
}

pub fn one_line_summary(r: &ScenarioResult, dir: &Path, secs: f64) -> String {
    let shown = percents_adding_to_100(&r.pathways.iter().map(|p| p.probability.p).collect::<Vec<_>>());
    let mut ps: Vec<_> = r.pathways.iter().zip(shown).collect();
    ps.sort_by(|a, b| b.0.probability.p.total_cmp(&a.0.probability.p));
    let parts: Vec<String> = ps
        .iter()
        .map(|(p, shown)| {
            format!("{} {} [{}–{}]", p.name, shown, percent(p.probability.ci_low), percent(p.probability.ci_high))
        })
        .collect();
    format!(
        "{}: {} runs in {secs:.1} s → {}\n  {}",
        r.meta.scenario,
        thousands(r.meta.runs),
        dir.display(),
        parts.join(", ")
    )
}
