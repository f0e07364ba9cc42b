//! The command line, as clap derive types, converted once into plain [`crate::app`] commands.

use crate::app::{Command, RunOptions, chart_options};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  pathways run scenarios/                         run every scenario into output/
  pathways run scenarios/renewed_tariffs.toml --runs 50000 --seed 7
  pathways run scenarios/baseline.toml --set agents.us.aggression=0.3 --set economy.import_elasticity=2.0
  pathways validate scenarios/
  pathways list                                   presets, state variables, distributions
  pathways new my_story --from renewed_tariffs    a commented scenario that extends another
  pathways explain scenarios/my_story.toml        every resolved value and where it comes from
  pathways run --watch scenarios/my_story.toml    re-run on every save";

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
    /// Check scenario files without running them.
    Validate {
        /// Scenario files or folders of them.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// List policy presets with their parameters, state variables and distributions.
    List,
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
    /// Re-run whenever a scenario, or a file it extends, is saved (Ctrl-C stops).
    #[arg(long)]
    pub watch: bool,
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
}

impl Cli {
    /// Converts parsed arguments into a command; `argv` is kept for result manifests.
    pub fn into_command(self, argv: &[String]) -> crate::Result<Command> {
        Ok(match self.command {
            CliCommand::Run(a) => {
                let watch = a.watch;
                let opts = RunOptions {
                    paths: a.paths,
                    runs: a.runs,
                    seed: a.seed,
                    out: a.out,
                    threads: a.threads,
                    sets: a.sets,
                    quiet: a.quiet,
                    charts: chart_options(&a.charts, &a.chart_size)?,
                    command_line: argv.join(" "),
                };
                if watch { Command::Watch(opts) } else { Command::Run(opts) }
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
            }),
            CliCommand::Validate { paths } => Command::Validate { paths },
            CliCommand::List => Command::List,
            CliCommand::Schema => Command::Schema,
            CliCommand::New { name, from, dir } => {
                Command::New(crate::template::NewOptions { name, from: Some(from), dir })
            }
            CliCommand::Explain { path, sets } => Command::Explain { path, sets },
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
