//! `pathways calibrate SCENARIO --observed FILE`: fits the scenario's uncertain parameters to
//! the observations by ABC-SMC ([`crate::calibrate`]) and writes the posterior (posterior.csv,
//! ready for `[simulation] posterior`), a scenario that uses it (calibrated.toml), the
//! generations, prior-versus-posterior charts, and the posterior predictive check: the
//! calibrated scenario scored against the same observations.

use super::score::{observations, selection};
use super::{AnalysisOptions, load_one, write_files};
use crate::calibrate::abc::{self, Settings};
use crate::calibrate::prior;
use crate::calibrate::problem::{ModelProblem, Target};
use crate::error::{Error, Result};
use crate::evidence::score::{markdown, score};
use crate::export::calibrate::{calibrate_json, calibrated_scenario, generations_csv, posterior_csv, table};
use crate::model::params::Model;
use crate::numbers::thousands;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;

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
    let sets = crate::scenario::load::overrides(&opts.common.sets, None, opts.seed, None);
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
