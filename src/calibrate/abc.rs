//! Approximate Bayesian computation by sequential Monte Carlo (ABC-SMC).
//!
//! The population Monte Carlo form (Toni, Welch, Strelkowa, Ipsen & Stumpf 2009; Beaumont,
//! Cornuet, Marin & Robert 2009) with the tolerance chosen adaptively as in Del Moral, Doucet &
//! Jasra (2012):
//!
//! 1. Generation 0: N particles from the prior, each simulated once; weights 1/N.
//! 2. Generation t: the tolerance εₜ is the smallest distance at which the previous population,
//!    cut to the particles within it, keeps an effective sample size of α times its own (α = ½
//!    by default; Del Moral et al.'s rule with one simulation per particle). Proposals pick a
//!    particle of the previous population by weight and move it with a normal kernel of twice
//!    the population's weighted covariance ([`super::kernel`]); a proposal outside the prior's
//!    support is rejected unsimulated, the others are simulated once and accepted if their
//!    distance is at most εₜ, until N are accepted. Each accepted θ gets the weight
//!    π(θ) / Σⱼ wⱼ K(θ | θⱼ), normalised.
//! 3. Stop when the next generation would exceed the simulation budget, when a generation's
//!    acceptance rate falls below the minimum, when ε reaches its target or stops falling, or
//!    after the maximum number of generations. The posterior is the last complete generation.
//!
//! Determinism: attempt a of generation t draws from streams keyed by (seed, t, a) alone, and
//! the accepted particles are the first N by attempt index. Attempts run in parallel in chunks
//! whose sizes depend only on earlier results, so the outcome is the same on any number of
//! threads.

use super::kernel::Kernel;
use crate::engine::rng::{RunRng, Stream, stream};
use rand::RngExt;
use rand_distr::{Distribution, StandardNormal};
use rayon::prelude::*;
use serde::Serialize;

/// What ABC-SMC calibrates: a prior and a stochastic distance between simulated and observed
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
    /// distance to the observations.
    fn distance(&self, scratch: &mut Self::Scratch, theta: &[f64], key: u64) -> f64;
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
    /// Stop once ε is at or below this.
    pub target_epsilon: f64,
    pub seed: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            particles: 2000,
            budget: 1_000_000,
            max_generations: 30,
            min_acceptance: 0.02,
            alpha: 0.5,
            target_epsilon: 0.0,
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
    pub distances: Vec<f64>,
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
    /// Tolerance (∞ for generation 0).
    pub epsilon: f64,
    /// Proposals made (including those outside the prior's support).
    pub attempts: u64,
    /// Proposals simulated.
    pub simulations: u64,
    /// Proposals accepted among those simulated (the population keeps the first N).
    pub accepted: u64,
    /// accepted / simulations.
    pub acceptance_rate: f64,
    /// Effective sample size of the generation's weights.
    pub ess: f64,
    pub seconds: f64,
}

/// Why the calibration stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stop {
    /// The next generation would have exceeded the simulation budget.
    Budget,
    /// A generation's acceptance rate fell below the minimum.
    Acceptance,
    MaxGenerations,
    /// ε reached its target.
    Epsilon,
    /// ε no longer falls (the distances of the population tie).
    Stalled,
}

impl Stop {
    pub fn describe(self) -> &'static str {
        match self {
            Stop::Budget => "the simulation budget would be exceeded by another generation",
            Stop::Acceptance => "the acceptance rate fell below the minimum",
            Stop::MaxGenerations => "the maximum number of generations was reached",
            Stop::Epsilon => "the tolerance reached its target",
            Stop::Stalled => "the tolerance stopped falling",
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
    // Generation 0: the prior, every particle accepted (ε = ∞).
    let first = (s.budget as usize).min(n);
    let rows: Vec<(Vec<f64>, f64)> = (0..first as u64)
        .into_par_iter()
        .map_init(
            || problem.scratch(),
            |scratch, a| {
                let mut rng = stream(s.seed, key(0, a), Stream::Parameters);
                let mut theta = vec![0.0; k];
                problem.prior_sample(&mut rng, &mut theta);
                let d = problem.distance(scratch, &theta, key(0, a));
                (theta, d)
            },
        )
        .collect();
    let mut used = first as u64;
    let mut pop = Population {
        k,
        theta: rows.iter().flat_map(|r| r.0.iter().copied()).collect(),
        weights: vec![1.0 / first as f64; first],
        distances: rows.iter().map(|r| r.1).collect(),
    };
    let mut generations = vec![Generation {
        generation: 0,
        epsilon: f64::INFINITY,
        attempts: first as u64,
        simulations: first as u64,
        accepted: first as u64,
        acceptance_rate: 1.0,
        ess: pop.ess(),
        seconds: started.elapsed().as_secs_f64(),
    }];
    progress(0, f64::INFINITY, used, s.budget);
    if first < n {
        return Calibration { population: pop, generations, stop: Stop::Budget, simulations: used };
    }
    let mut last_rate = 1.0;
    let stop = loop {
        let t = generations.len();
        if t > s.max_generations {
            break Stop::MaxGenerations;
        }
        let eps = next_epsilon(&pop, s.alpha);
        let prev_eps = generations[t - 1].epsilon;
        if eps.is_nan() || eps >= prev_eps {
            break Stop::Stalled;
        }
        let gen_started = std::time::Instant::now();
        let kernel = Kernel::from_population(&pop.theta, &pop.weights, k);
        let cdf = cumulative(&pop.weights);
        // Proposals in chunks until N are accepted or the budget runs out.
        let mut accepted: Vec<(Vec<f64>, f64)> = Vec::with_capacity(n);
        let (mut attempts, mut simulations, mut hits) = (0u64, 0u64, 0u64);
        let mut exhausted = false;
        while accepted.len() < n {
            let left = s.budget.saturating_sub(used);
            if left == 0 {
                exhausted = true;
                break;
            }
            // Expected acceptance from what this generation has seen, else from the last one
            // shrunk by α: a deterministic guess, so chunks never depend on threads.
            let rate = if simulations > 0 {
                (hits as f64 / simulations as f64).max(1e-4)
            } else {
                (last_rate * s.alpha).max(1e-4)
            };
            let want = ((n - accepted.len()) as f64 / rate * 1.1).ceil() as u64;
            let chunk = want.clamp(256, 64 * n as u64).div_ceil(64) * 64;
            let chunk = chunk.min(left);
            let results: Vec<(Vec<f64>, Option<f64>)> = (attempts..attempts + chunk)
                .into_par_iter()
                .map_init(
                    || (problem.scratch(), vec![0.0; k]),
                    |(scratch, z), a| {
                        let mut rng = stream(s.seed, key(t, a), Stream::Parameters);
                        let j = draw(&cdf, rng.random::<f64>());
                        for zi in z.iter_mut() {
                            *zi = StandardNormal.sample(&mut rng);
                        }
                        let mut theta = vec![0.0; k];
                        kernel.perturb(pop.row(j), z, &mut theta);
                        if problem.prior_log_density(&theta) == f64::NEG_INFINITY {
                            return (theta, None);
                        }
                        let d = problem.distance(scratch, &theta, key(t, a));
                        (theta, Some(d))
                    },
                )
                .collect();
            attempts += chunk;
            for (theta, d) in results {
                let Some(d) = d else { continue };
                simulations += 1;
                if d <= eps {
                    hits += 1;
                    if accepted.len() < n {
                        accepted.push((theta, d));
                    }
                }
            }
            used = generations.iter().map(|g| g.simulations).sum::<u64>() + simulations;
            progress(t, eps, used, s.budget);
        }
        if exhausted && accepted.len() < n {
            break Stop::Budget;
        }
        let theta: Vec<f64> = accepted.iter().flat_map(|a| a.0.iter().copied()).collect();
        let log_w: Vec<f64> = (0..n)
            .into_par_iter()
            .map_init(
                || vec![0.0; k],
                |scratch, i| {
                    let x = &theta[i * k..(i + 1) * k];
                    let terms: Vec<f64> = (0..pop.len())
                        .map(|j| pop.weights[j].ln() + kernel.log_density(x, pop.row(j), scratch))
                        .collect();
                    problem.prior_log_density(x) - log_sum_exp(&terms)
                },
            )
            .collect();
        let top = log_w.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let raw: Vec<f64> = log_w.iter().map(|l| (l - top).exp()).collect();
        let total: f64 = raw.iter().sum();
        pop = Population {
            k,
            theta,
            weights: raw.iter().map(|w| w / total).collect(),
            distances: accepted.iter().map(|a| a.1).collect(),
        };
        last_rate = hits as f64 / simulations.max(1) as f64;
        generations.push(Generation {
            generation: t,
            epsilon: eps,
            attempts,
            simulations,
            accepted: hits,
            acceptance_rate: last_rate,
            ess: pop.ess(),
            seconds: gen_started.elapsed().as_secs_f64(),
        });
        if last_rate < s.min_acceptance {
            break Stop::Acceptance;
        }
        if eps <= s.target_epsilon {
            break Stop::Epsilon;
        }
    };
    let simulations = generations.iter().map(|g| g.simulations).sum::<u64>().max(used);
    Calibration { population: pop, generations, stop, simulations }
}

/// Del Moral et al.'s tolerance: the smallest distance d₍ₘ₎ at which the particles with
/// distance ≤ d₍ₘ₎ keep an ESS of at least α times the population's.
pub fn next_epsilon(pop: &Population, alpha: f64) -> f64 {
    let mut order: Vec<usize> = (0..pop.len()).collect();
    order.sort_by(|&a, &b| pop.distances[a].total_cmp(&pop.distances[b]));
    let target = alpha * pop.ess();
    let (mut s, mut q) = (0.0, 0.0);
    for (m, &i) in order.iter().enumerate() {
        let w = pop.weights[i];
        s += w;
        q += w * w;
        // Ties: the cut must include every particle at this distance.
        let last_of_tie = order.get(m + 1).is_none_or(|&j| pop.distances[j] > pop.distances[i]);
        if last_of_tie && q > 0.0 && s * s / q >= target {
            return pop.distances[i];
        }
    }
    pop.distances[order[order.len() - 1]]
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

/// The index a uniform `u` selects from cumulative weights.
fn draw(cdf: &[f64], u: f64) -> usize {
    let total = cdf[cdf.len() - 1];
    cdf.partition_point(|&c| c <= u * total).min(cdf.len() - 1)
}

fn log_sum_exp(xs: &[f64]) -> f64 {
    let top = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if top == f64::NEG_INFINITY {
        return top;
    }
    top + xs.iter().map(|x| (x - top).exp()).sum::<f64>().ln()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The conjugate toy: θ ~ N(μ₀, τ²) a priori; the model's output is θ itself; the observed
    /// value y has known measurement sd σ. The simulator adds the measurement error to its
    /// output (as calibrate does), so the ABC posterior tends to the exact one as ε → 0:
    /// N((μ₀/τ² + y/σ²) / (1/τ² + 1/σ²), 1 / (1/τ² + 1/σ²)).
    pub struct Conjugate {
        pub mu0: f64,
        pub tau: f64,
        pub sigma: f64,
        pub y: f64,
        pub seed: u64,
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
        fn distance(&self, _: &mut (), theta: &[f64], key: u64) -> f64 {
            let z: f64 = StandardNormal.sample(&mut stream(self.seed, key, Stream::Events));
            ((theta[0] + self.sigma * z - self.y) / self.sigma).abs()
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
        let problem = Conjugate { mu0: 0.0, tau: 2.0, sigma: 1.0, y: 1.5, seed: 11 };
        let (mean, var) = problem.posterior();
        assert!((mean - 1.2).abs() < 1e-12 && (var - 0.8).abs() < 1e-12);
        let s = Settings { particles: 4000, budget: 400_000, target_epsilon: 0.05, seed: 5, ..Settings::default() };
        let c = run(&problem, &s, &|_, _, _, _| {});
        let (m, v) = moments(&c.population);
        assert!((m - mean).abs() < 0.05 * mean, "posterior mean {m} vs {mean} ({:?})", c.stop);
        assert!((v - var).abs() < 0.05 * var, "posterior variance {v} vs {var} ({:?})", c.stop);
        // The tolerance fell every generation and the budget was respected.
        assert!(c.generations.windows(2).all(|g| g[1].epsilon < g[0].epsilon));
        assert!(c.simulations <= s.budget);
    }

    #[test]
    fn same_seed_same_posterior_on_any_number_of_threads() {
        let problem = Conjugate { mu0: 0.0, tau: 2.0, sigma: 1.0, y: 1.5, seed: 3 };
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
    fn tolerance_keeps_alpha_of_the_effective_sample_size() {
        let pop = Population { k: 1, theta: vec![0.0; 4], weights: vec![0.25; 4], distances: vec![4.0, 1.0, 3.0, 2.0] };
        // ESS 4; α = ½ needs ESS ≥ 2: the two nearest particles (distances 1 and 2).
        assert_eq!(next_epsilon(&pop, 0.5), 2.0);
        assert_eq!(next_epsilon(&pop, 1.0), 4.0);
        let tied =
            Population { k: 1, theta: vec![0.0; 4], weights: vec![0.25; 4], distances: vec![1.0, 1.0, 1.0, 5.0] };
        assert_eq!(next_epsilon(&tied, 0.5), 1.0, "a tie is taken whole");
    }
}
