//! `pathways score`: observations against the model's predictive distributions, on cases whose
//! answer is known by construction (a scripted tariff), the coverage check's exit code, and bad
//! input.

use crate::{fixture, pathways};
use predicates::str::contains;
use std::path::Path;

const HEADER: &str = "period,variable,value,uncertainty,source\n";

/// The small fixture scripts the US tariff to 45 in month 2 (2025-03): every run has it.
fn observations(dir: &Path) -> std::path::PathBuf {
    let file = dir.join("obs.csv");
    std::fs::write(
        &file,
        format!(
            "{HEADER}2025-03,tariff_us,45,0.1,scripted\n2025-03,tariff_cn,-0,0.1,no run has a zero tariff\n2030,tariff_us,45,0.1,after the horizon\n"
        ),
    )
    .unwrap();
    file
}

fn score(dir: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    pathways()
        .args(["score", "--runs", "2000", "--charts", "png", "--observed"])
        .arg(observations(dir))
        .arg("--out")
        .arg(dir.join("out"))
        .args(extra)
        .arg(fixture("small.toml"))
        .assert()
}

#[test]
fn a_value_every_run_reproduces_scores_inside_and_an_impossible_one_outside() {
    let dir = tempfile::tempdir().unwrap();
    let assert = score(dir.path(), &[]).success();
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("| tariff_us 2025-03 | 45.00 (± 0.1000) | scripted |"), "{stdout}");
    assert!(stdout.contains("2 observations scored (1 outside the scenario's months)"), "{stdout}");
    let out = dir.path().join("out/small/score");
    let mut rdr = csv::Reader::from_path(out.join("score.csv")).unwrap();
    let header = rdr.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 3);
    // Scripted: the model value is 45 in every run, so the predictive sample is 45 + N(0, 0.1²).
    let pit: f64 = rows[0][col("pit")].parse().unwrap();
    assert!((pit - 0.5).abs() < 0.05, "PIT {pit}");
    assert_eq!((&rows[0][col("in50")], &rows[0][col("in90")]), ("true", "true"));
    assert_eq!(&rows[0][col("model_p5")], &rows[0][col("model_p95")]);
    let sd: f64 = rows[0][col("predictive_sd")].parse().unwrap();
    assert!((sd - 0.1).abs() < 0.01, "predictive sd {sd} = the observation's");
    // CRPS of N(45, 0.1²) at 45: 0.1 × (2φ(0) − 1/√π) ≈ 0.0234.
    let crps: f64 = rows[0][col("crps")].parse().unwrap();
    assert!((crps - 0.0234).abs() < 0.002, "CRPS {crps}");
    // China's tariff is never 0: outside every interval, PIT 0.
    assert_eq!((&rows[1][col("in90")], &rows[1][col("pit")]), ("false", "0.0"));
    assert!(rows[2][col("skipped")].contains("not inside the scenario's months"));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("score.json")).unwrap()).unwrap();
    assert_eq!(json["summary"]["inside_90"], 1);
    assert_eq!(json["summary"]["coverage_90"], 0.5);
    assert!(json["method"].as_str().unwrap().contains("measurement error"));
    assert!(std::fs::read_to_string(out.join("score.md")).unwrap().starts_with("| observation |"));
    assert!(out.join("observed_tariff_us.png").exists() && out.join("observed_tariff_cn.png").exists());
}

#[test]
fn require_coverage_fails_after_writing_the_files() {
    let dir = tempfile::tempdir().unwrap();
    score(dir.path(), &["--require-coverage", "0.9"])
        .code(1)
        .stderr(contains("coverage check failed: 1 of 2 observations (50%) lie inside their 90% interval"));
    assert!(dir.path().join("out/small/score/score.csv").exists());
    let dir = tempfile::tempdir().unwrap();
    score(dir.path(), &["--require-coverage", "0.5"]).success();
    score(dir.path(), &["--require-coverage", "1.5"]).code(2).stderr(contains("not a share between 0 and 1"));
}

#[test]
fn bad_observation_input_is_refused_with_its_location() {
    let dir = tempfile::tempdir().unwrap();
    let run = |file: &Path, extra: &[&str]| {
        pathways()
            .args(["score", "--observed"])
            .arg(file)
            .arg("--out")
            .arg(dir.path().join("out"))
            .args(extra)
            .arg(fixture("small.toml"))
            .assert()
    };
    run(&dir.path().join("missing.csv"), &[])
        .code(2)
        .stderr(contains("missing.csv: cannot read observation file: no such file"));
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, format!("{HEADER}2025-03,tariff_us,45,,scripted\n")).unwrap();
    run(&bad, &[]).code(2).stderr(contains("bad.csv:2:22")).stderr(contains("missing uncertainty"));
    let good = observations(dir.path());
    run(&good, &["--variables", "tarif_us"]).code(2).stderr(contains("did you mean `tariff_us`?"));
    run(&good, &["--from", "2031"]).code(2).stderr(contains("no observations left"));
    run(&good, &["--from", "2030"])
        .code(2)
        .stderr(contains("none of the 1 observations lies inside the scenario's months"));
    assert!(!dir.path().join("out").exists(), "no output for invalid input");
}

#[test]
fn the_shipped_data_covers_the_back_test_months() {
    // Which observations fall inside the 2018-01 … 2024-12 back-test, whatever the model says.
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    pathways()
        .current_dir(root)
        .args(["score", "scenarios/backtest_2018_2024.toml", "--runs", "300", "--charts", "none"])
        .args(["--observed", "data/observed/census_trade.csv", "--observed", "data/observed/piie_tariffs.csv"])
        .arg("--out")
        .arg(dir.path())
        .assert()
        .success()
        .stdout(contains("52 observations scored (6 outside the scenario's months)"));
}
