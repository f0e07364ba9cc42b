//! The command line that reproduces a result, as manifests and scripts record it.

use crate::commands::run::{RunOptions, UncertaintyOptions};
pub use crate::export::shell::{shell_line, shell_word};
use crate::scenario::load::LoadedScenario;

/// The command that reproduces a result: the scenario file, runs, seed and the overrides, but not
/// the output folder or thread count, which do not change results. Plain, sharded and merged runs
/// of one study therefore record the same line.
pub fn canonical_command_line(s: &LoadedScenario, opts: &RunOptions) -> String {
    command_line_of(s, &opts.uncertainty, &opts.sets)
}

/// [`canonical_command_line`] from its parts: the stopping rule and sampling, and the overrides.
pub fn command_line_of(s: &LoadedScenario, uncertainty: &UncertaintyOptions, sets: &[String]) -> String {
    let mut args = vec!["pathways".to_string(), "run".to_string(), shell_word(&s.path().display().to_string())];
    match uncertainty.precision {
        None => args.push(format!("--runs {}", s.file.simulation.runs)),
        Some(p) => {
            args.push(format!("--precision {p}"));
            if let Some(m) = uncertainty.max_runs {
                args.push(format!("--max-runs {m}"));
            }
        }
    }
    args.push(format!("--seed {}", s.file.simulation.seed));
    if let Some(sampling) = uncertainty.sampling {
        args.push(match sampling {
            crate::scenario::format::Sampling::MonteCarlo => "--sampling monte_carlo".to_string(),
            crate::scenario::format::Sampling::LatinHypercube => "--sampling latin_hypercube".to_string(),
        });
    }
    args.extend(sets.iter().map(|set| format!("--set {}", shell_word(set))));
    args.join(" ")
}
