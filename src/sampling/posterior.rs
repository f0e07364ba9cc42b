//! A posterior sample: a weighted joint sample of uncertain parameters, from which each run
//! draws one row (read from a file by [`crate::scenario::posterior`]).

use std::path::PathBuf;

/// A posterior sample, as read and checked against the scenario that names it.
#[derive(Debug, Clone, PartialEq)]
pub struct Posterior {
    /// The file as resolved (relative to the scenario file that names it).
    pub path: PathBuf,
    pub sha256: String,
    /// Parameter paths, in file order.
    pub columns: Vec<String>,
    /// `rows × columns`, row-major.
    pub values: Vec<f64>,
    /// Each row's weight, normalised to sum to 1.
    pub weights: Vec<f64>,
    /// Cumulative weights, for drawing a row with one uniform.
    cdf: Vec<f64>,
    /// Per column: `None` when runs draw it from the posterior, or what overrides it.
    pub overridden: Vec<Option<String>>,
    /// The line each row is written on (empty for a posterior built in memory).
    pub row_lines: Vec<usize>,
}

impl Posterior {
    pub fn rows(&self) -> usize {
        self.weights.len()
    }

    pub fn row(&self, i: usize) -> &[f64] {
        let k = self.columns.len();
        &self.values[i * k..(i + 1) * k]
    }

    /// The row a uniform `u` in [0, 1) selects: row i with probability weight i.
    pub fn draw(&self, u: f64) -> usize {
        self.cdf.partition_point(|&c| c <= u).min(self.rows() - 1)
    }

    /// Weighted mean, 5th and 95th percentile of column `j`.
    pub fn summary(&self, j: usize) -> (f64, f64, f64) {
        let k = self.columns.len();
        let column: Vec<f64> = (0..self.rows()).map(|i| self.values[i * k + j]).collect();
        let mean = crate::stats::sample::weighted_mean_sd(&column, &self.weights).0;
        let mut pairs: Vec<(f64, f64)> = column.into_iter().zip(self.weights.iter().copied()).collect();
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
        let q = |p| crate::stats::sample::weighted_quantile(&pairs, p);
        (mean, q(0.05), q(0.95))
    }

    /// Builds a posterior from columns, rows and weights (weights normalised here).
    pub fn new(path: PathBuf, sha256: String, columns: Vec<String>, values: Vec<f64>, weights: Vec<f64>) -> Posterior {
        let total: f64 = weights.iter().sum();
        let weights: Vec<f64> = weights.iter().map(|w| w / total).collect();
        let mut cum = 0.0;
        let cdf = weights
            .iter()
            .map(|w| {
                cum += w;
                cum
            })
            .collect();
        let overridden = vec![None; columns.len()];
        Posterior { path, sha256, columns, values, weights, cdf, overridden, row_lines: Vec::new() }
    }
}
