//! The JSON Schema that editors use is the one the code generates, and every shipped scenario
//! points at it.

use crate::pathways;
use std::path::Path;

#[test]
fn committed_schema_matches_the_generated_one() {
    let generated = pathways().arg("schema").assert().success().get_output().stdout.clone();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/scenario.schema.json");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == String::from_utf8(generated).unwrap(),
        "scenarios/scenario.schema.json is out of date: regenerate it with\n    cargo run -- schema > scenarios/scenario.schema.json"
    );
}

#[test]
fn every_shipped_scenario_points_at_the_schema() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(
                text.starts_with("#:schema ./scenario.schema.json\n"),
                "{} must begin with `#:schema ./scenario.schema.json`",
                path.display()
            );
        }
    }
}
