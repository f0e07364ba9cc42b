//! Whole-run benchmark: simulation and everything written after it (summary, time series, the
//! streamed runs.csv, the default charts), as `pathways run` does it.
//!
//! `cargo bench --bench output [-- RUNS [REPEATS [MEMORY_RUNS...]]]` (defaults: 1,000,000 runs,
//! 3 repeats, memory at 1, 3 and 10 million runs). Reports
//! 1. the median wall time of the baseline scenario on 1 and on 2 threads, measured alternately
//!    in one session, and the 1 → 2 thread efficiency T1 / (2·T2); target ≥ 0.9 (issue 18.16);
//! 2. the peak resident memory (VmHWM) of a whole run at each memory size, each in a fresh child
//!    process, and the bytes per run between sizes; target: under 1.5 GB at 10 million runs
//!    (issue 18.15).

use pathways::commands::run::RunOptions;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn options(out: &Path, runs: u64, threads: usize) -> RunOptions {
    RunOptions {
        paths: vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.toml")],
        runs: Some(runs),
        out: out.to_path_buf(),
        threads,
        quiet: true,
        command_line: "bench".into(),
        ..Default::default()
    }
}

fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn run(out: &Path, runs: u64, threads: usize) -> f64 {
    let started = Instant::now();
    pathways::commands::run::batch::run_batch(&options(out, runs, threads)).expect("the baseline runs");
    started.elapsed().as_secs_f64()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--bench")).collect();
    // A child process measuring the memory of one run.
    if args.first().map(String::as_str) == Some("child") {
        let runs: u64 = args[1].parse().expect("runs");
        let tmp = tempfile::tempdir().expect("temporary folder");
        run(tmp.path(), runs, 0);
        println!("{}", peak_rss_bytes().unwrap_or(0));
        return;
    }
    let runs: u64 = args.first().and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let repeats: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(3);
    let memory_runs: Vec<u64> = if args.len() > 2 {
        args[2..].iter().filter_map(|a| a.parse().ok()).collect()
    } else {
        vec![1_000_000, 3_000_000, 10_000_000]
    };
    let tmp = tempfile::tempdir().expect("temporary folder");

    println!("output: baseline, {runs} runs, default charts (PNG and SVG, 1600×900), {repeats} repeats");
    let (mut one, mut two) = (Vec::new(), Vec::new());
    for i in 0..repeats {
        // Alternating, so that the shared host's load falls on both alike.
        one.push(run(&tmp.path().join(format!("t1_{i}")), runs, 1));
        two.push(run(&tmp.path().join(format!("t2_{i}")), runs, 2));
        eprintln!("  repeat {i}: 1 thread {:.2} s, 2 threads {:.2} s", one[i], two[i]);
    }
    let (t1, t2) = (median(one), median(two));
    println!("  median wall time: 1 thread {t1:.2} s, 2 threads {t2:.2} s");
    println!("  efficiency 1 → 2 threads: T1 / (2·T2) = {:.3}", t1 / (2.0 * t2));

    let exe: PathBuf = std::env::current_exe().expect("this benchmark's path");
    let mut points = Vec::new();
    for &n in &memory_runs {
        let out = std::process::Command::new(&exe).args(["child", &n.to_string()]).output().expect("child runs");
        let peak: u64 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap_or(0);
        println!("  peak resident memory at {n} runs: {:.0} MB", peak as f64 / 1e6);
        points.push((n, peak));
    }
    for w in points.windows(2) {
        let ((n0, m0), (n1, m1)) = (w[0], w[1]);
        println!("  {n0} → {n1} runs: {:.0} bytes per run", (m1 as f64 - m0 as f64) / (n1 as f64 - n0 as f64));
    }
}
