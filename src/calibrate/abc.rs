//! Approximate Bayesian computation by sequential Monte Carlo (ABC-SMC), in the adaptive form
//! of Del Moral, Doucet & Jasra (2012), with the generation-by-generation structure of Toni,
//! Welch, Strelkowa, Ipsen & Stumpf (2009) and a population-covariance kernel as in Beaumont,
//! Cornuet, Marin & Robert (2009).
//!
//! - A simulation's discrepancy S is the sum of squared standardised differences between the
//!   simulated and the observed summaries, Σ ((x − y) / σ)², σ the observations' measurement sd.
//!   The target at tolerance ε is π(θ) E[exp(−½ S / ε²)]: at ε = 1 the kernel is the Gaussian
//!   measurement-error likelihood itself, so the target is the exact posterior of the model with
//!   that measurement error (Wilkinson 2013), and the schedule ends there. Larger ε widen the
//!   likelihood, as the tolerance of rejection ABC does.
//! - Generation 0: N particles from the prior, each simulated once (ε = ∞), weights 1/N.
//! - Generation t: εₜ is chosen so that reweighting the population from εₜ₋₁ to εₜ,
//!   wᵢ ← wᵢ exp(−½ Sᵢ (1/εₜ² − 1/εₜ₋₁²)), keeps an effective sample size of α times its own
//!   (α = ½ by default; Del Moral et al.'s rule with one simulation per particle), and never
//!   below one. When the effective sample size falls below N/2 the population is resampled
//!   (systematic). Then every particle makes R Metropolis–Hastings moves: a normal random walk
//!   with the population's weighted covariance scaled by 2.38²/d (Roberts, Gelman & Gilks 1997),
//!   one new simulation each, accepted with probability
//!   min(1, π(θ′) exp(−½ S′/εₜ²) / (π(θ) exp(−½ S/εₜ²))); a particle keeps its own S, so the
//!   move leaves the target invariant even though S is random (pseudo-marginal MH, Andrieu &
//!   Roberts 2009). R is chosen so that a particle moves at least once with probability 99% at
//!   the previous generation's acceptance rate a, R = ⌈ln 0.01 / ln(1 − a)⌉ (Drovandi & Pettitt
//!   2011), at most 50. A generation costs R·N simulations (fewer when proposals fall outside
//!   the prior).
//! - It stops after `final_moves` generations at ε = 1, or when the budget would be exceeded,
//!   when the moves' acceptance rate falls below the minimum (the model cannot reproduce the
//!   observations within their uncertainty: ε stays above 1 and the posterior is wider than the
//!   exact one), or after the maximum number of generations.
//!
//! Determinism: particle i of generation t draws from streams keyed by (seed, t, i) alone, and
//! every reduction runs in particle order, so the outcome is the same on any number of threads.

use super::kernel::Kernel;
use crate::sampling::rng::{RunRng, Stream, stream};
use rand::RngExt;
use rand_distr::{Distribution, StandardNormal};
use rayon::prelude::*;
use serde::Serialize;

/// What ABC-SMC calibrates: a prior and a stochastic discrepancy between simulated and observed
/// data. `Scratch` is per-thread working memory.
pub trait Problem: Sync {
    type Scratch: Send;
    /// Number of parameters.
    fn dim(&self) -> usize;
    fn scratch(&self) -> Self::Scratch;
    /// A draw from the prior.
    fn prior_sample(&self, rng: &mut RunRng, out: &mut [f64]);
    /// The prior's log density (−∞ outside its support).
    fn prior_log_density(&self, theta: &[f64]) -> f64;
    /// Simulates once with `theta`, all randomness from streams keyed by `key`, and returns the
    /// discrepancy S = Σ ((simulated − observed) / sd)² (so that exp(−½ S) is the Gaussian
    /// measurement-error likelihood of the simulation).
    fn discrepancy(&self, scratch: &mut Self::Scratch, theta: &[f64], key: u64) -> f64;
}

/// Tuning of a calibration.
#[derive(Debug, Clone, Serialize)]
pub struct Settings {
    /// Particles per generation (N).
    pub particles: usize,
    /// Most simulations in all.
    pub budget: u64,
    pub max_generations: usize,
    /// Stop after a generation whose acceptance rate is below this.
    pub min_acceptance: f64,
    /// Share of the effective sample size kept when the tolerance falls (Del Moral et al.'s α).
    pub alpha: f64,
    /// Generations of moves at ε = 1 before stopping.
    pub final_moves: usize,
    pub seed: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            particles: 2000,
            budget: 1_000_000,
            max_generations: 30,
            min_acceptance: 0.01,
            alpha: 0.5,
            final_moves: 1,
            seed: 1,
        }
    }
}

/// A weighted population of particles.
#[derive(Debug, Clone, Serialize)]
pub struct Population {
    pub k: usize,
    /// `n × k`, row-major.
    pub theta: Vec<f64>,
    /// Normalised weights.
    pub weights: Vec<f64>,
    /// Each particle's discrepancy S.
    pub discrepancies: Vec<f64>,
}

impl Population {
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    pub fn row(&self, i: usize) -> &[f64] {
        &self.theta[i * self.k..(i + 1) * self.k]
    }

    /// Effective sample size 1 / Σ wᵢ² (Kong, Liu & Wong 1994).
    pub fn ess(&self) -> f64 {
        ess(&self.weights)
    }
}

/// Effective sample size of (not necessarily normalised) weights: (Σw)² / Σw².
pub fn ess(w: &[f64]) -> f64 {
    let s: f64 = w.iter().sum();
    let q: f64 = w.iter().map(|x| x * x).sum();
    if q > 0.0 { s * s / q } else { 0.0 }
}

/// One generation's record.
#[derive(Debug, Clone, Serialize)]
pub struct Generation {
    pub generation: usize,
    /// Tolerance: the acceptance kernel's width in measurement sds (∞ for generation 0; 1 is
    /// the exact measurement-error likelihood).
    pub epsilon: f64,
    /// Metropolis–Hastings moves per particle (R).
    pub moves: usize,
    /// Moves proposed (including those outside the prior's support).
    pub attempts: u64,
    /// Proposals simulated.
    pub simulations: u64,
    /// Moves accepted.
    pub accepted: u64,
    /// accepted / attempts.
    pub acceptance_rate: f64,
    /// Effective sample size after reweighting to this ε (before any resampling).
    pub ess: f64,
    /// Whether the population was resampled before the moves.
    pub resampled: bool,
    pub seconds: f64,
}

/// Why the calibration stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stop {
    /// The generation at ε = 1, the exact measurement-error likelihood, is complete.
    Exact,
    /// The next generation would have exceeded the simulation budget.
    Budget,
    /// A generation's acceptance rate fell below the minimum.
    Acceptance,
    MaxGenerations,
    /// ε no longer falls.
    Stalled,
}

impl Stop {
    pub fn describe(self) -> &'static str {
        match self {
            Stop::Exact => "the tolerance reached 1: the posterior is exact under the observations' measurement error",
            Stop::Budget => {
                "the simulation budget would be exceeded by another generation (tolerance still above 1: the posterior is wider than the exact one)"
            }
            Stop::Acceptance => {
                "the acceptance rate fell below the minimum (tolerance still above 1: the model does not reproduce the observations within their uncertainty)"
            }
            Stop::MaxGenerations => "the maximum number of generations was reached (tolerance still above 1)",
            Stop::Stalled => "the tolerance stopped falling (tolerance still above 1)",
        }
    }
}

/// The result of a calibration.
#[derive(Debug, Clone, Serialize)]
pub struct Calibration {
    /// The last complete generation: the posterior sample.
    pub population: Population,
    pub generations: Vec<Generation>,
    pub stop: Stop,
    /// Simulations run in all, including a generation abandoned at the budget.
    pub simulations: u64,
}

/// Progress after each chunk of proposals: (generation, ε, simulations so far, budget).
pub type Progress<'a> = &'a (dyn Fn(usize, f64, u64, u64) + Sync);

/// The key of attempt `a` of generation `t`: its streams derive from (seed, key).
pub fn key(t: usize, a: u64) -> u64 {
    ((t as u64) << 40) | a
}

/// Runs ABC-SMC on the current rayon pool.
pub fn run<P: Problem>(problem: &P, s: &Settings, progress: Progress) -> Calibration {
    let k = problem.dim();
    let n = s.particles.max(2);
    let started = std::time::Instant::now();
    // Generation 0: the prior, every particle kept (ε = ∞).
    let first = (s.budget as usize).min(n);
    let rows: Vec<(Vec<f64>, f64)> = (0..first as u64)
        .into_par_iter()
        .map_init(
            || problem.scratch(),
            |scratch, a| {
                let mut rng = stream(s.seed, key(0, a), Stream::Parameters);
                let mut theta = vec![0.0; k];
                problem.prior_sample(&mut rng, &mut theta);
                let d = problem.discrepancy(scratch, &theta, key(0, a));
                (theta, d)
            },
        )
        .collect();
    let mut used = first as u64;
    let mut pop = Population {
        k,
        theta: rows.iter().flat_map(|r| r.0.iter().copied()).collect(),
        weights: vec![1.0 / first as f64; first],
        discrepancies: rows.iter().map(|r| r.1).collect(),
    };
    let mut generations = vec![Generation {
        generation: 0,
        epsilon: f64::INFINITY,
        moves: 0,
        attempts: first as u64,
        simulations: first as u64,
        accepted: first as u64,
        acceptance_rate: 1.0,
        ess: pop.ess(),
        resampled: false,
        seconds: started.elapsed().as_secs_f64(),
    }];
    progress(0, f64::INFINITY, used, s.budget);
    if first < n {
        return Calibration { population: pop, generations, stop: Stop::Budget, simulations: used };
    }
    let mut at_one = 0;
    let stop = loop {
        let t = generations.len();
        if t > s.max_generations {
            break Stop::MaxGenerations;
        }
        if used + n as u64 > s.budget {
            break Stop::Budget;
        }
        let prev = generations[t - 1].epsilon;
        if prev <= 1.0 && at_one >= s.final_moves {
            break Stop::Exact;
        }
        let gen_started = std::time::Instant::now();
        // Reweight to the next tolerance.
        let eps = if prev <= 1.0 { 1.0 } else { next_epsilon(&pop, prev, s.alpha) };
        if eps.is_nan() || eps > prev {
            break Stop::Stalled;
        }
        let shift = 1.0 / (eps * eps) - if prev.is_finite() { 1.0 / (prev * prev) } else { 0.0 };
        for (w, d) in pop.weights.iter_mut().zip(&pop.discrepancies) {
            *w *= (-0.5 * d * shift).exp();
        }
        let total: f64 = pop.weights.iter().sum();
        if total.is_nan() || total <= 0.0 {
            break Stop::Stalled;
        }
        pop.weights.iter_mut().for_each(|w| *w /= total);
        let ess_now = pop.ess();
        let resampled = ess_now < n as f64 / 2.0;
        if resampled {
            let u: f64 = stream(s.seed, key(t, RESAMPLE), Stream::Parameters).random();
            pop = systematic(&pop, u);
        }
        // R Metropolis–Hastings moves per particle, as many as the budget allows.
        let kernel = Kernel::from_population(&pop.theta, &pop.weights, k, 2.38 * 2.38 / k as f64);
        let last_rate = generations[t - 1].acceptance_rate;
        let wanted = if last_rate >= 1.0 {
            1
        } else if last_rate <= 0.0 {
            MAX_MOVES
        } else {
            ((0.01f64.ln() / (1.0 - last_rate).ln()).ceil() as usize).clamp(1, MAX_MOVES)
        };
        let moves = wanted.min(((s.budget - used) / n as u64) as usize).max(1);
        let (mut simulations, mut accepted) = (0u64, 0u64);
        for r in 0..moves as u64 {
            let swept: Vec<(Option<Vec<f64>>, f64, Option<bool>)> = (0..n as u64)
                .into_par_iter()
                .map_init(
                    || (problem.scratch(), vec![0.0; k]),
                    |(scratch, z), i| {
                        let current = pop.row(i as usize);
                        let d = pop.discrepancies[i as usize];
                        let attempt = r * n as u64 + i;
                        let mut rng = stream(s.seed, key(t, attempt), Stream::Parameters);
                        for zi in z.iter_mut() {
                            *zi = StandardNormal.sample(&mut rng);
                        }
                        let mut theta = vec![0.0; k];
                        kernel.perturb(current, z, &mut theta);
                        let lp = problem.prior_log_density(&theta);
                        if lp == f64::NEG_INFINITY {
                            return (None, d, None);
                        }
                        let d2 = problem.discrepancy(scratch, &theta, key(t, attempt));
                        let log_ratio = lp - problem.prior_log_density(current) - 0.5 * (d2 - d) / (eps * eps);
                        if rng.random::<f64>().ln() < log_ratio {
                            (Some(theta), d2, Some(true))
                        } else {
                            (None, d, Some(false))
                        }
                    },
                )
                .collect();
            for (i, (theta, d, outcome)) in swept.into_iter().enumerate() {
                simulations += u64::from(outcome.is_some());
                if let Some(theta) = theta {
                    accepted += 1;
                    pop.theta[i * k..(i + 1) * k].copy_from_slice(&theta);
                    pop.discrepancies[i] = d;
                }
            }
        }
        used += simulations;
        let attempts = (moves * n) as u64;
        let rate = accepted as f64 / attempts as f64;
        generations.push(Generation {
            generation: t,
            epsilon: eps,
            moves,
            attempts,
            simulations,
            accepted,
            acceptance_rate: rate,
            ess: ess_now,
            resampled,
            seconds: gen_started.elapsed().as_secs_f64(),
        });
        progress(t, eps, used, s.budget);
        if eps <= 1.0 {
            at_one += 1;
        } else if rate < s.min_acceptance {
            break Stop::Acceptance;
        }
    };
    Calibration { population: pop, generations, stop, simulations: used }
}

/// Most Metropolis–Hastings moves per particle in one generation.
const MAX_MOVES: usize = 50;

/// The attempt index of a generation's resampling uniform (no particle has it).
const RESAMPLE: u64 = (1 << 40) - 1;

/// Systematic resampling (Kitagawa 1996) with offset `u` in [0, 1): n equally weighted copies.
fn systematic(pop: &Population, u: f64) -> Population {
    let n = pop.len();
    let cdf = cumulative(&pop.weights);
    let mut theta = Vec::with_capacity(pop.theta.len());
    let mut discrepancies = Vec::with_capacity(n);
    let mut j = 0;
    for i in 0..n {
        let point = (i as f64 + u) / n as f64;
        while j + 1 < n && cdf[j] <= point {
            j += 1;
        }
        theta.extend_from_slice(pop.row(j));
        discrepancies.push(pop.discrepancies[j]);
    }
    Population { k: pop.k, theta, weights: vec![1.0 / n as f64; n], discrepancies }
}

/// Del Moral et al.'s tolerance: the ε in [1, `prev`) at which the population, reweighted by
/// exp(−½ S (1/ε² − 1/prev²)), keeps an effective sample size of α times its own; 1 if even
/// ε = 1 keeps that much.
pub fn next_epsilon(pop: &Population, prev: f64, alpha: f64) -> f64 {
    let target = alpha * pop.ess();
    let keeps = |eps: f64| {
        let shift = 1.0 / (eps * eps) - if prev.is_finite() { 1.0 / (prev * prev) } else { 0.0 };
        let w: Vec<f64> =
            pop.weights.iter().zip(&pop.discrepancies).map(|(w, d)| w * (-0.5 * d * shift).exp()).collect();
        ess(&w)
    };
    if keeps(1.0) >= target {
        return 1.0;
    }
    // Bisection on log ε between 1 (keeps too little) and an upper end that keeps enough.
    let top = pop.discrepancies.iter().copied().fold(1.0f64, f64::max).sqrt() * 10.0;
    let (mut lo, mut hi) = (0.0f64, if prev.is_finite() { prev.ln() } else { top.ln() });
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        if keeps(mid.exp()) >= target {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi.exp()
}

fn cumulative(w: &[f64]) -> Vec<f64> {
    let mut c = 0.0;
    w.iter()
        .map(|x| {
            c += x;
            c
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The conjugate toy: θ ~ N(μ₀, τ²) a priori; the model's output is θ itself; the observed
    /// value y has known measurement sd σ. At ε = 1 the acceptance kernel is the measurement
    /// likelihood, so the posterior is N((μ₀/τ² + y/σ²) / (1/τ² + 1/σ²), 1 / (1/τ² + 1/σ²)).
    pub struct Conjugate {
        pub mu0: f64,
        pub tau: f64,
        pub sigma: f64,
        pub y: f64,
    }

    impl Conjugate {
        pub fn posterior(&self) -> (f64, f64) {
            let precision = 1.0 / self.tau.powi(2) + 1.0 / self.sigma.powi(2);
            ((self.mu0 / self.tau.powi(2) + self.y / self.sigma.powi(2)) / precision, 1.0 / precision)
        }
    }

    impl Problem for Conjugate {
        type Scratch = ();
        fn dim(&self) -> usize {
            1
        }
        fn scratch(&self) {}
        fn prior_sample(&self, rng: &mut RunRng, out: &mut [f64]) {
            let z: f64 = StandardNormal.sample(rng);
            out[0] = self.mu0 + self.tau * z;
        }
        fn prior_log_density(&self, theta: &[f64]) -> f64 {
            -0.5 * ((theta[0] - self.mu0) / self.tau).powi(2)
        }
        fn discrepancy(&self, _: &mut (), theta: &[f64], _key: u64) -> f64 {
            ((theta[0] - self.y) / self.sigma).powi(2)
        }
    }

    fn moments(p: &Population) -> (f64, f64) {
        let m: f64 = (0..p.len()).map(|i| p.weights[i] * p.row(i)[0]).sum();
        let v: f64 = (0..p.len()).map(|i| p.weights[i] * (p.row(i)[0] - m).powi(2)).sum();
        (m, v)
    }

    /// Posterior mean and variance within 5% of the analytic values.
    #[test]
    fn conjugate_normal_posterior_matches_the_analytic_one() {
        // Prior N(0, 2²), observation 1.5 with sd 1: posterior N(1.2, 0.8).
        let problem = Conjugate { mu0: 0.0, tau: 2.0, sigma: 1.0, y: 1.5 };
        let (mean, var) = problem.posterior();
        assert!((mean - 1.2).abs() < 1e-12 && (var - 0.8).abs() < 1e-12);
        let s = Settings { particles: 4000, budget: 400_000, seed: 5, ..Settings::default() };
        let c = run(&problem, &s, &|_, _, _, _| {});
        assert_eq!(c.stop, Stop::Exact);
        let (m, v) = moments(&c.population);
        assert!((m - mean).abs() < 0.05 * mean, "posterior mean {m} vs {mean} ({:?})", c.stop);
        assert!((v - var).abs() < 0.05 * var, "posterior variance {v} vs {var} ({:?})", c.stop);
        // The tolerance fell every generation down to 1, and the budget was respected.
        assert!(c.generations.windows(2).all(|g| g[1].epsilon < g[0].epsilon || g[1].epsilon == 1.0));
        assert_eq!(c.generations.last().unwrap().epsilon, 1.0);
        assert!(c.simulations <= s.budget);
    }

    #[test]
    fn same_seed_same_posterior_on_any_number_of_threads() {
        let problem = Conjugate { mu0: 0.0, tau: 2.0, sigma: 1.0, y: 1.5 };
        let s = Settings { particles: 500, budget: 30_000, seed: 9, ..Settings::default() };
        let on = |threads| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            pool.install(|| run(&problem, &s, &|_, _, _, _| {}))
        };
        let (a, b) = (on(1), on(3));
        assert_eq!(a.population.theta, b.population.theta);
        assert_eq!(a.population.weights, b.population.weights);
        assert_eq!(a.generations.len(), b.generations.len());
    }

    #[test]
    fn systematic_resampling_copies_by_weight() {
        let pop =
            Population { k: 1, theta: vec![1.0, 2.0, 3.0], weights: vec![0.5, 0.0, 0.5], discrepancies: vec![0.0; 3] };
        let r = systematic(&pop, 0.5);
        assert_eq!(r.theta, [1.0, 3.0, 3.0]);
        assert_eq!(r.weights, [1.0 / 3.0; 3]);
    }

    #[test]
    fn tolerance_keeps_alpha_of_the_effective_sample_size() {
        let pop = Population {
            k: 1,
            theta: vec![0.0; 4],
            weights: vec![0.25; 4],
            discrepancies: vec![400.0, 0.0, 300.0, 200.0],
        };
        let eps = next_epsilon(&pop, f64::INFINITY, 0.5);
        let w: Vec<f64> = pop.discrepancies.iter().map(|d| 0.25 * (-0.5 * d / (eps * eps)).exp()).collect();
        assert!((ess(&w) - 2.0).abs() < 1e-6, "ESS {} at ε {eps}", ess(&w));
        assert!(eps > 1.0);
        // Small discrepancies everywhere: straight to ε = 1.
        let close = Population { discrepancies: vec![0.1, 0.2, 0.0, 0.3], ..pop };
        assert_eq!(next_epsilon(&close, 50.0, 0.5), 1.0);
    }
}
