//! `pathways compare` and `run --compare`.

use crate::{fixture, pathways};
use predicates::str::contains;
use std::path::Path;

/// A child of small.toml that changes one parameter.
fn variant(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("elastic.toml");
    let text = format!(
        "[scenario]\nname = \"elastic\"\nextends = {:?}\n[economy]\nimport_elasticity = 3.0\n",
        fixture("small.toml").display().to_string()
    );
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn what_changed_shows_exactly_the_changed_parameter() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    pathways()
        .args(["run", "--runs", "800", "--quiet", "--charts", "none", "--compare", "--out"])
        .arg(&out)
        .arg(fixture("small.toml"))
        .arg(variant(tmp.path()))
        .assert()
        .success();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("compare.json")).unwrap()).unwrap();
    let changes = json["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0]["key"], "economy.import_elasticity");
    let md = std::fs::read_to_string(out.join("compare.md")).unwrap();
    assert!(md.contains("| `economy.import_elasticity` |"), "{md}");
    assert!(md.contains("Newcombe"));
    assert!(std::fs::read_to_string(out.join("compare.csv")).unwrap().starts_with("kind,name,scenario,value"));
}

#[test]
fn attribution_splits_each_change_across_parameters_and_interaction() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let variant = variant(tmp.path());
    pathways()
        .args(["run", "--runs", "600", "--quiet", "--charts", "none", "--out"])
        .arg(&out)
        .arg(fixture("small.toml"))
        .arg(&variant)
        .assert()
        .success();
    pathways()
        .args(["compare", "--attribute", "--charts", "none", "--out"])
        .arg(tmp.path().join("cmp"))
        .arg(out.join("small"))
        .arg(out.join("elastic"))
        .assert()
        .success()
        .stdout(contains("Compared with small"));
    let md = std::fs::read_to_string(tmp.path().join("cmp/compare.md")).unwrap();
    assert!(md.contains("Attribution: small → elastic"), "{md}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(tmp.path().join("cmp/compare.json")).unwrap()).unwrap();
    let a = &json["attributions"][0];
    assert_eq!(a["parameters"][0], "economy.import_elasticity");
    for p in a["pathways"].as_array().unwrap() {
        let total = p["total"].as_f64().unwrap();
        let parts: f64 = p["contributions"].as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).sum();
        // One parameter, common random numbers: the rerun reproduces the variant exactly.
        assert!((total - parts).abs() < 1e-12 && p["interaction"].as_f64().unwrap().abs() < 1e-12, "{p}");
    }
}

#[test]
fn comparing_a_folder_without_results_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    pathways().arg("compare").arg(tmp.path()).arg(tmp.path()).assert().failure().stderr(contains("summary.json"));
}

/// A child of small.toml named to sort first, over another period (a back-test).
fn backtest(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("aaa_backtest.toml");
    let text = format!(
        "[scenario]\nname = \"aaa_backtest\"\nextends = {:?}\nstart = \"2018-01\"\nhorizon_months = 12\n",
        fixture("small.toml").display().to_string()
    );
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn run_compare_uses_the_scenario_the_others_extend_and_leaves_out_other_periods() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let assert = pathways()
        .args(["run", "--runs", "400", "--charts", "none", "--compare", "--out"])
        .arg(&out)
        .arg(backtest(tmp.path()))
        .arg(variant(tmp.path()))
        .arg(fixture("small.toml"))
        .assert()
        .success();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("compare.json")).unwrap()).unwrap();
    assert_eq!(json["reference"], "small");
    let compared: Vec<&str> =
        json["scenarios"].as_array().unwrap().iter().map(|s| s["scenario"].as_str().unwrap()).collect();
    assert_eq!(compared, ["small", "elastic"], "the back-test has another period");
    let md = std::fs::read_to_string(out.join("compare.md")).unwrap();
    assert!(md.contains("Not compared (another period than the reference's): aaa_backtest runs Jan 2018"), "{md}");
    // The terminal gets a short table, not the markdown.
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    let table = &stdout[stdout.find("Compared with small").expect("the short table")..];
    assert!(!table.contains("##") && table.lines().count() <= 6, "{table}");
    assert!(table.contains("elastic") && table.contains("compare.md"), "{table}");

    // --reference names another.
    pathways()
        .args(["run", "--runs", "400", "--charts", "none", "--compare", "--quiet", "--reference", "elastic", "--out"])
        .arg(&out)
        .arg(variant(tmp.path()))
        .arg(fixture("small.toml"))
        .assert()
        .success();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("compare.json")).unwrap()).unwrap();
    assert_eq!(json["reference"], "elastic");
    pathways()
        .args(["run", "--runs", "400", "--charts", "none", "--compare", "--reference", "nope", "--out"])
        .arg(&out)
        .arg(fixture("small.toml"))
        .assert()
        .code(2)
        .stderr(contains("no scenario named `nope`"));
}

/// A result folder of small.toml whose summary.json is then edited by `edit`.
fn tampered(tmp: &Path, edit: impl Fn(&mut serde_json::Value)) -> std::path::PathBuf {
    let out = tmp.join("out");
    pathways()
        .args(["run", "--runs", "100", "--quiet", "--charts", "none", "--out"])
        .arg(&out)
        .arg(fixture("small.toml"))
        .assert()
        .success();
    let path = out.join("small/summary.json");
    let mut doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    edit(&mut doc);
    std::fs::write(&path, serde_json::to_string(&doc).unwrap()).unwrap();
    out.join("small")
}

/// Every edit that once aborted (a 2.9 TB allocation for a huge horizon) or panicked (slicing a
/// non-hex hash), or would mislead: exit 2 naming the file and the field.
#[test]
fn rejects_tampered_summaries_with_a_clear_message() {
    type Edit = fn(&mut serde_json::Value);
    let cases: [(&str, Edit); 7] = [
        ("manifest.horizon_months", |d| d["manifest"]["horizon_months"] = 4_000_000_000u32.into()),
        ("manifest.scenario_sha256", |d| {
            d["manifest"]["scenario_sha256"] = "中文中文中文中文中文中文中文中文中文中文中文中文".into()
        }),
        ("manifest.scenario_sha256", |d| d["manifest"]["scenario_sha256"] = "xyz".into()),
        ("manifest.runs", |d| d["manifest"]["runs"] = 0.into()),
        ("manifest.runs", |d| d["manifest"]["runs"] = (-3).into()),
        ("between 0 and 1", |d| d["pathways"][0]["probability"] = 7.5.into()),
        ("manifest.start", |d| d["manifest"]["start"] = "next year".into()),
    ];
    for (needle, edit) in cases {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tampered(tmp.path(), edit);
        let out = pathways()
            .args(["compare", "--charts", "none", "--quiet", "--out"])
            .arg(tmp.path().join("cmp"))
            .arg(&dir)
            .arg(&dir)
            .timeout(std::time::Duration::from_secs(60))
            .assert()
            .code(2)
            .get_output()
            .clone();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains("summary.json") && stderr.contains(needle), "{needle}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}
