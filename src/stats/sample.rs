//! Exact summaries of a sample held in memory: quantiles (Hyndman & Fan 1996, type 7, the
//! default of R and NumPy), mean and standard deviation, and their weighted forms for weighted
//! samples (an ABC posterior).

/// The `q`-quantile of `sorted` (ascending, no NaN) by linear interpolation between order
/// statistics (type 7). NaN for an empty sample.
pub fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let pos = q.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let (i, frac) = (pos.floor() as usize, pos.fract());
    match sorted.get(i + 1) {
        Some(next) if frac > 0.0 => sorted[i] + frac * (next - sorted[i]),
        _ => sorted[i],
    }
}

/// The finite values of `xs`, sorted ascending.
pub fn sorted_finite(xs: impl IntoIterator<Item = f64>) -> Vec<f64> {
    let mut v: Vec<f64> = xs.into_iter().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    v
}

/// Mean and sample standard deviation (n − 1 denominator; 0 for one value), summed in the
/// order given so that equal inputs give bit-identical results. NaN for an empty sample.
pub fn mean_sd(xs: &[f64]) -> (f64, f64) {
    let n = xs.len();
    if n == 0 {
        return (f64::NAN, f64::NAN);
    }
    let mean = xs.iter().sum::<f64>() / n as f64;
    if n == 1 {
        return (mean, 0.0);
    }
    let ss: f64 = xs.iter().map(|x| (x - mean).powi(2)).sum();
    (mean, (ss / (n - 1) as f64).sqrt())
}

/// The `q`-quantile of a weighted sample given as `(value, weight)` pairs sorted by value:
/// the smallest value whose cumulative normalised weight reaches `q`.
pub fn weighted_quantile(sorted: &[(f64, f64)], q: f64) -> f64 {
    let total: f64 = sorted.iter().map(|p| p.1).sum();
    if sorted.is_empty() || total <= 0.0 {
        return f64::NAN;
    }
    let mut cum = 0.0;
    for &(x, w) in sorted {
        cum += w / total;
        if cum >= q - 1e-12 {
            return x;
        }
    }
    sorted[sorted.len() - 1].0
}

/// Weighted mean and standard deviation (weights normalised; the variance uses the
/// effective-sample-size correction 1 / (1 − Σw²)).
pub fn weighted_mean_sd(xs: &[f64], ws: &[f64]) -> (f64, f64) {
    let total: f64 = ws.iter().sum();
    if xs.is_empty() || total <= 0.0 {
        return (f64::NAN, f64::NAN);
    }
    let mean = xs.iter().zip(ws).map(|(x, w)| x * w).sum::<f64>() / total;
    let var = xs.iter().zip(ws).map(|(x, w)| w * (x - mean).powi(2)).sum::<f64>() / total;
    let sum_sq: f64 = ws.iter().map(|w| (w / total).powi(2)).sum();
    let correction = if sum_sq < 1.0 { 1.0 / (1.0 - sum_sq) } else { 1.0 };
    (mean, (var * correction).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_7_quantiles_match_r() {
        // R: quantile(c(1, 2, 4, 8, 16), c(0, 0.1, 0.5, 0.9, 1)) = 1, 1.4, 4, 12.8, 16
        let xs = [1.0, 2.0, 4.0, 8.0, 16.0];
        let got: Vec<f64> = [0.0, 0.1, 0.5, 0.9, 1.0].iter().map(|&q| quantile_sorted(&xs, q)).collect();
        for (g, want) in got.iter().zip([1.0, 1.4, 4.0, 12.8, 16.0]) {
            assert!((g - want).abs() < 1e-12, "{got:?}");
        }
        assert!(quantile_sorted(&[], 0.5).is_nan());
    }

    #[test]
    fn mean_and_sd_use_n_minus_one() {
        assert_eq!(mean_sd(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]), (5.0, (32.0f64 / 7.0).sqrt()));
        assert_eq!(mean_sd(&[3.0]), (3.0, 0.0));
    }

    #[test]
    fn weighted_forms_reduce_to_the_unweighted_ones() {
        let xs = [1.0, 2.0, 3.0, 4.0];
        let (m, s) = weighted_mean_sd(&xs, &[1.0; 4]);
        let (m0, s0) = mean_sd(&xs);
        assert!((m - m0).abs() < 1e-12 && (s - s0).abs() < 1e-12);
        let pairs: Vec<(f64, f64)> = xs.iter().map(|&x| (x, 1.0)).collect();
        assert_eq!(weighted_quantile(&pairs, 0.5), 2.0);
        assert_eq!(weighted_quantile(&[(1.0, 0.1), (5.0, 0.9)], 0.5), 5.0);
    }
}
