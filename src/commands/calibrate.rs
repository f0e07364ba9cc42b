//! `pathways calibrate SCENARIO --observed FILE`: fits the scenario's uncertain parameters to
//! the observations by ABC-SMC ([`crate::calibrate`]) and writes the posterior (posterior.csv,
//! ready for `[simulation] posterior`), a scenario that uses it (calibrated.toml), the
//! generations, prior-versus-posterior charts, and the posterior predictive check: the
//! calibrated scenario scored against the same observations.

use super::score::{observations, selection};
use super::{AnalysisOptions, csv_bytes, load_one, num, write_files};
use crate::calibrate::abc::{self, Calibration, Settings};
use crate::calibrate::prior;
use crate::calibrate::problem::{ModelProblem, Target};
use crate::error::{Error, Result};
use crate::evidence::score::{markdown, score};
use crate::model::params::Model;
use crate::numbers::thousands;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct CalibrateOptions {
    pub scenario: PathBuf,
    pub observed: Vec<PathBuf>,
    pub variables: Vec<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// Calibrate only these uncertain parameters (all when empty); the others keep being drawn
    /// from their distributions in every simulation.
    pub params: Vec<String>,
    pub settings: Settings,
    /// Seed given on the command line (default: the scenario's).
    pub seed: Option<u64>,
    /// Runs of the posterior predictive check (default: the scenario's).
    pub predictive_runs: Option<u64>,
    pub quiet: bool,
    pub common: AnalysisOptions,
}

/// The uncertain parameters to calibrate, as indices into `model.uncertain`.
fn calibrated(model: &Model, names: &[String]) -> Result<Vec<usize>> {
    let all: Vec<&str> = model.uncertain.iter().map(|u| u.path.as_str()).collect();
    let chosen: Vec<usize> = if names.is_empty() {
        (0..all.len()).collect()
    } else {
        let mut idx = Vec::new();
        for n in names.iter().flat_map(|n| n.split(',')).map(str::trim).filter(|n| !n.is_empty()) {
            match all.iter().position(|p| *p == n) {
                Some(i) if !idx.contains(&i) => idx.push(i),
                Some(_) => {}
                None => {
                    return Err(Error::Usage(format!(
                        "--params: `{n}` is not an uncertain parameter of the scenario (its uncertain parameters: {})",
                        if all.is_empty() { "none".to_string() } else { all.join(", ") }
                    )));
                }
            }
        }
        idx
    };
    if chosen.is_empty() {
        return Err(Error::Usage(
            "the scenario has no uncertain parameters to calibrate: give the ones to fit a distribution (their prior), e.g. --set 'economy.import_elasticity={dist=\"uniform\",min=0.5,max=3}'".into(),
        ));
    }
    for &i in &chosen {
        if !prior::supported(&model.uncertain[i].dist) {
            return Err(Error::Usage(format!(
                "{} has a discrete distribution, which has no density to use as a prior: fix it with --set or leave it out with --params",
                model.uncertain[i].path
            )));
        }
    }
    Ok(chosen)
}

pub fn run(opts: &CalibrateOptions) -> Result<()> {
    let sel = selection(&opts.variables, &opts.from, &opts.to)?;
    let obs = observations(&opts.observed, &sel)?;
    let mut sets = opts.common.sets.clone();
    sets.extend(opts.seed.map(|s| format!("simulation.seed={s}")));
    let s = load_one(&opts.scenario, &sets)?;
    let model = Model::compile(&s);
    if s.posterior.is_some() {
        return Err(Error::Usage(format!(
            "{} already draws from a posterior ({}): calibrate the scenario it extends, whose distributions are the priors",
            opts.scenario.display(),
            s.file.simulation.posterior.as_deref().unwrap_or_default()
        )));
    }
    let chosen = calibrated(&model, &opts.params)?;
    let targets: Vec<Target> = obs.rows.iter().filter_map(|o| Target::of(o, &model)).collect();
    if targets.is_empty() {
        return Err(Error::Usage(format!(
            "none of the {} observations lies inside the scenario's months ({} to {})",
            obs.rows.len(),
            model.start,
            model.start.plus(model.horizon)
        )));
    }
    let seed = s.file.simulation.seed;
    let settings = Settings { seed, ..opts.settings.clone() };
    let problem = ModelProblem::new(&model, chosen, targets, seed);
    let names = problem.names();
    let dir = opts.common.out.join(&s.file.scenario.name).join("calibrate");
    if !opts.quiet {
        let skipped = obs.rows.len() - problem.targets().len();
        println!(
            "{}: calibrating {} parameters ({}) on {} observations{}; {} particles, budget {} simulations",
            s.file.scenario.name,
            names.len(),
            names.join(", "),
            problem.targets().len(),
            if skipped > 0 { format!(" ({skipped} outside the scenario's months left out)") } else { String::new() },
            thousands(settings.particles as u64),
            thousands(settings.budget)
        );
        if !s.file.correlations.is_empty() {
            println!(
                "  note: [[correlations]] are not part of the prior: calibration treats the priors as independent"
            );
        }
    }
    let bar = if opts.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::with_draw_target(Some(settings.budget), ProgressDrawTarget::hidden())
    } else {
        let b = ProgressBar::new(settings.budget);
        b.set_style(
            ProgressStyle::with_template(
                "{msg:>28} [{bar:40}] {human_pos}/{human_len} simulations  {per_sec}  eta {eta}",
            )
            .expect("valid template")
            .progress_chars("=> "),
        );
        b
    };
    let started = std::time::Instant::now();
    let pool = super::pool(opts.common.threads)?;
    let c = pool.install(|| {
        abc::run(&problem, &settings, &|t, eps, used, _| {
            bar.set_message(format!(
                "generation {t}, ε {}",
                if eps.is_finite() { format!("{eps:.3}") } else { "∞".into() }
            ));
            bar.set_position(used);
        })
    });
    bar.finish_and_clear();
    let secs = started.elapsed().as_secs_f64();

    // The posterior and a scenario that uses it, then the posterior predictive check.
    let meta = crate::engine::study::run_meta(&s, seed, c.simulations, opts.common.command_line.clone());
    let mut files = vec![
        ("posterior.csv".to_string(), posterior_csv(&c, &names, &s.file.scenario.name, &meta.sha256, seed)?),
        ("generations.csv".to_string(), generations_csv(&c)?),
    ];
    let calibrated_toml = calibrated_scenario(&s, &dir, &opts.common.sets)?;
    files.push(("calibrated.toml".to_string(), calibrated_toml.into_bytes()));
    write_files(&dir, files)?;
    let mut files = Vec::new();
    let footer = format!(
        "{} · {} · ABC-SMC, {} particles, {} simulations · seed {} · pathways {}",
        meta.scenario,
        meta.short_hash(),
        thousands(c.population.len() as u64),
        thousands(c.simulations),
        seed,
        meta.tool_version
    );
    if !opts.common.charts.formats.is_empty() {
        files.extend(crate::chart::posterior_charts(
            &names,
            problem.priors(),
            &c.population.theta,
            &c.population.weights,
            &footer,
            &opts.common.charts,
        )?);
    }
    let calibrated = crate::scenario::load::load(&dir.join("calibrated.toml"), &opts.common.sets)?;
    let runs = opts.predictive_runs.unwrap_or(s.file.simulation.runs);
    let cmodel = Model::compile(&calibrated);
    let pmeta = crate::engine::study::run_meta(&calibrated, seed, runs, opts.common.command_line.clone());
    let (result, report) = score(&cmodel, &obs.rows, seed, runs, opts.common.threads, pmeta.clone(), &|_| {})?;
    if !opts.common.charts.formats.is_empty() {
        files.extend(crate::chart::observed_charts(
            &result,
            &report.scored,
            "posterior predictive",
            "predictive",
            &opts.common.charts,
        )?);
    }
    for (name, bytes) in crate::export::score::files(&report, &obs, &pmeta, seed)? {
        files.push((format!("predictive_{name}"), bytes));
    }
    files.push(("calibrate.json".to_string(), calibrate_json(&c, &problem, &names, &meta, &obs, &settings, secs)?));
    write_files(&dir, files)?;

    if !opts.quiet {
        println!("{}", table(&c, &names, problem.priors()));
        println!(
            "{} simulations in {secs:.1} s; stopped because {} → {}",
            thousands(c.simulations),
            c.stop.describe(),
            dir.display()
        );
        println!("posterior predictive check ({} runs of calibrated.toml):", thousands(runs));
        print!("{}", markdown(&report, &pmeta.scenario, runs, seed));
    }
    Ok(())
}

/// The generations and the prior-versus-posterior summary, as printed.
pub fn table(c: &Calibration, names: &[String], priors: &[crate::sampling::dist::DistSpec]) -> String {
    let mut out = format!(
        "  {:>3} {:>10} {:>6} {:>12} {:>10} {:>11} {:>8}\n",
        "gen", "epsilon", "moves", "simulations", "accepted", "acceptance", "ESS"
    );
    for g in &c.generations {
        out += &format!(
            "  {:>3} {:>10} {:>6} {:>12} {:>10} {:>10.1}% {:>8.0}\n",
            g.generation,
            if g.epsilon.is_finite() { format!("{:.4}", g.epsilon) } else { "∞".into() },
            g.moves,
            thousands(g.simulations),
            thousands(g.accepted),
            100.0 * g.acceptance_rate,
            g.ess
        );
    }
    out += &format!("\n  {:<36} {:>28} {:>28}\n", "parameter", "prior mean [90%]", "posterior mean [90%]");
    for (j, (name, d)) in names.iter().zip(priors).enumerate() {
        let (m, lo, hi) = posterior_summary(c, j);
        out += &format!(
            "  {:<36} {:>28} {:>28}\n",
            name,
            format!("{:.4} [{:.4}, {:.4}]", d.moments().0, d.inverse_cdf(0.05), d.inverse_cdf(0.95)),
            format!("{m:.4} [{lo:.4}, {hi:.4}]")
        );
    }
    out
}

/// Weighted mean, 5th and 95th percentile of parameter `j` in the posterior.
pub fn posterior_summary(c: &Calibration, j: usize) -> (f64, f64, f64) {
    let p = &c.population;
    let column: Vec<f64> = (0..p.len()).map(|i| p.row(i)[j]).collect();
    let mean = crate::stats::sample::weighted_mean_sd(&column, &p.weights).0;
    let mut pairs: Vec<(f64, f64)> = column.into_iter().zip(p.weights.iter().copied()).collect();
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let q = |x| crate::stats::sample::weighted_quantile(&pairs, x);
    (mean, q(0.05), q(0.95))
}

/// posterior.csv: `weight` then one column per parameter, a comment header saying where it
/// comes from.
fn posterior_csv(c: &Calibration, names: &[String], scenario: &str, sha256: &str, seed: u64) -> Result<Vec<u8>> {
    let last = c.generations.last().expect("generation 0 always exists");
    let mut header: Vec<&str> = vec![crate::scenario::posterior::WEIGHT];
    header.extend(names.iter().map(String::as_str));
    let rows = (0..c.population.len()).map(|i| {
        let mut row = vec![num(c.population.weights[i])];
        row.extend(c.population.row(i).iter().map(|&v| num(v)));
        row
    });
    let mut out = format!(
        "# ABC-SMC posterior of {scenario} (scenario sha256 {sha256}), seed {seed}: generation {}, tolerance {}, {} particles (weights sum to 1)\n# name it in a scenario with [simulation] posterior = \"posterior.csv\" (see calibrated.toml)\n",
        last.generation,
        num(last.epsilon),
        c.population.len()
    )
    .into_bytes();
    out.extend(csv_bytes(&header, rows)?);
    Ok(out)
}

fn generations_csv(c: &Calibration) -> Result<Vec<u8>> {
    csv_bytes(
        &[
            "generation",
            "epsilon",
            "moves",
            "attempts",
            "simulations",
            "accepted",
            "acceptance_rate",
            "ess",
            "resampled",
            "seconds",
        ],
        c.generations.iter().map(|g| {
            vec![
                g.generation.to_string(),
                if g.epsilon.is_finite() { num(g.epsilon) } else { "inf".into() },
                g.moves.to_string(),
                g.attempts.to_string(),
                g.simulations.to_string(),
                g.accepted.to_string(),
                num(g.acceptance_rate),
                num(g.ess),
                g.resampled.to_string(),
                num(g.seconds),
            ]
        }),
    )
}

/// `path` relative to the folder `base` (both made absolute first), for `extends`.
fn relative(path: &Path, base: &Path) -> PathBuf {
    let abs =
        |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| std::env::current_dir().unwrap_or_default().join(p));
    let (p, b) = (abs(path), abs(base));
    let common = p.components().zip(b.components()).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in b.components().skip(common) {
        out.push("..");
    }
    for c in p.components().skip(common) {
        out.push(c);
    }
    out
}

/// A scenario that extends the calibrated one and draws from the posterior.
fn calibrated_scenario(s: &crate::scenario::load::LoadedScenario, dir: &Path, sets: &[String]) -> Result<String> {
    crate::export::atomic::create_dir(dir)?;
    let parent = relative(s.path(), dir);
    let parent = parent.to_string_lossy().replace('\\', "/");
    let mut text = format!(
        "#:schema {}\n# Written by pathways calibrate: {} with its uncertain parameters drawn jointly from\n# the ABC-SMC posterior in posterior.csv (each run takes one weighted row).\n",
        relative(&s.sources[0].path.parent().unwrap_or(Path::new(".")).join("scenario.schema.json"), dir)
            .to_string_lossy()
            .replace('\\', "/"),
        s.file.scenario.name
    );
    if !sets.is_empty() {
        text += &format!(
            "# It was calibrated with --set {}: give the same to run it.\n",
            sets.iter().map(|x| crate::commands::command_line::shell_word(x)).collect::<Vec<_>>().join(" --set ")
        );
    }
    text += &format!(
        "\n[scenario]\nname = \"{}_calibrated\"\ndescription = {}\nextends = {}\n\n[simulation]\nposterior = \"posterior.csv\"\n",
        s.file.scenario.name,
        toml::Value::String(format!("{} calibrated on observations (ABC-SMC)", s.file.scenario.name)),
        toml::Value::String(parent)
    );
    Ok(text)
}

fn calibrate_json(
    c: &Calibration,
    problem: &ModelProblem,
    names: &[String],
    meta: &crate::engine::result::RunMeta,
    obs: &crate::observe::Observations,
    settings: &Settings,
    secs: f64,
) -> Result<Vec<u8>> {
    let params: Vec<serde_json::Value> = names
        .iter()
        .zip(problem.priors())
        .enumerate()
        .map(|(j, (n, d))| {
            let (m, lo, hi) = posterior_summary(c, j);
            serde_json::json!({
                "parameter": n,
                "prior": d,
                "prior_mean": d.moments().0,
                "prior_p5": d.inverse_cdf(0.05),
                "prior_p95": d.inverse_cdf(0.95),
                "posterior_mean": m,
                "posterior_p5": lo,
                "posterior_p95": hi,
            })
        })
        .collect();
    let targets: Vec<serde_json::Value> = problem
        .targets()
        .iter()
        .map(|t| serde_json::json!({ "observation": t.label, "value": t.value, "sd": t.sd, "months": [t.outcome.first, t.outcome.last] }))
        .collect();
    let doc = serde_json::json!({
        "format": "pathways-calibrate/1",
        "manifest": meta,
        "observation_files": obs.files,
        "method": {
            "algorithm": "ABC-SMC with a Gaussian acceptance kernel and an adaptive tolerance, in the MCMC-move form of Del Moral, Doucet & Jasra (2012) (generations as in Toni et al. 2009; population-covariance kernel as in Beaumont et al. 2009)",
            "tolerance": "each generation's ε keeps alpha of the population's effective sample size when it is reweighted to ε, never below 1 (Del Moral et al. 2012); resampled (systematic) when the ESS falls below N/2",
            "moves": "R Metropolis-Hastings moves per particle and generation, normal random walk with the population's weighted covariance × 2.38²/d (Roberts, Gelman & Gilks 1997), each with one new simulation, pseudo-marginal acceptance (Andrieu & Roberts 2009); R = ceil(ln 0.01 / ln(1 − previous acceptance rate)), at most 50 (Drovandi & Pettitt 2011)",
            "weights": "prior density / sum of previous weights × kernel density",
            "discrepancy": "S = sum over observations of ((model value − observed) / measurement sd)², the model value being the mean of the variable over the observation's period in one run; the target at tolerance ε is prior × E[exp(−S / (2 ε²))], which at ε = 1 is the normal measurement-error likelihood (the schedule ends there: the posterior is then exact under that error model, which says nothing about how well the model fits: see the predictive check)",
            "priors": "the scenario's distributions of the calibrated parameters, independent; other uncertain parameters drawn from their distributions in every simulation",
        },
        "settings": settings,
        "seconds": secs,
        "simulations": c.simulations,
        "stop": c.stop,
        "stop_reason": c.stop.describe(),
        "exact": c.generations.last().is_some_and(|g| g.epsilon <= 1.0),
        "parameters": params,
        "observations": targets,
        "generations": c.generations,
    });
    let mut bytes = serde_json::to_vec_pretty(&doc).map_err(|e| Error::encode("JSON", e))?;
    bytes.push(b'\n');
    Ok(bytes)
}
