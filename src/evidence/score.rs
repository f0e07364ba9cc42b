//! Scoring a scenario against observations. Each observation becomes an outcome (the mean of
//! its variable over its period, [`OutcomeDef::for_observation`]); the engine computes it in
//! every run; the observation's measurement noise is added to each run's value ([`noise`]);
//! and the observed value is scored against that predictive sample: its PIT, whether it lies in
//! the central 50% and 90% intervals, and the CRPS ([`crate::stats::scoring`]).

use super::noise;
use crate::engine::outcomes::Distribution;
use crate::engine::result::{RunMeta, ScenarioResult};
use crate::engine::runner::{run_model, summarize, thread_pool};
use crate::error::Result;
use crate::model::outcome::OutcomeDef;
use crate::model::params::Model;
use crate::observe::Observation;
use crate::stats::sample::{quantile_sorted, sorted_finite};
use crate::stats::scoring::{crps_sorted, pit_sorted};
use serde::Serialize;

/// How the comparison is made, said in every output.
pub const METHOD: &str = "each observation is compared with the model's predictive distribution of the same quantity: the mean of the variable's monthly values over the observation's period (a year's 12 months, a quarter's 3, or the month), computed in every run, plus the observation's measurement error (normal, sd as given in the file) drawn per run; PIT = share of the predictive sample below the observed value (ties half); in 50% / in 90% = inside the central interval (quantiles by linear interpolation); CRPS by the fair (PWM) estimator, unbiased for the predictive distribution (Gneiting & Raftery 2007; Ferro 2014; Zamo & Naveau 2018), in the variable's unit";

/// One observation's score.
#[derive(Debug, Clone, Serialize)]
pub struct Score {
    /// Model months (from the start) the observation's period covers.
    pub months: [u32; 2],
    /// The model's values, without measurement noise.
    pub model: Distribution,
    /// What the model predicts would be observed: the values plus measurement noise.
    pub predictive: Distribution,
    pub pit: f64,
    pub in50: bool,
    pub in90: bool,
    pub crps: f64,
}

/// An observation and its score, or why it was not scored.
#[derive(Debug, Clone, Serialize)]
pub struct Scored {
    #[serde(skip)]
    pub observation: Observation,
    pub score: Option<Score>,
    /// Why there is no score.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
}

/// Counts over the scored observations.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub observations: usize,
    pub scored: usize,
    pub skipped: usize,
    pub inside_50: usize,
    pub inside_90: usize,
    /// Shares of the scored observations (NaN when none was scored).
    pub coverage_50: f64,
    pub coverage_90: f64,
    /// Mean CRPS per variable (units differ between variables), in first-appearance order.
    pub mean_crps: Vec<(String, f64)>,
}

/// A scenario scored against observations.
#[derive(Debug, Clone)]
pub struct Report {
    pub scored: Vec<Scored>,
    pub summary: Summary,
}

/// Runs `model` (`runs` runs from `seed`) with one outcome per observation inside its months,
/// and scores them. Returns the run's result (for the fan charts) and the report.
pub fn score(
    model: &Model,
    observations: &[Observation],
    seed: u64,
    runs: u64,
    threads: usize,
    meta: RunMeta,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<(ScenarioResult, Report)> {
    let mut model = model.clone();
    let first = model.outcomes.len();
    let mut index = Vec::with_capacity(observations.len());
    for o in observations {
        match OutcomeDef::for_observation(o, model.start, model.horizon) {
            Some(d) => {
                index.push(Some(model.outcomes.len()));
                model.outcomes.push(d);
            }
            None => index.push(None),
        }
    }
    let agg = run_model(&model, runs, seed, threads, progress)?;
    let result = thread_pool(threads)?.install(|| summarize(&model, meta, serde_json::Value::Null, agg));
    let k = model.outcomes.len();
    let values = &result.records.outcomes;
    let n = result.records.len();
    let scored = observations
        .iter()
        .zip(&index)
        .map(|(o, j)| match j {
            None => Scored {
                observation: o.clone(),
                score: None,
                skipped: Some(format!(
                    "{} to {} is not inside the scenario's months ({} to {})",
                    o.period.first(),
                    o.period.last(),
                    model.start,
                    model.start.plus(model.horizon)
                )),
            },
            Some(j) => {
                let column: Vec<f64> = (0..n).map(|r| values[r * k + j]).collect();
                let d = &model.outcomes[*j];
                Scored {
                    observation: o.clone(),
                    score: Some(evaluate(o, &column, seed, [d.first, d.last])),
                    skipped: None,
                }
            }
        })
        .collect::<Vec<_>>();
    debug_assert!(first <= k);
    let summary = summarize_scores(&scored);
    let mut result = result;
    // The observation outcomes served the scores; the result keeps the scenario's own.
    result.outcomes.truncate(first);
    result.records.outcome_names.truncate(first);
    result.records.outcomes = Vec::new();
    Ok((result, Report { scored, summary }))
}

/// Scores observation `o` against the model's per-run values `column` (run order).
pub fn evaluate(o: &Observation, column: &[f64], seed: u64, months: [u32; 2]) -> Score {
    let label = o.label();
    let predictive: Vec<f64> = column
        .iter()
        .enumerate()
        .map(|(r, &x)| noise::perturb(x, o.sd, &mut noise::rng(seed, r as u64, &label)))
        .collect();
    let sorted = sorted_finite(predictive.iter().copied());
    let q = |p: f64| quantile_sorted(&sorted, p);
    let y = o.value;
    Score {
        months,
        model: Distribution::of(column).expect("every run has a value"),
        predictive: Distribution::of(&predictive).expect("every run has a value"),
        pit: pit_sorted(&sorted, y),
        in50: q(0.25) <= y && y <= q(0.75),
        in90: q(0.05) <= y && y <= q(0.95),
        crps: crps_sorted(&sorted, y),
    }
}

/// Counts and shares over the scored observations.
pub fn summarize_scores(scored: &[Scored]) -> Summary {
    let scores: Vec<(&Observation, &Score)> =
        scored.iter().filter_map(|s| s.score.as_ref().map(|x| (&s.observation, x))).collect();
    let n = scores.len();
    let inside_50 = scores.iter().filter(|s| s.1.in50).count();
    let inside_90 = scores.iter().filter(|s| s.1.in90).count();
    let mut by_var: Vec<(String, f64, usize)> = Vec::new();
    for (o, s) in &scores {
        let key = o.variable.info().key;
        match by_var.iter_mut().find(|v| v.0 == key) {
            Some(v) => {
                v.1 += s.crps;
                v.2 += 1;
            }
            None => by_var.push((key.to_string(), s.crps, 1)),
        }
    }
    Summary {
        observations: scored.len(),
        scored: n,
        skipped: scored.len() - n,
        inside_50,
        inside_90,
        coverage_50: inside_50 as f64 / n as f64,
        coverage_90: inside_90 as f64 / n as f64,
        mean_crps: by_var.into_iter().map(|(k, s, c)| (k, s / c as f64)).collect(),
    }
}

/// A number with four significant digits for tables.
fn sig(v: f64) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    let digits = if v == 0.0 { 0 } else { (3 - v.abs().log10().floor() as i32).max(0) as usize };
    format!("{v:.digits$}")
}

/// The report as a Markdown table, ready for docs/BACKTEST.md: one row per observation, then
/// the coverage and CRPS summary.
pub fn markdown(report: &Report, scenario: &str, runs: u64, seed: u64) -> String {
    use std::fmt::Write as _;
    let mut md = String::new();
    let _ = writeln!(
        md,
        "| observation | observed (± sd) | source | model median | predictive 90% interval | PIT | in 50% | in 90% | CRPS |"
    );
    let _ = writeln!(md, "|---|---|---|---|---|---|---|---|---|");
    let yes = |b: bool| if b { "yes" } else { "**no**" };
    for s in &report.scored {
        let o = &s.observation;
        let Some(x) = &s.score else { continue };
        let _ = writeln!(
            md,
            "| {} {} | {} (± {}) | {} | {} | {} – {} | {:.2} | {} | {} | {} |",
            o.variable.info().key,
            o.period,
            sig(o.value),
            sig(o.sd),
            o.source.replace('|', "/"),
            sig(x.model.p50),
            sig(x.predictive.p5),
            sig(x.predictive.p95),
            x.pit,
            yes(x.in50),
            yes(x.in90),
            sig(x.crps)
        );
    }
    let s = &report.summary;
    let pct = |x: f64| if x.is_finite() { format!("{:.0}%", 100.0 * x) } else { "—".into() };
    let _ = writeln!(
        md,
        "\n{scenario}, {runs} runs, seed {seed}: {} observations scored ({} outside the scenario's months); {} inside their 90% interval ({}), {} inside their 50% interval ({}). Mean CRPS: {}.",
        s.scored,
        s.skipped,
        s.inside_90,
        pct(s.coverage_90),
        s.inside_50,
        pct(s.coverage_50),
        if s.mean_crps.is_empty() {
            "—".to_string()
        } else {
            s.mean_crps.iter().map(|(k, v)| format!("{k} {}", sig(*v))).collect::<Vec<_>>().join(", ")
        }
    );
    md
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::vars::Var;
    use crate::observe::Period;
    use crate::observe::file::Uncertainty;

    fn obs(value: f64, sd: f64) -> Observation {
        Observation {
            period: Period::Year(2019),
            variable: Var::UsImportsFromCn,
            value,
            uncertainty: Uncertainty::Absolute(sd),
            sd,
            source: "test".into(),
            note: String::new(),
            origin: "t.csv:2".into(),
        }
    }

    #[test]
    fn noise_widens_the_predictive_distribution_by_the_observation_sd() {
        // A model that is certain (every run 100) and an observation with sd 4: the predictive
        // sd is 4, and an observation 6 away is inside the 90% interval (±1.645 × 4 = ±6.6).
        let column = vec![100.0; 20_000];
        let s = evaluate(&obs(106.0, 4.0), &column, 3, [12, 23]);
        assert_eq!(s.model.sd, 0.0);
        assert!((s.predictive.sd - 4.0).abs() < 0.1, "{}", s.predictive.sd);
        assert!(s.in90 && !s.in50);
        assert!((s.pit - 0.933).abs() < 0.01, "PIT {} vs Φ(1.5) = 0.933", s.pit);
        // CRPS of N(100, 4²) at 106 in closed form.
        let exact = crate::stats::scoring::crps_normal(100.0, 4.0, 106.0);
        assert!((s.crps - exact).abs() < 0.05, "{} vs {exact}", s.crps);
        let far = evaluate(&obs(120.0, 4.0), &column, 3, [12, 23]);
        assert!(!far.in90 && far.pit > 0.999);
    }
}
