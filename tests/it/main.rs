//! Integration tests: one binary, one file per feature.

mod architecture;
mod authoring;
mod bad_input;
mod batch;
mod brief;
mod calibrate;
mod cli;
mod compare;
mod determinism;
mod diagnostics;
mod docs;
mod extends_and_set;
mod faults;
mod golden;
mod invariants;
mod model_dynamics;
mod outcomes;
mod scenario_library;
mod schema;
mod score;
mod shard;
mod sweep;
mod trace;
mod uncertainty;
mod watch;

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The `pathways` binary.
pub fn pathways() -> Command {
    Command::cargo_bin("pathways").expect("binary builds")
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// The folder a `--set` run of `scenario` wrote (`<scenario>+set-<hash>`).
pub fn set_folder(dir: &Path, scenario: &str) -> String {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .find(|n| n.starts_with(&format!("{scenario}+set-")))
        .unwrap_or_else(|| panic!("no {scenario}+set-… folder in {}", dir.display()))
}

/// Reads a result file as text.
pub fn read(dir: &Path, scenario: &str, file: &str) -> String {
    std::fs::read_to_string(dir.join(scenario).join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}
