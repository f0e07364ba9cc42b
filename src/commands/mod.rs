//! Every subcommand, one file or folder each, named after it; [`execute`] dispatches a parsed
//! [`Command`] to its home. The floors below hold the library these short functions call.

pub mod brief;
pub mod calibrate;
pub mod command_line;
pub mod compare;
pub mod explain;
pub mod list;
pub mod new;
pub mod run;
pub mod schema;
pub mod score;
pub mod sensitivity;
pub mod shard;
pub mod signposts;
pub mod slurm;
pub mod sweep;
pub mod trace;
pub mod validate;
pub mod watch;

use std::path::PathBuf;

/// A command, free of any command-line parsing types.
#[derive(Debug, Clone)]
pub enum Command {
    Run(run::RunOptions),
    Brief(run::RunOptions),
    /// `run --compare`: the batch, then a comparison of its results.
    RunCompare(run::RunOptions),
    Sweep(sweep::SweepOptions),
    Compare(compare::CompareOptions),
    Trace(trace::TraceOptions),
    Validate {
        paths: Vec<PathBuf>,
        /// Print only the problems (and warnings), not `ok` for each valid file.
        quiet: bool,
    },
    List,
    Sensitivity(sensitivity::SensitivityOptions),
    Signposts(signposts::SignpostOptions),
    /// Score a scenario against observations.
    Score(score::ScoreOptions),
    /// Calibrate a scenario's uncertain parameters on observations.
    Calibrate(calibrate::CalibrateOptions),
    /// Print the JSON Schema of the scenario format.
    Schema,
    /// Write a new scenario file that extends another (quietly: without saying so).
    New(new::NewOptions, bool),
    /// Print the resolved scenario with the origin of every value.
    Explain {
        path: PathBuf,
        sets: Vec<String>,
    },
    /// Run, then re-run on every save.
    Watch(run::RunOptions),
    /// `run --shard K/N`: one shard of a study.
    RunShard(run::RunOptions, crate::export::shard::spec::ShardSpec),
    /// Merge shard folders into a study's result.
    Merge(shard::merge::MergeOptions),
    /// Write Slurm scripts for a sharded study.
    Slurm(slurm::SlurmOptions),
}

pub fn execute(cmd: Command) -> Result<()> {
    // Commands that write results stop cleanly on Ctrl-C (`watch` handles it itself).
    if matches!(cmd, Command::Run(_) | Command::Brief(_) | Command::RunCompare(_) | Command::Merge(_)) {
        crate::cancel::install()?;
    }
    match cmd {
        Command::Brief(opts) => brief::brief(&opts),
        Command::Run(opts) => run::run_and_compare(&opts, false),
        Command::RunCompare(opts) => run::run_and_compare(&opts, true),
        Command::Sweep(opts) => sweep::run(&opts).map(|_| ()),
        Command::Compare(opts) => compare::run(&opts),
        Command::Trace(opts) => trace::run(&opts),
        Command::Validate { paths, quiet } => validate::validate(&paths, quiet),
        Command::List => list::run(),
        Command::Sensitivity(opts) => sensitivity::run(&opts).map(drop),
        Command::Signposts(opts) => signposts::run(&opts).map(drop),
        Command::Score(opts) => score::run(&opts),
        Command::Calibrate(opts) => calibrate::run(&opts),
        Command::Schema => schema::run(),
        Command::New(o, quiet) => {
            let path = new::create(&o)?;
            if !quiet {
                println!("created {}; next: pathways explain {}", path.display(), path.display());
            }
            Ok(())
        }
        Command::Explain { path, sets } => explain::run(&path, &sets),
        Command::Watch(opts) => watch::watch(&opts),
        Command::RunShard(opts, spec) => shard::run::run_shard(&opts, spec).map(|_| ()),
        Command::Merge(opts) => shard::merge::merge(&opts),
        Command::Slurm(opts) => slurm::write(&opts),
    }
}

use crate::chart::ChartOptions;
use crate::error::{Error, Result};
use crate::export::atomic::{create_dir, write_atomic};
use crate::scenario::load::LoadedScenario;
use std::path::Path;

/// Options shared by the analysis commands.
#[derive(Debug, Clone)]
pub struct AnalysisOptions {
    pub out: PathBuf,
    /// 0 = all cores.
    pub threads: usize,
    pub sets: Vec<String>,
    pub charts: ChartOptions,
    /// Recorded in manifests.
    pub command_line: String,
    /// Print nothing (the files are still written).
    pub quiet: bool,
}

/// Loads the one scenario an analysis command works on.
fn load_one(path: &Path, sets: &[String]) -> Result<LoadedScenario> {
    if !path.is_file() {
        return Err(Error::Usage(format!("{}: not a scenario file", path.display())));
    }
    let s = crate::scenario::load::load(path, sets)?;
    crate::diagnostic::eprint_warnings(&s.warnings);
    Ok(s)
}

use crate::engine::runner::thread_pool as pool;

/// Writes (name, bytes) pairs into `dir`, each atomically.
fn write_files(dir: &Path, files: Vec<(String, Vec<u8>)>) -> Result<()> {
    create_dir(dir)?;
    for (name, bytes) in files {
        write_atomic(&dir.join(name), &bytes)?;
    }
    Ok(())
}
