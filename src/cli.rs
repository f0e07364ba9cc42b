//! The command line, as clap derive types, converted once into plain [`crate::commands::Command`]s.

use crate::chart::{ChartFormat, ChartOptions};
use crate::commands::Command;
use crate::commands::run::RunOptions;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  pathways run scenarios/                         run every scenario into output/
  pathways run scenarios/renewed_tariffs.toml --runs 50000 --seed 7
  pathways run scenarios/baseline.toml --set agents.us.aggression=0.3 --set economy.import_elasticity=2.0
  pathways run scenarios/baseline.toml --sampling latin_hypercube --precision 0.01
  pathways sensitivity scenarios/baseline.toml --outcome tariff_us --runs 2048
  pathways signposts scenarios/baseline.toml
  pathways score scenarios/backtest_2018_2024_calibrated.toml --observed data/observed/census_trade.csv
  pathways calibrate scenarios/backtest_2018_2024.toml --observed data/observed/census_trade.csv --from 2018 --to 2019
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
  pathways merge study/shards --out study                 the 4 shards, merged
  pathways slurm scenarios/baseline.toml --shards 64    a Slurm job array and merge job";

/// Scenario modelling of US–China relations by Monte Carlo simulation.
#[derive(Debug, Parser)]
#[command(name = "pathways", version, about, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: CliCommand,
    #[command(flatten)]
    pub global: GlobalArgs,
}

/// Flags every subcommand accepts, before or after its name, with one meaning everywhere
/// (README, "Common flags"). A flag that does not apply to a subcommand is refused with the
/// reason (exit code 2) rather than silently ignored.
#[derive(Debug, Default, Args)]
pub struct GlobalArgs {
    /// Print only warnings and errors: no progress bar, summary or table.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Worker threads (default: all cores; at most 1024). Results do not depend on it.
    #[arg(long, global = true, value_name = "N", value_parser = threads_parser())]
    pub threads: Option<usize>,
    #[command(flatten)]
    pub charts: ChartArgs,
    /// Output folder [default: output; compare: output/compare; sweep: output/sweep_<scenario>].
    #[arg(long, global = true, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// `--charts` and `--chart-size`: the chart files a command draws.
#[derive(Debug, Default, Args)]
pub struct ChartArgs {
    /// Chart formats: png, svg, png,svg (both) or none [default: png,svg].
    #[arg(
        long,
        global = true,
        value_name = "FORMATS",
        value_enum,
        value_delimiter = ',',
        action = clap::ArgAction::Set,
        hide_possible_values = true
    )]
    pub charts: Option<Vec<ChartFormatArg>>,
    /// Chart size in pixels, WIDTHxHEIGHT [default: 1600x900].
    #[arg(long, global = true, value_name = "WxH", value_parser = parse_chart_size)]
    pub chart_size: Option<ChartSize>,
}

/// A value of `--charts`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChartFormatArg {
    Png,
    Svg,
    // No charts (alone, or beside the others: it adds nothing).
    None,
}

/// A value of `--chart-size`, in pixels, within [`crate::chart::MIN_SIZE`] … [`crate::chart::MAX_SIZE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChartSize {
    pub width: u32,
    pub height: u32,
}

fn parse_chart_size(size: &str) -> Result<ChartSize, String> {
    let bad = || format!("`{size}` is not WIDTHxHEIGHT, e.g. 1200x675");
    let (w, h) = size.split_once('x').ok_or_else(bad)?;
    let width: u32 = w.trim().parse().map_err(|_| bad())?;
    let height: u32 = h.trim().parse().map_err(|_| bad())?;
    let (lo, hi) = (crate::chart::MIN_SIZE, crate::chart::MAX_SIZE);
    if width < lo.0 || height < lo.1 || width > hi.0 || height > hi.1 {
        return Err(format!("{size} is outside {}x{} … {}x{}", lo.0, lo.1, hi.0, hi.1));
    }
    Ok(ChartSize { width, height })
}

impl ChartArgs {
    fn given(&self) -> bool {
        self.charts.is_some() || self.chart_size.is_some()
    }

    /// The chart options the flags ask for, the defaults where they are not given.
    fn options(&self) -> ChartOptions {
        let mut opts = ChartOptions::default();
        if let Some(given) = &self.charts {
            opts.formats.clear();
            for f in given {
                let format = match f {
                    ChartFormatArg::Png => ChartFormat::Png,
                    ChartFormatArg::Svg => ChartFormat::Svg,
                    ChartFormatArg::None => continue,
                };
                if !opts.formats.contains(&format) {
                    opts.formats.push(format);
                }
            }
        }
        if let Some(size) = self.chart_size {
            (opts.width, opts.height) = (size.width, size.height);
        }
        opts
    }

    /// The flags as given, in their canonical spelling, to pass on to another command line.
    fn words(&self) -> (Option<String>, Option<String>) {
        let charts = self.charts.as_ref().map(|fs| {
            fs.iter()
                .map(|f| f.to_possible_value().expect("no variant is skipped").get_name().to_string())
                .collect::<Vec<_>>()
                .join(",")
        });
        (charts, self.chart_size.map(|s| format!("{}x{}", s.width, s.height)))
    }
}

/// `--runs`: how many runs (overrides `simulation.runs`).
#[derive(Debug, Default, Args)]
pub struct RunsArg {
    /// Number of runs (overrides `simulation.runs`).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=4_294_967_295))]
    pub runs: Option<u64>,
}

/// `--seed` (overrides `simulation.seed`).
#[derive(Debug, Default, Args)]
pub struct SeedArg {
    /// Random seed (overrides `simulation.seed`).
    #[arg(long, value_parser = seed_parser())]
    pub seed: Option<u64>,
}

/// `--set KEY=VALUE`, repeatable: overrides of any scenario key.
#[derive(Debug, Default, Args)]
pub struct SetArgs {
    /// Override any scenario key: KEY=VALUE, VALUE parsed as TOML (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub sets: Vec<String>,
}

/// `--runs` of the commands that run several scenarios.
const RUNS_PER_SCENARIO: &str = "Number of runs per scenario (overrides `simulation.runs`)";

/// A value of `--sampling`: how uncertain parameters are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum SamplingArg {
    MonteCarlo,
    LatinHypercube,
}

impl From<SamplingArg> for crate::scenario::format::Sampling {
    fn from(s: SamplingArg) -> Self {
        match s {
            SamplingArg::MonteCarlo => Self::MonteCarlo,
            SamplingArg::LatinHypercube => Self::LatinHypercube,
        }
    }
}

/// A value of `trace --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TraceFormat {
    // A story, month by month.
    Text,
    Json,
}

/// Where each common flag applies: the subcommands that give it a meaning, and why it means
/// nothing to the others.
const APPLIES: [(&str, &[&str], &str); 5] = [
    (
        "--quiet",
        &[
            "run",
            "brief",
            "sweep",
            "compare",
            "merge",
            "sensitivity",
            "signposts",
            "validate",
            "new",
            "slurm",
            "score",
            "calibrate",
        ],
        "what it prints is its result",
    ),
    (
        "--threads",
        &["run", "brief", "sweep", "compare", "merge", "sensitivity", "signposts", "score", "calibrate"],
        "it runs no simulations in parallel (for slurm, use --cpus-per-task)",
    ),
    (
        "--charts",
        &["run", "sweep", "compare", "merge", "sensitivity", "signposts", "slurm", "score", "calibrate"],
        "it draws no charts (brief draws the charts its briefing needs)",
    ),
    (
        "--chart-size",
        &["run", "sweep", "compare", "merge", "sensitivity", "signposts", "slurm", "score", "calibrate"],
        "it draws no charts (brief draws the charts its briefing needs)",
    ),
    (
        "--out",
        &["run", "brief", "sweep", "compare", "merge", "sensitivity", "signposts", "slurm", "score", "calibrate"],
        "it writes no results (new writes into --dir)",
    ),
];

impl GlobalArgs {
    /// Refuses a common flag given to a subcommand it means nothing to.
    fn check(&self, command: &str) -> crate::Result<()> {
        let c = &self.charts;
        let given =
            [self.quiet, self.threads.is_some(), c.charts.is_some(), c.chart_size.is_some(), self.out.is_some()];
        for ((flag, commands, why), given) in APPLIES.iter().zip(given) {
            if given && !commands.contains(&command) {
                return Err(crate::Error::Usage(format!("{flag} does not apply to `pathways {command}`: {why}")));
            }
        }
        Ok(())
    }

    fn threads(&self) -> usize {
        self.threads.unwrap_or(0)
    }

    fn out(&self, default: &str) -> PathBuf {
        self.out.clone().unwrap_or_else(|| PathBuf::from(default))
    }

    fn charts(&self) -> ChartOptions {
        self.charts.options()
    }
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
        #[command(flatten)]
        set: SetArgs,
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
    #[command(flatten)]
    pub seed: SeedArg,
    /// Bootstrap resamples for the Sobol confidence intervals.
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u64).range(0..=MAX_BOOTSTRAP))]
    pub bootstrap: u64,
    /// Evaluate only the K-th of N contiguous ranges of base samples (0-based) and write
    /// OUT/shard-K-of-N/ for `pathways merge`.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    #[command(flatten)]
    pub set: SetArgs,
}

#[derive(Debug, Args)]
pub struct SignpostArgs {
    /// The scenario file.
    pub scenario: PathBuf,
    #[command(flatten)]
    pub runs: RunsArg,
    #[command(flatten)]
    pub seed: SeedArg,
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
    pub set: SetArgs,
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
    #[command(flatten)]
    pub runs: RunsArg,
    #[command(flatten)]
    pub seed: SeedArg,
    /// Exit with code 1 when fewer than this share of the observations lie inside their 90%
    /// interval (e.g. 0.9); the files are written first.
    #[arg(long, value_name = "SHARE")]
    pub require_coverage: Option<f64>,
    #[command(flatten)]
    pub set: SetArgs,
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
    #[command(flatten)]
    pub seed: SeedArg,
    /// Runs of the posterior predictive check (default: the scenario's `simulation.runs`).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=4_294_967_295))]
    pub predictive_runs: Option<u64>,
    /// No progress bar or summary.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub set: SetArgs,
}

#[derive(Debug, Args)]
#[command(mut_arg("runs", |a| a.help(RUNS_PER_SCENARIO)))]
pub struct RunArgs {
    /// Scenario files, or folders whose *.toml files are all run.
    #[arg(default_value = "scenarios")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub runs: RunsArg,
    #[command(flatten)]
    pub seed: SeedArg,
    #[command(flatten)]
    pub set: SetArgs,
    /// How uncertain parameters are drawn: monte_carlo or latin_hypercube (overrides
    /// `simulation.sampling`).
    #[arg(long, value_enum)]
    pub sampling: Option<SamplingArg>,
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
    /// Shard folders written by `run|sweep|sensitivity --shard` (all N of them, in any order),
    /// or the folder they were written into (its shard-K-of-N folders).
    #[arg(required = true)]
    pub dirs: Vec<PathBuf>,
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
    /// The pathways binary the jobs run (default: this one).
    #[arg(long)]
    pub bin: Option<String>,
    #[command(flatten)]
    pub runs: RunsArg,
    #[command(flatten)]
    pub seed: SeedArg,
    #[command(flatten)]
    pub set: SetArgs,
}

/// Seeds a scenario file can hold too: TOML integers stop at 2⁶³ − 1, and `--seed` reaches the
/// run as `--set simulation.seed=…`.
fn seed_parser() -> clap::builder::RangedU64ValueParser<u64> {
    clap::value_parser!(u64).range(0..=i64::MAX as u64)
}

/// Judgement: more worker threads than any one machine has cores only add overhead, and a
/// million of them never finish starting.
const MAX_THREADS: u64 = 1024;

fn threads_parser() -> clap::builder::RangedU64ValueParser<usize> {
    clap::builder::RangedU64ValueParser::<usize>::new().range(0..=MAX_THREADS)
}

/// Judgement: the percentile interval's 2.5th and 97.5th percentiles settle within a few
/// thousand resamples; 100,000 takes minutes already, and more would only hang.
const MAX_BOOTSTRAP: u64 = 100_000;

fn parse_precision(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && v < 0.5 => Ok(v),
        _ => Err(format!("`{s}` is not a half-width between 0 and 0.5, e.g. 0.01")),
    }
}

impl SetArgs {
    /// The options of an analysis command (results go to OUT/<scenario name>/<analysis>/).
    fn into_analysis(self, g: &GlobalArgs, argv: &[String]) -> crate::commands::AnalysisOptions {
        crate::commands::AnalysisOptions {
            out: g.out("output"),
            threads: g.threads(),
            sets: self.sets,
            charts: g.charts(),
            command_line: crate::commands::command_line::shell_line(argv),
            quiet: g.quiet,
        }
    }
}

#[derive(Debug, Args)]
#[command(mut_arg("runs", |a| a.help(RUNS_PER_SCENARIO)))]
pub struct BriefArgs {
    /// Scenario files, or folders whose *.toml files are all run.
    #[arg(default_value = "scenarios")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub runs: RunsArg,
    #[command(flatten)]
    pub seed: SeedArg,
    #[command(flatten)]
    pub set: SetArgs,
    /// The scenario the others are compared with (default: the one the others extend, else
    /// `baseline`).
    #[arg(long, value_name = "NAME")]
    pub reference: Option<String>,
}

#[derive(Debug, Args)]
#[command(
    mut_arg("runs", |a| a.help("Runs per grid point (overrides the scenario and the sweep file)")),
    mut_arg("seed", |a| a.help("Random seed (overrides `simulation.seed`); every point uses the same one")),
    mut_arg("sets", |a| a.help("Override any scenario key at every point: KEY=VALUE (repeatable)")),
)]
pub struct SweepArgs {
    /// A scenario file, or a sweep file (a TOML file with a [sweep] table).
    pub target: PathBuf,
    /// KEY=GRID: a range START:STOP:COUNT or a list A,B,C (once for 1-D, twice for 2-D).
    #[arg(long = "param", value_name = "KEY=GRID")]
    pub params: Vec<String>,
    #[command(flatten)]
    pub runs: RunsArg,
    #[command(flatten)]
    pub seed: SeedArg,
    /// The pathway a 2-D heatmap shows (default: the first).
    #[arg(long)]
    pub pathway: Option<String>,
    /// Chart this `[[outcomes]]` entry instead of the pathway probabilities (sweep.csv lists
    /// every outcome).
    #[arg(long, value_name = "NAME")]
    pub outcome: Option<String>,
    #[command(flatten)]
    pub set: SetArgs,
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
    /// The scenario the others are compared with (default: the first folder).
    #[arg(long, value_name = "NAME")]
    pub reference: Option<String>,
    /// Split each pathway's change across the changed parameters (reruns the scenarios).
    #[arg(long)]
    pub attribute: bool,
    /// Report only this `[[outcomes]]` entry of the reference (all of them otherwise).
    #[arg(long, value_name = "NAME")]
    pub outcome: Option<String>,
}

#[derive(Debug, Args)]
pub struct TraceArgs {
    /// The scenario file.
    pub scenario: PathBuf,
    /// The run index to replay (as in runs.csv).
    #[arg(long)]
    pub run: u64,
    #[command(flatten)]
    pub seed: SeedArg,
    #[command(flatten)]
    pub set: SetArgs,
    /// Output format: text (a story) or json.
    #[arg(long, value_enum, default_value = "text")]
    pub format: TraceFormat,
}

impl CliCommand {
    /// The subcommand's name as typed.
    fn name(&self) -> &'static str {
        match self {
            CliCommand::Run(_) => "run",
            CliCommand::Brief(_) => "brief",
            CliCommand::Sweep(_) => "sweep",
            CliCommand::Compare(_) => "compare",
            CliCommand::Trace(_) => "trace",
            CliCommand::Validate { .. } => "validate",
            CliCommand::List => "list",
            CliCommand::Sensitivity(_) => "sensitivity",
            CliCommand::Signposts(_) => "signposts",
            CliCommand::Schema => "schema",
            CliCommand::New { .. } => "new",
            CliCommand::Merge(_) => "merge",
            CliCommand::Slurm(_) => "slurm",
            CliCommand::Explain { .. } => "explain",
            CliCommand::Score(_) => "score",
            CliCommand::Calibrate(_) => "calibrate",
        }
    }
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
    crate::commands::command_line::shell_line(&out)
}

impl Cli {
    /// Converts parsed arguments into a command; `argv` is kept for result manifests.
    pub fn into_command(self, argv: &[String]) -> crate::Result<Command> {
        let g = self.global;
        g.check(self.command.name())?;
        Ok(match self.command {
            CliCommand::Run(a) => {
                let (compare, watch, record_paths) = (a.compare, a.watch, a.record_paths);
                let shard = a.shard.as_deref().map(crate::export::shard::spec::ShardSpec::parse).transpose()?;
                let opts = RunOptions {
                    command_line: canonical_command_line(argv, &a.paths),
                    paths: a.paths,
                    runs: a.runs.runs,
                    seed: a.seed.seed,
                    out: g.out("output"),
                    threads: g.threads(),
                    sets: a.set.sets,
                    quiet: g.quiet,
                    charts: g.charts(),
                    uncertainty: crate::commands::run::UncertaintyOptions {
                        sampling: a.sampling.map(Into::into),
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
                seed: a.seed.seed,
                bootstrap: a.bootstrap as usize,
                common: a.set.into_analysis(&g, argv),
                shard: a.shard.as_deref().map(crate::export::shard::spec::ShardSpec::parse).transpose()?,
            }),
            CliCommand::Signposts(a) => Command::Signposts(crate::commands::signposts::SignpostOptions {
                scenario: a.scenario,
                runs: a.runs.runs,
                seed: a.seed.seed,
                top: a.top,
                by_month: a.by_month,
                outcome: a.outcome,
                common: a.set.into_analysis(&g, argv),
            }),
            CliCommand::Score(a) => Command::Score(crate::commands::score::ScoreOptions {
                scenario: a.scenario,
                observed: a.observed,
                variables: a.variables,
                from: a.from,
                to: a.to,
                runs: a.runs.runs,
                seed: a.seed.seed,
                require_coverage: a.require_coverage,
                common: a.set.into_analysis(&g, argv),
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
                    seed: a.seed.seed,
                    predictive_runs: a.predictive_runs,
                    quiet: a.quiet,
                    common: a.set.into_analysis(&g, argv),
                })
            }
            CliCommand::Brief(a) => Command::Brief(RunOptions {
                paths: a.paths,
                runs: a.runs.runs,
                seed: a.seed.seed,
                out: g.out("output"),
                threads: g.threads(),
                sets: a.set.sets,
                quiet: g.quiet,
                charts: crate::chart::ChartOptions::default(),
                command_line: crate::commands::command_line::shell_line(argv),
                uncertainty: Default::default(),
                reference: a.reference,
                record_paths: None,
            }),
            CliCommand::Sweep(a) => Command::Sweep(crate::commands::sweep::SweepOptions {
                target: a.target,
                params: a.params,
                runs: a.runs.runs,
                seed: a.seed.seed,
                pathway: a.pathway,
                outcome: a.outcome,
                out: g.out.clone(),
                threads: g.threads(),
                sets: a.set.sets,
                quiet: g.quiet,
                charts: g.charts(),
                command_line: crate::commands::command_line::shell_line(argv),
                shard: a.shard.as_deref().map(crate::export::shard::spec::ShardSpec::parse).transpose()?,
            }),
            CliCommand::Compare(a) => Command::Compare(crate::commands::compare::CompareOptions {
                dirs: a.dirs,
                reference: a.reference,
                out: g.out("output/compare"),
                attribute: a.attribute,
                outcome: a.outcome,
                threads: g.threads(),
                quiet: g.quiet,
                charts: g.charts(),
            }),
            CliCommand::Trace(a) => Command::Trace(crate::commands::trace::TraceOptions {
                path: a.scenario,
                run: a.run,
                seed: a.seed.seed,
                sets: a.set.sets,
                json: a.format == TraceFormat::Json,
            }),
            CliCommand::Merge(a) => Command::Merge(crate::commands::shard::merge::MergeOptions {
                dirs: a.dirs,
                out: g.out("output"),
                charts: g.charts(),
                quiet: g.quiet,
                threads: g.threads(),
            }),
            CliCommand::Slurm(a) => Command::Slurm(crate::commands::slurm::SlurmOptions {
                scenario: a.scenario,
                shards: a.shards,
                partition: a.partition,
                time: a.time,
                cpus_per_task: a.cpus_per_task,
                out: g.out("output"),
                bin: match a.bin {
                    Some(b) => b,
                    None => std::env::current_exe()
                        .map(|p| p.display().to_string())
                        .unwrap_or_else(|_| "pathways".to_string()),
                },
                runs: a.runs.runs,
                seed: a.seed.seed,
                sets: a.set.sets,
                merge_charts: g.charts.given().then(|| g.charts.words()),
                quiet: g.quiet,
            }),
            CliCommand::Schema => Command::Schema,
            CliCommand::New { name, from, dir } => {
                Command::New(crate::commands::new::NewOptions { name, from: Some(from), dir }, g.quiet)
            }
            CliCommand::Explain { path, set } => Command::Explain { path, sets: set.sets },
            CliCommand::Validate { paths } => Command::Validate { paths, quiet: g.quiet },
            CliCommand::List => Command::List,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;
    use std::path::Path;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    /// The fewest arguments each subcommand parses with.
    fn minimal(sub: &str) -> Vec<&'static str> {
        match sub {
            "sweep" | "validate" | "sensitivity" | "signposts" | "explain" => vec!["s.toml"],
            "compare" => vec!["a", "b"],
            "trace" => vec!["s.toml", "--run", "1"],
            "new" => vec!["mine"],
            "merge" => vec!["shards"],
            "slurm" => vec!["s.toml", "--shards", "2"],
            "score" | "calibrate" => vec!["s.toml", "--observed", "o.csv"],
            _ => vec![],
        }
    }

    const FLAGS: [&[&str]; 5] = [
        &["--quiet"],
        &["--threads", "2"],
        &["--charts", "svg"],
        &["--chart-size", "800x450"],
        &["--out", "elsewhere"],
    ];

    /// Where each common flag means something (`+`) and where it is refused (`-`), per
    /// subcommand, in the order of [`FLAGS`]; the README's table says the same.
    const EXPECTED: [(&str, &str); 16] = [
        ("run", "+++++"),
        ("brief", "++--+"),
        ("sweep", "+++++"),
        ("compare", "+++++"),
        ("trace", "-----"),
        ("validate", "+----"),
        ("list", "-----"),
        ("sensitivity", "+++++"),
        ("signposts", "+++++"),
        ("score", "+++++"),
        ("calibrate", "+++++"),
        ("schema", "-----"),
        ("new", "+----"),
        ("merge", "+++++"),
        ("slurm", "+-+++"),
        ("explain", "-----"),
    ];

    /// Every subcommand accepts every common flag, before or after its name; it then either
    /// gives it its one meaning or refuses it with the reason (exit code 2), as the table says.
    #[test]
    fn every_subcommand_accepts_the_common_flags() {
        let subs: Vec<String> = Cli::command().get_subcommands().map(|c| c.get_name().to_string()).collect();
        assert_eq!(subs.len(), EXPECTED.len(), "a new subcommand needs a row in EXPECTED: {subs:?}");
        for (sub, expected) in EXPECTED {
            assert!(subs.iter().any(|s| s == sub), "{sub}");
            for (flag, applies) in FLAGS.iter().zip(expected.chars()) {
                for before in [true, false] {
                    let mut argv = vec!["pathways"];
                    if before {
                        argv.extend_from_slice(flag);
                    }
                    argv.push(sub);
                    argv.extend(minimal(sub));
                    if !before {
                        argv.extend_from_slice(flag);
                    }
                    let cli = Cli::try_parse_from(&argv).unwrap_or_else(|e| panic!("{argv:?}: {e}"));
                    let args: Vec<String> = argv.iter().map(|s| s.to_string()).collect();
                    match (cli.into_command(&args), applies) {
                        (Ok(_), '+') => {}
                        (Err(e), '-') => {
                            assert_eq!(e.exit_code(), 2);
                            assert!(
                                e.to_string().contains(&format!("{} does not apply to `pathways {sub}`", flag[0])),
                                "{e}"
                            );
                        }
                        (r, _) => panic!("{argv:?}: expected {applies}, got {r:?}"),
                    }
                }
            }
        }
    }

    fn command(argv: &[&str]) -> Command {
        let args: Vec<String> = argv.iter().map(|s| s.to_string()).collect();
        Cli::try_parse_from(argv).unwrap().into_command(&args).unwrap()
    }

    /// `--charts` lists formats in the order given, each once; `none` adds nothing.
    #[test]
    fn charts_flag_lists_each_format_once() {
        let formats = |charts: &str| match command(&["pathways", "run", "--charts", charts]) {
            Command::Run(o) => o.charts.formats,
            c => panic!("{c:?}"),
        };
        assert_eq!(formats("svg,png,svg"), [ChartFormat::Svg, ChartFormat::Png]);
        assert_eq!(formats("none"), []);
        assert_eq!(formats("png,none"), [ChartFormat::Png]);
        match command(&["pathways", "run"]) {
            Command::Run(o) => assert_eq!(o.charts, ChartOptions::default()),
            c => panic!("{c:?}"),
        }
        assert!(Cli::try_parse_from(["pathways", "run", "--charts", "jpeg"]).is_err());
        assert!(Cli::try_parse_from(["pathways", "run", "--chart-size", "100x100"]).is_err());
    }

    /// `slurm` passes the chart flags on to the merge job in their canonical spelling, and only
    /// those given.
    #[test]
    fn slurm_passes_the_chart_flags_given() {
        let merge_charts =
            |flags: &[&str]| match command(&[&["pathways", "slurm", "s.toml", "--shards", "2"], flags].concat()) {
                Command::Slurm(o) => o.merge_charts,
                c => panic!("{c:?}"),
            };
        assert_eq!(merge_charts(&[]), None);
        assert_eq!(merge_charts(&["--charts", "svg,none"]), Some((Some("svg,none".into()), None)));
        assert_eq!(merge_charts(&["--chart-size", " 800 x450"]), Some((None, Some("800x450".into()))));
    }

    /// `--sampling` and `trace --format` take the values the help lists.
    #[test]
    fn enum_flags_take_their_listed_values() {
        use crate::scenario::format::Sampling;
        match command(&["pathways", "run", "--sampling", "latin_hypercube"]) {
            Command::Run(o) => assert_eq!(o.uncertainty.sampling, Some(Sampling::LatinHypercube)),
            c => panic!("{c:?}"),
        }
        match command(&["pathways", "run", "--sampling", "monte_carlo"]) {
            Command::Run(o) => assert_eq!(o.uncertainty.sampling, Some(Sampling::MonteCarlo)),
            c => panic!("{c:?}"),
        }
        assert!(Cli::try_parse_from(["pathways", "run", "--sampling", "latin-hypercube"]).is_err());
        match command(&["pathways", "trace", "s.toml", "--run", "1", "--format", "json"]) {
            Command::Trace(o) => assert!(o.json),
            c => panic!("{c:?}"),
        }
        match command(&["pathways", "trace", "s.toml", "--run", "1"]) {
            Command::Trace(o) => assert!(!o.json),
            c => panic!("{c:?}"),
        }
    }

    /// The shared groups keep each subcommand's own wording where it says more.
    #[test]
    fn shared_flags_keep_their_subcommand_wording() {
        let help = |sub: &str, arg: &str| {
            let mut cmd = Cli::command();
            let sub = cmd.find_subcommand_mut(sub).unwrap();
            sub.build();
            let a = sub.get_arguments().find(|a| a.get_id() == arg).unwrap();
            a.get_help().unwrap().to_string()
        };
        assert!(help("run", "runs").contains("per scenario"));
        assert!(help("brief", "runs").contains("per scenario"));
        assert!(!help("signposts", "runs").contains("per scenario"));
        assert!(help("sweep", "runs").contains("per grid point"));
        assert!(help("sweep", "seed").contains("every point"));
        assert!(help("sweep", "sets").contains("at every point"));
        assert!(help("score", "seed").contains("simulation.seed"));
    }

    /// The flags reach the options with one meaning: the same values whichever the subcommand.
    #[test]
    fn common_flags_reach_the_options() {
        let parse = |argv: &[&str]| {
            let args: Vec<String> = argv.iter().map(|s| s.to_string()).collect();
            Cli::try_parse_from(argv).unwrap().into_command(&args).unwrap()
        };
        let flags = ["--quiet", "--threads", "3", "--charts", "svg", "--chart-size", "800x450", "--out", "o"];
        fn with<'a>(sub: &[&'a str], flags: &[&'a str]) -> Vec<&'a str> {
            [&["pathways"], sub, flags].concat()
        }
        match parse(&with(&["run", "a.toml"], &flags)) {
            Command::Run(o) => assert!(o.quiet && o.threads == 3 && o.out == Path::new("o") && o.charts.width == 800),
            c => panic!("{c:?}"),
        }
        match parse(&with(&["sensitivity", "a.toml"], &flags)) {
            Command::Sensitivity(o) => {
                let c = &o.common;
                assert!(c.quiet && c.threads == 3 && c.out == Path::new("o") && c.charts.width == 800)
            }
            c => panic!("{c:?}"),
        }
        match parse(&with(&["merge", "d"], &flags)) {
            Command::Merge(o) => assert!(o.quiet && o.threads == 3 && o.out == Path::new("o") && o.charts.width == 800),
            c => panic!("{c:?}"),
        }
        match parse(&["pathways", "compare", "a", "b"]) {
            Command::Compare(o) => assert!(!o.quiet && o.threads == 0 && o.out == Path::new("output/compare")),
            c => panic!("{c:?}"),
        }
    }
}
