//! `extends` merges key by key and named entries by name; `--set` overrides any key.

use crate::fixture;
use pathways::model::params::Model;
use pathways::scenario::load::load;

#[test]
fn child_inherits_and_overrides_key_by_key() {
    let s = load(&fixture("child.toml"), &[]).unwrap();
    let f = &s.file;
    assert_eq!(f.scenario.name, "child");
    assert_eq!(f.scenario.horizon_months, 24, "inherited");
    assert_eq!(f.agents.us.policy, "unpredictable_hawk", "inherited");
    assert_eq!(f.agents.china.policy, "measured_retaliation", "sibling key kept");
    assert_eq!(f.agents.china.param("retaliation").unwrap().mean(), 0.2, "overridden");
    assert_eq!(f.timeline.len(), 1, "inherited timeline");
}

#[test]
fn named_entries_replace_add_and_drop() {
    let s = load(&fixture("child.toml"), &[]).unwrap();
    let names: Vec<&str> = s.file.events.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["summit", "pandemic"], "incident dropped with enabled = false, pandemic added");
    let summit = &s.file.events[0];
    assert_eq!(summit.probability.as_ref().unwrap().mean(), 0.5);
    assert!(!summit.effects.contains_key("tension"), "a child's entry replaces the parent's entry whole");
    assert!(summit.next.is_empty());
}

#[test]
fn set_overrides_keys_and_named_entries() {
    let sets = [
        "agents.us.aggression=0.3".to_string(),
        "events.summit.probability=0.25".to_string(),
        "agents.china.policy=dove".to_string(),
        "economy.import_elasticity={ dist = \"uniform\", min = 1, max = 3 }".to_string(),
    ];
    let s = load(&fixture("small.toml"), &sets).unwrap();
    assert_eq!(s.file.agents.us.param("aggression").unwrap().mean(), 0.3);
    assert_eq!(s.file.events[0].probability.as_ref().unwrap().mean(), 0.25);
    assert_eq!(s.file.agents.china.policy, "dove");
    let model = Model::compile(&s);
    let paths: Vec<&str> = model.uncertain.iter().map(|u| u.path.as_str()).collect();
    assert_eq!(paths, ["economy.import_elasticity"], "the constant --set replaced the distribution");
}

#[test]
fn set_on_a_missing_entry_names_the_entries() {
    let err = load(&fixture("small.toml"), &["events.sumit.probability=0.2".to_string()]).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("no entry named `sumit`") && msg.contains("summit"), "{msg}");
}

#[test]
fn error_in_parent_points_at_the_parent_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("parent.toml"),
        "[scenario]\nname = \"p\"\n\n[agents.us]\npolicy = \"hawk\"\nnoise = 3\n\n[[pathways]]\nname = \"all\"\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("kid.toml"), "[scenario]\nname = \"kid\"\nextends = \"parent.toml\"\n").unwrap();
    let msg = load(&dir.path().join("kid.toml"), &[]).unwrap_err().to_string();
    assert!(msg.contains("parent.toml:6:9") && msg.contains("agents.us.noise"), "{msg}");
}

#[test]
fn a_child_adds_a_pathway_before_the_inherited_catch_all() {
    let tmp = tempfile::tempdir().unwrap();
    let child = tmp.path().join("escalation.toml");
    std::fs::write(
        &child,
        format!(
            "[scenario]\nname = \"escalation\"\nextends = {:?}\n\n[[pathways]]\nname = \"tariff_spiral\"\nwhen = {{ tariff_us = {{ min = 80 }} }}\n",
            crate::fixture("small.toml").display().to_string()
        ),
    )
    .unwrap();
    crate::pathways().arg("validate").arg(&child).assert().success();
    let out = tmp.path().join("out");
    crate::pathways()
        .args(["run", "--runs", "500", "--quiet", "--charts", "none", "--out"])
        .arg(&out)
        .arg(&child)
        .assert()
        .success();
    let summary: serde_json::Value = serde_json::from_str(&crate::read(&out, "escalation", "summary.json")).unwrap();
    let names: Vec<&str> =
        summary["pathways"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["trade_war", "tariff_spiral", "other"], "the catch-all stays last");
}

#[test]
fn names_in_any_script_run_into_safe_folders_and_charts_say_what_they_show() {
    let tmp = tempfile::tempdir().unwrap();
    let small = std::fs::read_to_string(crate::fixture("small.toml")).unwrap();
    let zh = tmp.path().join("zh.toml");
    let fr = tmp.path().join("fr.toml");
    std::fs::write(&zh, small.replace("name = \"small\"", "name = \"中美合作\"")).unwrap();
    std::fs::write(&fr, small.replace("name = \"small\"", "name = \"coopération\"")).unwrap();
    let out = tmp.path().join("out");
    crate::pathways()
        .args(["run", "--runs", "300", "--quiet", "--charts", "svg", "--chart-size", "640x360", "--out"])
        .arg(&out)
        .arg(&zh)
        .arg(&fr)
        .assert()
        .success();
    let summary: serde_json::Value =
        serde_json::from_str(&crate::read(&out, "Zhong_Mei_He_Zuo", "summary.json")).unwrap();
    assert_eq!(summary["manifest"]["scenario"], "中美合作", "the name is kept as written");
    // DejaVu Sans has no CJK glyphs: the chart names the folder and says why.
    let svg = crate::read(&out, "Zhong_Mei_He_Zuo", "pathways.svg");
    assert!(svg.contains("Zhong_Mei_He_Zuo: pathway probabilities"), "the title names the folder");
    assert!(
        svg.contains("Zhong_Mei_He_Zuo (folder name: the chart font cannot draw this name)"),
        "the footer says why"
    );
    let svg = crate::read(&out, "cooperation", "pathways.svg");
    assert!(svg.contains("Coopération: pathway probabilities"), "accents are drawn");
}

#[test]
fn a_set_override_writes_its_own_folder_with_its_own_hash() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = |sets: &[&str]| {
        let mut cmd = crate::pathways();
        cmd.args(["run", "--runs", "300", "--quiet", "--charts", "svg", "--chart-size", "640x360", "--out"])
            .arg(&out)
            .arg(crate::fixture("small.toml"));
        for s in sets {
            cmd.args(["--set", s]);
        }
        cmd.assert().success();
    };
    run(&[]);
    let plain = crate::read(&out, "small", "summary.json");
    run(&["agents.china.retaliation=0.3"]);
    assert_eq!(crate::read(&out, "small", "summary.json"), plain, "the plain scenario's results stay");
    let dir = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .find(|n| n.starts_with("small+set-"))
        .expect("a folder of its own");
    let svg = crate::read(&out, &dir, "pathways.svg");
    assert!(svg.contains("(--set agents.china.retaliation=0.3)"), "the footer says so");
    let plain_svg = crate::read(&out, "small", "pathways.svg");
    let hash = |s: &str| s.split(" · ").nth(1).map(|h| h[..8].to_string());
    let footer = |svg: &str| svg.lines().find(|l| l.contains(" runs · seed ")).unwrap().trim().to_string();
    assert_ne!(hash(&footer(&svg)), hash(&footer(&plain_svg)), "another hash in the footer");
}

/// A child of the baseline that shortens the horizon to 24 months.
fn short_child(dir: &std::path::Path) -> std::path::PathBuf {
    let baseline = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.toml");
    let path = dir.join("short.toml");
    let text = format!(
        "[scenario]\nname = \"short\"\nextends = {:?}\nhorizon_months = 24\n\n[simulation]\nruns = 200\n",
        baseline.display().to_string()
    );
    std::fs::write(&path, text).unwrap();
    path
}

/// The baseline's fixed-month events at months 22 and 46: a child with a 24-month horizon keeps
/// the first and drops the second with a warning that names the event and where it is written.
#[test]
fn a_shorter_horizon_drops_inherited_events_beyond_it_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let s = load(&short_child(dir.path()), &[]).unwrap();
    let names: Vec<&str> = s.file.events.iter().map(|e| e.name.as_str()).collect();
    assert!(names.contains(&"us_midterms") && !names.contains(&"us_presidential_election"), "{names:?}");
    assert_eq!(s.warnings.len(), 1, "{:?}", s.warnings);
    let w = s.warnings[0].to_string();
    assert!(w.contains("baseline.toml:") && w.contains("warning: `events.us_presidential_election.month`"), "{w}");
    assert!(w.contains("month 46 is beyond the horizon of 24 months (set at") && w.contains("short.toml:4:18"), "{w}");
}

/// `validate` and `run` print the warning and succeed.
#[test]
fn validate_and_run_print_the_warning_and_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let child = short_child(dir.path());
    for args in [vec!["validate"], vec!["run", "--quiet", "--charts", "none", "--out"]] {
        let mut cmd = crate::pathways();
        cmd.args(&args);
        if args[0] == "run" {
            cmd.arg(dir.path().join("out"));
        }
        let out = cmd.arg(&child).assert().success().get_output().clone();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains("warning: `events.us_presidential_election.month`"), "{stderr}");
        assert!(stderr.contains("this event is dropped"), "{stderr}");
    }
}

/// A month written in the same file as the horizon is still an error: the author wrote both.
#[test]
fn an_event_beyond_the_horizon_of_its_own_file_is_still_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("own.toml");
    std::fs::write(
        &path,
        "[scenario]\nname = \"own\"\nhorizon_months = 12\n\n[[events]]\nname = \"late\"\nmonth = 30\neffects = { tension = 0.1 }\n\n[[pathways]]\nname = \"all\"\n",
    )
    .unwrap();
    let msg = load(&path, &[]).unwrap_err().to_string();
    assert!(msg.contains("own.toml:7:9") && msg.contains("outside the scenario"), "{msg}");
}

/// An inherited window that ends beyond the horizon is cut to it, with a warning.
#[test]
fn an_inherited_window_beyond_the_horizon_is_cut() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("parent.toml"),
        "[scenario]\nname = \"p\"\nhorizon_months = 48\n\n[[events]]\nname = \"w\"\nprobability = 0.1\nwindow = [6, 40]\n\n[[pathways]]\nname = \"all\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("kid.toml"),
        "[scenario]\nname = \"kid\"\nextends = \"parent.toml\"\nhorizon_months = 12\n",
    )
    .unwrap();
    let s = load(&dir.path().join("kid.toml"), &[]).unwrap();
    assert_eq!(s.file.events[0].window, Some([6, 12]));
    assert!(s.warnings[0].to_string().contains("cut to [6, 12]"), "{:?}", s.warnings);
}
