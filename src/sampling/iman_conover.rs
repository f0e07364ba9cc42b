//! Inducing rank correlations between sampled columns without changing any column's values
//! (Iman & Conover 1982).
//!
//! Build a score matrix M whose columns are randomly permuted van der Waerden scores
//! Φ⁻¹(i / (n + 1)); with T = Q Qᵀ its sample correlation and C = P Pᵀ the target correlation
//! of the scores, the rows m ↦ P Q⁻¹ m have sample correlation exactly C. Each column of the
//! sample is then reordered to have the ranks of the corresponding column of the adjusted
//! scores. The values of a column are untouched, so every marginal is exactly preserved
//! (Latin hypercube strata included); only which run gets which value changes.

use super::linalg::{cholesky_psd, forward_solve, lower_times};
use super::{Purpose, design_rng, permutation};
use statrs::distribution::{ContinuousCDF, Normal};

/// The Pearson correlation of normal scores that gives Spearman correlation `rho_s`:
/// r = 2 sin(π ρ_s / 6) (Pearson 1907, for the bivariate normal).
pub fn pearson_for_spearman(rho_s: f64) -> f64 {
    2.0 * (std::f64::consts::PI * rho_s / 6.0).sin()
}

/// Reorders the rows of each column of `x` (n × k, row-major) so that the columns' rank
/// correlations approach the target whose score correlation has lower Cholesky factor `p`.
/// The score shuffles come from (seed, block). Blocks too small to carry a correlation
/// (n ≤ k + 1) are left as they are.
pub fn rearrange(x: &mut [f64], n: usize, k: usize, p: &[f64], seed: u64, block: u64) {
    if n <= k + 1 || k < 2 {
        return;
    }
    let normal = Normal::new(0.0, 1.0).expect("valid");
    let scores: Vec<f64> = (1..=n).map(|i| normal.inverse_cdf(i as f64 / (n as f64 + 1.0))).collect();
    let sd = (scores.iter().map(|s| s * s).sum::<f64>() / n as f64).sqrt();
    let mut m = vec![0.0; n * k];
    for j in 0..k {
        let perm = permutation(n, &mut design_rng(seed, block, j as u64, Purpose::ScoreShuffle));
        for (i, &pi) in perm.iter().enumerate() {
            m[i * k + j] = scores[pi] / sd;
        }
    }
    // The scores' own sample correlation T, to be replaced by the target.
    let mut t = vec![0.0; k * k];
    for row in m.chunks_exact(k) {
        for a in 0..k {
            for b in 0..=a {
                t[a * k + b] += row[a] * row[b];
            }
        }
    }
    for a in 0..k {
        for b in 0..=a {
            let v = t[a * k + b] / n as f64;
            t[a * k + b] = v;
            t[b * k + a] = v;
        }
    }
    let Ok(q) = cholesky_psd(&t, k) else { return };
    if (0..k).any(|i| q[i * k + i] <= 1e-8) {
        return;
    }
    let mut adjusted = vec![0.0; n * k];
    for (row, out) in m.chunks_exact_mut(k).zip(adjusted.chunks_exact_mut(k)) {
        forward_solve(&q, k, row);
        lower_times(p, k, row, out);
    }
    let mut order: Vec<usize> = (0..n).collect();
    let mut values = vec![0.0; n];
    for j in 0..k {
        order.sort_by(|&a, &b| adjusted[a * k + j].total_cmp(&adjusted[b * k + j]));
        for (i, v) in values.iter_mut().enumerate() {
            *v = x[i * k + j];
        }
        values.sort_by(f64::total_cmp);
        for (r, &i) in order.iter().enumerate() {
            x[i * k + j] = values[r];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::ranks::spearman;
    use rand::{RngExt, SeedableRng};

    fn column(x: &[f64], k: usize, j: usize) -> Vec<f64> {
        x.chunks_exact(k).map(|r| r[j]).collect()
    }

    fn target(spearman: &[f64], k: usize) -> Vec<f64> {
        let r: Vec<f64> = spearman.iter().map(|&s| pearson_for_spearman(s)).collect();
        cholesky_psd(&r, k).unwrap()
    }

    /// 10,000 samples of three differently distributed columns; the achieved Spearman
    /// correlations are within 0.02 of the targets and each column keeps its sorted values.
    #[test]
    fn achieves_target_rank_correlations_and_keeps_marginals() {
        let (n, k) = (10_000, 3);
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(3);
        let mut x = Vec::with_capacity(n * k);
        for _ in 0..n {
            let u: f64 = rng.random();
            x.extend([u, rng.random::<f64>().powi(3), -(1.0 - rng.random::<f64>()).ln()]);
        }
        let want = [1.0, 0.5, -0.3, 0.5, 1.0, 0.2, -0.3, 0.2, 1.0];
        let before: Vec<Vec<f64>> = (0..k)
            .map(|j| {
                let mut c = column(&x, k, j);
                c.sort_by(f64::total_cmp);
                c
            })
            .collect();
        rearrange(&mut x, n, k, &target(&want, k), 42, 0);
        for a in 0..k {
            let mut c = column(&x, k, a);
            c.sort_by(f64::total_cmp);
            assert_eq!(c, before[a], "column {a} changed its values");
            for b in 0..a {
                let got = spearman(&column(&x, k, a), &column(&x, k, b));
                assert!((got - want[a * k + b]).abs() < 0.02, "({a}, {b}): {got} vs {}", want[a * k + b]);
            }
        }
    }

    #[test]
    fn zero_target_removes_spurious_correlation() {
        let (n, k) = (2000, 2);
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(5);
        let mut x = Vec::new();
        for _ in 0..n {
            let u: f64 = rng.random();
            x.extend([u, u + 0.1 * rng.random::<f64>()]);
        }
        rearrange(&mut x, n, k, &[1.0, 0.0, 0.0, 1.0], 1, 0);
        assert!(spearman(&column(&x, k, 0), &column(&x, k, 1)).abs() < 0.02);
    }

    #[test]
    fn tiny_blocks_are_left_alone() {
        let mut x = vec![0.1, 0.9, 0.2, 0.8];
        let before = x.clone();
        rearrange(&mut x, 2, 2, &target(&[1.0, 0.9, 0.9, 1.0], 2), 1, 0);
        assert_eq!(x, before);
    }
}
