//! The scenario library in `scenarios/`: every file loads, the 2018–19 back-test contains what
//! really happened, and each story scenario moves the pathway probabilities the way its story
//! says, by more than the Monte Carlo error.
//!
//! `cargo test --test it scenario_library -- --nocapture` prints the back-test table and the
//! pathway probabilities that docs/BACKTEST.md and docs/SCENARIOS.md quote.

use pathways::app::{RunOptions, run_one};
use pathways::chart::ChartOptions;
use pathways::engine::result::{Proportion, ScenarioResult};
use pathways::engine::rng::{Stream, stream};
use pathways::model::calendar::YearMonth;
use pathways::model::params::Model;
use pathways::model::sim::{EventClock, Observer, Streams, simulate};
use pathways::model::vars::{State, Var};
use pathways::scenario::load::{LoadedScenario, load};
use std::path::{Path, PathBuf};

/// Runs per scenario in the ordering tests: enough that the 95% intervals of the differences the
/// stories predict separate, few enough for a debug build.
const RUNS: u64 = 4000;
/// Seed of the ordering tests.
const SEED: u64 = 2025;

fn scenario_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(format!("{name}.toml"))
}

fn load_scenario(name: &str, runs: u64, seed: u64) -> LoadedScenario {
    let sets = [format!("simulation.runs={runs}"), format!("simulation.seed={seed}")];
    load(&scenario_path(name), &sets).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn run(name: &str) -> ScenarioResult {
    let opts = RunOptions {
        paths: Vec::new(),
        runs: None,
        seed: None,
        out: PathBuf::new(),
        threads: 0,
        sets: Vec::new(),
        quiet: true,
        charts: ChartOptions::default(),
        command_line: String::new(),
        uncertainty: Default::default(),
        record_paths: None,
    };
    let result = run_one(&load_scenario(name, RUNS, SEED), &opts, &|_| {}).unwrap();
    let line: Vec<String> =
        result.pathways.iter().map(|p| format!("{} {:.1}%", p.name, 100.0 * p.probability.p)).collect();
    eprintln!("{name} ({RUNS} runs, seed {SEED}): {}", line.join(", "));
    result
}

fn pathway(r: &ScenarioResult, name: &str) -> Proportion {
    r.pathways.iter().find(|p| p.name == name).unwrap_or_else(|| panic!("no pathway `{name}`")).probability
}

/// Asserts that `pathway` is more likely in scenario `a` than in `b`: the 95% intervals do not
/// overlap.
fn more_likely(pathway_name: &str, a: (&str, &ScenarioResult), b: (&str, &ScenarioResult)) {
    let (pa, pb) = (pathway(a.1, pathway_name), pathway(b.1, pathway_name));
    assert!(
        pa.ci_low > pb.ci_high,
        "`{pathway_name}` should be more likely in {} ({:.3}, 95% CI {:.3}–{:.3}) than in {} ({:.3}, {:.3}–{:.3})",
        a.0,
        pa.p,
        pa.ci_low,
        pa.ci_high,
        b.0,
        pb.p,
        pb.ci_low,
        pb.ci_high
    );
}

#[test]
fn every_library_scenario_loads_and_extends_baseline() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .filter_map(|p| p.file_stem()?.to_str().map(String::from))
        .collect();
    names.sort();
    for name in &names {
        let s = load_scenario(name, 1, 1);
        let chain: Vec<String> =
            s.sources.iter().map(|f| f.path.file_name().unwrap().to_string_lossy().into_owned()).collect();
        let expected = if name == "baseline" {
            vec!["baseline.toml".to_string()]
        } else {
            vec![format!("{name}.toml"), "baseline.toml".into()]
        };
        assert_eq!(chain, expected, "{name} extends baseline.toml directly");
        let pathways: Vec<&str> = s.file.pathways.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            pathways,
            ["trade_war", "tech_cold_war", "cooperation", "managed_competition"],
            "{name} shares baseline's pathways"
        );
    }
    for expected in [
        "baseline",
        "cooperation",
        "renewed_tariffs",
        "tech_decoupling",
        "grand_bargain",
        "managed_competition",
        "backtest_2018_2019",
    ] {
        assert!(names.iter().any(|n| n == expected), "scenarios/{expected}.toml is missing");
    }
}

// ---------------------------------------------------------------------------------------------
// The 2018–19 back-test
// ---------------------------------------------------------------------------------------------

/// One run's 2019 figures: annual trade as the mean of the twelve monthly annualised values, and
/// the tariff levels in December 2019.
#[derive(Debug, Default)]
struct Year2019 {
    first: u32,
    last: u32,
    imports: f64,
    exports: f64,
    tariff_us: f64,
    tariff_cn: f64,
}

impl Observer for Year2019 {
    fn month(&mut self, m: u32, s: &State, _pathway: usize) {
        if (self.first..=self.last).contains(&m) {
            self.imports += s[Var::UsImportsFromCn.index()] / 12.0;
            self.exports += s[Var::UsExportsToCn.index()] / 12.0;
        }
        if m == self.last {
            self.tariff_us = s[Var::TariffUs.index()];
            self.tariff_cn = s[Var::TariffCn.index()];
        }
    }
}

/// The empirical `q` quantile (linear interpolation between order statistics).
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let h = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// The model month (counted from the start) of the calendar month `ym`, "YYYY-MM".
fn month_of(model: &Model, ym: &str) -> u32 {
    let target = YearMonth::parse(ym).unwrap();
    (0..=model.horizon).find(|&m| model.start.plus(m) == target).unwrap_or_else(|| panic!("{ym} outside the run"))
}

#[test]
fn backtest_2018_2019_contains_what_happened() {
    // The file's own runs and seed, so that the table matches `pathways run` on the file.
    let loaded = load(&scenario_path("backtest_2018_2019"), &[]).unwrap();
    let (runs, seed) = (loaded.file.simulation.runs, loaded.file.simulation.seed);
    let model = Model::compile(&loaded);
    let (first, last) = (month_of(&model, "2019-01"), month_of(&model, "2019-12"));
    let mut params = model.base.clone();
    let mut sampled = vec![0.0; model.uncertain.len()];
    let mut clock = EventClock::default();
    let mut columns: [Vec<f64>; 4] = Default::default();
    // The same per-run streams as the engine, so these are the runs `pathways run` makes.
    for run in 0..runs {
        model.sample(&mut stream(seed, run, Stream::Parameters), &mut params, &mut sampled);
        let mut year = Year2019 { first, last, ..Year2019::default() };
        simulate(&model, &params, &mut clock, &mut Streams::new(seed, run), &mut year);
        for (col, v) in columns.iter_mut().zip([year.imports, year.exports, year.tariff_us, year.tariff_cn]) {
            col.push(v);
        }
    }
    // Realised values: US Census (2019 goods trade, $ bn) and PIIE (average tariffs after the
    // September 2019 actions, unchanged until February 2020).
    let checks = [
        ("US goods imports from China, 2019 ($ bn)", 452.2),
        ("US goods exports to China, 2019 ($ bn)", 106.6),
        ("US average tariff on Chinese goods, Dec 2019 (%)", 21.0),
        ("China's average tariff on US goods, Dec 2019 (%)", 21.8),
    ];
    eprintln!("back-test, {runs} runs, seed {seed}");
    eprintln!("| quantity | realised | model median | model 90% interval (p5–p95) | realised at percentile |");
    eprintln!("|---|---|---|---|---|");
    let mut failures = Vec::new();
    for ((what, realised), col) in checks.iter().zip(columns.iter_mut()) {
        col.sort_by(f64::total_cmp);
        let (p5, p50, p95) = (quantile(col, 0.05), quantile(col, 0.5), quantile(col, 0.95));
        let below = col.iter().filter(|&&x| x < *realised).count() as f64 / col.len() as f64;
        let at_most = col.iter().filter(|&&x| x <= *realised).count() as f64 / col.len() as f64;
        eprintln!(
            "| {what} | {realised} | {p50:.1} | {p5:.1} – {p95:.1} | {:.0}–{:.0} |",
            100.0 * below,
            100.0 * at_most
        );
        if !(p5..=p95).contains(realised) {
            failures.push(format!("{what}: realised {realised} outside the model's 90% interval {p5:.1}–{p95:.1}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Each story moves the pathways its way
// ---------------------------------------------------------------------------------------------

#[test]
fn story_scenarios_shift_pathways_their_way() {
    let baseline = run("baseline");
    let cooperation = run("cooperation");
    let renewed = run("renewed_tariffs");
    let tech = run("tech_decoupling");
    let bargain = run("grand_bargain");
    let managed = run("managed_competition");
    let base = ("baseline", &baseline);

    more_likely("trade_war", ("renewed_tariffs", &renewed), ("cooperation", &cooperation));
    more_likely("trade_war", ("renewed_tariffs", &renewed), base);
    more_likely("trade_war", base, ("cooperation", &cooperation));
    more_likely("cooperation", ("cooperation", &cooperation), base);
    more_likely("cooperation", ("cooperation", &cooperation), ("renewed_tariffs", &renewed));
    more_likely("tech_cold_war", ("tech_decoupling", &tech), base);
    more_likely("tech_cold_war", ("tech_decoupling", &tech), ("renewed_tariffs", &renewed));
    more_likely("trade_war", base, ("grand_bargain", &bargain));
    more_likely("cooperation", ("grand_bargain", &bargain), base);
    more_likely("trade_war", base, ("managed_competition", &managed));
    more_likely("managed_competition", ("managed_competition", &managed), base);
    more_likely("cooperation", ("cooperation", &cooperation), ("managed_competition", &managed));
}
