//! A structure-aware mutational fuzzer for scenario and sweep files, on the stable toolchain
//! (no `cargo fuzz`, which needs nightly).
//!
//! Each execution takes an input from the pool (the shipped scenarios, the test fixtures, the
//! committed corpus in `fuzz/corpus/` and what this session found), mutates it one to four times
//! — on the TOML tree (values replaced by hostile numbers, strings and distributions, keys
//! removed or added from the schema's vocabulary, entries duplicated, sections spliced from
//! another input, `extends` pointed at cycles, folders, devices and a chain 100 deep) or on the
//! text (bytes flipped, tokens and control characters inserted, lines duplicated into duplicate
//! keys, nesting 100,000 deep) — and then does what the commands do with a scenario: load it
//! with its `extends` chain and optional `--set` overrides, validate it, render every
//! diagnostic; and for a valid scenario explain it, run it (at most 3 runs, one thread),
//! check that every statistic is finite and the pathway probabilities sum to one, and render
//! every result file.
//!
//! A panic, a non-finite result or a case slower than `--timeout` is a crash: the input is saved
//! in `--crashes` with its message. An input is kept in the pool when its outcome shows
//! something not seen before (a diagnostic's message and key with the numbers and names
//! blanked, or a key and value kind of a valid scenario): behaviour coverage, which needs no
//! compiler instrumentation.
//!
//! ```text
//! cargo run --profile fuzz --example fuzz_scenarios -- --seconds 60
//! cargo run --profile fuzz --example fuzz_scenarios -- --execs 10000000 --seed 7 --save-corpus
//! cargo run --profile fuzz --example fuzz_scenarios -- --minimize     # rewrite fuzz/corpus
//! ```
//! Bound memory from outside (`ulimit -v`): an allocation failure aborts the process, and the
//! input that caused it is the `case.toml` in the work folder printed at the start.

use clap::Parser;
use pathways::engine::study::{RunControl, run_study};
use pathways::error::Error;
use pathways::export::EXPORTERS;
use pathways::scenario::load::{LoadedScenario, load};
use rand::{Rng, RngExt, SeedableRng};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use toml::Value;

#[derive(Parser)]
#[command(about = "Structure-aware fuzzer for pathways scenario files")]
struct Args {
    /// Stop after this many seconds.
    #[arg(long)]
    seconds: Option<u64>,
    /// Stop after this many executions.
    #[arg(long)]
    execs: Option<u64>,
    /// Seed of the mutation generator (a session is reproducible from it).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Committed corpus: read at the start; with --save-corpus new inputs go there too.
    #[arg(long, default_value = "fuzz/corpus")]
    corpus: PathBuf,
    /// Where crashing inputs are saved.
    #[arg(long, default_value = "fuzz/crashes")]
    crashes: PathBuf,
    /// Save inputs that show new behaviour into the corpus folder.
    #[arg(long)]
    save_corpus: bool,
    /// Rewrite the corpus folder as the smallest inputs that keep every behaviour it shows, then
    /// stop.
    #[arg(long)]
    minimize: bool,
    /// A case that uses more than this many seconds of CPU time is a hang (CPU time, not wall
    /// time: at low priority on a busy machine a case may wait long for a core).
    #[arg(long, default_value_t = 10)]
    timeout: u64,
    /// Run these inputs once each (with --set overrides) and print what they show, then stop.
    #[arg(long, num_args = 1..)]
    replay: Vec<PathBuf>,
    /// `--set` overrides for --replay.
    #[arg(long = "set")]
    sets: Vec<String>,
}

/// The largest input kept in the pool (the largest shipped scenario is about 12 KB).
const MAX_POOL_INPUT: usize = 16 << 10;

/// The most inputs kept in the pool.
const MAX_POOL: usize = 20_000;

/// One input: a name (for messages) and the scenario text.
#[derive(Clone)]
struct Input {
    name: String,
    text: Vec<u8>,
}

/// What an execution showed: behaviour features, or a crash message.
enum Outcome {
    Features(BTreeSet<String>),
    Crash(String),
}

/// The last panic's message and location, recorded by the hook instead of printed.
static PANIC: Mutex<Option<String>> = Mutex::new(None);
/// The process's CPU time (ms, plus one) when the current case began; 0 between cases.
static CASE_START: AtomicU64 = AtomicU64::new(0);
/// The current case's `--set` overrides, for the hang report.
static CASE_SETS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// CPU time used by this process so far, in milliseconds (Linux `/proc/self/stat`, in clock
/// ticks of 10 ms); wall time since `start` where that is not available.
fn cpu_ms(start: Instant) -> u64 {
    let ticks = std::fs::read_to_string("/proc/self/stat").ok().and_then(|s| {
        // Fields after the command name (which may hold spaces) in parentheses.
        let rest = &s[s.rfind(')')? + 2..];
        let f: Vec<&str> = rest.split(' ').collect();
        Some(f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?)
    });
    ticks.map_or(start.elapsed().as_millis() as u64, |t| t * 10)
}

fn main() {
    let args = Args::parse();
    std::panic::set_hook(Box::new(|info| {
        let at = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        *PANIC.lock().unwrap_or_else(|e| e.into_inner()) = Some(format!("panicked{at}: {msg}"));
    }));

    let seeds = seed_inputs(Some(&args.corpus));
    // The work folder holds every seed under its own name, so that `extends` between them
    // resolves, plus the targets of hostile `extends` mutations.
    let shm = Path::new("/dev/shm");
    let work = if shm.is_dir() { tempfile::tempdir_in(shm) } else { tempfile::tempdir() }.expect("a work folder");
    let work = work.keep();
    prepare_work_dir(&work, &seeds);
    let case = work.join("case.toml");
    eprintln!("fuzz: {} seed inputs; work folder {} (its case.toml is the current input)", seeds.len(), work.display());

    if args.minimize {
        minimize(&args.corpus, &case, &Vocabulary::from_schema().known());
        let _ = std::fs::remove_dir_all(&work);
        return;
    }

    let vocabulary = Vocabulary::from_schema();
    let known = vocabulary.known();
    let start = Instant::now();
    watchdog(start, Duration::from_secs(args.timeout), case.clone(), args.crashes.clone());
    if !args.replay.is_empty() {
        for path in &args.replay {
            let text = std::fs::read(path).unwrap_or_default();
            let t = Instant::now();
            let outcome = match execute(&case, &text, &args.sets, start, &known) {
                Outcome::Features(f) => format!("{} behaviours: {:?}", f.len(), f),
                Outcome::Crash(m) => format!("CRASH {m}"),
            };
            println!("{}: {:.3} s: {outcome}", path.display(), t.elapsed().as_secs_f64());
        }
        let _ = std::fs::remove_dir_all(&work);
        return;
    }
    let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(args.seed);
    let mut pool: Vec<Input> = seeds.clone();
    let mut seen: HashSet<String> = HashSet::new();
    // Pool indices of inputs that load as valid scenarios.
    let mut valid: Vec<usize> = Vec::new();
    // The seeds' own behaviour first, so that only mutants that show more are kept.
    for (i, s) in seeds.iter().enumerate() {
        if let Outcome::Features(f) = execute(&case, &s.text, &[], start, &known) {
            if f.contains("ok") {
                valid.push(i);
            }
            seen.extend(f);
        }
    }
    let mut crashes: BTreeMap<String, usize> = BTreeMap::new();
    let (mut execs, mut last_report) = (0u64, Instant::now());
    let deadline = args.seconds.map(|s| start + Duration::from_secs(s));
    // Ctrl-C (SIGINT) ends the session with its report, like reaching --execs.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = stop.clone();
    let _ = ctrlc::set_handler(move || flag.store(true, Ordering::Relaxed));
    loop {
        let done = args.execs.is_some_and(|n| execs >= n) || deadline.is_some_and(|d| Instant::now() >= d);
        if done || stop.load(Ordering::Relaxed) {
            break;
        }
        // A quarter of the time one mutation of a valid input, so that many cases get past
        // validation into explain and the engine; otherwise one to four of any input.
        // The smaller of two random picks: small inputs run faster and show the same checks.
        let smaller = |a: usize, b: usize| if pool[a].text.len() <= pool[b].text.len() { a } else { b };
        let (parent, count) = if !valid.is_empty() && rng.random_bool(0.25) {
            let (a, b) = (valid[rng.random_range(0..valid.len())], valid[rng.random_range(0..valid.len())]);
            (&pool[smaller(a, b)], 1)
        } else {
            let (a, b) = (rng.random_range(0..pool.len()), rng.random_range(0..pool.len()));
            (&pool[smaller(a, b)], rng.random_range(1..=4))
        };
        let donor = &pool[rng.random_range(0..pool.len())].text;
        let text = mutate(&parent.text, donor, count, &vocabulary, &mut rng);
        let sets: Vec<String> = if rng.random_bool(0.05) { vec![vocabulary.random_set(&mut rng)] } else { Vec::new() };
        execs += 1;
        match execute(&case, &text, &sets, start, &known) {
            Outcome::Features(f) => {
                let new: Vec<String> = f.into_iter().filter(|x| !seen.contains(x)).collect();
                // Large inputs (deep nesting, long strings) are run once but not bred from:
                // their descendants would spend the time lexing the same bulk again.
                if !new.is_empty() && sets.is_empty() && text.len() <= MAX_POOL_INPUT {
                    let is_valid = new.iter().any(|f| f.starts_with("ok"));
                    seen.extend(new);
                    let input = Input { name: format!("found-{execs}"), text };
                    if args.save_corpus {
                        save(&args.corpus, "", &input.text);
                    }
                    // Bounded memory: past the cap a new input replaces a random found one.
                    let i = if pool.len() < MAX_POOL {
                        pool.push(input);
                        pool.len() - 1
                    } else {
                        let i = rng.random_range(seeds.len()..pool.len());
                        pool[i] = input;
                        valid.retain(|&v| v != i);
                        i
                    };
                    if is_valid {
                        valid.push(i);
                    }
                }
            }
            Outcome::Crash(msg) => {
                // One saved input per distinct message and location (digits aside: an index or
                // a value in the message does not make a new crash).
                let key: String = msg
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .chars()
                    .map(|c| if c.is_ascii_digit() { '#' } else { c })
                    .collect();
                let n = crashes.entry(key).or_insert(0);
                *n += 1;
                if *n == 1 {
                    let path = save(&args.crashes, "crash-", &text);
                    let detail = format!("{msg}\n--set: {sets:?}\n");
                    let _ = std::fs::write(path.with_extension("txt"), detail);
                    eprintln!("fuzz: CRASH {msg}\n      input saved as {}", path.display());
                }
            }
        }
        if last_report.elapsed() >= Duration::from_secs(30) {
            report(execs, start, pool.len(), seen.len(), &crashes);
            last_report = Instant::now();
        }
    }
    report(execs, start, pool.len(), seen.len(), &crashes);
    if std::env::var_os("FUZZ_DUMP_FEATURES").is_some() {
        let mut all: Vec<&String> = seen.iter().collect();
        all.sort();
        for f in all {
            println!("{f}");
        }
    }
    let _ = std::fs::remove_dir_all(&work);
    if !crashes.is_empty() {
        std::process::exit(1);
    }
}

fn report(execs: u64, start: Instant, pool: usize, features: usize, crashes: &BTreeMap<String, usize>) {
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "fuzz: {execs} executions in {secs:.0} s ({:.0}/s); pool {pool}; behaviours {features}; distinct crashes {}",
        execs as f64 / secs.max(1e-9),
        crashes.len()
    );
}

/// Saves `text` in `dir` under a name made of its hash; returns the path.
fn save(dir: &Path, prefix: &str, text: &[u8]) -> PathBuf {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    let _ = std::fs::create_dir_all(dir);
    let path = dir.join(format!("{prefix}{:016x}.toml", h.finish()));
    let _ = std::fs::write(&path, text);
    path
}

/// The shipped scenarios, the test fixtures and the committed corpus (if given).
fn seed_inputs(corpus: Option<&Path>) -> Vec<Input> {
    let mut files = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["scenarios", "sweeps", "tests/fixtures", "tests/fixtures/diagnostics"] {
        files.extend(toml_files(&root.join(dir)));
    }
    // Observation files (data/observed) and posterior files (fuzz/csv) are fuzzed too.
    for dir in ["data/observed", "fuzz/csv"] {
        files.extend(files_ending(&root.join(dir), "csv"));
    }
    files.extend(corpus.map(toml_files).unwrap_or_default());
    files
        .into_iter()
        .filter_map(|p| {
            let text = std::fs::read(&p).ok()?;
            Some(Input { name: p.display().to_string(), text })
        })
        .collect()
}

fn toml_files(dir: &Path) -> Vec<PathBuf> {
    files_ending(dir, "toml")
}

fn files_ending(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == extension))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Seeds by their file names, a folder, and an `extends` chain 100 files deep ending at
/// baseline.toml.
fn prepare_work_dir(work: &Path, seeds: &[Input]) {
    for s in seeds {
        if let Some(name) = Path::new(&s.name).file_name() {
            let _ = std::fs::write(work.join(name), &s.text);
        }
    }
    let _ = std::fs::create_dir_all(work.join("a_folder.toml"));
    // A scenario that names the current input as its posterior (when the input is a CSV file).
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for name in ["small.toml", "priors.toml"] {
        let _ = std::fs::copy(fixtures.join(name), work.join(name));
    }
    let user =
        "[scenario]\nname = \"posterior_user\"\nextends = \"priors.toml\"\n\n[simulation]\nposterior = \"case.csv\"\n";
    let _ = std::fs::write(work.join(POSTERIOR_USER), user);
    for i in 0..100 {
        let parent = if i == 99 { "baseline.toml".to_string() } else { format!("chain_{}.toml", i + 1) };
        let text = format!("[scenario]\nname = \"chain_{i}\"\nextends = \"{parent}\"\n");
        let _ = std::fs::write(work.join(format!("chain_{i}.toml")), text);
    }
}

/// Kills the process when a case runs longer than `timeout`, saving its input first.
fn watchdog(start: Instant, timeout: Duration, case: PathBuf, crashes: PathBuf) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_millis(200));
            let began = CASE_START.load(Ordering::Relaxed);
            if began != 0 && (cpu_ms(start) + 1).saturating_sub(began) > timeout.as_millis() as u64 {
                let text = std::fs::read(&case).unwrap_or_default();
                let path = save(&crashes, "hang-", &text);
                let sets = CASE_SETS.lock().map(|s| s.clone()).unwrap_or_default();
                let _ = std::fs::write(path.with_extension("txt"), format!("hang\n--set: {sets:?}\n"));
                eprintln!("fuzz: HANG (over {} s of CPU); input saved as {}", timeout.as_secs(), path.display());
                std::process::exit(3);
            }
        }
    });
}

/// Writes the case and runs it, catching panics.
fn execute(case: &Path, text: &[u8], sets: &[String], start: Instant, known: &HashSet<String>) -> Outcome {
    if std::fs::write(case, text).is_err() {
        return Outcome::Features(BTreeSet::new());
    }
    if let Ok(mut s) = CASE_SETS.lock() {
        s.clone_from(&sets.to_vec());
    }
    CASE_START.store(cpu_ms(start) + 1, Ordering::Relaxed);
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| exercise(case, text, sets, known)));
    CASE_START.store(0, Ordering::Relaxed);
    match result {
        Ok(Ok(features)) => Outcome::Features(features),
        Ok(Err(msg)) => Outcome::Crash(msg),
        Err(_) => Outcome::Crash(PANIC.lock().unwrap_or_else(|e| e.into_inner()).take().unwrap_or_default()),
    }
}

/// The scenario in the work folder that names `case.csv` as its posterior.
const POSTERIOR_USER: &str = "posterior_user.toml";

/// Whether an input is a CSV file (an observation or posterior file) rather than TOML: its
/// first line that is neither blank nor a comment holds a comma and is not a TOML table header.
fn is_csv(text: &str) -> bool {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#'));
    first.is_some_and(|l| l.contains(',') && !l.starts_with('[') && !l.contains('='))
}

/// An observation or posterior file: read by both readers (what `score`, `calibrate` and a
/// scenario naming a posterior do), every diagnostic rendered; a posterior that reads is named
/// by a scenario, which is then loaded, explained and run.
fn exercise_csv(case: &Path, text: &str, n: u64) -> Result<BTreeSet<String>, String> {
    let mut features = BTreeSet::new();
    let csv = case.with_extension("csv");
    std::fs::write(&csv, text).map_err(|e| format!("cannot write the case: {e}"))?;
    let note = |kind: &str, e: Error, features: &mut BTreeSet<String>| -> Result<(), String> {
        if e.exit_code() == 1 {
            return Err(format!("{kind} failed with exit code 1 (not an input error): {e}"));
        }
        match e {
            Error::Scenario(ds) => {
                if ds.is_empty() {
                    return Err(format!("a {kind} error without a diagnostic"));
                }
                for (i, d) in ds.iter().enumerate() {
                    if i == 0 && n.is_multiple_of(4) {
                        let _ = d.render(false);
                    }
                    let _ = d.position();
                    features.insert(format!("{kind}-diag:{}", blank_numbers(&d.message)));
                }
            }
            e => {
                features.insert(format!("{kind}-error:{}", blank_numbers(&e.to_string())));
            }
        }
        Ok(())
    };
    match pathways::observe::file::load_all(std::slice::from_ref(&csv), &Default::default()) {
        Ok(obs) => {
            features.insert("obs-ok".into());
            for o in &obs.rows {
                if !(o.value.is_finite() && o.sd > 0.0 && o.sd.is_finite()) {
                    return Err(format!("an observation read with a non-finite value or uncertainty: {o:?}"));
                }
            }
        }
        Err(e) => note("obs", e, &mut features)?,
    }
    match pathways::scenario::posterior::read(&csv) {
        Ok(post) => {
            features.insert("post-ok".into());
            if post.weights.iter().any(|w| !w.is_finite() || *w < 0.0) || post.rows() == 0 {
                return Err(format!(
                    "a posterior read with weights that do not form a distribution: {:?}",
                    post.weights
                ));
            }
            match load(&case.with_file_name(POSTERIOR_USER), &[]) {
                Ok(s) => {
                    features.insert("post-scenario-ok".into());
                    run_valid(s)?;
                }
                Err(e) => note("post-scenario", e, &mut features)?,
            }
        }
        Err(e) => note("post", e, &mut features)?,
    }
    Ok(features)
}

/// What the commands do with a scenario; `Err` for a finding that is not a panic.
fn exercise(case: &Path, bytes: &[u8], sets: &[String], known: &HashSet<String>) -> Result<BTreeSet<String>, String> {
    let text = std::str::from_utf8(bytes).ok();
    let mut features = BTreeSet::new();
    // Every 16th case: loading reads values from the one spanned parse; `toml::from_str` must
    // agree with it (the same values, or both an error).
    static N: AtomicU64 = AtomicU64::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    if n.is_multiple_of(16)
        && let Some(text) = text
    {
        let direct = toml::from_str::<toml::Table>(text).map(|t| format!("{t:?}")).map_err(|_| ());
        let spanned = toml::de::DeTable::parse(text)
            .map_err(|_| ())
            .and_then(|d| {
                <toml::Table as serde::Deserialize>::deserialize(toml::de::Deserializer::from(d)).map_err(|_| ())
            })
            .map(|t| format!("{t:?}"));
        if direct != spanned {
            return Err(format!("the spanned parse disagrees with toml::from_str: {direct:?} vs {spanned:?}"));
        }
    }
    if let Some(text) = text
        && is_csv(text)
    {
        return exercise_csv(case, text, n);
    }
    // A sweep file (a `[sweep]` table): parsed, its grid built, and the baseline loaded with
    // the overrides of its first and last points.
    if let Some(text) = text
        && pathways::commands::sweep::file::is_sweep(text)
    {
        match pathways::commands::sweep::file::parse(case, text)
            .and_then(|f| pathways::analysis::sweep::grid::Grid::new(f.axes))
        {
            Err(e) => {
                let msg = e.to_string();
                features.insert(format!("sweep-error:{}", blank_numbers(msg.lines().next().unwrap_or_default())));
            }
            Ok(grid) => {
                features.insert("sweep-ok".into());
                let baseline = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.toml");
                for i in [0, grid.len().saturating_sub(1)] {
                    match load(&baseline, &grid.sets(i)) {
                        Ok(s) => run_valid(s)?,
                        Err(e) => {
                            let msg = e.to_string();
                            features.insert(format!(
                                "sweep-point:{}",
                                blank_numbers(msg.lines().next().unwrap_or_default())
                            ));
                        }
                    }
                }
            }
        }
        return Ok(features);
    }
    match load(case, sets) {
        Err(Error::Scenario(ds)) => {
            for (i, d) in ds.iter().enumerate() {
                // Rendering scans the whole source: the first diagnostic of every fourth case
                // shows whether it works.
                if i == 0 && n.is_multiple_of(4) {
                    let _ = d.render(false);
                }
                let _ = d.position();
                let message = blank_numbers(&d.message);
                let key = blank_names(d.key.as_deref().unwrap_or(""), known, message.starts_with("unknown key"));
                features.insert(format!("diag:{key}:{message}"));
            }
            if ds.is_empty() {
                return Err("a scenario error without a diagnostic".into());
            }
        }
        Err(e) => {
            let msg = e.to_string();
            if e.exit_code() == 1 {
                return Err(format!("load failed with exit code 1 (not an input error): {msg}"));
            }
            features.insert(format!("error:{}", blank_numbers(&msg)));
        }
        Ok(s) => {
            features.insert("ok".into());
            valid_features(&s, known, &mut features);
            run_valid(s)?;
        }
    }
    Ok(features)
}

/// Explains and runs a valid scenario, and checks its results.
fn run_valid(mut s: LoadedScenario) -> Result<(), String> {
    pathways::export::explain::explain(&s).map_err(|e| format!("explain failed on a valid scenario: {e}"))?;
    s.file.simulation.runs = s.file.simulation.runs.min(3);
    let control = RunControl { threads: 1, ..Default::default() };
    let r = run_study(&s, &control, &|_| {}).map_err(|e| format!("a valid scenario failed to run: {e}"))?;
    for (m, month) in r.series.iter().enumerate() {
        for (v, st) in month.iter().enumerate() {
            let all = [st.mean, st.sd, st.p5, st.p25, st.p50, st.p75, st.p95];
            if !all.iter().all(|x| x.is_finite()) {
                let key = pathways::model::vars::VARS[v].key;
                return Err(format!("non-finite statistics of {key} in month {m}: {st:?}"));
            }
        }
    }
    if let Some(x) = r.records.horizon.iter().chain(&r.records.params).find(|x| !x.is_finite()) {
        return Err(format!("a non-finite per-run value: {x}"));
    }
    let total: f64 = r.pathways.iter().map(|p| p.probability.p).sum();
    if (total - 1.0).abs() > 1e-9 {
        return Err(format!("pathway probabilities sum to {total}"));
    }
    for e in &EXPORTERS {
        (e.render)(&r).map_err(|err| format!("{} failed: {err}", e.file_name))?;
    }
    Ok(())
}

/// A valid scenario's keys with the kind of their values: distributions of each kind in each
/// place, sampling designs, correlations.
fn valid_features(s: &LoadedScenario, known: &HashSet<String>, out: &mut BTreeSet<String>) {
    fn walk(prefix: &str, v: &Value, known: &HashSet<String>, out: &mut BTreeSet<String>) {
        match v {
            Value::Table(t) => {
                if let Some(Value::String(kind)) = t.get("dist") {
                    out.insert(format!("ok:{prefix}:dist={kind}"));
                    return;
                }
                for (k, v) in t {
                    walk(&format!("{prefix}.{}", blank_names(k, known, false)), v, known, out);
                }
            }
            Value::Array(a) => {
                for v in a {
                    walk(&format!("{prefix}[]"), v, known, out);
                }
            }
            Value::String(x) if prefix.ends_with("sampling") || prefix.ends_with("action") => {
                out.insert(format!("ok:{prefix}={x}"));
            }
            _ => {}
        }
    }
    if let Ok(v) = Value::try_from(&s.file) {
        walk("", &v, known, out);
    }
}

/// A message reduced to its wording: the first line, with quoted text (`…` and "…") emptied
/// and every other word that is not a plain lowercase word (numbers, names, paths) blanked to
/// `…`, so that a message stands for its kind.
fn blank_numbers(msg: &str) -> String {
    let line = msg.lines().next().unwrap_or_default();
    let mut unquoted = String::with_capacity(line.len());
    let (mut quote, mut escaped) = (None, false);
    for c in line.chars() {
        match quote {
            Some(_) if escaped => escaped = false,
            Some('"') if c == '\\' => escaped = true,
            Some(q) if c == q => {
                unquoted.push('…');
                unquoted.push(c);
                quote = None;
            }
            Some(_) => {}
            None if c == '`' || c == '"' => {
                unquoted.push(c);
                quote = Some(c);
            }
            None => unquoted.push(c),
        }
    }
    let mut out: Vec<String> = Vec::new();
    for word in unquoted.split_whitespace().take(30) {
        let core = word.trim_matches(|c: char| ",.:;()[]{}".contains(c));
        let plain = core.len() <= 24 && core.chars().all(|c| c.is_ascii_lowercase() || c == '-' || c == '\'');
        let w = if !core.is_empty() && !plain {
            word.replacen(core, "…", 1)
        } else if core.is_empty() && word.len() > 3 {
            "…".to_string()
        } else {
            word.to_string()
        };
        if out.last() != Some(&w) {
            out.push(w);
        }
    }
    out.join(" ")
}

/// A key path with what the schema does not know (entry names, unknown keys; with `unknown`,
/// the last segment) blanked.
fn blank_names(key: &str, known: &HashSet<String>, unknown: bool) -> String {
    let segs: Vec<&str> = key.split('.').collect();
    let mut out: Vec<&str> = Vec::new();
    for (i, seg) in segs.iter().enumerate() {
        let entry = i == 1 && ["events", "timeline", "pathways"].contains(&segs[0]);
        let s = if entry || (unknown && i + 1 == segs.len()) || !known.contains(*seg) { "*" } else { seg };
        // Nested unknown tables (`a.b.c.d` of junk) are one behaviour however deep.
        if !(s == "*" && out.last() == Some(&"*")) {
            out.push(s);
        }
    }
    out.join(".")
}

/// Keys, names and hostile values to mutate with.
struct Vocabulary {
    /// Every key the schema defines.
    keys: Vec<String>,
    /// Every name the schema enumerates (presets, actions, variables, distributions).
    names: Vec<String>,
}

impl Vocabulary {
    fn from_schema() -> Vocabulary {
        let schema: serde_json::Value =
            serde_json::from_str(&pathways::scenario::schema::schema_json()).expect("the schema is JSON");
        let (mut keys, mut names) = (BTreeSet::new(), BTreeSet::new());
        fn walk(v: &serde_json::Value, keys: &mut BTreeSet<String>, names: &mut BTreeSet<String>) {
            match v {
                serde_json::Value::Object(o) => {
                    if let Some(serde_json::Value::Object(props)) = o.get("properties") {
                        keys.extend(props.keys().cloned());
                    }
                    for key in ["enum", "const"] {
                        match o.get(key) {
                            Some(serde_json::Value::Array(a)) => {
                                names.extend(a.iter().filter_map(|x| x.as_str().map(String::from)))
                            }
                            Some(serde_json::Value::String(s)) => {
                                names.insert(s.clone());
                            }
                            _ => {}
                        }
                    }
                    for v in o.values() {
                        walk(v, keys, names);
                    }
                }
                serde_json::Value::Array(a) => a.iter().for_each(|v| walk(v, keys, names)),
                _ => {}
            }
        }
        walk(&schema, &mut keys, &mut names);
        Vocabulary { keys: keys.into_iter().collect(), names: names.into_iter().collect() }
    }

    /// Every key and name, for blanking the rest in features.
    fn known(&self) -> HashSet<String> {
        let sections = [
            "scenario",
            "simulation",
            "initial",
            "agents",
            "economy",
            "events",
            "timeline",
            "pathways",
            "correlations",
        ];
        self.keys.iter().chain(&self.names).cloned().chain(sections.iter().map(|s| s.to_string())).collect()
    }

    fn key<R: Rng>(&self, rng: &mut R) -> String {
        self.keys[rng.random_range(0..self.keys.len())].clone()
    }

    fn name<R: Rng>(&self, rng: &mut R) -> String {
        self.names[rng.random_range(0..self.names.len())].clone()
    }

    /// A hostile or ordinary value of any type.
    fn value<R: Rng>(&self, rng: &mut R, depth: u32) -> Value {
        match rng.random_range(0..10) {
            0..=3 => Value::Float(number(rng)),
            4 => Value::Integer(*pick(
                rng,
                &[0, 1, -1, 2, 12, 48, 600, 601, i64::MAX, i64::MIN, u32::MAX as i64 + 1, 1 << 40],
            )),
            5 => Value::String(self.string(rng)),
            6 => Value::Boolean(rng.random()),
            7 if depth < 3 => Value::Array((0..rng.random_range(0..4)).map(|_| self.value(rng, depth + 1)).collect()),
            8 if depth < 3 => self.distribution(rng),
            _ => Value::String(self.name(rng)),
        }
    }

    fn string<R: Rng>(&self, rng: &mut R) -> String {
        match rng.random_range(0..12) {
            0 => String::new(),
            1 => "中美合作".into(),
            2 => "coopération".into(),
            3 => "a\u{0}b\u{7}\u{1b}[31m".into(),
            4 => "line\nbreak\r\n".into(),
            5 => "\u{202e}evil\u{200b}".into(),
            6 => "../../etc/passwd".into(),
            7 => "x".repeat(rng.random_range(100..20_000)),
            8 => "2025-13".into(),
            9 => format!("{}-{:02}", rng.random_range(0..10_000), rng.random_range(0..14)),
            10 => "e\u{301}\u{1F600}".into(),
            _ => self.name(rng),
        }
    }

    /// A distribution table of a random kind, with hostile or ordinary parameters.
    fn distribution<R: Rng>(&self, rng: &mut R) -> Value {
        let kinds = ["uniform", "normal", "lognormal", "triangular", "pert", "beta", "discrete", "gaussian"];
        let kind = *pick(rng, &kinds);
        let mut t = toml::Table::new();
        t.insert("dist".into(), Value::String(kind.into()));
        let params: &[&str] = match kind {
            "uniform" => &["min", "max"],
            "normal" => &["mean", "sd", "min", "max"],
            "lognormal" => &["mu", "sigma", "min", "max"],
            "triangular" | "pert" => &["min", "mode", "max"],
            "beta" => &["alpha", "beta", "min", "max"],
            "discrete" => &["values", "weights"],
            _ => &["mean", "sd"],
        };
        let mut base = number(rng).abs().min(1.0);
        for p in params {
            if rng.random_bool(0.1) {
                continue;
            }
            let v = if *p == "values" || *p == "weights" {
                Value::Array((0..rng.random_range(0..5)).map(|_| Value::Float(number(rng))).collect())
            } else if rng.random_bool(0.6) {
                // Ordered and sensible, so that deeper checks are reached.
                base += rng.random::<f64>();
                Value::Float(base)
            } else {
                Value::Float(number(rng))
            };
            t.insert((*p).into(), v);
        }
        Value::Table(t)
    }

    /// A `--set KEY=VALUE` argument.
    fn random_set<R: Rng>(&self, rng: &mut R) -> String {
        let sections = ["scenario", "simulation", "initial", "agents.us", "agents.china", "economy", "events.summit"];
        let v = self.value(rng, 2);
        format!("{}.{}={}", pick(rng, &sections), self.key(rng), v)
    }
}

fn pick<'a, T, R: Rng>(rng: &mut R, xs: &'a [T]) -> &'a T {
    &xs[rng.random_range(0..xs.len())]
}

/// A hostile or ordinary number.
fn number<R: Rng>(rng: &mut R) -> f64 {
    let special = [
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        0.0,
        -0.0,
        1e308,
        -1e308,
        f64::MAX,
        f64::MIN_POSITIVE,
        5e-324,
        1e-300,
        1e300,
        -101.0,
        -100.0,
        100.0,
        1000.0,
        1000.0001,
        1e6,
        1e9,
        u64::MAX as f64,
        0.5,
        1.0,
        1.0000001,
        -1.0,
        0.001,
        100_000.0,
    ];
    match rng.random_range(0..4) {
        0 | 1 => *pick(rng, &special),
        2 => rng.random::<f64>() * 10f64.powi(rng.random_range(-3..5)),
        _ => -rng.random::<f64>() * 10f64.powi(rng.random_range(-3..4)),
    }
}

/// `count` mutations of `text`: each on the TOML tree (when it parses) or, by a coin toss, on
/// the bytes. The tree mutations come first, so the text is parsed and written once.
fn mutate<R: Rng>(text: &[u8], donor: &[u8], count: usize, vocab: &Vocabulary, rng: &mut R) -> Vec<u8> {
    let on_tree = (0..count).filter(|_| rng.random_bool(0.65)).count();
    let mut out = None;
    if on_tree > 0
        && let Some(mut table) = std::str::from_utf8(text).ok().and_then(|t| t.parse::<toml::Table>().ok())
    {
        for _ in 0..on_tree {
            mutate_tree(&mut table, donor, vocab, rng);
        }
        out = toml::to_string(&table).ok().map(String::into_bytes);
    }
    let (mut t, bytes) = match out {
        Some(t) => (t, count - on_tree),
        None => (text.to_vec(), count.max(1)),
    };
    for _ in 0..bytes {
        t = mutate_bytes(&t, donor, vocab, rng);
    }
    t
}

/// A random table inside `t` (itself, a section, an array entry or a nested table).
fn random_table<'a, R: Rng>(t: &'a mut toml::Table, rng: &mut R) -> &'a mut toml::Table {
    if t.is_empty() || rng.random_bool(0.3) {
        return t;
    }
    let key = t.keys().nth(rng.random_range(0..t.len())).cloned().unwrap_or_default();
    // Decided before borrowing `t` again: descend only into a table or an array with tables.
    let descend = match t.get(&key) {
        Some(Value::Table(_)) => Some(None),
        Some(Value::Array(a)) => {
            let idx: Vec<usize> = (0..a.len()).filter(|&i| a[i].is_table()).collect();
            (!idx.is_empty()).then(|| Some(idx[rng.random_range(0..idx.len())]))
        }
        _ => None,
    };
    match descend {
        Some(None) => match t.get_mut(&key) {
            Some(Value::Table(inner)) => random_table(inner, rng),
            _ => unreachable!("checked above"),
        },
        Some(Some(i)) => match t.get_mut(&key) {
            Some(Value::Array(a)) => match &mut a[i] {
                Value::Table(inner) => random_table(inner, rng),
                _ => unreachable!("checked above"),
            },
            _ => unreachable!("checked above"),
        },
        None => t,
    }
}

fn mutate_tree<R: Rng>(root: &mut toml::Table, donor: &[u8], vocab: &Vocabulary, rng: &mut R) {
    match rng.random_range(0..10) {
        // Point `extends` somewhere hostile (or ordinary).
        0 => {
            let targets = [
                "baseline.toml",
                "case.toml",
                "cycle_a.toml",
                "chain_0.toml",
                "chain_60.toml",
                "a_folder.toml",
                "/dev/zero",
                "/dev/null",
                "no_such.toml",
                "",
                "small.toml",
                "/proc/self/mem",
            ];
            let section = root.entry("scenario").or_insert_with(|| Value::Table(toml::Table::new()));
            if let Value::Table(s) = section {
                s.insert("extends".into(), Value::String((*pick(rng, &targets)).into()));
            }
        }
        // Splice a top-level section from another input.
        1 => {
            if let Some(d) = std::str::from_utf8(donor).ok().and_then(|t| t.parse::<toml::Table>().ok())
                && !d.is_empty()
            {
                let (k, v) = d.iter().nth(rng.random_range(0..d.len())).map(|(k, v)| (k.clone(), v.clone())).unwrap();
                root.insert(k, v);
            }
        }
        // Duplicate an array entry (same name), or empty an array.
        2 => {
            let t = random_table(root, rng);
            let arrays: Vec<String> = t.iter().filter(|(_, v)| v.is_array()).map(|(k, _)| k.clone()).collect();
            if let Some(k) = arrays.get(rng.random_range(0..arrays.len().max(1))).cloned()
                && let Some(Value::Array(a)) = t.get_mut(&k)
            {
                if a.is_empty() || rng.random_bool(0.1) {
                    a.clear();
                } else {
                    let e = a[rng.random_range(0..a.len())].clone();
                    for _ in 0..*pick(rng, &[1usize, 1, 2, 300]) {
                        a.push(e.clone());
                    }
                }
            }
        }
        // Remove a key.
        3 => {
            let t = random_table(root, rng);
            if !t.is_empty() {
                let k = t.keys().nth(rng.random_range(0..t.len())).cloned().unwrap_or_default();
                t.remove(&k);
            }
        }
        // Add a known key with a random value.
        4 | 5 => {
            let t = random_table(root, rng);
            t.insert(vocab.key(rng), vocab.value(rng, 0));
        }
        // Replace an existing value: a hostile one, or a distribution in place of a number.
        _ => {
            let t = random_table(root, rng);
            if !t.is_empty() {
                let k = t.keys().nth(rng.random_range(0..t.len())).cloned().unwrap_or_default();
                let v = match t.get(&k) {
                    Some(Value::Float(_) | Value::Integer(_)) if rng.random_bool(0.3) => vocab.distribution(rng),
                    Some(Value::Float(_) | Value::Integer(_)) if rng.random_bool(0.7) => Value::Float(number(rng)),
                    Some(Value::String(_)) if rng.random_bool(0.5) => Value::String(vocab.name(rng)),
                    _ => vocab.value(rng, 0),
                };
                t.insert(k, v);
            }
        }
    }
}

fn mutate_bytes<R: Rng>(text: &[u8], donor: &[u8], vocab: &Vocabulary, rng: &mut R) -> Vec<u8> {
    let mut t = text.to_vec();
    let at = |rng: &mut R, t: &Vec<u8>| rng.random_range(0..=t.len());
    match rng.random_range(0..11) {
        0 if !t.is_empty() => {
            let i = rng.random_range(0..t.len());
            t[i] ^= 1 << rng.random_range(0..8);
        }
        1 => {
            let tokens = [
                "=",
                "\n",
                "[",
                "]",
                "{",
                "}",
                ",",
                "\"",
                "'",
                "\"\"\"",
                "[[events]]\n",
                "[[pathways]]\n",
                "[economy]\n",
                "nan",
                "inf",
                "-inf",
                "1e308",
                "0x7fffffffffffffff",
                "99999999999999999999",
                "\u{0}",
                "\u{7}",
                "\r",
                "\t",
                "\u{feff}",
                "中文",
                "\u{202e}",
                "#",
                "\\",
                "\\u0000",
                "=\n",
                "[scenario]\n",
                "..",
                "1979-05-27T07:32:00Z",
            ];
            let i = at(rng, &t);
            let tok: String = if rng.random_bool(0.5) { (*pick(rng, &tokens)).to_string() } else { vocab.key(rng) };
            t.splice(i..i, tok.into_bytes());
        }
        // Duplicate a line: duplicate keys and tables.
        2 | 3 => {
            let lines: Vec<&[u8]> = t.split(|&b| b == b'\n').collect();
            let l = lines[rng.random_range(0..lines.len())].to_vec();
            let mut out: Vec<u8> = Vec::with_capacity(t.len() + l.len() + 1);
            let insert_at = rng.random_range(0..lines.len());
            for (i, line) in lines.iter().enumerate() {
                out.extend_from_slice(line);
                out.push(b'\n');
                if i == insert_at {
                    out.extend_from_slice(&l);
                    out.push(b'\n');
                }
            }
            t = out;
        }
        // Delete a range.
        4 if !t.is_empty() => {
            let a = rng.random_range(0..t.len());
            let b = (a + rng.random_range(1..64)).min(t.len());
            t.drain(a..b);
        }
        // Deep nesting.
        5 => {
            // Mostly moderate: lexing 100,000 levels costs as much as a hundred ordinary cases.
            let n = if rng.random_bool(0.05) { 100_000 } else { *pick(rng, &[64usize, 128, 1000, 5000]) };
            let (open, close) = if rng.random_bool(0.5) { ("[", "]") } else { ("{a=", "}") };
            let s = format!("\ndeep = {}1{}\n", open.repeat(n), close.repeat(n));
            let i = at(rng, &t);
            t.splice(i..i, s.into_bytes());
        }
        // A random control or non-ASCII character.
        6 => {
            let c = char::from_u32(rng.random_range(0..0x3000)).unwrap_or('\u{fffd}');
            let i = at(rng, &t);
            let mut buf = [0u8; 4];
            t.splice(i..i, c.encode_utf8(&mut buf).bytes());
        }
        // A slice of another input.
        7 if !donor.is_empty() => {
            let a = rng.random_range(0..donor.len());
            let b = (a + rng.random_range(1..400)).min(donor.len());
            let i = at(rng, &t);
            t.splice(i..i, donor[a..b].iter().copied());
        }
        // Truncate.
        8 if !t.is_empty() => t.truncate(rng.random_range(0..t.len())),
        // Replace a number in the text with a hostile one.
        _ => {
            if let Some(i) =
                (0..20).map(|_| rng.random_range(0..t.len().max(1))).find(|&i| t.get(i).is_some_and(u8::is_ascii_digit))
            {
                let mut j = i;
                while j < t.len() && (t[j].is_ascii_digit() || t[j] == b'.') {
                    j += 1;
                }
                let v = number(rng);
                let s = if v.is_nan() {
                    "nan".to_string()
                } else if v.is_infinite() {
                    (if v > 0.0 { "inf" } else { "-inf" }).to_string()
                } else {
                    format!("{v:?}")
                };
                t.splice(i..j, s.into_bytes());
            }
        }
    }
    t
}

/// A behaviour coarsened for the committed corpus: a diagnostic by its section and message
/// (not its exact key), a valid scenario's distributions by section and kind.
fn coarse(feature: &str) -> String {
    let mut parts = feature.splitn(3, ':');
    let (kind, key, rest) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let section = key.trim_start_matches('.').split(['.', '[']).next().unwrap_or("");
    match kind {
        "diag" => format!("diag:{section}:{rest}"),
        "ok" => format!("ok:{section}:{}", rest.rsplit('.').next().unwrap_or(rest)),
        _ => feature.to_string(),
    }
}

/// Rewrites the corpus folder as a small set of small inputs that together show every coarse
/// behaviour ([`coarse`]) the folder's inputs show beyond the seeds': a greedy cover, smallest
/// inputs first, then each kept input cut line by line while it still shows the behaviours it
/// was kept for.
fn minimize(corpus: &Path, case: &Path, known: &HashSet<String>) {
    let start = Instant::now();
    let coarse_of = |text: &[u8]| match execute(case, text, &[], start, known) {
        Outcome::Features(f) => Some(f.iter().map(|f| coarse(f)).collect::<BTreeSet<String>>()),
        Outcome::Crash(_) => None,
    };
    let mut inputs: Vec<(PathBuf, Vec<u8>, BTreeSet<String>)> = toml_files(corpus)
        .into_iter()
        .filter_map(|p| {
            let text = std::fs::read(&p).ok()?;
            match coarse_of(&text) {
                Some(f) => Some((p, text, f)),
                None => {
                    eprintln!("fuzz: {} still crashes; left in place", p.display());
                    None
                }
            }
        })
        .collect();
    // Behaviours the seeds already show need no corpus entry.
    let mut covered: HashSet<String> = HashSet::new();
    for s in seed_inputs(None) {
        if let Some(f) = coarse_of(&s.text) {
            covered.extend(f);
        }
    }
    inputs.sort_by_key(|(_, t, _)| t.len());
    let before = inputs.len();
    let mut kept: Vec<(Vec<u8>, BTreeSet<String>)> = Vec::new();
    for (path, text, features) in inputs {
        let new: BTreeSet<String> = features.iter().filter(|f| !covered.contains(*f)).cloned().collect();
        let _ = std::fs::remove_file(&path);
        if !new.is_empty() {
            if std::env::var_os("FUZZ_DUMP_FEATURES").is_some() {
                for f in &new {
                    println!("{f}");
                }
            }
            covered.extend(new.iter().cloned());
            kept.push((text, new));
        }
    }
    let mut bytes = 0;
    for (text, wanted) in &kept {
        let small = shrink(text, |t| coarse_of(t).is_some_and(|f| wanted.is_subset(&f)));
        bytes += small.len();
        save(corpus, "", &small);
    }
    eprintln!("fuzz: corpus minimized from {before} to {} inputs, {bytes} bytes", kept.len());
}

/// `text` with as many lines removed as `keeps` allows (halving chunks, then single lines).
fn shrink(text: &[u8], keeps: impl Fn(&[u8]) -> bool) -> Vec<u8> {
    let mut lines: Vec<&[u8]> = text.split(|&b| b == b'\n').collect();
    let join = |ls: &[&[u8]]| ls.join(&b'\n');
    let mut chunk = lines.len().div_ceil(2).max(1);
    loop {
        let mut i = 0;
        while i < lines.len() {
            let mut trial = lines.clone();
            trial.drain(i..(i + chunk).min(lines.len()));
            if !trial.is_empty() && keeps(&join(&trial)) {
                lines = trial;
            } else {
                i += chunk;
            }
        }
        if chunk == 1 {
            break;
        }
        chunk = chunk.div_ceil(2);
    }
    join(&lines)
}
