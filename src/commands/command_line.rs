//! The command line that reproduces a result, as manifests and scripts record it.

use crate::commands::run::{RunOptions, UncertaintyOptions};
pub use crate::export::shell::{CommandLine, shell_line, shell_word};
use crate::scenario::load::LoadedScenario;

/// The command that reproduces a result: the scenario file, runs, seed and the overrides, but not
/// the output folder or thread count, which do not change results. Plain, sharded and merged runs
/// of one study therefore record the same line.
pub fn canonical_command_line(s: &LoadedScenario, opts: &RunOptions) -> String {
    command_line_of(s, &opts.uncertainty, &opts.sets)
}

/// [`canonical_command_line`] from its parts: the stopping rule and sampling, and the overrides.
pub fn command_line_of(s: &LoadedScenario, uncertainty: &UncertaintyOptions, sets: &[String]) -> String {
    let line = CommandLine::pathways("run").arg(s.path().display());
    let line = match uncertainty.precision {
        None => line.flag("--runs", s.file.simulation.runs),
        Some(p) => line.flag("--precision", p).flag_opt("--max-runs", uncertainty.max_runs),
    };
    line.flag("--seed", s.file.simulation.seed)
        .flag_opt("--sampling", uncertainty.sampling.map(|s| s.name()))
        .sets(sets)
        .line()
}
