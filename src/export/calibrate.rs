//! The files of `pathways calibrate`: the posterior sample, the generations, the calibrated
//! scenario that draws from it, calibrate.json, and the printed table.

use crate::calibrate::abc::{Calibration, Generation, Settings, Stop};
use crate::calibrate::problem::ModelProblem;
use crate::engine::result::RunMeta;
use crate::error::{Error, Result};
use crate::export::csv_table::{csv_bytes, num};
use crate::numbers::thousands;
use crate::observe::file::ObservationFile;
use crate::sampling::dist::DistSpec;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The `format` calibrate.json declares.
pub const FORMAT: &str = "pathways-calibrate/1";

/// How the calibration works, as calibrate.json states it.
const METHOD: MethodDoc = MethodDoc {
    algorithm: "ABC-SMC with a Gaussian acceptance kernel and an adaptive tolerance, in the MCMC-move form of Del Moral, Doucet & Jasra (2012) (generations as in Toni et al. 2009; population-covariance kernel as in Beaumont et al. 2009)",
    tolerance: "each generation's ε keeps alpha of the population's effective sample size when it is reweighted to ε, never below 1 (Del Moral et al. 2012); resampled (systematic) when the ESS falls below N/2",
    moves: "R Metropolis-Hastings moves per particle and generation, normal random walk with the population's weighted covariance × 2.38²/d (Roberts, Gelman & Gilks 1997), each with one new simulation, pseudo-marginal acceptance (Andrieu & Roberts 2009); R = ceil(ln 0.01 / ln(1 − previous acceptance rate)), at most 50 (Drovandi & Pettitt 2011)",
    weights: "prior density / sum of previous weights × kernel density",
    discrepancy: "S = sum over observations of ((model value − observed) / measurement sd)², the model value being the mean of the variable over the observation's period in one run; the target at tolerance ε is prior × E[exp(−S / (2 ε²))], which at ε = 1 is the normal measurement-error likelihood (the schedule ends there: the posterior is then exact under that error model, which says nothing about how well the model fits: see the predictive check)",
    priors: "the scenario's distributions of the calibrated parameters, independent; other uncertain parameters drawn from their distributions in every simulation",
};

/// The `calibrate.json` document. Field order is the file's key order.
#[derive(Debug, Serialize)]
pub struct CalibrateDoc<'a> {
    pub format: &'static str,
    pub manifest: &'a RunMeta,
    pub observation_files: &'a [ObservationFile],
    pub method: MethodDoc,
    pub settings: &'a Settings,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// Simulations run in all.
    pub simulations: u64,
    pub stop: Stop,
    pub stop_reason: &'static str,
    /// Whether the last generation reached tolerance 1 (the exact likelihood).
    pub exact: bool,
    /// One per calibrated parameter: its prior and posterior.
    pub parameters: Vec<ParameterDoc<'a>>,
    /// One per observation calibrated on.
    pub observations: Vec<TargetDoc<'a>>,
    pub generations: &'a [Generation],
}

/// The method, part by part.
#[derive(Debug, Serialize)]
pub struct MethodDoc {
    pub algorithm: &'static str,
    pub tolerance: &'static str,
    pub moves: &'static str,
    pub weights: &'static str,
    pub discrepancy: &'static str,
    pub priors: &'static str,
}

/// A calibrated parameter: its prior, with its mean and 90% interval, and the posterior's.
#[derive(Debug, Serialize)]
pub struct ParameterDoc<'a> {
    pub parameter: &'a str,
    pub prior: &'a DistSpec,
    pub prior_mean: f64,
    pub prior_p5: f64,
    pub prior_p95: f64,
    pub posterior_mean: f64,
    pub posterior_p5: f64,
    pub posterior_p95: f64,
}

/// An observation calibrated on: its value, measurement sd and months (first and last, from the
/// scenario's start).
#[derive(Debug, Serialize)]
pub struct TargetDoc<'a> {
    pub observation: &'a str,
    pub value: f64,
    pub sd: f64,
    pub months: [u32; 2],
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
pub fn posterior_csv(c: &Calibration, names: &[String], scenario: &str, sha256: &str, seed: u64) -> Result<Vec<u8>> {
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

pub fn generations_csv(c: &Calibration) -> Result<Vec<u8>> {
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
pub fn calibrated_scenario(s: &crate::scenario::load::LoadedScenario, dir: &Path, sets: &[String]) -> Result<String> {
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
            "# It was calibrated with {}: give the same to run it.\n",
            crate::export::shell::CommandLine::default().sets(sets).line()
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

pub fn calibrate_json(
    c: &Calibration,
    problem: &ModelProblem,
    names: &[String],
    meta: &crate::engine::result::RunMeta,
    obs: &crate::observe::Observations,
    settings: &Settings,
    secs: f64,
) -> Result<Vec<u8>> {
    let doc = CalibrateDoc {
        format: FORMAT,
        manifest: meta,
        observation_files: &obs.files,
        method: METHOD,
        settings,
        seconds: secs,
        simulations: c.simulations,
        stop: c.stop,
        stop_reason: c.stop.describe(),
        exact: c.generations.last().is_some_and(|g| g.epsilon <= 1.0),
        parameters: names
            .iter()
            .zip(problem.priors())
            .enumerate()
            .map(|(j, (n, d))| {
                let (m, lo, hi) = posterior_summary(c, j);
                ParameterDoc {
                    parameter: n,
                    prior: d,
                    prior_mean: d.moments().0,
                    prior_p5: d.inverse_cdf(0.05),
                    prior_p95: d.inverse_cdf(0.95),
                    posterior_mean: m,
                    posterior_p5: lo,
                    posterior_p95: hi,
                }
            })
            .collect(),
        observations: problem
            .targets()
            .iter()
            .map(|t| TargetDoc {
                observation: &t.label,
                value: t.value,
                sd: t.sd,
                months: [t.outcome.first, t.outcome.last],
            })
            .collect(),
        generations: &c.generations,
    };
    let mut bytes = serde_json::to_vec_pretty(&doc).map_err(|e| Error::encode("JSON", e))?;
    bytes.push(b'\n');
    Ok(bytes)
}
