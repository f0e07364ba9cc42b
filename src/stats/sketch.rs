//! A mergeable quantile sketch with a fixed memory footprint: a log-linear histogram.
//!
//! Each value's magnitude is placed in one of `SUB` equal-width buckets inside its binary octave
//! [2^e, 2^(e+1)), for octaves 2^MIN_EXP ..= 2^MAX_EXP, separately for positive and negative
//! values; magnitudes below 2^MIN_EXP fall in one zero bucket. A quantile is reported as the
//! midpoint of the bucket that holds its rank, clamped to the exact minimum and maximum seen.
//!
//! Error bound: for |x| in [2^MIN_EXP, 2^(MAX_EXP+1)), the reported value is within a relative
//! error of 1/(2·SUB) ≈ 0.39% of a value of that rank; below 2^MIN_EXP ≈ 0.0039 the absolute error
//! is at most 2^MIN_EXP; magnitudes above 2^(MAX_EXP+1) = 65,536 saturate (the exact max still
//! bounds the answer). Counts are integers, so merging is exact and independent of order.

/// Sub-buckets per octave.
const SUB: usize = 128;
const SUB_BITS: u32 = 7;
/// Smallest octave exponent kept: 2^-8 ≈ 0.0039.
const MIN_EXP: i32 = -8;
/// Largest octave exponent kept: 2^15 = 32,768.
const MAX_EXP: i32 = 15;
const OCTAVES: usize = (MAX_EXP - MIN_EXP + 1) as usize;
/// Buckets per sign.
const PER_SIGN: usize = OCTAVES * SUB;
/// Layout: [negative buckets (largest magnitude first) | zero | positive buckets].
pub const BUCKETS: usize = 2 * PER_SIGN + 1;
const ZERO: usize = PER_SIGN;

/// Bucket index of `x`, ordered so that a larger index means a larger value.
#[inline]
pub fn bucket_of(x: f64) -> usize {
    let bits = x.abs().to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32 - 1023;
    if exp < MIN_EXP {
        return ZERO;
    }
    let mag = if exp > MAX_EXP {
        PER_SIGN - 1
    } else {
        let sub = ((bits >> (52 - SUB_BITS)) as usize) & (SUB - 1);
        (exp - MIN_EXP) as usize * SUB + sub
    };
    if x > 0.0 { ZERO + 1 + mag } else { ZERO - 1 - mag }
}

/// The representative (midpoint) value of bucket `b`.
pub fn bucket_value(b: usize) -> f64 {
    if b == ZERO {
        return 0.0;
    }
    let (mag, sign) = if b > ZERO { (b - ZERO - 1, 1.0) } else { (ZERO - 1 - b, -1.0) };
    let exp = (mag / SUB) as i32 + MIN_EXP;
    let sub = (mag % SUB) as f64;
    sign * 2f64.powi(exp) * (1.0 + (sub + 0.5) / SUB as f64)
}

/// Counts of values per bucket, plus the exact min and max.
#[derive(Clone, Debug, PartialEq)]
pub struct Sketch {
    counts: Vec<u32>,
    n: u64,
    min: f64,
    max: f64,
}

impl Default for Sketch {
    fn default() -> Self {
        Sketch { counts: vec![0; BUCKETS], n: 0, min: f64::INFINITY, max: f64::NEG_INFINITY }
    }
}

impl Sketch {
    #[inline]
    pub fn insert(&mut self, x: f64) {
        self.counts[bucket_of(x)] += 1;
        self.n += 1;
        self.min = self.min.min(x);
        self.max = self.max.max(x);
    }

    pub fn count(&self) -> u64 {
        self.n
    }

    /// Adds another sketch's counts to this one (exact; order does not matter).
    pub fn merge(&mut self, other: &Sketch) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += *b;
        }
        self.n += other.n;
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
    }

    /// The `q`-quantile (0 ≤ q ≤ 1) by the nearest-rank rule; NaN when empty.
    pub fn quantile(&self, q: f64) -> f64 {
        self.quantiles(&[q])[0]
    }

    /// Several quantiles in one pass over the buckets; `qs` must be ascending.
    pub fn quantiles(&self, qs: &[f64]) -> Vec<f64> {
        if self.n == 0 {
            return vec![f64::NAN; qs.len()];
        }
        let mut out = Vec::with_capacity(qs.len());
        let mut cum = 0u64;
        let mut qi = 0;
        for (b, &c) in self.counts.iter().enumerate() {
            cum += c as u64;
            while qi < qs.len() && cum >= rank(qs[qi], self.n) {
                out.push(bucket_value(b).clamp(self.min, self.max));
                qi += 1;
            }
            if qi == qs.len() {
                break;
            }
        }
        while out.len() < qs.len() {
            out.push(self.max);
        }
        out
    }
}

/// Nearest-rank: the smallest 1-based rank r with r/n ≥ q.
fn rank(q: f64, n: u64) -> u64 {
    ((q * n as f64).ceil() as u64).clamp(1, n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact_quantile(sorted: &[f64], q: f64) -> f64 {
        sorted[rank(q, sorted.len() as u64) as usize - 1]
    }

    #[test]
    fn buckets_are_ordered_by_value() {
        let xs = [-70000.0, -300.0, -1.5, -0.01, -1e-9, 0.0, 1e-9, 0.004, 0.5, 0.51, 1.0, 20.7, 438.7, 1e6];
        let idx: Vec<usize> = xs.iter().map(|&x| bucket_of(x)).collect();
        assert!(idx.windows(2).all(|w| w[0] <= w[1]), "{idx:?}");
    }

    #[test]
    fn quantiles_within_stated_relative_error() {
        let mut s = Sketch::default();
        let mut xs: Vec<f64> = (0..10_000).map(|i| ((i * 7919) % 10_007) as f64 * 0.073 - 120.0).collect();
        for &x in &xs {
            s.insert(x);
        }
        xs.sort_by(f64::total_cmp);
        for q in [0.05, 0.25, 0.5, 0.75, 0.95] {
            let exact = exact_quantile(&xs, q);
            let est = s.quantile(q);
            let tol = (exact.abs() / (2.0 * SUB as f64)).max(2f64.powi(MIN_EXP));
            assert!((est - exact).abs() <= tol * 1.0001, "q={q} exact={exact} est={est}");
        }
    }

    #[test]
    fn merge_equals_single_pass() {
        let (mut a, mut b, mut all) = (Sketch::default(), Sketch::default(), Sketch::default());
        for i in 0..1000 {
            let x = (i as f64).sin() * 50.0;
            all.insert(x);
            if i % 3 == 0 { a.insert(x) } else { b.insert(x) }
        }
        let mut ba = b.clone();
        ba.merge(&a);
        a.merge(&b);
        assert_eq!(a, all);
        assert_eq!(ba, all);
    }

    #[test]
    fn constant_sample_reports_the_constant() {
        let mut s = Sketch::default();
        for _ in 0..10 {
            s.insert(20.7);
        }
        assert_eq!(s.quantile(0.5), 20.7);
        assert!(Sketch::default().quantile(0.5).is_nan());
    }
}
