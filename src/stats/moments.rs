//! Mean and standard deviation, mergeable: count, mean and sum of squared deviations
//! (within a block, sums of deviations from a fixed shift, [`ShiftedSums`]; between blocks,
//! Chan et al.'s pairwise formula).
//! Floating-point merging is not associative, so callers merge blocks in a fixed order.

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Moments {
    pub n: u64,
    pub mean: f64,
    /// Sum of squared deviations from the mean.
    pub m2: f64,
}

impl Moments {
    #[inline]
    pub fn insert(&mut self, x: f64) {
        self.n += 1;
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
    }

    pub fn merge(&mut self, o: &Moments) {
        if o.n == 0 {
            return;
        }
        if self.n == 0 {
            *self = *o;
            return;
        }
        let n = self.n + o.n;
        let d = o.mean - self.mean;
        self.mean += d * o.n as f64 / n as f64;
        self.m2 += o.m2 + d * d * (self.n as f64) * (o.n as f64) / n as f64;
        self.n = n;
    }

    /// Sample standard deviation (n − 1); 0 for fewer than two values.
    pub fn sd(&self) -> f64 {
        if self.n < 2 { 0.0 } else { (self.m2 / (self.n - 1) as f64).max(0.0).sqrt() }
    }

    /// Monte Carlo standard error of the mean.
    pub fn std_error(&self) -> f64 {
        if self.n == 0 { f64::NAN } else { self.sd() / (self.n as f64).sqrt() }
    }
}

/// Sums of deviations from a fixed shift: the hot-loop form of [`Moments`], with no division per
/// value (the engine keeps these sums per cell as arrays, `engine::aggregate::RunningSums`). The
/// shift (a value near the data, e.g. the starting value) keeps the variance from cancelling
/// catastrophically.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ShiftedSums {
    pub n: u64,
    pub shift: f64,
    pub s1: f64,
    pub s2: f64,
}

impl ShiftedSums {
    pub fn new(shift: f64) -> ShiftedSums {
        ShiftedSums { n: 0, shift, s1: 0.0, s2: 0.0 }
    }

    #[inline]
    pub fn insert(&mut self, x: f64) {
        let d = x - self.shift;
        self.n += 1;
        self.s1 += d;
        self.s2 += d * d;
    }

    pub fn to_moments(&self) -> Moments {
        if self.n == 0 {
            return Moments::default();
        }
        let n = self.n as f64;
        let mean_d = self.s1 / n;
        Moments { n: self.n, mean: self.shift + mean_d, m2: (self.s2 - self.s1 * mean_d).max(0.0) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_two_pass_formula_and_merges() {
        let xs: Vec<f64> = (0..101).map(|i| 1e6 + (i as f64 * 0.37).cos()).collect();
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (xs.len() - 1) as f64;
        let (mut a, mut b) = (Moments::default(), Moments::default());
        for (i, &x) in xs.iter().enumerate() {
            if i < 40 { a.insert(x) } else { b.insert(x) }
        }
        a.merge(&b);
        assert!((a.mean - mean).abs() < 1e-9);
        assert!((a.sd() - var.sqrt()).abs() < 1e-9);
        assert_eq!(a.n, 101);

        let mut s = ShiftedSums::new(xs[0]);
        for &x in &xs {
            s.insert(x);
        }
        let m = s.to_moments();
        assert!((m.mean - mean).abs() < 1e-9);
        assert!((m.sd() - var.sqrt()).abs() < 1e-9);
    }
}
