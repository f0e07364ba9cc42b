//! Engine benchmark: runs per second and peak memory for the baseline scenario.
//!
//! `cargo bench --bench engine [-- RUNS [REPEATS]]` (default 1,000,000 runs, 3 repeats).
//! Reports the median wall time over the repeats, runs per second, and the process's peak
//! resident memory (VmHWM). Targets (issue #2): ≥ 200,000 runs/s on 2 cores; < 512 MB peak.

use pathways::engine::runner::{run_model, summarize};
use pathways::model::params::Model;
use pathways::scenario::load::load;
use std::path::Path;
use std::time::Instant;

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let runs: u64 = args.first().and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let repeats: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(3);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.toml");
    let loaded = load(&path, &[]).expect("baseline scenario is valid");
    let model = Model::compile(&loaded);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());

    let mut times = Vec::new();
    for _ in 0..repeats {
        let started = Instant::now();
        let agg = run_model(&model, runs, 2025, 0, &|_| {}).expect("engine runs");
        let simulated = started.elapsed().as_secs_f64();
        let meta = pathways::engine::result::RunMeta {
            scenario: "baseline".into(),
            folder: "baseline".into(),
            overrides: Vec::new(),
            description: String::new(),
            file: path.display().to_string(),
            extends: Vec::new(),
            sha256: loaded.sha256.clone(),
            seed: 2025,
            runs,
            start: model.start,
            horizon_months: model.horizon,
            tool_version: env!("CARGO_PKG_VERSION").into(),
            command_line: String::new(),
            convergence: None,
        };
        let window: usize = agg.sketches.cells.iter().map(|c| c.footprint()).sum();
        let widest = agg.sketches.cells.iter().map(|c| c.footprint()).max().unwrap_or(0);
        eprintln!("  sketch windows: {} KB in all, widest {} KB", window / 1024, widest / 1024);
        let result = summarize(&model, meta, serde_json::Value::Null, agg);
        let total = started.elapsed().as_secs_f64();
        eprintln!("  simulate and aggregate {simulated:.3} s, summarise {:.3} s", total - simulated);
        times.push(total);
        std::hint::black_box(&result);
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    println!("engine: baseline, {runs} runs × {repeats} repeats on {threads} threads");
    println!("  median wall time {median:.3} s  (min {:.3}, max {:.3})", times[0], times[times.len() - 1]);
    println!("  {:.0} runs/s", runs as f64 / median);
    if let Some(mb) = peak_rss_mb() {
        println!("  peak resident memory {mb:.0} MB");
    }
}
