//! The command line, as clap derive types, converted once into plain [`crate::app`] commands.

use crate::app::{Command, RunOptions, chart_options};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  pathways run scenarios/                         run every scenario into output/
  pathways run scenarios/renewed_tariffs.toml --runs 50000 --seed 7
  pathways run scenarios/baseline.toml --set agents.us.aggression=0.3 --set economy.import_elasticity=2.0
  pathways run scenarios/baseline.toml --sampling latin_hypercube --precision 0.01
  pathways sensitivity scenarios/baseline.toml --outcome tariff_us --runs 2048
  pathways signposts scenarios/baseline.toml
  pathways score scenarios/backtest_2018_2019.toml --observed data/observed/census_trade.csv
  pathways calibrate scenarios/backtest_2018_2019.toml --observed data/observed/census_trade.csv --to 2019
  pathways run scenarios/baseline.toml scenarios/renewed_tariffs.toml --compare
  pathways sweep scenarios/baseline.toml --param agents.us.aggression=0:0.6:7 --runs 10000
  pathways sweep sweeps/us_aggression.toml
  pathways compare output/baseline output/renewed_tariffs --attribute
  pathways trace scenarios/baseline.toml --run 17
  pathways validate scenarios/
  pathways list                                   presets, state variables, distributions
  pathways new my_story --from renewed_tariffs    a commented scenario that extends another
  pathways explain scenarios/my_story.toml        every resolved value and where it comes from
  pathways run --watch scenarios/my_story.toml    re-run on every save
  pathways run scenarios/baseline.toml --shard 0/4 --out study/shards   one of 4 shards
  pathways merge study/shards/shard-* --out study        the 4 shards, merged
  pathways slurm scenarios/baseline.toml --shards 64    a Slurm job array and merge job";

/// Scenario modelling of US–China relations by Monte Carlo simulation.
#[derive(Debug, Parser)]
#[command(name = "pathways", version, about, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: CliCommand,
}

#[derive(Debug, Subcommand)]
pub enum CliCommand {
    /// Run scenarios and write results and charts.
    #[command(after_help = EXAMPLES)]
    Run(RunArgs),
    /// Run scenarios and write a briefing: briefing.html (self-contained) and briefing.md.
    #[command(after_help = EXAMPLES)]
    Brief(BriefArgs),
    /// Run a scenario at every point of a 1-D or 2-D parameter grid.
    Sweep(SweepArgs),
    /// Compare results already written (folders holding summary.json).
    Compare(CompareArgs),
    /// Replay one run and print its story month by month.
    Trace(TraceArgs),
    /// Check scenario files without running them.
    Validate {
        /// Scenario files or folders of them.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// List policy presets with their parameters, state variables and distributions.
    List,
    /// Rank the uncertain parameters by their effect on an outcome (tornado, Sobol indices).
    Sensitivity(SensitivityArgs),
    /// Find the early indicators that best separate the final pathways.
    Signposts(SignpostArgs),
    /// Score a scenario against observed data: predictive intervals, PIT, coverage, CRPS.
    Score(ScoreArgs),
    /// Fit a scenario's uncertain parameters to observed data (ABC-SMC): posterior.csv and a
    /// calibrated scenario.
    Calibrate(CalibrateArgs),
    /// Print the JSON Schema of scenario files (for editor completion and checks).
    Schema,
    /// Create a commented scenario file that extends another.
    New {
        /// Name of the new scenario; the file is DIR/NAME.toml.
        name: String,
        /// The scenario to extend: a path, or a name in DIR.
        #[arg(long, value_name = "SCENARIO", default_value = "baseline.toml")]
        from: PathBuf,
        /// Folder to write the scenario into.
        #[arg(long, default_value = "scenarios")]
        dir: PathBuf,
    },
    /// Merge the shard folders of a study into the result an unsharded run writes.
    Merge(MergeArgs),
    /// Write a Slurm job array for a study's shards and a merge job that waits for them.
    Slurm(SlurmArgs),
    /// Print the resolved scenario, each value with the file and line it comes from.
    Explain {
        /// The scenario file.
        path: PathBuf,
        /// Override any scenario key: KEY=VALUE, VALUE parsed as TOML (repeatable).
        #[arg(long = "set", value_name = "KEY=VALUE")]
        sets: Vec<String>,
    },
}

#[derive(Debug, Args)]
pub struct SensitivityArgs {
    /// The scenario file.
    pub scenario: PathBuf,
    /// The outcome: a state variable at the horizon (e.g. tariff_us), a pathway name (its
    /// probability) or the name of one of the scenario's `[[outcomes]]`.
    #[arg(long, default_value = "tariff_us")]
    pub outcome: String,
    /// Base sample size N of the Saltelli design; the model runs N × (parameters + 2) times.
    #[arg(long, default_value_t = 2048, value_parser = clap::value_parser!(u64).range(16..=1_000_000))]
    pub runs: u64,
    /// Random seed (default: the scenario's `simulation.seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Bootstrap resamples for the Sobol confidence intervals.
    #[arg(long, default_value_t = 200)]
    pub bootstrap: usize,
    /// Evaluate only the K-th of N contiguous ranges of base samples (0-based) and write
    /// OUT/shard-K-of-N/ for `pathways merge`.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    #[command(flatten)]
    pub common: AnalysisArgs,
}

#[derive(Debug, Args)]
pub struct SignpostArgs {
    /// The scenario file.
    pub scenario: PathBuf,
    /// Number of runs (default: the scenario's `simulation.runs`).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=4_294_967_295))]
    pub runs: Option<u64>,
    /// Random seed (default: the scenario's `simulation.seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// How many indicators to list.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    /// Only indicators observable by this month (e.g. 12: what to watch in the first year).
    #[arg(long, value_name = "MONTH")]
    pub by_month: Option<u32>,
    /// Separate the classes of this `[[outcomes]]` entry instead of the final pathways (a
    /// condition holds or not; a value above or below its median).
    #[arg(long, value_name = "NAME")]
    pub outcome: Option<String>,
    #[command(flatten)]
    pub common: AnalysisArgs,
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// The scenario file.
    pub scenario: PathBuf,
    /// Observation file (CSV: period, variable, value, uncertainty, source); repeatable.
    #[arg(long, required = true, value_name = "FILE")]
    pub observed: Vec<PathBuf>,
    /// Only observations of these state variables (comma-separated).
    #[arg(long, value_name = "VARS", value_delimiter = ',')]
    pub variables: Vec<String>,
    /// Only observations whose period starts at or after this (YYYY, YYYY-Qn or YYYY-MM).
    #[arg(long, value_name = "PERIOD")]
    pub from: Option<String>,
    /// Only observations whose period ends at or before this (YYYY, YYYY-Qn or YYYY-MM).
    #[arg(long, value_name = "PERIOD")]
    pub to: Option<String>,
    /// Number of runs (default: the scenario's `simulation.runs`).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=4_294_967_295))]
    pub runs: Option<u64>,
    /// Random seed (default: the scenario's `simulation.seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Exit with code 1 when fewer than this share of the observations lie inside their 90%
    /// interval (e.g. 0.9); the files are written first.
    #[arg(long, value_name = "SHARE")]
    pub require_coverage: Option<f64>,
    #[command(flatten)]
    pub common: AnalysisArgs,
}

#[derive(Debug, Args)]
pub struct CalibrateArgs {
    /// The scenario file; its distributions are the priors.
    pub scenario: PathBuf,
    /// Observation file (CSV: period, variable, value, uncertainty, source); repeatable.
    #[arg(long, required = true, value_name = "FILE")]
    pub observed: Vec<PathBuf>,
    /// Only observations of these state variables (comma-separated).
    #[arg(long, value_name = "VARS", value_delimiter = ',')]
    pub variables: Vec<String>,
    /// Only observations whose period starts at or after this (YYYY, YYYY-Qn or YYYY-MM).
    #[arg(long, value_name = "PERIOD")]
    pub from: Option<String>,
    /// Only observations whose period ends at or before this (YYYY, YYYY-Qn or YYYY-MM).
    #[arg(long, value_name = "PERIOD")]
    pub to: Option<String>,
    /// Calibrate only these uncertain parameters (comma-separated paths as in runs.csv); the
    /// others are drawn from their distributions in every simulation.
    #[arg(long, value_name = "PATHS", value_delimiter = ',')]
    pub params: Vec<String>,
    /// Particles per generation.
    #[arg(long, default_value_t = 2000, value_parser = clap::value_parser!(u64).range(10..=1_000_000))]
    pub particles: u64,
    /// Most simulations in all.
    #[arg(long, default_value_t = 1_000_000, value_parser = clap::value_parser!(u64).range(10..))]
    pub budget: u64,
    /// Most generations after the prior.
    #[arg(long, default_value_t = 30)]
    pub generations: usize,
    /// Stop after a generation whose acceptance rate is below this.
    #[arg(long, default_value_t = 0.01)]
    pub min_acceptance: f64,
    /// Share of the effective sample size each new tolerance keeps (0 < alpha < 1).
    #[arg(long, default_value_t = 0.5)]
    pub alpha: f64,
    /// Generations of moves at tolerance 1 (the exact likelihood) before stopping.
    #[arg(long, default_value_t = 1)]
    pub final_moves: usize,
    /// Random seed (default: the scenario's `simulation.seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Runs of the posterior predictive check (default: the scenario's `simulation.runs`).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=4_294_967_295))]
    pub predictive_runs: Option<u64>,
    /// No progress bar or summary.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub common: AnalysisArgs,
}

/// Options shared by the analysis commands.
#[derive(Debug, Args)]
pub struct AnalysisArgs {
    /// Output folder; results go to OUT/<scenario name>/<analysis>/.
    #[arg(long, default_value = "output")]
    pub out: PathBuf,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Override any scenario key: KEY=VALUE, VALUE parsed as TOML (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub sets: Vec<String>,
    /// Chart formats: png, svg, both (png,svg) or none.
    #[arg(long, default_value = "png,svg")]
    pub charts: String,
    /// Chart size in pixels, WIDTHxHEIGHT.
    #[arg(long, default_value = "1600x900")]
    pub chart_size: String,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario files, or folders whose *.toml files are all run.
    #[arg(default_value = "scenarios")]
    pub paths: Vec<PathBuf>,
    /// Number of runs per scenario (overrides `simulation.runs`).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=4_294_967_295))]
    pub runs: Option<u64>,
    /// Random seed (overrides `simulation.seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Output folder; each scenario's results go to OUT/<scenario name>/.
    #[arg(long, default_value = "output")]
    pub out: PathBuf,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Override any scenario key: KEY=VALUE, VALUE parsed as TOML (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub sets: Vec<String>,
    /// No progress bar or summary.
    #[arg(long, short)]
    pub quiet: bool,
    /// Chart formats: png, svg, both (png,svg) or none.
    #[arg(long, default_value = "png,svg")]
    pub charts: String,
    /// Chart size in pixels, WIDTHxHEIGHT.
    #[arg(long, default_value = "1600x900")]
    pub chart_size: String,
    /// How uncertain parameters are drawn: monte_carlo or latin_hypercube (overrides
    /// `simulation.sampling`).
    #[arg(long, value_parser = ["monte_carlo", "latin_hypercube"])]
    pub sampling: Option<String>,
    /// Keep adding runs until every pathway probability's 95% CI half-width is at most this
    /// (e.g. 0.01 = ±1 point); ignores --runs.
    #[arg(long, value_parser = parse_precision)]
    pub precision: Option<f64>,
    /// Most runs --precision may use.
    #[arg(long, requires = "precision", value_parser = clap::value_parser!(u64).range(1..=4_294_967_295))]
    pub max_runs: Option<u64>,
    /// Also compare the scenarios: compare.md, compare.csv and compare.json in OUT.
    #[arg(long)]
    pub compare: bool,
    /// The scenario the others are compared with (default: the one the others extend, else
    /// `baseline`); also the highlighted scenario of the overlays.
    #[arg(long, value_name = "NAME")]
    pub reference: Option<String>,
    /// Re-run whenever a scenario, or a file it extends, is saved (Ctrl-C stops).
    #[arg(long, conflicts_with_all = ["compare", "precision"])]
    pub watch: bool,
    /// Run only shard K of N (0-based) and write OUT/shard-K-of-N/ for `pathways merge`.
    #[arg(long, value_name = "K/N", conflicts_with_all = ["compare", "precision", "watch"])]
    pub shard: Option<String>,
    /// Also write the monthly paths of the first N runs, every variable, to paths.csv (tidy:
    /// run, month, date, variable, value).
    #[arg(long = "paths", value_name = "N", conflicts_with = "shard", value_parser = clap::value_parser!(u64).range(1..=4_294_967_295))]
    pub record_paths: Option<u64>,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Shard folders written by `run --shard` (all N of them, in any order).
    #[arg(required = true)]
    pub dirs: Vec<PathBuf>,
    /// Output folder; results go to OUT/<scenario name>/, as with `run`.
    #[arg(long, default_value = "output")]
    pub out: PathBuf,
    /// No summary line.
    #[arg(long, short)]
    pub quiet: bool,
    /// Chart formats: png, svg, both (png,svg) or none.
    #[arg(long, default_value = "png,svg")]
    pub charts: String,
    /// Chart size in pixels, WIDTHxHEIGHT.
    #[arg(long, default_value = "1600x900")]
    pub chart_size: String,
}

#[derive(Debug, Args)]
pub struct SlurmArgs {
    /// The scenario file.
    pub scenario: PathBuf,
    /// Number of shards (array tasks).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub shards: u32,
    /// Slurm partition (default: the cluster's default).
    #[arg(long)]
    pub partition: Option<String>,
    /// Wall time per task, [D-]HH:MM:SS.
    #[arg(long, default_value = "01:00:00")]
    pub time: String,
    /// CPUs per task (the shard's worker threads).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=4096))]
    pub cpus_per_task: u32,
    /// Study folder: scripts in OUT/slurm, shards in OUT/shards, the merged result in OUT.
    #[arg(long, default_value = "output")]
    pub out: PathBuf,
    /// The pathways binary the jobs run (default: this one).
    #[arg(long)]
    pub bin: Option<String>,
    /// Number of runs (overrides `simulation.runs`).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=4_294_967_295))]
    pub runs: Option<u64>,
    /// Random seed (overrides `simulation.seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Override any scenario key: KEY=VALUE (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub sets: Vec<String>,
}

fn parse_precision(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && v < 0.5 => Ok(v),
        _ => Err(format!("`{s}` is not a half-width between 0 and 0.5, e.g. 0.01")),
    }
}

impl AnalysisArgs {
    fn into_options(self, argv: &[String]) -> crate::Result<crate::commands::AnalysisOptions> {
        Ok(crate::commands::AnalysisOptions {
            out: self.out,
            threads: self.threads,
            sets: self.sets,
            charts: chart_options(&self.charts, &self.chart_size)?,
            command_line: argv.join(" "),
            quiet: false,
        })
    }
}

#[derive(Debug, Args)]
pub struct BriefArgs {
    /// Scenario files, or folders whose *.toml files are all run.
    #[arg(default_value = "scenarios")]
    pub paths: Vec<PathBuf>,
    /// Number of runs per scenario (overrides `simulation.runs`).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=4_294_967_295))]
    pub runs: Option<u64>,
    /// Random seed (overrides `simulation.seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Output folder for results, charts and the briefing.
    #[arg(long, default_value = "output")]
    pub out: PathBuf,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Override any scenario key: KEY=VALUE, VALUE parsed as TOML (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub sets: Vec<String>,
    /// No progress bar or summary.
    #[arg(long, short)]
    pub quiet: bool,
    /// The scenario the others are compared with (default: the one the others extend, else
    /// `baseline`).
    #[arg(long, value_name = "NAME")]
    pub reference: Option<String>,
}

#[derive(Debug, Args)]
pub struct SweepArgs {
    /// A scenario file, or a sweep file (a TOML file with a [sweep] table).
    pub target: PathBuf,
    /// KEY=GRID: a range START:STOP:COUNT or a list A,B,C (once for 1-D, twice for 2-D).
    #[arg(long = "param", value_name = "KEY=GRID")]
    pub params: Vec<String>,
    /// Runs per grid point (overrides the scenario and the sweep file).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=4_294_967_295))]
    pub runs: Option<u64>,
    /// Random seed (overrides `simulation.seed`); every point uses the same one.
    #[arg(long)]
    pub seed: Option<u64>,
    /// The pathway a 2-D heatmap shows (default: the first).
    #[arg(long)]
    pub pathway: Option<String>,
    /// Chart this `[[outcomes]]` entry instead of the pathway probabilities (sweep.csv lists
    /// every outcome).
    #[arg(long, value_name = "NAME")]
    pub outcome: Option<String>,
    /// Output folder (default: output/sweep_<scenario>).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Override any scenario key at every point: KEY=VALUE (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub sets: Vec<String>,
    /// No progress bar or summary.
    #[arg(long, short)]
    pub quiet: bool,
    /// Chart formats: png, svg, both (png,svg) or none.
    #[arg(long, default_value = "png,svg")]
    pub charts: String,
    /// Chart size in pixels, WIDTHxHEIGHT.
    #[arg(long, default_value = "1600x900")]
    pub chart_size: String,
    /// Run only the K-th of N contiguous ranges of grid points (0-based) and write
    /// OUT/shard-K-of-N/ for `pathways merge`.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Result folders (each holding summary.json and timeseries.csv); the first is the reference.
    #[arg(required = true, num_args = 2..)]
    pub dirs: Vec<PathBuf>,
    /// Where compare.md, compare.csv, compare.json and the overlays go.
    #[arg(long, default_value = "output/compare")]
    pub out: PathBuf,
    /// The scenario the others are compared with (default: the first folder).
    #[arg(long, value_name = "NAME")]
    pub reference: Option<String>,
    /// Split each pathway's change across the changed parameters (reruns the scenarios).
    #[arg(long)]
    pub attribute: bool,
    /// Report only this `[[outcomes]]` entry of the reference (all of them otherwise).
    #[arg(long, value_name = "NAME")]
    pub outcome: Option<String>,
    /// Worker threads for --attribute reruns (default: all cores).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Print nothing.
    #[arg(long, short)]
    pub quiet: bool,
    /// Chart formats: png, svg, both (png,svg) or none.
    #[arg(long, default_value = "png,svg")]
    pub charts: String,
    /// Chart size in pixels, WIDTHxHEIGHT.
    #[arg(long, default_value = "1600x900")]
    pub chart_size: String,
}

#[derive(Debug, Args)]
pub struct TraceArgs {
    /// The scenario file.
    pub scenario: PathBuf,
    /// The run index to replay (as in runs.csv).
    #[arg(long)]
    pub run: u64,
    /// Random seed (overrides `simulation.seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Override any scenario key: KEY=VALUE (repeatable), as given to `run`.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub sets: Vec<String>,
    /// Output format: text (a story) or json.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    pub format: String,
}

/// `argv` with the scenario paths sorted in place, so that a batch's manifests do not depend on
/// the order of files on the command line.
fn canonical_command_line(argv: &[String], paths: &[PathBuf]) -> String {
    let given: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let slots: Vec<usize> = (1..argv.len()).filter(|&i| given.contains(&argv[i])).collect();
    let mut sorted: Vec<String> = slots.iter().map(|&i| argv[i].clone()).collect();
    sorted.sort();
    let mut out = argv.to_vec();
    for (i, v) in slots.into_iter().zip(sorted) {
        out[i] = v;
    }
    out.join(" ")
}

impl Cli {
    /// Converts parsed arguments into a command; `argv` is kept for result manifests.
    pub fn into_command(self, argv: &[String]) -> crate::Result<Command> {
        Ok(match self.command {
            CliCommand::Run(a) => {
                let (compare, watch, record_paths) = (a.compare, a.watch, a.record_paths);
                let shard = a.shard.as_deref().map(crate::shard::ShardSpec::parse).transpose()?;
                let opts = RunOptions {
                    command_line: canonical_command_line(argv, &a.paths),
                    paths: a.paths,
                    runs: a.runs,
                    seed: a.seed,
                    out: a.out,
                    threads: a.threads,
                    sets: a.sets,
                    quiet: a.quiet,
                    charts: chart_options(&a.charts, &a.chart_size)?,
                    uncertainty: crate::app::UncertaintyOptions {
                        sampling: a.sampling.as_deref().map(|s| match s {
                            "latin_hypercube" => crate::scenario::format::Sampling::LatinHypercube,
                            _ => crate::scenario::format::Sampling::MonteCarlo,
                        }),
                        precision: a.precision,
                        max_runs: a.max_runs,
                    },
                    reference: a.reference,
                    record_paths,
                };
                if let Some(spec) = shard {
                    Command::RunShard(opts, spec)
                } else if watch {
                    Command::Watch(opts)
                } else if compare {
                    Command::RunCompare(opts)
                } else {
                    Command::Run(opts)
                }
            }
            CliCommand::Sensitivity(a) => Command::Sensitivity(crate::commands::sensitivity::SensitivityOptions {
                scenario: a.scenario,
                outcome: a.outcome,
                base_samples: a.runs,
                seed: a.seed,
                bootstrap: a.bootstrap,
                common: a.common.into_options(argv)?,
                shard: a.shard.as_deref().map(crate::shard::ShardSpec::parse).transpose()?,
            }),
            CliCommand::Signposts(a) => Command::Signposts(crate::commands::signposts::SignpostOptions {
                scenario: a.scenario,
                runs: a.runs,
                seed: a.seed,
                top: a.top,
                by_month: a.by_month,
                outcome: a.outcome,
                common: a.common.into_options(argv)?,
            }),
            CliCommand::Score(a) => Command::Score(crate::commands::score::ScoreOptions {
                scenario: a.scenario,
                observed: a.observed,
                variables: a.variables,
                from: a.from,
                to: a.to,
                runs: a.runs,
                seed: a.seed,
                require_coverage: a.require_coverage,
                common: a.common.into_options(argv)?,
            }),
            CliCommand::Calibrate(a) => {
                if !(a.alpha > 0.0 && a.alpha < 1.0) {
                    return Err(crate::Error::Usage(format!("--alpha: {} is not between 0 and 1, e.g. 0.5", a.alpha)));
                }
                if !(0.0..1.0).contains(&a.min_acceptance) {
                    return Err(crate::Error::Usage(format!(
                        "--min-acceptance: {} is not a rate between 0 and 1, e.g. 0.02",
                        a.min_acceptance
                    )));
                }
                if a.budget < a.particles {
                    return Err(crate::Error::Usage(format!(
                        "--budget {} is smaller than --particles {}: the prior alone needs one simulation per particle",
                        a.budget, a.particles
                    )));
                }
                Command::Calibrate(crate::commands::calibrate::CalibrateOptions {
                    scenario: a.scenario,
                    observed: a.observed,
                    variables: a.variables,
                    from: a.from,
                    to: a.to,
                    params: a.params,
                    settings: crate::calibrate::abc::Settings {
                        particles: a.particles as usize,
                        budget: a.budget,
                        max_generations: a.generations,
                        min_acceptance: a.min_acceptance,
                        alpha: a.alpha,
                        final_moves: a.final_moves,
                        seed: 0,
                    },
                    seed: a.seed,
                    predictive_runs: a.predictive_runs,
                    quiet: a.quiet,
                    common: a.common.into_options(argv)?,
                })
            }
            CliCommand::Brief(a) => Command::Brief(RunOptions {
                paths: a.paths,
                runs: a.runs,
                seed: a.seed,
                out: a.out,
                threads: a.threads,
                sets: a.sets,
                quiet: a.quiet,
                charts: crate::chart::ChartOptions::default(),
                command_line: argv.join(" "),
                uncertainty: Default::default(),
                reference: a.reference,
                record_paths: None,
            }),
            CliCommand::Sweep(a) => Command::Sweep(crate::sweep::SweepOptions {
                target: a.target,
                params: a.params,
                runs: a.runs,
                seed: a.seed,
                pathway: a.pathway,
                outcome: a.outcome,
                out: a.out,
                threads: a.threads,
                sets: a.sets,
                quiet: a.quiet,
                charts: chart_options(&a.charts, &a.chart_size)?,
                command_line: argv.join(" "),
                shard: a.shard.as_deref().map(crate::shard::ShardSpec::parse).transpose()?,
            }),
            CliCommand::Compare(a) => Command::Compare(crate::compare::CompareOptions {
                dirs: a.dirs,
                reference: a.reference,
                out: a.out,
                attribute: a.attribute,
                outcome: a.outcome,
                threads: a.threads,
                quiet: a.quiet,
                charts: chart_options(&a.charts, &a.chart_size)?,
            }),
            CliCommand::Trace(a) => Command::Trace(crate::trace::TraceOptions {
                path: a.scenario,
                run: a.run,
                seed: a.seed,
                sets: a.sets,
                json: a.format == "json",
            }),
            CliCommand::Merge(a) => Command::Merge(crate::shard::merge::MergeOptions {
                dirs: a.dirs,
                out: a.out,
                charts: chart_options(&a.charts, &a.chart_size)?,
                quiet: a.quiet,
            }),
            CliCommand::Slurm(a) => Command::Slurm(crate::slurm::SlurmOptions {
                scenario: a.scenario,
                shards: a.shards,
                partition: a.partition,
                time: a.time,
                cpus_per_task: a.cpus_per_task,
                out: a.out,
                bin: match a.bin {
                    Some(b) => b,
                    None => std::env::current_exe()
                        .map(|p| p.display().to_string())
                        .unwrap_or_else(|_| "pathways".to_string()),
                },
                runs: a.runs,
                seed: a.seed,
                sets: a.sets,
            }),
            CliCommand::Schema => Command::Schema,
            CliCommand::New { name, from, dir } => {
                Command::New(crate::template::NewOptions { name, from: Some(from), dir })
            }
            CliCommand::Explain { path, sets } => Command::Explain { path, sets },
            CliCommand::Validate { paths } => Command::Validate { paths },
            CliCommand::List => Command::List,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
