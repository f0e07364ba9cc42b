//! The scenario library in `scenarios/`: every file loads, the 2018–19 back-test contains what
//! really happened, and each story scenario moves the pathway probabilities the way its story
//! says, by more than the Monte Carlo error.
//!
//! `cargo test --test it scenario_library -- --nocapture` prints the back-test table and the
//! pathway probabilities that docs/BACKTEST.md and docs/SCENARIOS.md quote.

use pathways::engine::block_design::BlockDesign;
use pathways::engine::result::{Proportion, ScenarioResult};
use pathways::engine::study::{RunControl, run_study};
use pathways::model::calendar::YearMonth;
use pathways::model::params::Model;
use pathways::model::sim::{EventClock, Observer, Streams, simulate};
use pathways::model::vars::{State, Var};
use pathways::sampling::rng::{Stream, stream};
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
    let result = run_study(&load_scenario(name, RUNS, SEED), &RunControl::default(), &|_| {}).unwrap();
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
        // The agents' back-test extends the trade block's, which keeps its 2018 state.
        let expected = match name.as_str() {
            "baseline" => vec!["baseline.toml".to_string()],
            "backtest_china_2018_2019" | "backtest_2018_2024_calibrated" => {
                vec![format!("{name}.toml"), "backtest_2018_2024.toml".into(), "baseline.toml".into()]
            }
            _ => vec![format!("{name}.toml"), "baseline.toml".into()],
        };
        assert_eq!(chain, expected, "{name} extends baseline.toml");
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
        "backtest_2018_2024",
    ] {
        assert!(names.iter().any(|n| n == expected), "scenarios/{expected}.toml is missing");
    }
}

// ---------------------------------------------------------------------------------------------
// The 2018–24 back-test of the trade block
// ---------------------------------------------------------------------------------------------

/// One run's annual trade: per year, the mean of the twelve monthly annualised values.
#[derive(Debug, Default)]
struct Annual {
    /// (first model month of the year, year) for each year covered.
    years: Vec<(u32, i32)>,
    imports: Vec<f64>,
    exports: Vec<f64>,
}

impl Observer for Annual {
    fn month(&mut self, m: u32, s: &State, _pathway: usize) {
        for (i, &(first, _)) in self.years.iter().enumerate() {
            if (first..first + 12).contains(&m) {
                self.imports[i] += s[Var::UsImportsFromCn.index()] / 12.0;
                self.exports[i] += s[Var::UsExportsToCn.index()] / 12.0;
            }
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

/// US Census goods trade with China, $ bn (../shared/data): (year, imports, exports).
const CENSUS: [(i32, f64, f64); 7] = [
    (2018, 539.5, 120.3),
    (2019, 452.2, 106.6),
    (2020, 435.5, 124.5),
    (2021, 506.4, 151.1),
    (2022, 536.3, 154.0),
    (2023, 427.2, 147.8),
    (2024, 438.7, 143.2),
];

/// The trade block's tables of docs/BACKTEST.md: each year's realised US imports from and
/// exports to China against the model's distribution of that year's mean, in sample (2018–19)
/// and out of sample (2020–24), for the back-test with its priors and with the posterior fitted
/// on 2018–19. `cargo test --test it backtest_2018_2024 -- --nocapture` prints them; the test
/// fails when the page no longer shows what the model does.
#[test]
fn backtest_2018_2024_tables_are_the_ones_in_backtest_md() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/BACKTEST.md")).unwrap();
    let tables: Vec<(&str, String)> =
        ["backtest_2018_2024", "backtest_2018_2024_calibrated"].into_iter().map(|n| (n, trade_table(n))).collect();
    for (name, table) in &tables {
        eprintln!("{name}:\n{table}");
    }
    for (name, table) in &tables {
        assert!(doc.contains(table), "docs/BACKTEST.md does not show the trade table {name} gives now:\n{table}");
    }
}

fn trade_table(name: &str) -> String {
    let loaded = load(&scenario_path(name), &[]).unwrap();
    let (runs, seed) = (loaded.file.simulation.runs, loaded.file.simulation.seed);
    let model = Model::compile(&loaded);
    let years: Vec<(u32, i32)> = CENSUS.iter().map(|&(y, _, _)| (month_of(&model, &format!("{y}-01")), y)).collect();
    let mut params = model.base.clone();
    let mut sampled = vec![0.0; model.uncertain.len()];
    let mut clock = EventClock::default();
    let mut imports: Vec<Vec<f64>> = vec![Vec::new(); years.len()];
    let mut exports: Vec<Vec<f64>> = vec![Vec::new(); years.len()];
    for run in 0..runs {
        // As the engine draws a run: the priors, then (with a posterior) one weighted row.
        BlockDesign::Plain.sample(&model, seed, run, &mut params, &mut sampled);
        let n = years.len();
        let mut a = Annual { years: years.clone(), imports: vec![0.0; n], exports: vec![0.0; n] };
        simulate(&model, &params, &mut clock, &mut Streams::new(seed, run), &mut a);
        for i in 0..n {
            imports[i].push(a.imports[i]);
            exports[i].push(a.exports[i]);
        }
    }
    let mut table = String::from(
        "| year | period | flow | realised (Census) | model median | model 90% (p5–p95) | realised at percentile | inside the 90% |\n|---|---|---|---|---|---|---|---|\n",
    );
    let (mut inside_in, mut inside_out) = (0, 0);
    for (i, &(year, m, x)) in CENSUS.iter().enumerate() {
        let period = if year <= 2019 { "in sample" } else { "out of sample" };
        for (what, col, realised) in [("imports", &mut imports[i], m), ("exports", &mut exports[i], x)] {
            col.sort_by(f64::total_cmp);
            let (p5, p50, p95) = (quantile(col, 0.05), quantile(col, 0.5), quantile(col, 0.95));
            let pct = col.iter().filter(|&&v| v < realised).count() as f64 / col.len() as f64;
            let ok = (p5..=p95).contains(&realised);
            if ok && year <= 2019 {
                inside_in += 1;
            } else if ok {
                inside_out += 1;
            }
            table.push_str(&format!(
                "| {year} | {period} | {what} | {realised:.1} | {p50:.1} | {p5:.1} – {p95:.1} | {:.0} | {} |\n",
                100.0 * pct,
                if ok { "yes" } else { "**no**" }
            ));
        }
    }
    table.push_str(&format!(
        "\nIn sample {inside_in} of 4 inside the model's 90% interval; out of sample {inside_out} of 10.\n"
    ));
    table
}

/// The welfare block against Amiti, Redding & Weinstein (2019), by end-2018: a tax cost of
/// $3.0 bn a month and a deadweight loss of $1.4 bn a month (all 2018 tariffs, of which China's
/// are most), and Fajgelbaum et al. (2020): a loss to buyers of imports of $51 bn in 2018.
/// `cargo test --test it welfare_2018 -- --nocapture` prints the table in docs/BACKTEST.md.
#[test]
fn welfare_2018_is_of_the_size_the_literature_measured() {
    let loaded = load(&scenario_path("backtest_2018_2024"), &[]).unwrap();
    let (runs, seed) = (2000, loaded.file.simulation.seed);
    let model = Model::compile(&loaded);
    let dec = month_of(&model, "2018-12");
    struct Welfare {
        dec: u32,
        tax: f64,
        dwl: f64,
        /// 2018's buyers' loss, $ bn: the monthly (annualised) tax plus deadweight loss / 12.
        buyers_2018: f64,
    }
    impl Observer for Welfare {
        fn month(&mut self, m: u32, s: &State, _pathway: usize) {
            if (1..=self.dec).contains(&m) {
                self.buyers_2018 += (s[Var::UsTariffRevenue.index()] + s[Var::UsDeadweightLoss.index()]) / 12.0;
            }
            if m == self.dec {
                self.tax = s[Var::UsTariffRevenue.index()];
                self.dwl = s[Var::UsDeadweightLoss.index()];
            }
        }
    }
    let mut params = model.base.clone();
    let mut sampled = vec![0.0; model.uncertain.len()];
    let mut clock = EventClock::default();
    let (mut tax, mut dwl, mut buyers, mut rate) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for run in 0..runs {
        model.sample(&mut stream(seed, run, Stream::Parameters), &mut params, &mut sampled);
        let mut w = Welfare { dec, tax: 0.0, dwl: 0.0, buyers_2018: 0.0 };
        simulate(&model, &params, &mut clock, &mut Streams::new(seed, run), &mut w);
        tax.push(w.tax / 12.0);
        dwl.push(w.dwl / 12.0);
        buyers.push(w.buyers_2018);
        rate.push(w.tax + w.dwl);
    }
    for col in [&mut tax, &mut dwl, &mut buyers, &mut rate] {
        col.sort_by(f64::total_cmp);
    }
    let row = |what: &str, col: &[f64], lit: &str| {
        eprintln!(
            "| {what} | {:.2} | {:.2} – {:.2} | {lit} |",
            quantile(col, 0.5),
            quantile(col, 0.05),
            quantile(col, 0.95)
        );
    };
    eprintln!("| quantity ($ bn) | model median | model 90% | literature |");
    eprintln!("|---|---|---|---|");
    row("extra duty on Chinese goods, Dec 2018, per month", &tax, "ARW: 3.0 a month, all 2018 tariffs");
    row("deadweight loss, Dec 2018, per month", &dwl, "ARW: 1.4 a month, all 2018 tariffs");
    row("loss to US buyers (duty + deadweight loss), calendar 2018", &buyers, "FGKK: 51 in 2018, all 2018 tariffs");
    row("the same at the end-2018 tariffs, a year's rate", &rate, "FGKK: 51");
    // Same order of magnitude as the literature, and the deadweight loss a fraction of the tax.
    let (t, d) = (quantile(&tax, 0.5), quantile(&dwl, 0.5));
    assert!((1.5..=6.0).contains(&t), "duty {t} per month against ARW's 3.0");
    assert!((0.2..=2.8).contains(&d), "deadweight loss {d} per month against ARW's 1.4");
    assert!(d < t, "the deadweight loss is a fraction of the duty");
}

// ---------------------------------------------------------------------------------------------
// The agents' back-test: 2018–19, US moves scripted, China on its baseline policy
// ---------------------------------------------------------------------------------------------

/// PIIE's average Chinese tariff on US goods at the end of each month of 2018–19 (the level in
/// force after that month's actions; ../shared/data).
const CHINA_TARIFF_2018_2019: [(&str, f64); 24] = [
    ("2018-01", 8.0),
    ("2018-02", 8.0),
    ("2018-03", 8.0),
    ("2018-04", 8.4),
    ("2018-05", 8.4),
    ("2018-06", 8.4),
    ("2018-07", 10.1),
    ("2018-08", 14.4),
    ("2018-09", 18.3),
    ("2018-10", 18.3),
    ("2018-11", 18.3),
    ("2018-12", 18.3),
    ("2019-01", 16.5),
    ("2019-02", 16.5),
    ("2019-03", 16.5),
    ("2019-04", 16.5),
    ("2019-05", 16.5),
    ("2019-06", 20.7),
    ("2019-07", 20.7),
    ("2019-08", 20.7),
    ("2019-09", 21.8),
    ("2019-10", 21.8),
    ("2019-11", 21.8),
    ("2019-12", 21.8),
];

/// The month-by-month table of docs/BACKTEST.md ("The agents"): where PIIE's Chinese tariff falls
/// among the model's runs. `cargo test --test it backtest_china -- --nocapture` prints it; the
/// test fails when the page no longer shows what the model does.
#[test]
fn backtest_china_2018_2019_table_is_the_one_in_backtest_md() {
    let loaded = load(&scenario_path("backtest_china_2018_2019"), &[]).unwrap();
    let (runs, seed) = (loaded.file.simulation.runs, loaded.file.simulation.seed);
    let model = Model::compile(&loaded);
    struct TariffPath(Vec<f64>);
    impl Observer for TariffPath {
        fn month(&mut self, _m: u32, s: &State, _pathway: usize) {
            self.0.push(s[Var::TariffCn.index()]);
        }
    }
    let mut params = model.base.clone();
    let mut sampled = vec![0.0; model.uncertain.len()];
    let mut clock = EventClock::default();
    let mut by_month: Vec<Vec<f64>> = vec![Vec::new(); CHINA_TARIFF_2018_2019.len()];
    for run in 0..runs {
        model.sample(&mut stream(seed, run, Stream::Parameters), &mut params, &mut sampled);
        let mut p = TariffPath(Vec::new());
        simulate(&model, &params, &mut clock, &mut Streams::new(seed, run), &mut p);
        for (col, v) in by_month.iter_mut().zip(p.0) {
            col.push(v);
        }
    }
    let mut table = String::from(
        "| month | realised (PIIE) | model median | model 90% (p5–p95) | realised at percentile | inside the 90% |\n|---|---|---|---|---|---|\n",
    );
    let mut inside = 0;
    for ((month, realised), col) in CHINA_TARIFF_2018_2019.iter().zip(by_month.iter_mut()).skip(1) {
        col.sort_by(f64::total_cmp);
        let (p5, p50, p95) = (quantile(col, 0.05), quantile(col, 0.5), quantile(col, 0.95));
        let below = col.iter().filter(|&&x| x < *realised - 1e-9).count() as f64 / col.len() as f64;
        let at_most = col.iter().filter(|&&x| x <= *realised + 1e-9).count() as f64 / col.len() as f64;
        let ok = *realised >= p5 - 1e-9 && *realised <= p95 + 1e-9;
        inside += usize::from(ok);
        let pct = if (at_most - below) > 0.01 {
            format!("{:.0}–{:.0}", 100.0 * below, 100.0 * at_most)
        } else {
            format!("{:.0}", 100.0 * below)
        };
        table.push_str(&format!(
            "| {month} | {realised:.1} | {p50:.1} | {p5:.1} – {p95:.1} | {pct} | {} |\n",
            if ok { "yes" } else { "**no**" }
        ));
    }
    table.push_str(&format!(
        "\n{inside} of {} months inside the model's 90% interval.\n",
        CHINA_TARIFF_2018_2019.len() - 1
    ));
    eprintln!("{table}");
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/BACKTEST.md")).unwrap();
    assert!(doc.contains(&table), "docs/BACKTEST.md does not show the agents' table the model gives now:\n{table}");
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
