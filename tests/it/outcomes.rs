//! `[[outcomes]]`: per-run statistics over windows equal a brute-force computation from the
//! runs' monthly paths (`run --paths`), their summaries equal a brute-force summary of those
//! values, they are usable as `--outcome`, and bad declarations are refused at their line.

use crate::{fixture, pathways};
use std::collections::HashMap;
use std::path::Path;

/// 1,500 runs: a full block and a partial one.
const RUNS: usize = 1500;

/// `paths.csv` as `paths[run][month][variable]`.
fn read_paths(dir: &Path) -> Vec<Vec<HashMap<String, f64>>> {
    let mut rdr = csv::Reader::from_path(dir.join("paths.csv")).unwrap();
    let mut paths: Vec<Vec<HashMap<String, f64>>> = Vec::new();
    for row in rdr.records() {
        let row = row.unwrap();
        let (run, month): (usize, usize) = (row[0].parse().unwrap(), row[1].parse().unwrap());
        if paths.len() <= run {
            paths.resize(run + 1, Vec::new());
        }
        if paths[run].len() <= month {
            paths[run].resize(month + 1, HashMap::new());
        }
        paths[run][month].insert(row[3].to_string(), row[4].parse().unwrap());
    }
    paths
}

/// One column of runs.csv, empty cells as NaN.
fn column(dir: &Path, name: &str) -> Vec<f64> {
    let mut rdr = csv::Reader::from_path(dir.join("runs.csv")).unwrap();
    let i = rdr.headers().unwrap().iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
    rdr.records().map(|r| r.unwrap()[i].parse().unwrap_or(f64::NAN)).collect()
}

/// The brute-force value of each outcome of tests/fixtures/outcomes.toml (start 2025-01,
/// horizon 24), written out from the file's declarations.
fn brute_force(path: &[HashMap<String, f64>]) -> Vec<(&'static str, f64)> {
    let x = |m: usize, v: &str| path[m][v];
    let months = |a: usize, b: usize, v: &'static str| (a..=b).map(move |m| x(m, v));
    let first = |a: usize, b: usize, v: &str, lo: f64| (a..=b).find(|&m| x(m, v) >= lo).map_or(f64::NAN, |m| m as f64);
    vec![
        ("imports_2026", months(12, 23, "us_imports_from_cn").sum::<f64>() / 12.0),
        ("tension_sum", months(0, 24, "tension").sum()),
        ("lowest_exports", months(1, 24, "us_exports_to_cn").fold(f64::INFINITY, f64::min)),
        ("peak_tariff_year_one", months(1, 12, "tariff_us").fold(f64::NEG_INFINITY, f64::max)),
        ("tariff_cn_at_18", x(18, "tariff_cn")),
        ("first_month_cn_tariff_40", first(1, 24, "tariff_cn", 40.0)),
        ("us_tariff_over_60_any", f64::from(u8::from(months(1, 12, "tariff_us").any(|v| v >= 60.0)))),
        ("tension_high_all_year_two", f64::from(u8::from(months(12, 23, "tension").all(|v| v >= 0.5)))),
    ]
}

#[test]
fn outcome_values_equal_brute_force_computation_from_paths() {
    let tmp = tempfile::tempdir().unwrap();
    pathways()
        .args(["run", "--runs", &RUNS.to_string(), "--paths", &RUNS.to_string(), "--quiet", "--charts", "none"])
        .args(["--threads", "2", "--out"])
        .arg(tmp.path())
        .arg(fixture("outcomes.toml"))
        .assert()
        .success();
    let dir = tmp.path().join("outcomes");
    let paths = read_paths(&dir);
    assert_eq!(paths.len(), RUNS);
    assert!(paths.iter().all(|p| p.len() == 25), "months 0..=24 of every run");
    let expected: Vec<Vec<(&str, f64)>> = paths.iter().map(|p| brute_force(p)).collect();
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap();
    let outcomes = summary["outcomes"].as_array().unwrap();
    assert_eq!(outcomes.len(), 8);
    for (j, o) in outcomes.iter().enumerate() {
        let name = expected[0][j].0;
        assert_eq!(o["name"], name);
        let got = column(&dir, name);
        let want: Vec<f64> = expected.iter().map(|e| e[j].1).collect();
        for (r, (g, w)) in got.iter().zip(&want).enumerate() {
            // runs.csv holds the shortest text that reads back as the same double.
            assert!(g == w || (g.is_nan() && w.is_nan()), "{name}, run {r}: engine {g}, from the path {w}");
        }
        // The summary is the brute-force summary of the same values.
        let with_value: Vec<f64> = want.iter().copied().filter(|v| !v.is_nan()).collect();
        assert_eq!(o["runs_with_value"].as_u64(), Some(with_value.len() as u64), "{name}");
        match o["statistic"].as_str().unwrap() {
            "any" | "all" => {
                let holds = want.iter().filter(|v| **v == 1.0).count();
                assert_eq!(o["probability"]["count"].as_u64(), Some(holds as u64), "{name}");
                assert!(o.get("distribution").is_none());
            }
            _ => {
                let mean = with_value.iter().sum::<f64>() / with_value.len() as f64;
                let d = &o["distribution"];
                assert_eq!(d["mean"].as_f64(), Some(mean), "{name}: mean");
                let mut sorted = with_value.clone();
                sorted.sort_by(f64::total_cmp);
                let pos = 0.5 * (sorted.len() - 1) as f64;
                let (i, f) = (pos.floor() as usize, pos.fract());
                let median = if f > 0.0 { sorted[i] + f * (sorted[i + 1] - sorted[i]) } else { sorted[i] };
                assert_eq!(d["p50"].as_f64(), Some(median), "{name}: median");
            }
        }
    }
    // The outcomes are not degenerate: the conditions hold in some runs and not in others.
    let any = column(&dir, "us_tariff_over_60_any");
    assert!(any.contains(&1.0) && any.contains(&0.0));
    assert!(column(&dir, "first_month_cn_tariff_40").iter().any(|v| v.is_nan()));
}

#[test]
fn paths_are_the_first_runs_of_the_study_whatever_n() {
    // The first 10 runs' paths are the same whether 10 or 1,500 are written, and their horizon
    // values are the runs' rows in runs.csv.
    let tmp = tempfile::tempdir().unwrap();
    for (out, n) in [("a", "10"), ("b", "1500")] {
        pathways()
            .args(["run", "--runs", "1500", "--paths", n, "--quiet", "--charts", "none", "--out"])
            .arg(tmp.path().join(out))
            .arg(fixture("uncertain.toml"))
            .assert()
            .success();
    }
    let a = read_paths(&tmp.path().join("a/uncertain"));
    let b = read_paths(&tmp.path().join("b/uncertain"));
    assert_eq!(a.len(), 10);
    assert_eq!(a[..], b[..10]);
    let tariff = column(&tmp.path().join("a/uncertain"), "tariff_us");
    for (r, p) in a.iter().enumerate() {
        assert_eq!(p[24]["tariff_us"] as f32, tariff[r] as f32, "run {r}: runs.csv holds f32");
    }
}

#[test]
fn sensitivity_signposts_sweep_and_compare_take_an_outcome() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    let scenario = fixture("outcomes.toml");
    pathways()
        .args(["sensitivity", "--outcome", "us_tariff_over_60_any", "--runs", "64", "--charts", "none", "--out"])
        .arg(out)
        .arg(&scenario)
        .assert()
        .success();
    let s: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("outcomes/sensitivity/sensitivity.json")).unwrap())
            .unwrap();
    assert_eq!(s["outcome"], "us_tariff_over_60_any");
    assert!(s["outcome_label"].as_str().unwrap().starts_with("probability: US tariff on Chinese goods ≥ 60"));
    pathways()
        .args(["sensitivity", "--outcome", "first_month_cn_tariff_40", "--runs", "16", "--out"])
        .arg(out)
        .arg(&scenario)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("analyse an `any` outcome"));

    let assert = pathways()
        .args(["signposts", "--outcome", "us_tariff_over_60_any", "--runs", "1000", "--top", "2", "--out"])
        .arg(out)
        .arg(&scenario)
        .assert()
        .success();
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("holds") && stdout.contains("does not hold"), "{stdout}");
    let csv = std::fs::read_to_string(out.join("outcomes/signposts/signposts.csv")).unwrap();
    assert!(csv.lines().next().unwrap().contains("outcome_class"));
    // Indicators are read before the outcome's window ends (month 12).
    assert!(csv.lines().skip(1).all(|l| l.split(',').nth(3).unwrap().parse::<u32>().unwrap() < 12), "{csv}");

    pathways()
        .args(["sweep", "--param", "agents.us.aggression=0.02,0.2", "--runs", "300", "--outcome", "imports_2026"])
        .args(["--charts", "svg", "--quiet", "--out"])
        .arg(out.join("sweep"))
        .arg(&scenario)
        .assert()
        .success();
    let sweep = std::fs::read_to_string(out.join("sweep/sweep.csv")).unwrap();
    let header: Vec<&str> = sweep.lines().next().unwrap().split(',').collect();
    assert!(header.contains(&"imports_2026") && header.contains(&"us_tariff_over_60_any_high"), "{header:?}");
    assert!(out.join("sweep/sweep_outcome_imports_2026.svg").exists());

    for (name, aggression) in [("a", "0.02"), ("b", "0.3")] {
        pathways()
            .args(["run", "--runs", "1000", "--quiet", "--charts", "none", "--set"])
            .arg(format!("agents.us.aggression={aggression}"))
            .arg("--out")
            .arg(out.join(name))
            .arg(&scenario)
            .assert()
            .success();
    }
    let assert = pathways()
        .args(["compare", "--outcome", "us_tariff_over_60_any", "--charts", "none", "--out"])
        .arg(out.join("cmp"))
        .arg(out.join("a").join(crate::set_folder(&out.join("a"), "outcomes")))
        .arg(out.join("b").join(crate::set_folder(&out.join("b"), "outcomes")))
        .assert()
        .success();
    assert!(assert.get_output().status.success());
    let md = std::fs::read_to_string(out.join("cmp/compare.md")).unwrap();
    assert!(md.contains("## Outcomes") && md.contains("`us_tariff_over_60_any` (probability"), "{md}");
    assert!(!md.contains("`imports_2026`"), "only the outcome asked for");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("cmp/compare.json")).unwrap()).unwrap();
    let d = &json["outcomes"][0]["diffs"][0];
    assert!(d["diff"].as_f64().unwrap() > 0.0 && d["ci_low"].as_f64().unwrap() > 0.0, "more aggression, more often");
}

/// Writes a scenario extending the small fixture with `outcome`, validates it, returns stderr.
fn invalid(outcome: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.toml");
    let text = format!(
        "[scenario]\nname = \"bad\"\nextends = \"{}\"\n\n[[outcomes]]\n{outcome}",
        fixture("small.toml").display()
    );
    std::fs::write(&file, text).unwrap();
    let assert = pathways().args(["validate"]).arg(&file).assert().code(2);
    String::from_utf8(assert.get_output().stderr.clone()).unwrap()
}

#[test]
fn bad_outcomes_are_refused_at_their_line() {
    let cases = [
        ("name = \"o\"\nvariable = \"tarif_us\"\nstatistic = \"mean\"\n", "bad.toml:7:12", "did you mean `tariff_us`"),
        (
            "name = \"o\"\nvariable = \"tariff_us\"\nstatistic = \"value\"\nwindow = [1, 5]\n",
            "bad.toml:8:13",
            "`value` reads one month",
        ),
        ("name = \"o\"\nvariable = \"tariff_us\"\nstatistic = \"any\"\n", "bad.toml:5:1", "`any` needs a condition"),
        (
            "name = \"o\"\nvariable = \"tariff_us\"\nstatistic = \"mean\"\nperiod = \"2030\"\n",
            "bad.toml:9:10",
            "is not inside the scenario's months",
        ),
        (
            "name = \"trade_war\"\nvariable = \"tariff_us\"\nstatistic = \"mean\"\n",
            "bad.toml:6:8",
            "is already a pathway",
        ),
        ("name = \"o\"\nvariable = \"tariff_us\"\nstatistic = \"median\"\n", "bad.toml:8:13", "statistic"),
        (
            "name = \"o\"\nvariable = \"tariff_us\"\nstatistic = \"mean\"\nwhen = { min = 3 }\n",
            "bad.toml:9:8",
            "`mean` takes no condition",
        ),
    ];
    for (outcome, position, message) in cases {
        let stderr = invalid(outcome);
        assert!(stderr.contains(position), "expected {position} in:\n{stderr}");
        assert!(stderr.contains(message), "expected `{message}` in:\n{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}
