//! The documented longer simulation-based calibration check (Talts et al. 2018) on the pathways
//! model itself: the 2018–24 back-test scenario cut to 2018–19 (the baseline's economy and its
//! priors) calibrated on its four annual trade figures for 2018 and 2019.
//!
//! `cargo bench --bench sbc [-- REPLICATIONS]` (default 100). Each replication draws the eight
//! parameters the shipped calibration fits (data/posteriors/README.md; the scenario's other
//! uncertain parameters are drawn from their priors in every simulation) from their priors, simulates the observations (with their measurement
//! error), calibrates (1,000 particles, at most 40,000 simulations) and ranks the true values
//! among 99 posterior draws. Passes when, for every parameter, the ranks are uniform by a
//! chi-square test over 10 bins at the 1% level and the posterior's central 90% interval holds
//! the true value in 80–97% of replications. Prints the table and exits 1 on failure.

use pathways::calibrate::abc::Settings;
use pathways::calibrate::problem::{ModelProblem, Target};
use pathways::calibrate::sbc::{SbcSettings, run};
use pathways::model::params::Model;
use pathways::observe::{Selection, load_all};
use pathways::scenario::load::load;
use std::path::Path;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let replications: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(100);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sets = ["scenario.horizon_months=23".to_string()];
    let s = load(&root.join("scenarios/backtest_2018_2024.toml"), &sets).expect("the back-test scenario is valid");
    let model = Model::compile(&s);
    let selection = Selection { to: Selection::bound("2019", true), ..Selection::default() };
    let obs = load_all(&[root.join("data/observed/census_trade.csv")], &selection).expect("valid data");
    let targets: Vec<Target> = obs.rows.iter().filter_map(|o| Target::of(o, &model)).collect();
    let calibrated: Vec<usize> = [
        "economy.import_elasticity",
        "economy.export_elasticity",
        "economy.trend_growth_imports",
        "economy.trend_growth_exports",
        "economy.frontloading",
        "economy.deal_compliance",
        "timeline.cn_diverts_farm_purchases.value",
        "timeline.cn_suspends_soe_farm_purchases.value",
    ]
    .iter()
    .map(|p| model.uncertain.iter().position(|u| u.path == *p).expect("an uncertain parameter of the back-test"))
    .collect();
    let problem = ModelProblem::new(&model, calibrated, targets, 2018);
    let settings = SbcSettings {
        replications,
        draws: 99,
        bins: 10,
        abc: Settings { particles: 1000, budget: 40_000, ..Settings::default() },
        seed: 15,
        data_noise_scale: 1.0,
    };
    let started = Instant::now();
    let report = run(&problem, &settings, &|r| {
        if r % 10 == 0 {
            eprintln!("  {r} replications, {:.0} s", started.elapsed().as_secs_f64());
        }
    });
    println!("{}", report.table());
    println!("  {:.1} s", started.elapsed().as_secs_f64());
    let mut ok = true;
    for p in &report.parameters {
        let pass = p.p_value >= 0.01 && (0.8..=0.97).contains(&p.coverage_90);
        println!("  {:<34} {}", p.parameter, if pass { "pass" } else { "FAIL" });
        ok &= pass;
    }
    if !ok {
        std::process::exit(1);
    }
}
