use crate::{fixture, pathways, read};

fn run(out: &std::path::Path, threads: &str, seed: &str) {
    pathways()
        .args(["run", "--runs", "2500", "--quiet", "--charts", "none", "--threads", threads, "--seed", seed, "--out"])
        .arg(out)
        .arg(fixture("small.toml"))
        .assert()
        .success();
}

/// summary.json, whole: its command line is canonical (no thread count or output folder).
fn summary(dir: &std::path::Path) -> serde_json::Value {
    serde_json::from_str(&read(dir, "small", "summary.json")).unwrap()
}

#[test]
fn same_seed_same_results_for_any_thread_count() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    run(a.path(), "1", "7");
    run(b.path(), "2", "7");
    for file in ["summary.json", "timeseries.csv", "runs.csv"] {
        assert!(
            read(a.path(), "small", file) == read(b.path(), "small", file),
            "{file} differs between 1 and 2 threads"
        );
    }
}

#[test]
fn different_seeds_give_different_results() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    run(a.path(), "2", "7");
    run(b.path(), "2", "8");
    assert_ne!(read(a.path(), "small", "runs.csv"), read(b.path(), "small", "runs.csv"));
    assert_ne!(summary(a.path())["pathways"], summary(b.path())["pathways"]);
}
