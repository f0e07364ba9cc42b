//! Writing scenarios: `pathways new` and `pathways explain`.

use crate::pathways;
use predicates::str::contains;
use std::path::Path;

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn stdout(cmd: &mut assert_cmd::Command) -> String {
    String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
}

#[test]
fn new_scenario_extends_its_parent_and_validates() {
    let dir = tempfile::tempdir().unwrap();
    let parent = manifest().join("scenarios/renewed_tariffs.toml");
    pathways().args(["new", "my_story", "--dir"]).arg(dir.path()).arg("--from").arg(&parent).assert().success();
    let file = dir.path().join("my_story.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("#:schema ") && text.contains("scenario.schema.json"), "{text}");
    assert!(text.contains("name = \"my_story\"") && text.contains("renewed_tariffs.toml\""), "{text}");
    assert!(
        text.contains("# retaliation = { dist = \"uniform\", min = 0.8, max = 1.0 }"),
        "the parent's value: {text}"
    );
    pathways().arg("validate").arg(&file).assert().success().stdout(contains("ok  "));

    // Uncommenting a line gives a valid scenario with that value.
    std::fs::write(&file, text.replace("# mistrust = 0.55", "mistrust = 0.7")).unwrap();
    let explained = stdout(pathways().arg("explain").arg(&file));
    assert!(explained.lines().any(|l| l.starts_with("mistrust = 0.7") && l.contains("my_story.toml:")), "{explained}");
}

#[test]
fn new_refuses_to_overwrite_and_odd_names() {
    let dir = tempfile::tempdir().unwrap();
    let from = manifest().join("scenarios/baseline.toml");
    let new = |name: &str| {
        let mut c = pathways();
        c.args(["new", name, "--dir"]).arg(dir.path()).arg("--from").arg(&from);
        c
    };
    new("story").assert().success();
    std::fs::write(dir.path().join("story.toml"), "# mine\n").unwrap();
    new("story").assert().code(2).stderr(contains("already exists"));
    assert_eq!(std::fs::read_to_string(dir.path().join("story.toml")).unwrap(), "# mine\n", "left alone");
    for bad in ["../escape", "a b", ".hidden", ""] {
        new(bad).assert().code(2).stderr(contains("cannot name a scenario file"));
    }
}

#[test]
fn explain_shows_where_each_value_comes_from() {
    let out = stdout(pathways().current_dir(manifest()).args([
        "explain",
        "tests/fixtures/child.toml",
        "--set",
        "agents.us.aggression=0.3",
    ]));
    let line = |start: &str| {
        out.lines().find(|l| l.starts_with(start)).unwrap_or_else(|| panic!("no `{start}` in:\n{out}")).to_string()
    };
    assert!(line("horizon_months = 24").ends_with("# tests/fixtures/small.toml:4"), "inherited");
    assert!(line("retaliation = 0.2").ends_with("# tests/fixtures/child.toml:6"), "overridden in the child");
    assert!(line("aggression = 0.3").ends_with("# --set agents.us.aggression=0.3"));
    assert!(line("trade_adjustment = 0.2").ends_with("# default"));
    assert!(line("noise = ").contains("default (preset unpredictable_hawk)"));
    assert!(out.starts_with("# tests/fixtures/child.toml resolved (extends: tests/fixtures/small.toml)"), "{out}");
}

#[test]
fn explain_gives_a_distribution_its_mean_and_90_percent_range() {
    let out = stdout(pathways().current_dir(manifest()).args(["explain", "tests/fixtures/small.toml"]));
    let line = out.lines().find(|l| l.starts_with("aggression = { dist = \"uniform\"")).unwrap();
    assert!(line.ends_with("# tests/fixtures/small.toml:12 · mean 0.06, 90% 0.024 to 0.096"), "{line}");
}

#[test]
fn explained_scenario_loads_as_the_same_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("resolved.toml");
    let text = stdout(pathways().arg("explain").arg(manifest().join("scenarios/renewed_tariffs.toml")));
    std::fs::write(&file, text).unwrap();
    let a = pathways::scenario::load::load(&file, &[]).unwrap();
    let b = pathways::scenario::load::load(&manifest().join("scenarios/renewed_tariffs.toml"), &[]).unwrap();
    // The preset's values are written out, so compare what runs: the compiled models.
    let compiled = |s| format!("{:?}", pathways::model::params::Model::compile(s));
    assert_eq!(compiled(&a), compiled(&b));
}

#[test]
fn explain_reads_like_this() {
    let out = stdout(pathways().current_dir(manifest()).args(["explain", "tests/fixtures/child.toml"]));
    insta::assert_snapshot!(out);
}

#[test]
fn new_writes_this_template() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(manifest().join("tests/fixtures/small.toml"), dir.path().join("baseline.toml")).unwrap();
    std::fs::write(dir.path().join("scenario.schema.json"), "{}").unwrap();
    pathways()
        .current_dir(dir.path())
        .args(["new", "story", "--dir", "."])
        .assert()
        .success()
        .stdout("created ./story.toml; next: pathways explain ./story.toml\n");
    insta::assert_snapshot!(std::fs::read_to_string(dir.path().join("story.toml")).unwrap());
}
