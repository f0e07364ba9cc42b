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

// ---- The hostile corpus: every numeric field, overflowing values, extends, huge files,
// duplicate keys and control characters. Each exits 2 (with file:line:col where there is
// one), without a panic, within a minute and within 4 GB of address space.

/// Runs `pathways ARGS` with at most 4 GB of address space and a minute; checks exit 2 and no
/// panic, and returns stderr.
fn hostile(args: &[&std::ffi::OsStr]) -> String {
    let bin = assert_cmd::cargo::cargo_bin("pathways");
    let out = assert_cmd::Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 4000000 && exec \"$0\" \"$@\"")
        .arg(&bin)
        .args(args)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "{args:?}\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

fn os(s: &str) -> &std::ffi::OsStr {
    std::ffi::OsStr::new(s)
}

/// A scenario with a number in every kind of place: every initial value, economy and agent
/// parameter (as `explain` writes them all), distributions, an event with a window and
/// effects, a fixed-month event, a scripted move with a value, pathway bounds, correlations.
fn rich_scenario() -> toml::Table {
    let extra = r#"
[[events]]
name = "windowed"
probability = 0.1
window = [2, 20]
effects = { tension = 0.1, gdp_us = { dist = "uniform", min = -1, max = 0 } }

[[events]]
name = "fixed"
month = 6
effects = { cooperation = 0.1 }

[[timeline]]
name = "hike"
month = 3
actor = "us"
action = "set_tariff"
value = 40
"#;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rich.toml");
    let base = std::fs::read_to_string(fixture("uncertain.toml")).unwrap();
    std::fs::write(&path, format!("{base}{extra}")).unwrap();
    let s = pathways::scenario::load::load(&path, &[]).unwrap();
    pathways::export::explain::explain(&s).unwrap().parse().unwrap()
}

/// Every numeric leaf of `v`, as a path of keys and array indices.
fn numeric_paths(v: &toml::Value, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match v {
        toml::Value::Integer(_) | toml::Value::Float(_) => out.push(path.clone()),
        toml::Value::Table(t) => {
            for (k, v) in t {
                path.push(k.clone());
                numeric_paths(v, path, out);
                path.pop();
            }
        }
        toml::Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                path.push(i.to_string());
                numeric_paths(v, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn set_path(v: &mut toml::Value, path: &[String], new: toml::Value) {
    let slot = path.iter().fold(v, |v, k| match v {
        toml::Value::Table(t) => t.get_mut(k).unwrap(),
        toml::Value::Array(a) => &mut a[k.parse::<usize>().unwrap()],
        _ => unreachable!("a path into tables and arrays"),
    });
    *slot = new;
}

#[test]
fn nan_and_infinity_are_refused_in_every_numeric_field() {
    let rich = toml::Value::Table(rich_scenario());
    let mut paths = Vec::new();
    numeric_paths(&rich, &mut Vec::new(), &mut paths);
    assert!(paths.len() > 80, "{} numeric fields", paths.len());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.toml");
    for path in &paths {
        for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let mut doc = rich.clone();
            set_path(&mut doc, path, toml::Value::Float(v));
            std::fs::write(&file, toml::to_string(&doc).unwrap()).unwrap();
            let err = pathways::scenario::load::load(&file, &[]).map(|_| ()).unwrap_err();
            assert_eq!(err.exit_code(), 2, "{path:?} = {v}");
            let pathways::Error::Scenario(ds) = &err else { panic!("{path:?} = {v}: {err}") };
            assert!(
                ds.iter().any(|d| d.position().starts_with(&format!("{}:", file.display()))),
                "{path:?} = {v}: {err}"
            );
        }
    }
    // The same through the command line, for a sample.
    let mut doc = rich.clone();
    set_path(&mut doc, &["economy".into(), "max_tariff".into()], toml::Value::Float(f64::NAN));
    std::fs::write(&file, toml::to_string(&doc).unwrap()).unwrap();
    let stderr = hostile(&[os("run"), os("--out"), dir.path().join("out").as_os_str(), file.as_os_str()]);
    assert!(stderr.contains("economy.max_tariff") && stderr.contains("bad.toml:"), "{stderr}");
}

#[test]
fn values_that_would_overflow_the_engine_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.toml");
    let small = fixture("small.toml");
    let out = dir.path().join("out");
    for (text, position, needle) in [
        ("\n[simulation]\nruns = 9223372036854775807\n", "12:8", "simulation.runs"),
        ("\n[simulation]\nruns = 18446744073709551615\n", "12:8", "invalid TOML"),
        ("\n[simulation]\nseed = -1\n", "12:8", "simulation.seed"),
    ] {
        std::fs::write(&file, with(text)).unwrap();
        let stderr = hostile(&[os("run"), os("--out"), out.as_os_str(), file.as_os_str()]);
        assert!(stderr.contains(&format!("bad.toml:{position}")) && stderr.contains(needle), "{stderr}");
    }
    std::fs::write(&file, VALID.replace("horizon_months = 12", "horizon_months = 1000000000")).unwrap();
    let stderr = hostile(&[os("validate"), file.as_os_str()]);
    assert!(stderr.contains("bad.toml:3:18") && stderr.contains("between 1 and 600 months"), "{stderr}");
    let cases: [&[&str]; 7] = [
        &["run", "--runs", "18446744073709551615"],
        &["run", "--seed", "18446744073709551615"],
        &["run", "--chart-size", "0x0"],
        &["run", "--chart-size", "1000000x1000000"],
        &["run", "--threads", "1000000"],
        &["sensitivity", "--bootstrap", "18446744073709551615"],
        &["run", "--set", "scenario.horizon_months=1000000000"],
    ];
    for args in cases {
        let mut all: Vec<&std::ffi::OsStr> = args.iter().map(|a| os(a)).collect();
        all.extend([os("--out"), out.as_os_str(), small.as_os_str()]);
        hostile(&all);
    }
    // The largest seed a file can hold runs.
    pathways()
        .args(["run", "--runs", "10", "--seed", "9223372036854775807", "--quiet", "--charts", "none", "--out"])
        .arg(&out)
        .arg(&small)
        .assert()
        .success();
    // As many runs as a file allows: their per-run records would not fit, refused up front.
    let need = 57 * u32::MAX as u64;
    let available = pathways::engine::memory::available_bytes();
    if available.is_some_and(|a| a < need) {
        let stderr =
            hostile(&[os("run"), os("--runs"), os("4294967295"), os("--out"), out.as_os_str(), small.as_os_str()]);
        assert!(stderr.contains("of per-run records"), "{stderr}");
    }
}

/// Writes a chain of `n` scenarios, each extending the next, the last extending small.toml;
/// returns the first.
fn chain(dir: &Path, n: usize) -> std::path::PathBuf {
    std::fs::copy(fixture("small.toml"), dir.join("small.toml")).unwrap();
    for i in 0..n {
        let parent = if i + 1 == n { "small.toml".to_string() } else { format!("c{}.toml", i + 1) };
        std::fs::write(
            dir.join(format!("c{i}.toml")),
            format!("[scenario]\nname = \"c{i}\"\nextends = \"{parent}\"\n"),
        )
        .unwrap();
    }
    dir.join("c0.toml")
}

#[test]
fn extends_chains_cycles_folders_and_devices_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    // A chain of 100: refused where it passes the limit, at that file's `extends`.
    let stderr = hostile(&[os("validate"), chain(dir.path(), 100).as_os_str()]);
    assert!(stderr.contains("chains more than 32 files") && stderr.contains("c31.toml:3:11"), "{stderr}");
    let short = tempfile::tempdir().unwrap();
    pathways().arg("validate").arg(chain(short.path(), 20)).assert().success();
    let file = dir.path().join("bad.toml");
    for (target, needle) in [
        (dir.path().display().to_string(), "not a regular file"),
        ("/dev/zero".to_string(), "not a regular file"),
        ("/dev/null".to_string(), "not a regular file"),
        ("bad.toml".to_string(), "cycle"),
    ] {
        if target.starts_with("/dev") && !Path::new(&target).exists() {
            continue;
        }
        std::fs::write(&file, format!("[scenario]\nname = \"bad\"\nextends = {target:?}\n")).unwrap();
        let stderr = hostile(&[os("validate"), file.as_os_str()]);
        assert!(stderr.contains("bad.toml:3:11") && stderr.contains(needle), "{target}: {stderr}");
    }
    // The scenario itself a folder or a device.
    hostile(&[os("explain"), os("/dev/zero")]);
    hostile(&[os("explain"), dir.path().as_os_str()]);
}

/// A 100 MB file (sparse: it costs no disk) as a scenario, a parent, a sweep file and a
/// summary.json: refused by its size before it is read.
#[test]
fn files_of_100_mb_are_refused_before_they_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let huge = |name: &str| {
        let path = dir.path().join(name);
        std::fs::File::create(&path).unwrap().set_len(100 << 20).unwrap();
        path
    };
    let big = huge("big.toml");
    let stderr = hostile(&[os("validate"), big.as_os_str()]);
    assert!(stderr.contains("big.toml") && stderr.contains("larger than 4 MiB"), "{stderr}");
    let child = dir.path().join("child.toml");
    std::fs::write(&child, "[scenario]\nname = \"child\"\nextends = \"big.toml\"\n").unwrap();
    let stderr = hostile(&[os("run"), child.as_os_str()]);
    assert!(stderr.contains("child.toml:3:11") && stderr.contains("larger than 4 MiB"), "{stderr}");
    let sweep = huge("sweep.toml");
    let stderr = hostile(&[os("sweep"), sweep.as_os_str(), os("--out"), dir.path().join("o").as_os_str()]);
    assert!(stderr.contains("larger than 4 MiB"), "{stderr}");
    let result = dir.path().join("result");
    std::fs::create_dir(&result).unwrap();
    std::fs::rename(huge("s.json"), result.join("summary.json")).unwrap();
    let stderr = hostile(&[
        os("compare"),
        result.as_os_str(),
        result.as_os_str(),
        os("--out"),
        dir.path().join("c").as_os_str(),
    ]);
    assert!(stderr.contains("summary.json") && stderr.contains("larger than 16 MiB"), "{stderr}");
}

#[test]
fn duplicate_keys_and_tables_are_refused_where_they_are() {
    rejects(&with("\n[economy]\nimport_elasticity = 1.0\nimport_elasticity = 2.0\n"), "13:1", &["duplicate key"]);
    rejects(&with("\n[economy]\nimport_elasticity = 1.0\n\n[economy]\npass_through = 0.5\n"), "14:", &["invalid TOML"]);
    rejects(
        &with("\n[[events]]\nname = \"x\"\nprobability = 0.1\n\n[[events]]\nname = \"x\"\nprobability = 0.2\n"),
        "16:8",
        &["events.x.name", "a second entry is named `x`"],
    );
}

#[test]
fn control_characters_in_names_and_descriptions_are_refused() {
    rejects(
        &VALID.replace("name = \"bad\"", "name = \"bad\"\ndescription = \"red \\u001b[31malert\""),
        "3:15",
        &["scenario.description", "control characters", "\\u{1b}"],
    );
    rejects(
        &with("\n[[events]]\nname = \"nul\\u0000\"\nprobability = 0.1\n"),
        "12:8",
        &["must not contain control characters", "\\u{0}"],
    );
    rejects(&VALID.replace("name = \"bad\"", "name = \"b\\u0007d\""), "2:8", &["scenario.name"]);
    // A raw control character is not TOML at all.
    rejects(&VALID.replace("name = \"bad\"", "name = \"bad\"\ndescription = \"a\u{1}b\""), "3:", &["invalid TOML"]);
    // Newlines and tabs in a description are text.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ok.toml");
    std::fs::write(&file, VALID.replace("name = \"bad\"", "name = \"bad\"\ndescription = \"two\\nlines\\tand a tab\""))
        .unwrap();
    pathways().arg("validate").arg(&file).assert().success();
}

/// ±1e308 and the smallest subnormal in every numeric field: refused with a position, or (where
/// the value is valid, as a pathway bound) run to finite results. Before every parameter had a
/// finite range, a tariff of 1e308 panicked and a growth of −101 %/yr wrote NaN.
#[test]
fn extreme_finite_values_in_every_numeric_field_are_refused_or_run_finite() {
    let rich = toml::Value::Table(rich_scenario());
    let mut paths = Vec::new();
    numeric_paths(&rich, &mut Vec::new(), &mut paths);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.toml");
    let control = pathways::engine::study::RunControl { threads: 1, ..Default::default() };
    let mut ran = 0;
    for path in &paths {
        for v in [1e308, -1e308, 5e-324] {
            let mut doc = rich.clone();
            set_path(&mut doc, path, toml::Value::Float(v));
            std::fs::write(&file, toml::to_string(&doc).unwrap()).unwrap();
            match pathways::scenario::load::load(&file, &[]) {
                Err(err) => {
                    assert_eq!(err.exit_code(), 2, "{path:?} = {v}");
                    assert!(err.to_string().contains(&format!("{}:", file.display())), "{path:?} = {v}: {err}");
                }
                Ok(mut s) => {
                    s.file.simulation.runs = 20;
                    let r = pathways::engine::study::run_study(&s, &control, &|_| {}).unwrap();
                    let finite = r
                        .series
                        .iter()
                        .flatten()
                        .all(|st| [st.mean, st.sd, st.p5, st.p95].iter().all(|x| x.is_finite()));
                    assert!(finite, "{path:?} = {v} ran to non-finite statistics");
                    ran += 1;
                }
            }
        }
    }
    assert!(ran > 0, "some extreme values are valid (pathway bounds, tiny parameters) and ran");
}

/// Found by the fuzzer: a truncated lognormal whose sigma is the largest float passed
/// validation, and `explain` then panicked computing its quantiles.
#[test]
fn explain_refuses_a_distribution_too_extreme_to_compute_with() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.toml");
    let text = with(
        "\n[economy]\ncooperation_per_engagement = { dist = \"lognormal\", mu = 1.19, sigma = 1.7976931348623157e308, max = 2.23 }\n",
    );
    std::fs::write(&file, text).unwrap();
    let stderr = hostile(&[os("explain"), file.as_os_str()]);
    assert!(stderr.contains("bad.toml:12:30") && stderr.contains("too extreme to compute with"), "{stderr}");
}
