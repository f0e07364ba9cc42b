//! One-at-a-time-free ranking of inputs by their association with an outcome, from a sample of
//! runs: Spearman's rank correlation and the outcome swing between the runs in the bottom and
//! top 10% of the input's values. Drawn as a tornado chart (largest effect on top).

use crate::stats::ranks::spearman;
use serde::Serialize;

/// One input's bar.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TornadoRow {
    pub parameter: String,
    /// Spearman rank correlation of the input with the outcome.
    pub spearman: f64,
    /// The input's 10th and 90th percentiles.
    pub p10: f64,
    pub p90: f64,
    /// Mean outcome over runs with the input at or below its 10th percentile.
    pub low: f64,
    /// Mean outcome over runs with the input at or above its 90th percentile.
    pub high: f64,
    /// `high − low`.
    pub swing: f64,
}

fn percentile(sorted: &[f64], q: f64) -> f64 {
    let h = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// The rows for inputs `x` (runs × names.len(), row-major) and outcome `y`, largest |Spearman|
/// first (ties: larger swing, then input order).
pub fn tornado(names: &[String], x: &[f64], y: &[f64]) -> Vec<TornadoRow> {
    let k = names.len();
    let n = y.len();
    if n == 0 {
        return Vec::new();
    }
    let mut rows: Vec<TornadoRow> = (0..k)
        .map(|j| {
            let col: Vec<f64> = (0..n).map(|i| x[i * k + j]).collect();
            let mut sorted = col.clone();
            sorted.sort_by(f64::total_cmp);
            let (p10, p90) = (percentile(&sorted, 0.1), percentile(&sorted, 0.9));
            let mean_where = |keep: &dyn Fn(f64) -> bool| {
                let (s, c) =
                    col.iter().zip(y).filter(|(v, _)| keep(**v)).fold((0.0, 0), |(s, c), (_, y)| (s + y, c + 1));
                if c == 0 { f64::NAN } else { s / c as f64 }
            };
            let low = mean_where(&|v| v <= p10);
            let high = mean_where(&|v| v >= p90);
            TornadoRow {
                parameter: names[j].clone(),
                spearman: spearman(&col, y),
                p10,
                p90,
                low,
                high,
                swing: high - low,
            }
        })
        .collect();
    rows.sort_by(|a, b| b.spearman.abs().total_cmp(&a.spearman.abs()).then(b.swing.abs().total_cmp(&a.swing.abs())));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sampling::rng::{Stream, stream};
    use rand::RngExt;

    #[test]
    fn ranks_inputs_by_effect_and_measures_the_swing() {
        let names: Vec<String> = ["small", "none", "large"].iter().map(|s| s.to_string()).collect();
        let n = 20_000;
        let mut x = Vec::new();
        let mut y = Vec::new();
        for i in 0..n {
            let mut r = stream(1, i, Stream::Parameters);
            let u: [f64; 3] = [r.random(), r.random(), r.random()];
            x.extend(u);
            y.push(u[0] - 3.0 * u[2]);
        }
        let rows = tornado(&names, &x, &y);
        let order: Vec<&str> = rows.iter().map(|r| r.parameter.as_str()).collect();
        assert_eq!(order, ["large", "small", "none"]);
        // Bottom 10% of a uniform averages 0.05, top 10% 0.95: a swing of −3 × 0.9.
        assert!((rows[0].swing + 2.7).abs() < 0.05, "{:?}", rows[0]);
        assert!(rows[0].spearman < -0.9);
        assert!((rows[1].swing - 0.9).abs() < 0.1, "{:?}", rows[1]);
        assert!(rows[2].spearman.abs() < 0.03 && rows[2].swing.abs() < 0.15, "{:?}", rows[2]);
    }
}
