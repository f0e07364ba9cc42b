//! Sampling designs, correlations, convergence, sensitivity and signposts, end to end.

use crate::{fixture, pathways, read};
use predicates::str::contains;
use std::path::Path;

fn run(out: &Path, file: &str, extra: &[&str]) -> String {
    let a = pathways()
        .args(["run", "--charts", "none", "--out"])
        .arg(out)
        .args(extra)
        .arg(fixture(file))
        .assert()
        .success();
    String::from_utf8(a.get_output().stdout.clone()).unwrap()
}

fn summary(dir: &Path, scenario: &str) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str(&read(dir, scenario, "summary.json")).unwrap();
    v["manifest"]["command_line"] = serde_json::Value::Null;
    v
}

/// Columns of runs.csv by header name.
fn column(dir: &Path, scenario: &str, name: &str) -> Vec<f64> {
    let text = read(dir, scenario, "runs.csv");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let i = header.iter().position(|h| *h == name).unwrap_or_else(|| panic!("no column {name}"));
    lines.map(|l| l.split(',').nth(i).unwrap().parse().unwrap()).collect()
}

fn spearman(x: &[f64], y: &[f64]) -> f64 {
    pathways::stats::ranks::spearman(x, y)
}

#[test]
fn latin_hypercube_runs_are_identical_for_any_thread_count() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    // 2,500 runs: two full blocks and a short one.
    run(a.path(), "uncertain.toml", &["--quiet", "--threads", "1"]);
    run(b.path(), "uncertain.toml", &["--quiet", "--threads", "2"]);
    assert_eq!(summary(a.path(), "uncertain"), summary(b.path(), "uncertain"));
    assert!(read(a.path(), "uncertain", "runs.csv") == read(b.path(), "uncertain", "runs.csv"));
    // Correlated plain Monte Carlo works per block too.
    let (c, d) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    run(c.path(), "uncertain.toml", &["--quiet", "--threads", "1", "--sampling", "monte_carlo"]);
    run(d.path(), "uncertain.toml", &["--quiet", "--threads", "2", "--sampling", "monte_carlo"]);
    assert!(read(c.path(), "uncertain", "runs.csv") == read(d.path(), "uncertain", "runs.csv"));
    assert!(read(a.path(), "uncertain", "runs.csv") != read(c.path(), "uncertain", "runs.csv"));
}

#[test]
fn sampling_flag_overrides_the_scenario_and_changes_the_draws() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    run(a.path(), "small.toml", &["--quiet", "--runs", "1024", "--sampling", "latin_hypercube"]);
    run(b.path(), "small.toml", &["--quiet", "--runs", "1024"]);
    assert_eq!(summary(a.path(), "small")["manifest"]["resolved"]["simulation"]["sampling"], "latin_hypercube");
    let x = column(a.path(), "small", "agents.us.aggression");
    // One run per stratum of U(0.02, 0.1) in the first (full) block.
    let mut strata: Vec<usize> = x.iter().map(|v| ((v - 0.02) / 0.08 * 1024.0).floor() as usize).collect();
    strata.sort();
    strata.dedup();
    assert!(strata.len() >= 1020, "float32 export may merge a few neighbours, got {}", strata.len());
    assert_ne!(x, column(b.path(), "small", "agents.us.aggression"));
}

#[test]
fn correlated_parameters_have_the_requested_rank_correlation() {
    let dir = tempfile::tempdir().unwrap();
    run(dir.path(), "uncertain.toml", &["--quiet", "--runs", "8192"]);
    let us = column(dir.path(), "uncertain", "agents.us.aggression");
    let cn = column(dir.path(), "uncertain", "agents.china.retaliation");
    let ie = column(dir.path(), "uncertain", "economy.import_elasticity");
    let pt = column(dir.path(), "uncertain", "economy.pass_through");
    assert!((spearman(&us, &cn) - 0.6).abs() < 0.03, "{}", spearman(&us, &cn));
    assert!((spearman(&ie, &pt) + 0.4).abs() < 0.03, "{}", spearman(&ie, &pt));
    assert!(spearman(&us, &ie).abs() < 0.03, "{}", spearman(&us, &ie));
}

/// Replaces the fixture's correlations with `correlations` and expects a diagnostic at `line`
/// (counted within `correlations`, from 1) and `col`.
fn rejects(correlations: &str, line: usize, col: &str, needle: &str) {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("uncertain.toml")).unwrap();
    let cut = text.find("[[correlations]]").unwrap();
    let file = dir.path().join("bad.toml");
    std::fs::write(&file, format!("{}{correlations}", &text[..cut])).unwrap();
    let position = format!("{}:{col}", text[..cut].lines().count() + line);
    let a = pathways().args(["validate"]).arg(&file).assert().code(2);
    let stderr = String::from_utf8(a.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains(&format!("bad.toml:{position}")), "expected {position} in:\n{stderr}");
    assert!(stderr.contains(needle), "expected `{needle}` in:\n{stderr}");
}

#[test]
fn rejects_correlations_that_are_not_positive_semi_definite() {
    rejects(
        "[[correlations]]\na = \"agents.us.aggression\"\nb = \"agents.china.retaliation\"\nrho = 0.9\n\n\
         [[correlations]]\na = \"agents.china.retaliation\"\nb = \"economy.import_elasticity\"\nrho = 0.9\n\n\
         [[correlations]]\na = \"agents.us.aggression\"\nb = \"economy.import_elasticity\"\nrho = -0.9\n",
        11,
        "",
        "not positive semi-definite",
    );
}

#[test]
fn rejects_unknown_parameters_and_rho_outside_minus_one_to_one() {
    rejects(
        "[[correlations]]\na = \"agents.us.agression\"\nb = \"agents.china.retaliation\"\nrho = 0.5\n",
        2,
        "5",
        "did you mean `agents.us.aggression`",
    );
    rejects(
        "[[correlations]]\na = \"agents.us.aggression\"\nb = \"agents.china.retaliation\"\nrho = 1.5\n",
        4,
        "7",
        "between -1 and 1",
    );
}

#[test]
fn precision_stops_when_every_pathway_is_precise_enough_and_reports_the_runs() {
    let dir = tempfile::tempdir().unwrap();
    let stdout = run(dir.path(), "small.toml", &["--precision", "0.01"]);
    let s = summary(dir.path(), "small");
    let c = &s["convergence"];
    assert_eq!(c["converged"], true);
    assert!(c["max_half_width"].as_f64().unwrap() <= 0.01);
    let used = c["runs_used"].as_u64().unwrap();
    assert_eq!(s["manifest"]["runs"].as_u64().unwrap(), used);
    assert!(used.is_multiple_of(1024));
    assert!(stdout.contains("converged"), "{stdout}");
    for p in s["pathways"].as_array().unwrap() {
        assert!((p["ci95_high"].as_f64().unwrap() - p["ci95_low"].as_f64().unwrap()) / 2.0 <= 0.01);
        assert!(p["std_error"].as_f64().unwrap() > 0.0);
    }
}

#[test]
fn precision_never_exceeds_max_runs() {
    let dir = tempfile::tempdir().unwrap();
    let stdout = run(dir.path(), "small.toml", &["--precision", "0.001", "--max-runs", "5000"]);
    let c = &summary(dir.path(), "small")["convergence"];
    assert_eq!(c["runs_used"], 5000);
    assert_eq!(c["converged"], false);
    assert!(stdout.contains("not converged"), "{stdout}");
}

#[test]
fn precision_runs_are_identical_for_any_thread_count_and_draw_the_convergence_chart() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for (dir, threads) in [(a.path(), "1"), (b.path(), "2")] {
        pathways()
            .args(["run", "--quiet", "--charts", "svg", "--chart-size", "640x360", "--precision", "0.015"])
            .args(["--threads", threads, "--out"])
            .arg(dir)
            .arg(fixture("uncertain.toml"))
            .assert()
            .success();
    }
    assert_eq!(summary(a.path(), "uncertain"), summary(b.path(), "uncertain"));
    assert!(a.path().join("uncertain/convergence.svg").exists());
}

#[test]
fn sensitivity_writes_tornado_and_sobol_deterministically() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for (dir, threads) in [(a.path(), "1"), (b.path(), "2")] {
        pathways()
            .args(["sensitivity", "--outcome", "tariff_us", "--runs", "256", "--bootstrap", "50"])
            .args(["--charts", "svg", "--chart-size", "640x360", "--threads", threads, "--out"])
            .arg(dir)
            .arg(fixture("uncertain.toml"))
            .assert()
            .success()
            .stdout(contains("agents.us.aggression"));
    }
    let files = ["tornado.csv", "sobol.csv", "tornado.svg", "sobol.svg", "sensitivity.json"];
    for f in files {
        assert!(a.path().join("uncertain/sensitivity").join(f).exists(), "{f}");
    }
    for f in ["tornado.csv", "sobol.csv"] {
        assert_eq!(
            read(a.path(), "uncertain", &format!("sensitivity/{f}")),
            read(b.path(), "uncertain", &format!("sensitivity/{f}"))
        );
    }
    let sobol = read(a.path(), "uncertain", "sensitivity/sobol.csv");
    assert_eq!(sobol.lines().count(), 5, "header and four parameters:\n{sobol}");
}

#[test]
fn sensitivity_rejects_an_unknown_outcome() {
    pathways()
        .args(["sensitivity", "--outcome", "nonsense", "--charts", "none"])
        .arg(fixture("uncertain.toml"))
        .assert()
        .code(2)
        .stderr(contains("trade_war"));
}

#[test]
fn signposts_find_the_known_separating_indicator() {
    let dir = tempfile::tempdir().unwrap();
    let a = pathways()
        .args(["signposts", "--top", "3", "--out"])
        .arg(dir.path())
        .arg(fixture("signpost.toml"))
        .assert()
        .success();
    let stdout = String::from_utf8(a.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains(" 1. event `breakthrough` has happened by month 6"), "{stdout}");
    let json: serde_json::Value =
        serde_json::from_str(&read(dir.path(), "signpost", "signposts/signposts.json")).unwrap();
    let top = &json["signposts"][0];
    assert_eq!(top["indicator"], "event:breakthrough@6");
    assert!(top["pathways"][0]["given_seen"]["p"].as_f64().unwrap() > 0.95);
    assert!(top["pathways"][0]["given_not_seen"]["p"].as_f64().unwrap() < 0.05);
    assert!(read(dir.path(), "signpost", "signposts/signposts.csv").starts_with("rank,indicator,description"));
}
