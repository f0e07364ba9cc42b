//! `pathways run` over several scenarios: failures do not stop the batch; outputs do not depend
//! on file order or thread count.

use crate::{fixture, pathways, read};
use predicates::str::contains;
use std::path::{Path, PathBuf};

fn run_batch(out: &Path, threads: &str, files: &[PathBuf]) -> assert_cmd::assert::Assert {
    pathways()
        .args(["run", "--runs", "1200", "--quiet", "--charts", "svg", "--chart-size", "640x360", "--threads", threads])
        .arg("--out")
        .arg(out)
        .args(files)
        .assert()
}

#[test]
fn an_invalid_scenario_is_reported_and_the_others_complete() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("bad.toml");
    std::fs::write(&bad, "[scenario]\nname = \"bad\"\n[agents.us]\npolicy = \"tit_for_tat\"\naggression = 1.5\n")
        .unwrap();
    let out = tmp.path().join("out");
    run_batch(&out, "0", &[fixture("small.toml"), bad.clone(), fixture("child.toml")])
        .code(2)
        .stderr(contains("bad.toml"))
        .stderr(contains("aggression"))
        .stderr(contains("1 of 3 scenarios failed"));
    for name in ["small", "child"] {
        assert!(out.join(name).join("summary.json").is_file(), "{name} ran");
    }
    assert!(!out.join("bad").exists());
    let csv = std::fs::read_to_string(out.join("batch.csv")).unwrap();
    let names: Vec<&str> = csv.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(names, ["child", "small"], "one row per scenario that ran, by name");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("batch.json")).unwrap()).unwrap();
    let failed = json["failed"].as_array().unwrap();
    assert!(!failed.is_empty() && failed.iter().all(|f| f.as_str().unwrap().contains("bad.toml")), "{failed:?}");
    assert!(out.join("overlay_pathways.svg").is_file());
}

#[test]
fn batch_table_has_probabilities_intervals_and_horizon_statistics() {
    let tmp = tempfile::tempdir().unwrap();
    run_batch(tmp.path(), "0", &[fixture("small.toml")]).success();
    let csv = std::fs::read_to_string(tmp.path().join("batch.csv")).unwrap();
    let header = csv.lines().next().unwrap();
    for col in ["trade_war_probability", "trade_war_ci95_low", "trade_war_ci95_high", "tariff_us_p50", "gdp_cn_p95"] {
        assert!(header.split(',').any(|c| c == col), "{col} in {header}");
    }
    let summary: serde_json::Value = serde_json::from_str(&read(tmp.path(), "small", "summary.json")).unwrap();
    let p = summary["pathways"][0]["probability"].as_f64().unwrap();
    let row: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(row[4].parse::<f64>().unwrap(), p);
}

/// Every file under `dir`, relative path → bytes (manifests record a canonical command line, free
/// of the output folder and thread count).
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let bytes = std::fs::read(&p).unwrap();
            out.push((p.strip_prefix(dir).unwrap().to_path_buf(), bytes));
        }
    }
    out.sort();
    out
}

#[test]
fn batch_outputs_do_not_depend_on_file_order_or_threads() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    run_batch(a.path(), "1", &[fixture("small.toml"), fixture("child.toml")]).success();
    run_batch(b.path(), "2", &[fixture("child.toml"), fixture("small.toml")]).success();
    let (fa, fb) = (files(a.path()), files(b.path()));
    assert_eq!(fa.iter().map(|f| &f.0).collect::<Vec<_>>(), fb.iter().map(|f| &f.0).collect::<Vec<_>>());
    for ((name, x), (_, y)) in fa.iter().zip(&fb) {
        assert!(x == y, "{} differs", name.display());
    }
}

#[test]
fn glob_patterns_are_expanded_without_a_shell() {
    let tmp = tempfile::tempdir().unwrap();
    let pattern = fixture("sm*.toml");
    pathways()
        .args(["run", "--runs", "300", "--quiet", "--charts", "none", "--out"])
        .arg(tmp.path())
        .arg(&pattern)
        .assert()
        .success();
    assert!(tmp.path().join("small/summary.json").is_file());
    // Every command reads scenario paths the same way: validate takes the pattern run takes.
    pathways().arg("validate").arg(&pattern).assert().success().stdout(contains("small.toml"));
    pathways()
        .arg("validate")
        .arg(fixture("nothing*.toml"))
        .assert()
        .code(2)
        .stderr(contains("matches no scenario file"));
}

#[test]
fn a_pattern_matching_nothing_is_a_failure() {
    let tmp = tempfile::tempdir().unwrap();
    pathways()
        .args(["run", "--runs", "300", "--quiet", "--charts", "none", "--out"])
        .arg(tmp.path())
        .arg(fixture("nothing*.toml"))
        .arg(fixture("small.toml"))
        .assert()
        .code(2)
        .stderr(contains("matches no scenario file"));
    assert!(tmp.path().join("small/summary.json").is_file());
}

#[test]
fn two_files_with_one_scenario_name_are_reported_and_neither_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("scenarios");
    std::fs::create_dir(&dir).unwrap();
    let small = std::fs::read_to_string(fixture("small.toml")).unwrap();
    std::fs::write(dir.join("small.toml"), &small).unwrap();
    // A copy that sorts first, with the same name in another case.
    std::fs::write(dir.join("a_copy.toml"), small.replace("name = \"small\"", "name = \"Small\"")).unwrap();
    std::fs::write(dir.join("other.toml"), small.replace("name = \"small\"", "name = \"other\"")).unwrap();
    pathways()
        .arg("validate")
        .arg(&dir)
        .assert()
        .code(2)
        .stderr(contains("scenario name `Small` is also used by"))
        .stderr(contains("small.toml"));
    let out = tmp.path().join("out");
    pathways()
        .args(["run", "--runs", "200", "--quiet", "--charts", "none", "--out"])
        .arg(&out)
        .arg(&dir)
        .assert()
        .code(2)
        .stderr(contains("neither runs"));
    assert!(out.join("other").is_dir(), "the others run");
    assert!(!out.join("small").exists() && !out.join("Small").exists(), "neither of the two");
}
