//! The command line, as clap derive types, converted once into plain [`crate::app`] commands.

use crate::app::{Command, RunOptions, chart_options};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  pathways run scenarios/                         run every scenario into output/
  pathways run scenarios/renewed_tariffs.toml --runs 50000 --seed 7
  pathways run scenarios/baseline.toml --set agents.us.aggression=0.3 --set economy.import_elasticity=2.0
  pathways run scenarios/baseline.toml scenarios/renewed_tariffs.toml --compare
  pathways sweep scenarios/baseline.toml --param agents.us.aggression=0:0.6:7 --runs 10000
  pathways sweep sweeps/us_aggression.toml
  pathways compare output/baseline output/renewed_tariffs --attribute
  pathways trace scenarios/baseline.toml --run 17
  pathways validate scenarios/
  pathways list                                   presets, state variables, distributions";

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
    /// Also compare the scenarios: compare.md, compare.csv and compare.json in OUT.
    #[arg(long)]
    pub compare: bool,
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
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Result folders (each holding summary.json and timeseries.csv); the first is the reference.
    #[arg(required = true, num_args = 2..)]
    pub dirs: Vec<PathBuf>,
    /// Where compare.md, compare.csv, compare.json and the overlays go.
    #[arg(long, default_value = "output/compare")]
    pub out: PathBuf,
    /// Split each pathway's change across the changed parameters (reruns the scenarios).
    #[arg(long)]
    pub attribute: bool,
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
                };
                if a.compare { Command::RunCompare(opts) } else { Command::Run(opts) }
            }
            CliCommand::Sweep(a) => Command::Sweep(crate::sweep::SweepOptions {
                target: a.target,
                params: a.params,
                runs: a.runs,
                seed: a.seed,
                pathway: a.pathway,
                out: a.out,
                threads: a.threads,
                sets: a.sets,
                quiet: a.quiet,
                charts: chart_options(&a.charts, &a.chart_size)?,
                command_line: argv.join(" "),
            }),
            CliCommand::Compare(a) => Command::Compare(crate::compare::CompareOptions {
                dirs: a.dirs,
                out: a.out,
                attribute: a.attribute,
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
