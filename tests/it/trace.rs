//! `pathways trace`: a replayed run is the run the engine made.

use crate::{fixture, pathways, read};
use predicates::str::contains;

fn trace_json(run: u64) -> serde_json::Value {
    let out = pathways()
        .args(["trace", "--format", "json", "--run", &run.to_string(), "--seed", "5"])
        .arg(fixture("small.toml"))
        .output()
        .unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_final_state_equals_the_runs_csv_row() {
    let tmp = tempfile::tempdir().unwrap();
    pathways()
        .args(["run", "--runs", "400", "--seed", "5", "--quiet", "--charts", "none", "--out"])
        .arg(tmp.path())
        .arg(fixture("small.toml"))
        .assert()
        .success();
    let runs = read(tmp.path(), "small", "runs.csv");
    let mut lines = runs.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let summary: serde_json::Value = serde_json::from_str(&read(tmp.path(), "small", "summary.json")).unwrap();
    let mut picks: Vec<u64> = vec![0, 137, 399];
    picks.extend(summary["pathways"].as_array().unwrap().iter().filter_map(|p| p["representative_run"].as_u64()));
    for run in picks {
        let t = trace_json(run);
        let row = &rows[run as usize];
        for (key, value) in t["final_state"].as_object().unwrap() {
            let col = header.iter().position(|h| h == key).unwrap();
            assert_eq!(value.as_f64().unwrap() as f32, row[col].parse::<f32>().unwrap(), "run {run}, {key}");
        }
        let col = header.iter().position(|h| *h == "pathway").unwrap();
        assert_eq!(t["pathway"], row[col], "run {run}");
        let aggression = header.iter().position(|h| *h == "agents.us.aggression").unwrap();
        let sampled = t["parameters"]["agents.us.aggression"].as_f64().unwrap() as f32;
        assert_eq!(sampled, row[aggression].parse::<f32>().unwrap());
    }
}

#[test]
fn a_representative_run_ends_in_its_pathway() {
    let tmp = tempfile::tempdir().unwrap();
    pathways()
        .args(["run", "--runs", "400", "--seed", "5", "--quiet", "--charts", "none", "--out"])
        .arg(tmp.path())
        .arg(fixture("small.toml"))
        .assert()
        .success();
    let summary: serde_json::Value = serde_json::from_str(&read(tmp.path(), "small", "summary.json")).unwrap();
    for p in summary["pathways"].as_array().unwrap() {
        if let Some(run) = p["representative_run"].as_u64() {
            assert_eq!(trace_json(run)["pathway"], p["name"]);
        }
    }
}

#[test]
fn the_story_tells_moves_causes_events_and_the_pathway() {
    pathways()
        .args(["trace", "--run", "3"])
        .arg(fixture("small.toml"))
        .assert()
        .success()
        .stdout(contains("2025-03 (month 2)"))
        .stdout(contains("escalate_tariffs"))
        .stdout(contains("(script)"))
        .stdout(contains("state  tariff_us"))
        .stdout(contains("Pathway reached:"));
}
