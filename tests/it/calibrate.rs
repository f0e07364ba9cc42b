//! `pathways calibrate` and scenarios that draw from a posterior: the files it writes, that the
//! calibrated scenario runs, determinism across thread counts, the posterior's precedence rules
//! and `explain`, and bad input.

use crate::{fixture, pathways};
use predicates::str::contains;
use std::path::{Path, PathBuf};

const HEADER: &str = "period,variable,value,uncertainty,source\n";

/// Observed trade for the priors fixture (start 2025-01): made-up values near what it simulates.
fn observed(dir: &Path) -> PathBuf {
    let file = dir.join("obs.csv");
    std::fs::write(&file, format!("{HEADER}2026,us_imports_from_cn,300,2%,test\n2026,us_exports_to_cn,110,2%,test\n"))
        .unwrap();
    file
}

fn calibrate(dir: &Path, out: &str, threads: &str) -> assert_cmd::assert::Assert {
    pathways()
        .args(["calibrate", "--particles", "200", "--budget", "4000", "--predictive-runs", "500", "--quiet"])
        .args(["--charts", "png", "--threads", threads, "--observed"])
        .arg(observed(dir))
        .arg("--out")
        .arg(dir.join(out))
        .arg(fixture("priors.toml"))
        .assert()
}

#[test]
fn calibrate_writes_a_posterior_the_calibrated_scenario_draws_from() {
    let tmp = tempfile::tempdir().unwrap();
    calibrate(tmp.path(), "a", "2").success();
    let dir = tmp.path().join("a/priors/calibrate");
    for f in [
        "posterior.csv",
        "generations.csv",
        "calibrate.json",
        "calibrated.toml",
        "posterior_economy.import_elasticity.png",
        "posterior_agents.us.aggression.png",
        "predictive_us_imports_from_cn.png",
        "predictive_score.csv",
        "predictive_score.md",
    ] {
        assert!(dir.join(f).exists(), "{f}");
    }
    let mut rdr = csv::ReaderBuilder::new().comment(Some(b'#')).from_path(dir.join("posterior.csv")).unwrap();
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, ["weight", "agents.us.aggression", "economy.import_elasticity", "economy.export_elasticity"]);
    let rows: Vec<Vec<f64>> = rdr.records().map(|r| r.unwrap().iter().map(|x| x.parse().unwrap()).collect()).collect();
    assert_eq!(rows.len(), 200);
    let total: f64 = rows.iter().map(|r| r[0]).sum();
    assert!((total - 1.0).abs() < 1e-9, "weights sum to {total}");
    assert!(
        rows.iter().all(|r| (0.5..=3.0).contains(&r[2]) && (0.5..=3.5).contains(&r[3])),
        "inside the priors' support"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("calibrate.json")).unwrap()).unwrap();
    let gens = json["generations"].as_array().unwrap();
    assert!(gens.len() >= 2, "{json}");
    assert!(json["simulations"].as_u64().unwrap() <= 4000);
    for g in &gens[1..] {
        let rate = g["acceptance_rate"].as_f64().unwrap();
        assert!(rate > 0.0 && rate <= 1.0 && g["ess"].as_f64().unwrap() > 1.0, "{g}");
    }

    // The calibrated scenario runs, each run taking one posterior row: its sampled parameters
    // are rows of posterior.csv.
    let out = tmp.path().join("run");
    pathways()
        .args(["run", "--runs", "300", "--quiet", "--charts", "none", "--out"])
        .arg(&out)
        .arg(dir.join("calibrated.toml"))
        .assert()
        .success();
    let mut rdr = csv::Reader::from_path(out.join("priors_calibrated/runs.csv")).unwrap();
    for r in rdr.records() {
        let r = r.unwrap();
        let (a, m, x): (f32, f32, f32) = (r[1].parse().unwrap(), r[2].parse().unwrap(), r[3].parse().unwrap());
        assert!(
            rows.iter().any(|p| p[1] as f32 == a && p[2] as f32 == m && p[3] as f32 == x),
            "run {} drew ({a}, {m}, {x}), not a posterior row",
            &r[0]
        );
    }
    pathways()
        .args(["explain"])
        .arg(dir.join("calibrated.toml"))
        .assert()
        .success()
        .stdout(contains("# posterior: "))
        .stdout(contains("prior, replaced per run by posterior"));
}

#[test]
fn same_seed_same_posterior_whatever_the_thread_count() {
    let tmp = tempfile::tempdir().unwrap();
    calibrate(tmp.path(), "one", "1").success();
    calibrate(tmp.path(), "two", "2").success();
    let read = |d: &str| std::fs::read(tmp.path().join(d).join("priors/calibrate/posterior.csv")).unwrap();
    assert!(read("one") == read("two"), "posterior.csv differs between 1 and 2 threads");
}

#[test]
fn calibrate_refuses_bad_input() {
    let tmp = tempfile::tempdir().unwrap();
    let obs = observed(tmp.path());
    let run = |extra: &[&str], scenario: &Path| {
        pathways()
            .args(["calibrate", "--particles", "50", "--budget", "200", "--observed"])
            .arg(&obs)
            .arg("--out")
            .arg(tmp.path().join("out"))
            .args(extra)
            .arg(scenario)
            .assert()
    };
    run(&["--params", "economy.nope"], &fixture("priors.toml"))
        .code(2)
        .stderr(contains("`economy.nope` is not an uncertain parameter"));
    run(&["--set", "agents.us.aggression=0.05"], &fixture("outcomes.toml"))
        .code(2)
        .stderr(contains("no uncertain parameters to calibrate"));
    run(&["--set", "economy.pass_through={dist=\"discrete\",values=[0.5,1]}"], &fixture("priors.toml"))
        .code(2)
        .stderr(contains("discrete distribution"));
    pathways()
        .args(["calibrate", "--particles", "50", "--budget", "10", "--observed"])
        .arg(&obs)
        .arg(fixture("priors.toml"))
        .assert()
        .code(2)
        .stderr(contains("smaller than --particles"));
    run(&["--alpha", "1.5"], &fixture("priors.toml")).code(2).stderr(contains("--alpha"));
    assert!(!tmp.path().join("out").exists());
}

/// A posterior file and a scenario naming it, in `dir`.
fn posterior_scenario(dir: &Path, extra: &str) -> PathBuf {
    std::fs::write(
        dir.join("post.csv"),
        "# two rows, one three times as likely\nweight,agents.us.aggression,economy.import_elasticity\n1,0.022,0.9\n3,0.033,2.7\n",
    )
    .unwrap();
    let file = dir.join("child.toml");
    std::fs::write(
        &file,
        format!(
            "[scenario]\nname = \"child\"\nextends = \"{}\"\n\n[simulation]\nposterior = \"post.csv\"\n{extra}",
            fixture("priors.toml").display()
        ),
    )
    .unwrap();
    file
}

/// The (aggression, import elasticity) columns of a run of `scenario`.
fn drawn(scenario: &Path, out: &Path, sets: &[&str]) -> Vec<(f32, f32)> {
    let mut cmd = pathways();
    cmd.args(["run", "--runs", "4000", "--quiet", "--charts", "none", "--out"]).arg(out).arg(scenario);
    for s in sets {
        cmd.args(["--set", s]);
    }
    cmd.assert().success();
    let mut rdr = csv::Reader::from_path(out.join("child/runs.csv")).unwrap();
    let h = rdr.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|x| x == n);
    let (a, m) = (col("agents.us.aggression").unwrap(), col("economy.import_elasticity").unwrap());
    rdr.records().map(|r| r.unwrap()).map(|r| (r[a].parse().unwrap(), r[m].parse().unwrap())).collect()
}

#[test]
fn runs_draw_posterior_rows_jointly_by_weight() {
    let tmp = tempfile::tempdir().unwrap();
    let file = posterior_scenario(tmp.path(), "");
    let d = drawn(&file, &tmp.path().join("out"), &[]);
    assert!(d.iter().all(|&p| p == (0.022, 0.9) || p == (0.033, 2.7)), "jointly: never a mixed pair");
    let share = d.iter().filter(|p| p.0 == 0.033).count() as f64 / d.len() as f64;
    // 4,000 runs: the share's standard error is 0.007.
    assert!((share - 0.75).abs() < 0.035, "row 2 drawn in {share} of runs, weight 0.75");
}

#[test]
fn values_written_below_the_posterior_and_set_override_it() {
    let tmp = tempfile::tempdir().unwrap();
    // The child fixes the import elasticity: it is no longer uncertain (no runs.csv column), and
    // the posterior's other column is still drawn.
    let file = posterior_scenario(tmp.path(), "\n[economy]\nimport_elasticity = 1.5\n");
    let header = |out: &Path, sets: &[&str]| {
        let mut cmd = pathways();
        cmd.args(["run", "--runs", "200", "--quiet", "--charts", "none", "--out"]).arg(out).arg(&file);
        for s in sets {
            cmd.args(["--set", s]);
        }
        cmd.assert().success();
        // A `--set` run writes its own folder.
        let folder = if sets.is_empty() { "child".to_string() } else { crate::set_folder(out, "child") };
        let mut rdr = csv::Reader::from_path(out.join(folder).join("runs.csv")).unwrap();
        let h: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
        let a = h.iter().position(|x| x == "agents.us.aggression");
        let values: Vec<f32> =
            a.map_or(Vec::new(), |a| rdr.records().map(|r| r.unwrap()[a].parse().unwrap()).collect());
        (h, values)
    };
    let (h, aggression) = header(&tmp.path().join("a"), &[]);
    assert!(!h.contains(&"economy.import_elasticity".to_string()), "{h:?}");
    assert!(aggression.iter().all(|&a| a == 0.022 || a == 0.033), "drawn from the posterior");
    // --set overrides the other column too: nothing left to draw.
    let (h, _) = header(&tmp.path().join("b"), &["agents.us.aggression=0.05"]);
    assert!(!h.contains(&"agents.us.aggression".to_string()), "{h:?}");
    pathways()
        .arg("explain")
        .arg(&file)
        .args(["--set", "agents.us.aggression={dist=\"uniform\",min=0.01,max=0.02}"])
        .assert()
        .success()
        .stdout(contains("--set agents.us.aggression={dist=\"uniform\",min=0.01,max=0.02} · overrides posterior"))
        .stdout(contains("child.toml:9 · overrides posterior"));
}

#[test]
fn bad_posteriors_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let file = posterior_scenario(tmp.path(), "");
    std::fs::write(tmp.path().join("post.csv"), "weight,economy.pass_through\n1,0.5\n").unwrap();
    pathways()
        .args(["validate"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(contains("the posterior's column `economy.pass_through` is not an uncertain parameter"));
    std::fs::write(tmp.path().join("post.csv"), "weight,agents.us.aggression\n1,abc\n").unwrap();
    pathways().args(["validate"]).arg(&file).assert().code(2).stderr(contains("post.csv:2:3"));
    // Found by the fuzzer: a value the prior rules out (priors.toml: import elasticity uniform
    // 0.5–3) ran, and an elasticity of 1e300 made the results non-finite.
    std::fs::write(tmp.path().join("post.csv"), "weight,economy.import_elasticity\n1,1.5\n# a comment\n1,1e300\n")
        .unwrap();
    pathways().args(["validate"]).arg(&file).assert().code(2).stderr(contains(
        "the posterior's `economy.import_elasticity` is 1e300 on line 4, outside its prior's range 0.5 to 3",
    ));
    std::fs::remove_file(tmp.path().join("post.csv")).unwrap();
    pathways()
        .args(["validate"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(contains("child.toml:6:13"))
        .stderr(contains("cannot read posterior file: no such file"));
}

/// The SBC fixture, calibrated on its first year's mean imports and exports and their level in
/// the last month.
fn sbc_problem(seed: u64) -> pathways::calibrate::problem::ModelProblem {
    use pathways::calibrate::problem::{ModelProblem, Target};
    let s = pathways::scenario::load::load(&fixture("sbc.toml"), &[]).unwrap();
    let model = pathways::model::params::Model::compile(&s);
    let obs = pathways::observe::load_all(
        &[{
            let dir = std::env::temp_dir().join(format!("pathways-sbc-{}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            let f = dir.join("obs.csv");
            std::fs::write(
                &f,
                format!(
                    "{HEADER}2025,us_imports_from_cn,400,2%,x\n2025,us_exports_to_cn,130,2%,x\n2026-01,us_imports_from_cn,350,2%,x\n2026-01,us_exports_to_cn,110,2%,x\n"
                ),
            )
            .unwrap();
            f
        }],
        &Default::default(),
    )
    .unwrap();
    let targets: Vec<Target> = obs.rows.iter().filter_map(|o| Target::of(o, &model)).collect();
    assert_eq!(targets.len(), 4);
    ModelProblem::new(&model, (0..model.uncertain.len()).collect(), targets, seed)
}

/// Simulation-based calibration on the pathways model, fast settings: ranks of the true
/// parameters among posterior draws are uniform (chi-square at 1%) and the 90% interval covers
/// them in 80–97% of replications. The documented longer check (100 replications, more
/// particles) is `cargo bench --bench sbc`.
#[test]
fn simulation_based_calibration_recovers_known_parameters() {
    use pathways::calibrate::abc::Settings;
    use pathways::calibrate::sbc::{SbcSettings, run};
    let problem = sbc_problem(1);
    let s = SbcSettings {
        replications: 60,
        draws: 19,
        bins: 5,
        abc: Settings { particles: 200, budget: 12_000, ..Settings::default() },
        seed: 2018,
        data_noise_scale: 1.0,
    };
    let report = run(&problem, &s, &|_| {});
    eprintln!("{}", report.table());
    for p in &report.parameters {
        assert!(p.p_value >= 0.01, "{}: ranks not uniform: {}", p.parameter, report.table());
        assert!(
            (0.8..=0.97).contains(&p.coverage_90),
            "{}: coverage {}: {}",
            p.parameter,
            p.coverage_90,
            report.table()
        );
    }
    // Negative control: data four times noisier than the calibration assumes make the posterior
    // overconfident, and the check must see it.
    let wrong = run(&problem, &SbcSettings { data_noise_scale: 4.0, replications: 30, ..s }, &|_| {});
    eprintln!("{}", wrong.table());
    assert!(
        wrong.parameters.iter().any(|p| p.p_value < 0.01 || p.coverage_90 < 0.8),
        "miscalibration not detected: {}",
        wrong.table()
    );
}
