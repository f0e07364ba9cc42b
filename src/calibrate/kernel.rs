//! The move kernel of ABC-SMC: a multivariate normal random walk around a particle with the
//! population's weighted covariance times a scale (2.38²/d, the optimal random-walk scaling of
//! Roberts, Gelman & Gilks 1997; Beaumont et al. 2009 use the population covariance likewise).

use crate::sampling::linalg::cholesky_psd;

/// A Gaussian kernel with covariance `L Lᵀ`.
#[derive(Debug, Clone)]
pub struct Kernel {
    pub k: usize,
    /// Lower Cholesky factor, row-major `k × k`.
    l: Vec<f64>,
}

impl Kernel {
    /// `scale` times the weighted covariance of `theta` (`n × k`, row-major) under `weights`
    /// (summing to 1). A parameter the population no longer varies gets a tiny variance of its
    /// own, so the factor exists.
    pub fn from_population(theta: &[f64], weights: &[f64], k: usize, scale: f64) -> Kernel {
        let n = weights.len();
        let mut mean = vec![0.0; k];
        for (i, w) in weights.iter().enumerate() {
            for (m, x) in mean.iter_mut().zip(&theta[i * k..(i + 1) * k]) {
                *m += w * x;
            }
        }
        let mut cov = vec![0.0; k * k];
        for i in 0..n {
            let row = &theta[i * k..(i + 1) * k];
            for a in 0..k {
                for b in 0..=a {
                    cov[a * k + b] += weights[i] * (row[a] - mean[a]) * (row[b] - mean[b]);
                }
            }
        }
        for a in 0..k {
            for b in 0..a {
                cov[b * k + a] = cov[a * k + b];
            }
        }
        for c in cov.iter_mut() {
            *c *= scale;
        }
        // A ridge relative to each variance (or absolute for a collapsed one) keeps the matrix
        // positive definite whatever the population.
        for a in 0..k {
            let v = cov[a * k + a];
            cov[a * k + a] = v + (v * 1e-9).max(1e-18);
        }
        let l = match cholesky_psd(&cov, k) {
            Ok(l) if (0..k).all(|a| l[a * k + a] > 0.0) => l,
            _ => {
                // Numerically indefinite: fall back to the diagonal.
                let mut l = vec![0.0; k * k];
                for a in 0..k {
                    l[a * k + a] = cov[a * k + a].max(1e-18).sqrt();
                }
                l
            }
        };
        Kernel { k, l }
    }

    /// `center + L z` for standard normal `z`.
    pub fn perturb(&self, center: &[f64], z: &[f64], out: &mut [f64]) {
        for i in 0..self.k {
            out[i] = center[i] + (0..=i).map(|m| self.l[i * self.k + m] * z[m]).sum::<f64>();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covariance_is_twice_the_weighted_population_covariance() {
        // Two equally weighted points (0, 0) and (2, 4): covariance [[1, 2], [2, 4]], doubled.
        let k = Kernel::from_population(&[0.0, 0.0, 2.0, 4.0], &[0.5, 0.5], 2, 2.0);
        let l = &k.l;
        let cov = [l[0] * l[0], l[0] * l[2], l[2] * l[2] + l[3] * l[3]];
        assert!((cov[0] - 2.0).abs() < 1e-6 && (cov[1] - 4.0).abs() < 1e-6 && (cov[2] - 8.0).abs() < 1e-6, "{cov:?}");
        let mut out = [0.0; 2];
        k.perturb(&[1.0, 1.0], &[0.0, 0.0], &mut out);
        assert_eq!(out, [1.0, 1.0]);
    }
}
