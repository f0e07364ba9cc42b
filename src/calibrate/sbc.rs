//! Simulation-based calibration (Talts, Betancourt, Simpson, Vehtari & Gelman 2018): checks
//! that calibration recovers known parameters. Each replication draws θ from the prior,
//! simulates observations from the model at θ (with measurement error), calibrates on them, and
//! records the rank of θ among L draws from the posterior. If the posterior is right, every
//! rank 0…L is equally likely: the ranks are tested for uniformity by a chi-square test over
//! bins, and θ should lie inside the posterior's central 90% interval in about 90% of the
//! replications.

use super::abc::{self, Problem, Settings};
use super::problem::ModelProblem;
use crate::evidence::noise;
use crate::sampling::rng::{Stream, stream};
use rand::RngExt;
use serde::Serialize;
use statrs::distribution::{ChiSquared, ContinuousCDF};

/// How many replications and posterior draws.
#[derive(Debug, Clone, Serialize)]
pub struct SbcSettings {
    pub replications: usize,
    /// Posterior draws per replication (ranks run 0…draws).
    pub draws: usize,
    /// Bins of the chi-square test; `(draws + 1)` must be a multiple.
    pub bins: usize,
    /// The calibration of each replication (its seed is derived per replication).
    pub abc: Settings,
    pub seed: u64,
    /// Measurement error of the simulated data as a multiple of the sd calibration assumes: 1
    /// for the check itself; above 1 makes the posterior overconfident, a negative control that
    /// the check must fail.
    pub data_noise_scale: f64,
}

/// One parameter's result.
#[derive(Debug, Clone, Serialize)]
pub struct ParameterCheck {
    pub parameter: String,
    /// Rank of the true value in each replication.
    pub ranks: Vec<usize>,
    /// Replications per bin of ranks.
    pub histogram: Vec<usize>,
    pub chi_square: f64,
    pub degrees_of_freedom: usize,
    pub p_value: f64,
    /// Share of replications whose true value lies in the posterior's central 90% interval.
    pub coverage_90: f64,
}

/// The whole check.
#[derive(Debug, Clone, Serialize)]
pub struct SbcReport {
    pub settings: SbcSettings,
    pub parameters: Vec<ParameterCheck>,
    /// Simulations over all replications.
    pub simulations: u64,
}

/// Runs the check on `problem` (its observed values are replaced in every replication).
pub fn run(problem: &ModelProblem, s: &SbcSettings, progress: &(dyn Fn(usize) + Sync)) -> SbcReport {
    assert!((s.draws + 1).is_multiple_of(s.bins), "draws + 1 must be a multiple of bins");
    let k = problem.dim();
    let mut ranks = vec![Vec::with_capacity(s.replications); k];
    let mut inside = vec![0usize; k];
    let mut simulations = 0;
    let mut scratch = problem.scratch();
    for r in 0..s.replications as u64 {
        // The truth and its data, from streams of their own.
        let mut truth = vec![0.0; k];
        problem.prior_sample(&mut stream(s.seed, r, Stream::Parameters), &mut truth);
        let data_seed = s.seed ^ 0x5342_435f_6461_7461; // "SBC_data"
        let data_key = abc::key(999_999, r);
        let x = problem
            .with_values(&vec![0.0; problem.targets().len()], data_seed)
            .simulate(&mut scratch, &truth, data_key)
            .to_vec();
        let observed: Vec<f64> = problem
            .targets()
            .iter()
            .zip(&x)
            .map(|(t, &x)| noise::perturb(x, s.data_noise_scale * t.sd, &mut noise::rng(data_seed, r, &t.label)))
            .collect();
        let fit_seed = s.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15).wrapping_add(r + 1);
        let replica = problem.with_values(&observed, fit_seed);
        let c = abc::run(&replica, &Settings { seed: fit_seed, ..s.abc.clone() }, &|_, _, _, _| {});
        simulations += c.simulations;
        let p = &c.population;
        // L posterior draws by weight (independent uniforms from a stream of the replication).
        let mut rng = stream(fit_seed, r, Stream::Events);
        let cdf: Vec<f64> = p
            .weights
            .iter()
            .scan(0.0, |acc, w| {
                *acc += w;
                Some(*acc)
            })
            .collect();
        let picks: Vec<usize> =
            (0..s.draws).map(|_| cdf.partition_point(|&c| c <= rng.random::<f64>()).min(p.len() - 1)).collect();
        for j in 0..k {
            ranks[j].push(picks.iter().filter(|&&i| p.row(i)[j] < truth[j]).count());
            let mut pairs: Vec<(f64, f64)> = (0..p.len()).map(|i| (p.row(i)[j], p.weights[i])).collect();
            pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
            let (lo, hi) = (
                crate::stats::sample::weighted_quantile(&pairs, 0.05),
                crate::stats::sample::weighted_quantile(&pairs, 0.95),
            );
            if lo <= truth[j] && truth[j] <= hi {
                inside[j] += 1;
            }
        }
        progress(r as usize + 1);
    }
    let names = problem.names();
    let parameters = (0..k)
        .map(|j| {
            let per_bin = (s.draws + 1) / s.bins;
            let mut histogram = vec![0usize; s.bins];
            for &rank in &ranks[j] {
                histogram[rank / per_bin] += 1;
            }
            let (chi_square, df) = chi_square(&histogram);
            let p_value = 1.0 - ChiSquared::new(df as f64).expect("df ≥ 1").cdf(chi_square);
            ParameterCheck {
                parameter: names[j].clone(),
                ranks: ranks[j].clone(),
                histogram,
                chi_square,
                degrees_of_freedom: df,
                p_value,
                coverage_90: inside[j] as f64 / s.replications as f64,
            }
        })
        .collect();
    SbcReport { settings: s.clone(), parameters, simulations }
}

/// Pearson's statistic of `counts` against equal expected counts, and its degrees of freedom.
pub fn chi_square(counts: &[usize]) -> (f64, usize) {
    let n: usize = counts.iter().sum();
    let e = n as f64 / counts.len() as f64;
    (counts.iter().map(|&o| (o as f64 - e).powi(2) / e).sum(), counts.len() - 1)
}

impl SbcReport {
    /// A plain-text summary: per parameter the rank histogram, chi-square p-value and coverage.
    pub fn table(&self) -> String {
        let mut out = format!(
            "SBC: {} replications, {} posterior draws each (ranks 0–{}), {} bins; {} simulations\n",
            self.settings.replications, self.settings.draws, self.settings.draws, self.settings.bins, self.simulations
        );
        for p in &self.parameters {
            out += &format!(
                "  {:<34} ranks per bin {:?}  chi² {:.2} (df {}) p = {:.3}  90% coverage {:.0}%\n",
                p.parameter,
                p.histogram,
                p.chi_square,
                p.degrees_of_freedom,
                p.p_value,
                100.0 * p.coverage_90
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chi_square_of_uniform_and_skewed_counts() {
        assert_eq!(chi_square(&[10, 10, 10, 10]), (0.0, 3));
        // (20 − 10)² / 10 + 3 × (10 − 6.67)²… by hand: expected 10 each of 40.
        let (x, df) = chi_square(&[25, 5, 5, 5]);
        assert_eq!(df, 3);
        assert!((x - (225.0 + 25.0 * 3.0) / 10.0).abs() < 1e-12);
    }
}
