//! Every class of bad input: exit code 2, one clear message with file, line, column and key,
//! and no output folder.

use crate::{fixture, pathways};
use predicates::str::contains;
use std::path::Path;

const VALID: &str = r#"[scenario]
name = "bad"
horizon_months = 12

[agents.us]
policy = "hawk"

[[pathways]]
name = "all"
"#;

/// Writes `text` as a scenario, runs it, and checks exit 2, the position and the key.
fn rejects(text: &str, position: &str, needles: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.toml");
    std::fs::write(&file, text).unwrap();
    let out = dir.path().join("out");
    let assert = pathways().args(["run", "--quiet", "--out"]).arg(&out).arg(&file).assert().code(2);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains(&format!("bad.toml:{position}")), "expected position {position} in:\n{stderr}");
    for n in needles {
        assert!(stderr.contains(n), "expected `{n}` in:\n{stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!out.exists(), "no output folder for invalid input");
}

fn with(extra: &str) -> String {
    format!("{VALID}{extra}")
}

#[test]
fn rejects_toml_syntax_error() {
    rejects(&with("\n[economy]\nimport_elasticity = = 2\n"), "12:", &["invalid TOML"]);
}

#[test]
fn rejects_unknown_key_with_suggestion() {
    let text = VALID.replace("policy = \"hawk\"", "policy = \"hawk\"\nagression = 0.2");
    rejects(&text, "7:1", &["agents.us.agression", "unknown key", "did you mean `aggression`?"]);
}

#[test]
fn rejects_wrong_type() {
    rejects(&with("\n[simulation]\nruns = \"many\"\n"), "12:8", &["simulation.runs", "wrong type"]);
}

#[test]
fn rejects_probability_above_one() {
    let text = VALID.replace("policy = \"hawk\"", "policy = \"hawk\"\nretaliation = 1.5");
    rejects(&text, "7:15", &["agents.us.retaliation", "between 0 and 1", "1.5"]);
}

#[test]
fn rejects_negative_tariff() {
    rejects(&with("\n[initial]\ntariff_us = -5\n"), "12:13", &["initial.tariff_us", "zero or positive"]);
}

#[test]
fn rejects_nan_and_infinity() {
    let text = VALID.replace("policy = \"hawk\"", "policy = \"hawk\"\nnoise = nan");
    rejects(&text, "7:9", &["agents.us.noise", "finite"]);
    rejects(&with("\n[economy]\nmax_tariff = inf\n"), "12:14", &["economy.max_tariff", "finite"]);
}

#[test]
fn rejects_distribution_with_min_above_max() {
    let text = VALID
        .replace("policy = \"hawk\"", "policy = \"hawk\"\naggression = { dist = \"uniform\", min = 0.3, max = 0.1 }");
    rejects(&text, "7:14", &["agents.us.aggression", "`min` (0.3) must be less than `max` (0.1)"]);
}

#[test]
fn rejects_non_positive_scale() {
    rejects(
        &with("\n[economy]\nimport_elasticity = { dist = \"normal\", mean = 2, sd = 0 }\n"),
        "12:21",
        &["economy.import_elasticity", "`sd` must be positive"],
    );
}

#[test]
fn rejects_unknown_distribution() {
    rejects(
        &with("\n[economy]\nimport_elasticity = { dist = \"gaussian\", mean = 2, sd = 1 }\n"),
        "12:30",
        &["unknown distribution `gaussian`", "normal"],
    );
}

#[test]
fn rejects_unknown_preset() {
    let text = VALID.replace("\"hawk\"", "\"hawkish\"");
    rejects(&text, "6:10", &["agents.us.policy", "unknown preset `hawkish`", "did you mean `hawk`?"]);
}

#[test]
fn rejects_unknown_state_variable_in_pathway() {
    let text = VALID.replace(
        "[[pathways]]\nname = \"all\"",
        "[[pathways]]\nname = \"war\"\nwhen = { tarif_us = { min = 30 } }\n\n[[pathways]]\nname = \"all\"",
    );
    rejects(&text, "10:10", &["pathways.war.when.tarif_us", "unknown state variable", "did you mean `tariff_us`?"]);
}

#[test]
fn rejects_unknown_actor_and_action() {
    rejects(
        &with("\n[[timeline]]\nname = \"x\"\nmonth = 2\nactor = \"eu\"\naction = \"escalate_tariffs\"\n"),
        "14:9",
        &["timeline.x.actor", "unknown actor `eu`"],
    );
    rejects(
        &with("\n[[timeline]]\nname = \"x\"\nmonth = 2\nactor = \"us\"\naction = \"escalate\"\n"),
        "15:10",
        &["timeline.x.action", "unknown action `escalate`", "escalate_tariffs"],
    );
}

#[test]
fn rejects_timeline_month_beyond_horizon() {
    rejects(
        &with("\n[[timeline]]\nname = \"late\"\nmonth = 30\nactor = \"us\"\naction = \"hold\"\n"),
        "13:9",
        &["timeline.late.month", "beyond the scenario's horizon"],
    );
}

#[test]
fn rejects_missing_catch_all_pathway() {
    let text = VALID.replace("name = \"all\"", "name = \"all\"\nwhen = { tension = { min = 0.5 } }");
    rejects(&text, "8:1", &["catch-all"]);
}

#[test]
fn reports_all_problems_at_once() {
    let text = VALID.replace("policy = \"hawk\"", "policy = \"hawk\"\nnoise = 2\nengagement = -1");
    rejects(&text, "7:9", &["agents.us.noise", "agents.us.engagement", "bad.toml:8:14"]);
}

#[test]
fn rejects_extends_cycle() {
    let out = tempfile::tempdir().unwrap();
    pathways()
        .args(["run", "--quiet", "--out"])
        .arg(out.path().join("o"))
        .arg(fixture("cycle_a.toml"))
        .assert()
        .code(2)
        .stderr(contains("cycle_b.toml:3:11").and(contains("cycle")).and(contains("scenario.extends")));
}

#[test]
fn rejects_missing_parent() {
    pathways()
        .args(["validate"])
        .arg(fixture("orphan.toml"))
        .assert()
        .code(2)
        .stderr(contains("orphan.toml:3:11").and(contains("no_such_parent.toml")).and(contains("scenario.extends")));
}

#[test]
fn rejects_missing_scenario_file() {
    pathways()
        .args(["run", "--quiet", "nowhere/missing.toml"])
        .assert()
        .code(2)
        .stderr(contains("nowhere/missing.toml"));
}

#[test]
fn unwritable_output_folder_names_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "not a folder").unwrap();
    let out = blocker.join("out");
    pathways()
        .args(["run", "--quiet", "--runs", "10", "--charts", "none", "--out"])
        .arg(&out)
        .arg(fixture("small.toml"))
        .assert()
        .code(1)
        .stderr(contains(out.display().to_string()));
    assert!(Path::new(&blocker).is_file());
}

#[test]
fn rejects_bad_set_argument() {
    pathways()
        .args(["run", "--quiet", "--set", "agents.us.agression=0.3"])
        .arg(fixture("small.toml"))
        .assert()
        .code(2)
        .stderr(contains("--set agents.us.agression=0.3").and(contains("did you mean `aggression`?")));
    pathways().args(["run", "--quiet", "--set", "no_equals_sign"]).arg(fixture("small.toml")).assert().code(2);
}

/// Found by a hostile pass: each ran and panicked, or wrote NaN into the results, before
/// validation bounded the values.
#[test]
fn rejects_a_tariff_set_to_1e308() {
    rejects(
        &with("\n[[timeline]]\nname = \"t\"\nmonth = 2\nactor = \"us\"\naction = \"set_tariff\"\nvalue = 1e308\n"),
        "16:9",
        &["timeline.t.value", "at most 1000, got 1e308", "prohibitive"],
    );
}

#[test]
fn rejects_trade_growth_below_minus_100_percent() {
    rejects(
        &with("\n[economy]\ntrend_growth_imports = -101\n"),
        "12:24",
        &["economy.trend_growth_imports", "above -100", "got -101"],
    );
}

/// A distribution that can draw outside the valid range is refused (not clipped), and the
/// message says so and how to truncate it.
#[test]
fn refuses_a_distribution_that_can_leave_the_valid_range() {
    rejects(
        &with("\n[economy]\ntrend_growth_imports = { dist = \"normal\", mean = 0, sd = 60 }\n"),
        "12:24",
        &["economy.trend_growth_imports", "reaches -inf–inf", "refused (not clipped)", "`min` and `max`"],
    );
    rejects(
        &with("\n[economy]\nimport_elasticity = { dist = \"uniform\", min = 1, max = 50 }\n"),
        "12:21",
        &["economy.import_elasticity", "reaches 1–50", "refused (not clipped)"],
    );
}

#[test]
fn explain_refuses_absurd_beta_shapes_instead_of_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.toml");
    std::fs::write(&file, with("\n[economy]\nimport_elasticity = { dist = \"beta\", alpha = 1e300, beta = 1e300 }\n"))
        .unwrap();
    pathways()
        .arg("explain")
        .arg(&file)
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(2)
        .stderr(contains("bad.toml:12:21").and(contains("must lie between 0.001 and 100000, got 1e300")));
}

use predicates::prelude::PredicateBooleanExt;
