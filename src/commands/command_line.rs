//! The command line that reproduces a result, as manifests and scripts record it.

use crate::commands::run::{RunOptions, UncertaintyOptions};
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

/// Words joined into one line a POSIX shell reads back as the same words: how a command records
/// the command line it was given.
pub fn shell_line(words: &[String]) -> String {
    words.iter().map(|w| shell_word(w)).collect::<Vec<_>>().join(" ")
}

/// `w` quoted for a POSIX shell if it needs it.
pub fn shell_word(w: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_.=/:,+@%".contains(c);
    if !w.is_empty() && w.chars().all(plain) { w.to_string() } else { format!("'{}'", w.replace('\'', "'\\''")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recorded_line_reads_back_as_the_words_given() {
        let words: Vec<String> =
            ["pathways", "signposts", "my scenarios/base.toml", "--set", "us.name=it's", ""].map(String::from).into();
        let line = shell_line(&words);
        assert_eq!(line, r#"pathways signposts 'my scenarios/base.toml' --set 'us.name=it'\''s' ''"#);
        // sh reads it back as the same words.
        let echoed = std::process::Command::new("sh")
            .args(["-c", &format!("for w in {line}; do printf '%s\\n' \"$w\"; done")])
            .output()
            .expect("sh runs");
        let back: Vec<String> = String::from_utf8(echoed.stdout).unwrap().lines().map(String::from).collect();
        assert_eq!(back, words);
    }
}
