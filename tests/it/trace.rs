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

/// The last US and Chinese tariff levels a story quotes, in reading order.
fn last_quoted_levels(lines: &[String]) -> (Option<f64>, Option<f64>) {
    let (mut us, mut cn) = (None, None);
    for line in lines {
        // Each clause names its side and, when it moves a tariff, the level reached: "to 45%".
        for clause in line.split([';', ',']) {
            let Some(at) = clause.find(" to ").or_else(|| clause.find("(to ")) else { continue };
            let rest = &clause[at + 4..];
            let Some(pct) = rest.find('%') else { continue };
            let Ok(level) = rest[..pct].trim().parse::<f64>() else { continue };
            if !clause.contains("tariff") {
                continue;
            }
            if clause.contains("US ") {
                us = Some(level);
            } else if clause.contains("China") || clause.contains("Chinese") {
                cn = Some(level);
            }
        }
    }
    (us, cn)
}

#[test]
fn a_story_accounts_for_every_tariff_change_it_reports() {
    // Busy runs: renewed tariffs, many moves per run, so that stories must summarise.
    let loaded = pathways::scenario::load::load(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/renewed_tariffs.toml"),
        &[],
    )
    .unwrap();
    let start = pathways::model::calendar::YearMonth::parse("2025-01").unwrap();
    let mut summarised = 0;
    for run in 0..60 {
        let t = pathways::engine::trace::trace(&loaded, run).unwrap();
        let lines = pathways::export::brief::story::condense(&t, start, &[]);
        summarised += usize::from(lines.iter().any(|l| l.contains(", in brief: ")));
        let (us, cn) = last_quoted_levels(&lines[..lines.len() - 1]);
        let end = t.months.last().unwrap();
        let level = |k: &str| end.state[k].as_f64().unwrap();
        let changed = |k: &str| level(k) != t.months[0].state[k].as_f64().unwrap();
        if changed("tariff_us") {
            let quoted = us.map(|x| format!("{x:.0}"));
            assert_eq!(quoted, Some(format!("{:.0}", level("tariff_us"))), "run {run}: US\n{}", lines.join("\n"));
        }
        if changed("tariff_cn") {
            let quoted = cn.map(|x| format!("{x:.0}"));
            assert_eq!(quoted, Some(format!("{:.0}", level("tariff_cn"))), "run {run}: China\n{}", lines.join("\n"));
        }
    }
    assert!(summarised > 10, "only {summarised} stories needed a summary");
}

#[test]
fn a_traced_move_is_the_change_it_made() {
    // A concession, a cut near the floor or a rise near the ceiling moves the tariff by less than
    // the step asked for: the trace reports the change made, which is the change in the level.
    let loaded = pathways::scenario::load::load(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/cooperation.toml"),
        &[],
    )
    .unwrap();
    let mut checked = 0;
    for run in 0..80 {
        let t = pathways::engine::trace::trace(&loaded, run).unwrap();
        for pair in t.months.windows(2) {
            for mv in &pair[1].moves {
                let key = if mv.actor == pathways::model::action::Actor::Us { "tariff_us" } else { "tariff_cn" };
                let tariff_move = matches!(
                    mv.action,
                    pathways::model::action::Action::EscalateTariffs
                        | pathways::model::action::Action::DeescalateTariffs
                        | pathways::model::action::Action::Concede
                );
                if !tariff_move {
                    continue;
                }
                let change = pair[1].state[key].as_f64().unwrap() - pair[0].state[key].as_f64().unwrap();
                assert!(
                    (mv.size - change).abs() < 1e-9,
                    "run {run} {}: traced {} vs change {change}",
                    pair[1].date,
                    mv.size
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "only {checked} tariff moves");
}
