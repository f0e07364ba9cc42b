use crate::{fixture, pathways, read};
use predicates::str::contains;

#[test]
fn run_writes_summary_timeseries_and_runs() {
    let out = tempfile::tempdir().unwrap();
    pathways()
        .args(["run", "--runs", "1500", "--quiet", "--charts", "none", "--out"])
        .arg(out.path())
        .arg(fixture("small.toml"))
        .assert()
        .success();
    let summary: serde_json::Value = serde_json::from_str(&read(out.path(), "small", "summary.json")).unwrap();
    assert_eq!(summary["manifest"]["runs"], 1500);
    assert_eq!(summary["manifest"]["seed"], 11);
    assert_eq!(summary["manifest"]["scenario_sha256"].as_str().unwrap().len(), 64);
    let total: f64 = summary["pathways"].as_array().unwrap().iter().map(|p| p["probability"].as_f64().unwrap()).sum();
    assert!((total - 1.0).abs() < 1e-12, "pathway probabilities sum to {total}");
    for p in summary["pathways"].as_array().unwrap() {
        let (lo, mid, hi) =
            (p["ci95_low"].as_f64().unwrap(), p["probability"].as_f64().unwrap(), p["ci95_high"].as_f64().unwrap());
        assert!(lo <= mid && mid <= hi);
    }

    let ts = read(out.path(), "small", "timeseries.csv");
    let mut lines = ts.lines();
    assert_eq!(lines.next(), Some("month,variable,mean,sd,p5,p25,p50,p75,p95,min,max"));
    assert_eq!(ts.lines().count(), 1 + 25 * 14, "25 months × 14 variables");
    assert!(ts.contains("2025-01,tariff_us,20.7,0.0,20.7,20.7,20.7,20.7,20.7"), "the start month is the initial state");
    assert!(ts.lines().last().unwrap().starts_with("2027-01,us_deadweight_loss,"));

    let runs = read(out.path(), "small", "runs.csv");
    let header = runs.lines().next().unwrap();
    assert!(header.starts_with("run,agents.us.aggression,tariff_us,"), "{header}");
    assert!(header.ends_with("pathway,first_month_trade_war,first_month_other"), "{header}");
    assert_eq!(runs.lines().count(), 1501);
}

#[test]
fn scripted_move_sets_the_tariff() {
    let out = tempfile::tempdir().unwrap();
    pathways()
        .args(["run", "--runs", "500", "--quiet", "--charts", "none", "--out"])
        .arg(out.path())
        .arg(fixture("small.toml"))
        .args([
            "--set",
            "agents.us.policy=dove",
            "--set",
            "agents.us.aggression=0",
            "--set",
            "agents.china.policy=dove",
        ])
        .assert()
        .success();
    let ts = read(out.path(), &crate::set_folder(out.path(), "small"), "timeseries.csv");
    let feb = ts.lines().find(|l| l.starts_with("2025-03,tariff_us,")).unwrap();
    let median: f64 = feb.split(',').nth(6).unwrap().parse().unwrap();
    assert!((median - 45.0).abs() < 0.5, "median US tariff after the month-2 hike: {feb}");
}

#[test]
fn validate_says_ok_per_file() {
    pathways()
        .args(["validate"])
        .arg(fixture("small.toml"))
        .arg(fixture("child.toml"))
        .assert()
        .success()
        .stdout(contains("ok  ").and(contains("small.toml")).and(contains("child.toml")));
}

#[test]
fn list_shows_presets_variables_and_distributions() {
    pathways()
        .arg("list")
        .assert()
        .success()
        .stdout(contains("grim_trigger").and(contains("tariff_us")).and(contains("pert")).and(contains("retaliation")));
}

#[test]
fn the_shipped_scenarios_are_valid() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    pathways().arg("validate").arg(dir).assert().success();
}

use predicates::prelude::PredicateBooleanExt;

/// Width and height from a PNG's IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    let be = |i: usize| u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap());
    (be(16), be(20))
}

#[test]
fn run_writes_every_chart_at_the_requested_size() {
    let out = tempfile::tempdir().unwrap();
    pathways()
        .args(["run", "--runs", "300", "--quiet", "--chart-size", "800x450", "--out"])
        .arg(out.path())
        .arg(fixture("small.toml"))
        .arg(fixture("child.toml"))
        .assert()
        .success();
    let dir = out.path().join("small");
    let mut stems =
        vec!["pathways".to_string(), "time_to_pathway".into(), "scatter_tariff_us_vs_us_imports_from_cn".into()];
    for v in pathways::model::vars::VARS {
        stems.push(format!("fan_{}", v.key));
        stems.push(format!("hist_{}", v.key));
    }
    for stem in &stems {
        let png = std::fs::read(dir.join(format!("{stem}.png"))).unwrap_or_else(|e| panic!("{stem}.png: {e}"));
        assert_eq!(png_size(&png), (800, 450), "{stem}.png");
        let svg = std::fs::read_to_string(dir.join(format!("{stem}.svg"))).unwrap();
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"), "{stem}.svg is well formed");
        assert!(svg.contains("small · "), "{stem}.svg has the footer with the scenario name");
    }
    let fan = std::fs::read_to_string(dir.join("fan_tariff_us.svg")).unwrap();
    assert!(fan.contains("US tariff on Chinese goods (%)"), "axis label with unit");
    assert!(fan.contains("Median"), "legend entry");
    // Two scenarios with the same time axis: overlays at the top of the output folder.
    assert!(out.path().join("overlay_pathways.png").is_file());
    assert!(out.path().join("overlay_fan_tariff_us.svg").is_file());
    // --charts none writes no charts.
    let bare = tempfile::tempdir().unwrap();
    pathways()
        .args(["run", "--runs", "50", "--quiet", "--charts", "none", "--out"])
        .arg(bare.path())
        .arg(fixture("small.toml"))
        .assert()
        .success();
    assert_eq!(std::fs::read_dir(bare.path().join("small")).unwrap().count(), 3);
}

#[test]
fn a_closed_pipe_is_not_a_panic() {
    use std::process::{Command, Stdio};
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("pathways"))
        .arg("list")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away, like `| head`
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// `--quiet` means the same everywhere: only warnings and errors. `sensitivity`, `signposts`
/// and `validate` did not accept it before it became a common flag.
#[test]
fn quiet_silences_every_command_that_prints_a_summary() {
    let out = tempfile::tempdir().unwrap();
    let cases: [&[&str]; 3] = [
        &["sensitivity", "--runs", "16", "--bootstrap", "5", "--charts", "none"],
        &["signposts", "--runs", "200", "--charts", "none"],
        &["validate"],
    ];
    for args in cases {
        let mut cmd = pathways();
        cmd.args(args).arg(fixture("uncertain.toml"));
        if args[0] != "validate" {
            cmd.arg("--out").arg(out.path());
        }
        let assert = cmd.arg("--quiet").assert().success();
        assert!(
            assert.get_output().stdout.is_empty(),
            "{args:?}: {:?}",
            String::from_utf8_lossy(&assert.get_output().stdout)
        );
    }
    // Before the subcommand, as a global flag.
    let assert = pathways().args(["--quiet", "validate"]).arg(fixture("small.toml")).assert().success();
    assert!(assert.get_output().stdout.is_empty());
    pathways().arg("validate").arg(fixture("small.toml")).assert().success().stdout(contains("ok  "));
}

/// A common flag that means nothing to a subcommand is refused, saying why, instead of being
/// ignored.
#[test]
fn a_common_flag_a_command_cannot_use_is_refused_with_the_reason() {
    pathways()
        .args(["trace", "--run", "1", "--out", "somewhere"])
        .arg(fixture("small.toml"))
        .assert()
        .code(2)
        .stderr(contains("--out does not apply to `pathways trace`: it writes no results"));
    pathways()
        .args(["list", "--threads", "2"])
        .assert()
        .code(2)
        .stderr(contains("--threads does not apply to `pathways list`"));
}

/// `slurm --charts/--chart-size` are the merged result's charts: passed to the merge job.
#[test]
fn slurm_passes_chart_flags_to_the_merge_job() {
    let out = tempfile::tempdir().unwrap();
    pathways()
        .args(["slurm", "--shards", "2", "--charts", "svg", "--chart-size", "800x450", "--quiet", "--out"])
        .arg(out.path())
        .arg(fixture("small.toml"))
        .assert()
        .success()
        .stdout("");
    let merge = std::fs::read_to_string(out.path().join("slurm/merge.sbatch")).unwrap();
    assert!(merge.contains("--charts svg --chart-size 800x450"), "{merge}");
    pathways()
        .args(["slurm", "--shards", "2", "--chart-size", "huge", "--out"])
        .arg(out.path())
        .arg(fixture("small.toml"))
        .assert()
        .code(2);
}
