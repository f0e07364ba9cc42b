//! `pathways sweep`: grids, common random numbers, sweep files and bad grids.

use crate::{fixture, pathways, read};
use predicates::str::contains;

fn rows(csv: &str) -> Vec<Vec<String>> {
    csv.lines().map(|l| l.split(',').map(String::from).collect()).collect()
}

#[test]
fn a_point_at_the_base_value_equals_a_plain_run() {
    let tmp = tempfile::tempdir().unwrap();
    let sweep = tmp.path().join("sweep");
    pathways()
        .args([
            "sweep",
            "--runs",
            "1500",
            "--quiet",
            "--charts",
            "none",
            "--param",
            "economy.import_elasticity=3.0,1.6",
        ])
        .arg("--out")
        .arg(&sweep)
        .arg(fixture("small.toml"))
        .assert()
        .success();
    pathways()
        .args(["run", "--runs", "1500", "--quiet", "--charts", "none", "--out"])
        .arg(tmp.path().join("plain"))
        .arg(fixture("small.toml"))
        .assert()
        .success();
    let table = rows(&std::fs::read_to_string(sweep.join("sweep.csv")).unwrap());
    let col = |name: &str| table[0].iter().position(|c| c == name).unwrap();
    let base = table.iter().find(|r| r[0] == "1.6").expect("the base point");
    let summary: serde_json::Value =
        serde_json::from_str(&read(&tmp.path().join("plain"), "small", "summary.json")).unwrap();
    for p in summary["pathways"].as_array().unwrap() {
        let name = p["name"].as_str().unwrap();
        let swept: f64 = base[col(&format!("{name}_probability"))].parse().unwrap();
        // serde_json's default float parser may be one ulp off; the counts behind are equal.
        assert!((swept - p["probability"].as_f64().unwrap()).abs() < 1e-15, "{name}");
    }
    let tariff =
        summary["horizon"]["variables"].as_array().unwrap().iter().find(|v| v["variable"] == "tariff_us").unwrap();
    assert!((base[col("tariff_us_p50")].parse::<f64>().unwrap() - tariff["p50"].as_f64().unwrap()).abs() < 1e-12);
    let other = table.iter().find(|r| r[0] == "3").expect("the other point");
    assert_ne!(other[col("us_imports_from_cn_p50")], base[col("us_imports_from_cn_p50")]);
}

#[test]
fn a_two_parameter_sweep_writes_a_row_per_point_and_a_heatmap() {
    let tmp = tempfile::tempdir().unwrap();
    pathways()
        .args(["sweep", "--runs", "300", "--quiet", "--charts", "svg", "--chart-size", "640x360"])
        .args(["--param", "agents.us.aggression=0:0.4:3", "--param", "economy.import_elasticity=1.5,2.5"])
        .args(["--pathway", "trade_war", "--out"])
        .arg(tmp.path())
        .arg(fixture("small.toml"))
        .assert()
        .success();
    let table = rows(&std::fs::read_to_string(tmp.path().join("sweep.csv")).unwrap());
    assert_eq!(table.len(), 1 + 6);
    assert_eq!(table[0][..2], ["agents.us.aggression", "economy.import_elasticity"]);
    assert_eq!(table[4][..2], ["0.2", "2.5"]);
    let svg = std::fs::read_to_string(tmp.path().join("sweep_heatmap_trade_war.svg")).unwrap();
    assert!(svg.contains("100%") && svg.contains("0%"), "the colour scale is labelled");
}

#[test]
fn a_sweep_file_declares_scenario_grid_and_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("s.toml");
    let text = format!(
        "[sweep]\nscenario = {:?}\nruns = 200\n[[sweep.params]]\nkey = \"agents.us.aggression\"\ngrid = \"0:0.3:4\"\n",
        fixture("small.toml").display().to_string()
    );
    std::fs::write(&file, text).unwrap();
    pathways()
        .args(["sweep", "--quiet", "--charts", "svg", "--chart-size", "640x360", "--out"])
        .arg(tmp.path().join("out"))
        .arg(&file)
        .assert()
        .success();
    let table = rows(&std::fs::read_to_string(tmp.path().join("out/sweep.csv")).unwrap());
    assert_eq!(table.len(), 1 + 4);
    assert!(tmp.path().join("out/sweep_pathways.svg").is_file());
}

#[test]
fn the_shipped_sweep_file_is_valid() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/sweeps/us_aggression.toml")).unwrap();
    assert!(pathways::commands::sweep::file::is_sweep(&text));
    let s = pathways::commands::sweep::file::parse(std::path::Path::new("sweeps/us_aggression.toml"), &text).unwrap();
    assert!(s.scenario.ends_with("baseline.toml") && s.axes.len() == 2);
}

#[test]
fn bad_grids_exit_2_saying_why() {
    let cases: [(&[&str], &str); 5] = [
        (&["--param", "agents.us.aggression=0:1:1"], "at least 2"),
        (&["--param", "agents.us.aggression=0:x:3"], "not a number"),
        (&["--param", "a=1,2", "--param", "b=1,2", "--param", "c=1,2"], "one or two"),
        (&["--param", "agents.us.agression=0.1,0.2"], "aggression"),
        (&["--param", "agents.us.aggression=0.1,0.2", "--pathway", "détente"], "no pathway"),
    ];
    for (args, message) in cases {
        pathways()
            .args(["sweep", "--runs", "100", "--quiet", "--charts", "none", "--out"])
            .arg(std::env::temp_dir().join("pathways-bad-sweep"))
            .args(args)
            .arg(fixture("small.toml"))
            .assert()
            .code(2)
            .stderr(contains(message));
    }
    pathways()
        .args(["sweep", "--quiet"])
        .arg(fixture("small.toml"))
        .assert()
        .code(2)
        .stderr(contains("needs a parameter"));
}
