//! Batch and sweep benchmark (issue #9).
//!
//! `cargo bench --bench batch [-- RUNS [SWEEP_RUNS]]` (defaults: each scenario's own runs; 10,000
//! runs per sweep point). Reports
//! 1. the wall time of running every shipped scenario one by one (each its own `run`, with
//!    results and charts written) against running them as one batch; target: batch ≤ 1.1 × sum;
//! 2. the wall time of a 10 × 10 sweep of the baseline; target: under a minute on 2 cores.

use pathways::chart::ChartOptions;
use pathways::commands::run::RunOptions;
use pathways::commands::sweep::SweepOptions;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn run_options(paths: Vec<PathBuf>, out: &Path, runs: Option<u64>) -> RunOptions {
    RunOptions { paths, runs, out: out.to_path_buf(), quiet: true, command_line: "bench".into(), ..Default::default() }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let runs: Option<u64> = args.first().and_then(|a| a.parse().ok());
    let sweep_runs: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("scenarios"))
        .expect("scenarios/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let tmp = tempfile::tempdir().expect("temporary folder");

    let started = Instant::now();
    for (i, f) in files.iter().enumerate() {
        let t = Instant::now();
        let out = tmp.path().join(format!("single_{i}"));
        pathways::commands::run::batch::run_batch(&run_options(vec![f.clone()], &out, runs)).expect("scenario runs");
        println!("  {:<28} {:>6.2} s", f.file_name().unwrap().to_string_lossy(), t.elapsed().as_secs_f64());
    }
    let sum = started.elapsed().as_secs_f64();
    let started = Instant::now();
    pathways::commands::run::batch::run_batch(&run_options(
        vec![root.join("scenarios")],
        &tmp.path().join("batch"),
        runs,
    ))
    .expect("batch runs");
    let batch = started.elapsed().as_secs_f64();
    println!("batch of {} scenarios (results and charts written):", files.len());
    println!("  one by one: {sum:.2} s   as one batch: {batch:.2} s   ratio {:.3} (target ≤ 1.1)", batch / sum);

    let started = Instant::now();
    let sweep = SweepOptions {
        target: root.join("scenarios/baseline.toml"),
        params: vec!["agents.us.aggression=0:0.6:10".into(), "economy.import_elasticity=1:3:10".into()],
        runs: Some(sweep_runs),
        seed: None,
        pathway: Some("trade_war".into()),
        outcome: None,
        out: Some(tmp.path().join("sweep")),
        threads: 0,
        sets: Vec::new(),
        quiet: true,
        charts: ChartOptions::default(),
        command_line: "bench".into(),
        shard: None,
    };
    pathways::commands::sweep::run(&sweep).expect("sweep runs");
    let secs = started.elapsed().as_secs_f64();
    println!("sweep 10 × 10 points × {sweep_runs} runs of baseline:");
    println!("  {secs:.2} s, {:.0} runs/s (target: under 60 s)", 100.0 * sweep_runs as f64 / secs);
}
