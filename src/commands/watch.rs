//! `pathways run --watch`: re-runs the scenarios whenever one of them, or a file one of them
//! `extends`, is saved; prints a one-screen summary with the change since the last good run.
//! An invalid edit prints its diagnostics and keeps the last good results; Ctrl-C stops.

use crate::commands::run::RunOptions;
use crate::commands::run::run;
use crate::engine::result::ScenarioResult;
use crate::error::{Error, Result};
use crate::numbers::percent;
use crate::scenario::files::scenario_files;
use crate::scenario::load::load;
use notify_debouncer_mini::notify::RecursiveMode;
use notify_debouncer_mini::{DebounceEventResult, new_debouncer};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// Saves closer together than this count as one.
const DEBOUNCE: Duration = Duration::from_millis(300);

enum Signal {
    Changed(DebounceEventResult),
    Stop,
}

/// Runs, then re-runs on every save until Ctrl-C.
pub fn watch(opts: &RunOptions) -> Result<()> {
    let (tx, rx) = mpsc::channel::<Signal>();
    let stop = tx.clone();
    ctrlc::set_handler(move || {
        let _ = stop.send(Signal::Stop);
    })
    .map_err(|e| Error::system("catch Ctrl-C", e))?;
    let mut debouncer = new_debouncer(DEBOUNCE, move |r| {
        let _ = tx.send(Signal::Changed(r));
    })
    .map_err(|e| Error::system("watch files", e))?;

    let opts = RunOptions { quiet: true, ..opts.clone() };
    let tty = std::io::stdout().is_terminal();
    let mut files = BTreeSet::new();
    let mut folders = BTreeSet::new();
    let mut last: Option<Vec<ScenarioResult>> = None;
    let mut round = 0;
    loop {
        round += 1;
        // Watch every file of every extends chain, even while a scenario is invalid.
        files.extend(watched_files(&opts.paths));
        for dir in files.iter().filter_map(|f: &PathBuf| f.parent().map(Path::to_path_buf)) {
            // Editors save by renaming, which drops a watch on the file: watch its folder instead.
            if folders.insert(dir.clone()) {
                debouncer
                    .watcher()
                    .watch(&dir, RecursiveMode::NonRecursive)
                    .map_err(|e| Error::system(format!("watch {}", dir.display()), e))?;
            }
        }
        // What this run reads: a save during the run or the printing below still counts.
        let mut seen = contents(&files);
        let started = std::time::Instant::now();
        let report = match run(&opts) {
            Ok(results) => {
                let text = summary(&results, last.as_deref(), round, started.elapsed().as_secs_f64());
                last = Some(results);
                text
            }
            Err(e) => {
                let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
                eprintln!("{}", e.render(color));
                match &last {
                    Some(_) => format!("run {round}: invalid, keeping the last good results\n"),
                    None => format!("run {round}: invalid, no results yet\n"),
                }
            }
        };
        if tty {
            print!("\x1b[2J\x1b[H");
        }
        print!("{report}");
        println!("watching {} file(s); Ctrl-C to stop", files.len());
        // Wait until a watched file's content changes: reading the files (as every run does)
        // and saving without a change raise events too, and other files in the folders do.
        loop {
            match rx.recv() {
                Ok(Signal::Stop) | Err(_) => return Ok(()),
                Ok(Signal::Changed(Ok(events))) => {
                    if events.iter().any(|e| files.contains(&normalize(&e.path))) {
                        let now = contents(&files);
                        if now != seen {
                            break;
                        }
                        seen = now;
                    }
                }
                Ok(Signal::Changed(Err(e))) => eprintln!("error: watching: {e}"),
            }
        }
    }
}

/// What each watched file holds now (`None` while it is missing).
fn contents(files: &BTreeSet<PathBuf>) -> Vec<Option<Vec<u8>>> {
    files.iter().map(|f| std::fs::read(f).ok()).collect()
}

/// The scenario files and every file they extend, normalized.
fn watched_files(paths: &[PathBuf]) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    let Ok(files) = scenario_files(paths) else { return out };
    for f in files {
        out.insert(normalize(&f));
        if let Ok(s) = load(&f, &[]) {
            out.extend(s.sources.iter().map(|src| normalize(&src.path)));
        }
    }
    out
}

/// An absolute path with the folder resolved, so that event paths compare equal even when the
/// file itself is gone for a moment during a save.
fn normalize(p: &Path) -> PathBuf {
    let dir = p.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    match p.file_name() {
        Some(name) => dir.join(name),
        None => dir,
    }
}

/// One screen: per scenario the pathway probabilities and their change since the last run.
fn summary(results: &[ScenarioResult], last: Option<&[ScenarioResult]>, round: u32, secs: f64) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "run {round}: ok in {secs:.1} s");
    for r in results {
        let before = last.and_then(|l| l.iter().find(|o| o.meta.scenario == r.meta.scenario));
        let _ = writeln!(s, "\n{} ({} runs)", r.meta.scenario, r.meta.runs);
        for p in &r.pathways {
            let prev = before.and_then(|b| b.pathways.iter().find(|q| q.name == p.name)).map(|q| q.probability.p);
            let change = match prev {
                Some(q) => format!("{:+.1} pts", (p.probability.p - q) * 100.0),
                None => "new".to_string(),
            };
            let _ = writeln!(
                s,
                "  {:<24} {:>7}  [{}–{}]  {change}",
                p.name,
                percent(p.probability.p),
                percent(p.probability.ci_low),
                percent(p.probability.ci_high)
            );
        }
    }
    s
}
