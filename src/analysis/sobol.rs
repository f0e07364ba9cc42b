//! Variance-based sensitivity: first-order and total-order Sobol indices (Sobol 1993) from a
//! Saltelli design (Saltelli 2002), with the Saltelli et al. (2010) first-order estimator and the
//! Jansen (1999) total-order estimator, and percentile bootstrap confidence intervals.
//!
//! Generic over the model: a function of a point in the unit cube [0, 1)^k and of a noise key.
//! A stochastic simulator draws its own randomness from the key: A_j and every AB_j^(i) get key
//! 2j, B_j gets key 2j + 1. The model's noise is then one more input, independent between A and
//! B and never switched into AB, so S_i and ST_i are the parameters' indices with the noise's
//! share left over (Marrel et al. 2012 call this the "stochastic input" approach). Tested on
//! functions whose indices are known analytically.
//!
//! For base sample j, A_j and B_j are independent uniform points and AB_j^(i) is A_j with
//! coordinate i taken from B_j. With f̄ the mean and V the variance of all f(A) and f(B):
//!   S_i  = mean_j (f(B_j) − f̄) (f(AB_j^(i)) − f(A_j)) / V     (Saltelli et al. 2010, table 2 (b))
//!   ST_i = mean_j (f(A_j) − f(AB_j^(i)))² / (2V)               (Jansen 1999)
//! Both are invariant to adding a constant to f: the total-order one term by term, the
//! first-order one because f(B) is centred (Saltelli's form on raw outputs is unbiased too, but
//! its variance grows with the squared mean; the bootstrap re-centres on each resample's mean).

use crate::sampling::rng::{Stream, stream};
use crate::sampling::{Purpose, design_rng};
use rand::RngExt;
use rayon::prelude::*;
use serde::Serialize;

/// An index estimate with its 95% bootstrap interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    pub value: f64,
    pub ci_low: f64,
    pub ci_high: f64,
}

/// The indices of one input.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SobolIndex {
    pub first: Estimate,
    pub total: Estimate,
}

/// Sobol indices of every input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SobolResult {
    /// Base sample size N.
    pub base_samples: usize,
    /// Model evaluations, N (k + 2).
    pub evaluations: usize,
    /// Variance of the output over f(A) and f(B).
    pub variance: f64,
    pub indices: Vec<SobolIndex>,
}

/// The design's points and the model's outputs on them.
#[derive(Debug, Clone)]
pub struct Evaluations {
    pub k: usize,
    pub n: usize,
    /// N × k points of A and B, row-major.
    pub a: Vec<f64>,
    pub b: Vec<f64>,
    pub fa: Vec<f64>,
    pub fb: Vec<f64>,
    /// N × k: f(AB^(i)) for base sample j at j·k + i.
    pub fab: Vec<f64>,
}

/// One base sample's A and B points, f(A), f(B) and the k values f(AB^(i)).
pub type Row = (Vec<f64>, Vec<f64>, f64, f64, Vec<f64>);

/// First- and total-order estimates of one bootstrap resample.
type Resample = (Vec<f64>, Vec<f64>);

/// Evaluates `f` on the Saltelli design of `n` base samples in k dimensions. Base sample j's
/// points come from stream (seed, j), so the design is the same for any thread count; `f` gets
/// each point and its noise key (2j for A_j and AB_j, 2j + 1 for B_j).
pub fn evaluate(k: usize, n: usize, seed: u64, f: impl Fn(&[f64], u64) -> f64 + Sync) -> Evaluations {
    from_rows(k, n, evaluate_rows(k, 0..n as u64, seed, f))
}

/// The rows of base samples `js` only (a shard of the design); [`from_rows`] joins them.
pub fn evaluate_rows(k: usize, js: std::ops::Range<u64>, seed: u64, f: impl Fn(&[f64], u64) -> f64 + Sync) -> Vec<Row> {
    js.into_par_iter()
        .map(|j| {
            let mut r = stream(seed, j, Stream::Parameters);
            let a: Vec<f64> = (0..k).map(|_| r.random::<f64>()).collect();
            let b: Vec<f64> = (0..k).map(|_| r.random::<f64>()).collect();
            let fa = f(&a, 2 * j);
            let fb = f(&b, 2 * j + 1);
            let mut ab = a.clone();
            let fab = (0..k)
                .map(|i| {
                    ab[i] = b[i];
                    let y = f(&ab, 2 * j);
                    ab[i] = a[i];
                    y
                })
                .collect();
            (a, b, fa, fb, fab)
        })
        .collect()
}

/// The evaluations of `n` base samples from their rows, in base-sample order.
pub fn from_rows(k: usize, n: usize, rows: Vec<Row>) -> Evaluations {
    let mut e = Evaluations {
        k,
        n,
        a: Vec::with_capacity(n * k),
        b: Vec::with_capacity(n * k),
        fa: Vec::with_capacity(n),
        fb: Vec::with_capacity(n),
        fab: Vec::with_capacity(n * k),
    };
    for (a, b, fa, fb, fab) in rows {
        e.a.extend(a);
        e.b.extend(b);
        e.fa.push(fa);
        e.fb.push(fb);
        e.fab.extend(fab);
    }
    e
}

/// (V, S_i, ST_i) over the base samples `js`.
fn estimate(e: &Evaluations, js: &[usize]) -> (f64, Vec<f64>, Vec<f64>) {
    let m = js.len() as f64;
    let mean = js.iter().map(|&j| e.fa[j] + e.fb[j]).sum::<f64>() / (2.0 * m);
    let v = js.iter().map(|&j| (e.fa[j] - mean).powi(2) + (e.fb[j] - mean).powi(2)).sum::<f64>() / (2.0 * m - 1.0);
    let mut first = vec![0.0; e.k];
    let mut total = vec![0.0; e.k];
    for &j in js {
        // f(B) centred on the (resample's) mean: the estimator's expectation does not depend on
        // a shift of the output, but its variance grows with the mean squared, so on raw
        // outputs with a large mean the estimate is noise (Ishigami + 100 gave S3 = −0.3).
        let fb = e.fb[j] - mean;
        for i in 0..e.k {
            let fab = e.fab[j * e.k + i];
            first[i] += fb * (fab - e.fa[j]);
            total[i] += (e.fa[j] - fab).powi(2);
        }
    }
    if v <= 0.0 {
        // A constant output: nothing to apportion.
        return (v, vec![0.0; e.k], vec![0.0; e.k]);
    }
    (v, first.iter().map(|s| s / m / v).collect(), total.iter().map(|s| s / (2.0 * m) / v).collect())
}

/// The q-quantile of sorted `xs` (linear interpolation).
fn quantile(xs: &[f64], q: f64) -> f64 {
    if xs.is_empty() {
        return f64::NAN;
    }
    let h = q * (xs.len() - 1) as f64;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    xs[lo] + (h - lo as f64) * (xs[hi] - xs[lo])
}

/// Indices with 95% percentile-bootstrap intervals from `bootstrap` resamples of the base
/// samples (drawn from `seed`; 0 resamples gives point intervals).
pub fn indices(e: &Evaluations, bootstrap: usize, seed: u64) -> SobolResult {
    let all: Vec<usize> = (0..e.n).collect();
    let (variance, s1, st) = estimate(e, &all);
    let resamples: Vec<Resample> = (0..bootstrap as u64)
        .into_par_iter()
        .map(|r| {
            let mut rng = design_rng(seed, r, 0, Purpose::Bootstrap);
            let js: Vec<usize> = (0..e.n).map(|_| rng.random_range(0..e.n)).collect();
            let (_, a, b) = estimate(e, &js);
            (a, b)
        })
        .collect();
    let interval = |value: f64, pick: &dyn Fn(&Resample) -> f64| {
        if resamples.is_empty() {
            return Estimate { value, ci_low: value, ci_high: value };
        }
        let mut xs: Vec<f64> = resamples.iter().map(pick).collect();
        xs.sort_by(f64::total_cmp);
        Estimate { value, ci_low: quantile(&xs, 0.025), ci_high: quantile(&xs, 0.975) }
    };
    let indices = (0..e.k)
        .map(|i| SobolIndex { first: interval(s1[i], &|r| r.0[i]), total: interval(st[i], &|r| r.1[i]) })
        .collect();
    SobolResult { base_samples: e.n, evaluations: e.n * (e.k + 2), variance, indices }
}

/// Sobol indices of a deterministic function on the unit cube.
pub fn analyze(k: usize, n: usize, seed: u64, bootstrap: usize, f: impl Fn(&[f64]) -> f64 + Sync) -> SobolResult {
    indices(&evaluate(k, n, seed, |u, _| f(u)), bootstrap, seed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::PI;

    /// Ishigami & Homma (1990) with a = 7, b = 0.1 on [−π, π]³.
    fn ishigami(u: &[f64]) -> f64 {
        let x: Vec<f64> = u.iter().map(|v| -PI + 2.0 * PI * v).collect();
        x[0].sin() + 7.0 * x[1].sin().powi(2) + 0.1 * x[2].powi(4) * x[0].sin()
    }

    /// Analytic indices (Sobol & Levitan 1999): S = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424,
    /// 0.2437). Base sample N = 50,000 (250,000 evaluations): the estimators' standard errors
    /// are below 0.01, so the 0.03 tolerance never flakes.
    #[test]
    fn ishigami_indices_match_the_analytic_values() {
        let r = analyze(3, 50_000, 11, 50, ishigami);
        let s = [0.3139, 0.4424, 0.0];
        let st = [0.5576, 0.4424, 0.2437];
        for i in 0..3 {
            let got = r.indices[i];
            assert!((got.first.value - s[i]).abs() < 0.03, "S{} = {} vs {}", i + 1, got.first.value, s[i]);
            assert!((got.total.value - st[i]).abs() < 0.03, "ST{} = {} vs {}", i + 1, got.total.value, st[i]);
            assert!(got.first.ci_low <= got.first.value && got.first.value <= got.first.ci_high);
            assert!(got.total.ci_low <= got.total.value && got.total.value <= got.total.ci_high);
        }
        assert_eq!(r.evaluations, 250_000);
    }

    /// f = Σ c_i x_i with independent uniforms: S_i = ST_i = c_i² / Σ c_j².
    #[test]
    fn linear_additive_indices_are_the_variance_shares() {
        let c = [4.0, 2.0, 1.0, 0.0];
        let total: f64 = c.iter().map(|v| v * v).sum();
        let r = analyze(4, 20_000, 5, 0, |u| u.iter().zip(c).map(|(x, c)| c * x).sum());
        for (i, ci) in c.iter().enumerate() {
            let share = ci * ci / total;
            assert!((r.indices[i].first.value - share).abs() < 0.02, "S{i}: {:?} vs {share}", r.indices[i]);
            assert!((r.indices[i].total.value - share).abs() < 0.02, "ST{i}: {:?} vs {share}", r.indices[i]);
        }
    }

    /// A stochastic model y = x + w, with the noise w drawn from the noise key: x explains half
    /// the variance alone and in total; the other half is left to the noise.
    #[test]
    fn model_noise_is_an_input_that_is_never_switched() {
        let e = evaluate(1, 20_000, 9, |u, key| {
            let w: f64 = stream(77, key, Stream::Dynamics).random();
            u[0] + w
        });
        let r = indices(&e, 0, 9);
        assert!((r.indices[0].first.value - 0.5).abs() < 0.03, "{:?}", r.indices[0]);
        assert!((r.indices[0].total.value - 0.5).abs() < 0.03, "{:?}", r.indices[0]);
    }

    #[test]
    fn same_seed_same_indices() {
        let a = analyze(3, 2000, 3, 20, ishigami);
        let b = analyze(3, 2000, 3, 20, ishigami);
        assert_eq!(a, b);
    }

    #[test]
    fn constant_output_has_zero_indices() {
        let r = analyze(2, 100, 1, 10, |_| 3.0);
        assert!(r.indices.iter().all(|i| i.first.value == 0.0 && i.total.value == 0.0));
    }

    /// Ishigami + 100: the indices are those of Ishigami (a shift changes no variance). Before
    /// the first-order estimator centred f(B), N = 16,384 gave S = (0.075, 0.299, 0.479) on one
    /// of these seeds. With centring the estimates' standard deviation over 20 seeds at this N was
    /// at most 0.009 for every index, so 0.04 (over 4 sd) does not flake.
    #[test]
    fn ishigami_plus_100_indices_match_the_analytic_values() {
        let s = [0.3139, 0.4424, 0.0];
        let st = [0.5576, 0.4424, 0.2437];
        for seed in [1, 2, 3] {
            let r = analyze(3, 16_384, seed, 0, |u| ishigami(u) + 100.0);
            for i in 0..3 {
                let got = r.indices[i];
                assert!(
                    (got.first.value - s[i]).abs() < 0.04,
                    "seed {seed}: S{} = {} vs {}",
                    i + 1,
                    got.first.value,
                    s[i]
                );
                assert!(
                    (got.total.value - st[i]).abs() < 0.04,
                    "seed {seed}: ST{} = {} vs {}",
                    i + 1,
                    got.total.value,
                    st[i]
                );
            }
        }
    }

    /// f = 10⁶ + Σ c_i x_i: the offset is a million times the output's spread, and S_i = ST_i =
    /// c_i² / Σ c_j² still.
    #[test]
    fn additive_function_with_a_large_offset_has_the_variance_shares() {
        let c = [4.0, 2.0, 1.0, 0.0];
        let total: f64 = c.iter().map(|v| v * v).sum();
        let r = analyze(4, 20_000, 5, 0, |u| 1.0e6 + u.iter().zip(c).map(|(x, c)| c * x).sum::<f64>());
        for (i, ci) in c.iter().enumerate() {
            let share = ci * ci / total;
            assert!((r.indices[i].first.value - share).abs() < 0.02, "S{i}: {:?} vs {share}", r.indices[i]);
            assert!((r.indices[i].total.value - share).abs() < 0.02, "ST{i}: {:?} vs {share}", r.indices[i]);
        }
    }

    /// Adding a constant changes neither index nor interval beyond rounding, bootstrap included.
    #[test]
    fn indices_do_not_change_when_a_constant_is_added() {
        let plain = analyze(3, 4096, 8, 40, ishigami);
        let shifted = analyze(3, 4096, 8, 40, |u| ishigami(u) + 1000.0);
        for (p, s) in plain.indices.iter().zip(&shifted.indices) {
            for (a, b) in [(p.first, s.first), (p.total, s.total)] {
                assert!((a.value - b.value).abs() < 1e-9, "{a:?} vs {b:?}");
                assert!((a.ci_low - b.ci_low).abs() < 1e-9 && (a.ci_high - b.ci_high).abs() < 1e-9, "{a:?} vs {b:?}");
            }
        }
    }

    /// Ishigami's analytic (S, ST) per input (Sobol & Levitan 1999).
    const ISHIGAMI_S: [f64; 3] = [0.3139, 0.4424, 0.0];
    const ISHIGAMI_ST: [f64; 3] = [0.5576, 0.4424, 0.2437];

    /// For each of Ishigami's inputs, how many of the seeds' 95% intervals hold the true S and
    /// the true ST.
    fn ishigami_coverage(seeds: std::ops::Range<u64>, n: usize, bootstrap: usize) -> [[usize; 2]; 3] {
        let mut hits = [[0; 2]; 3];
        for seed in seeds {
            let r = analyze(3, n, seed, bootstrap, ishigami);
            for i in 0..3 {
                let inside = |e: Estimate, truth: f64| usize::from(e.ci_low <= truth && truth <= e.ci_high);
                hits[i][0] += inside(r.indices[i].first, ISHIGAMI_S[i]);
                hits[i][1] += inside(r.indices[i].total, ISHIGAMI_ST[i]);
            }
        }
        hits
    }

    /// A fast coverage check: over 10 seeds each of the six 95% intervals holds the true value
    /// at least 8 times. A correct 95% interval misses 3 or more of 10 with probability 0.012,
    /// and the seeds are fixed, so this cannot flake; 68% intervals (the 16th to 84th
    /// percentiles) fail it (S2 held in 5 of 10).
    #[test]
    fn bootstrap_intervals_hold_the_true_ishigami_indices() {
        let hits = ishigami_coverage(0..10, 1024, 200);
        for (i, h) in hits.iter().enumerate() {
            assert!(h[0] >= 8, "S{}: {} of 10 intervals hold the true value", i + 1, h[0]);
            assert!(h[1] >= 8, "ST{}: {} of 10 intervals hold the true value", i + 1, h[1]);
        }
    }

    /// The documented longer check (docs/UNCERTAINTY.md): coverage of the 95% intervals over
    /// 400 seeds at N = 2,048 with 500 resamples. Run it with
    /// `cargo test --lib bootstrap_coverage_over_400_seeds -- --ignored --nocapture`.
    #[test]
    #[ignore = "long (about 3 minutes in a debug build); its measured coverage is in docs/UNCERTAINTY.md"]
    fn bootstrap_coverage_over_400_seeds() {
        let seeds = 400;
        let hits = ishigami_coverage(0..seeds, 2048, 500);
        for (i, h) in hits.iter().enumerate() {
            let (s, st) = (h[0] as f64 / seeds as f64, h[1] as f64 / seeds as f64);
            println!("input {}: S1 coverage {s:.3}, ST coverage {st:.3}", i + 1);
            // A correct 95% interval over 400 seeds covers 0.95 ± 0.011 (one sd); 0.90 is
            // 4.5 sd below.
            assert!(s >= 0.90 && st >= 0.90, "input {}: coverage S1 {s}, ST {st}", i + 1);
        }
    }
}
