//! A mergeable quantile sketch whose memory is bounded whatever the number of values: a log-linear histogram.
//!
//! Each value, in single precision (as runs.csv records it), is placed by its magnitude in one of
//! `SUB` equal-width buckets inside its binary octave [2^e, 2^(e+1)), for octaves
//! 2^MIN_EXP ..= 2^MAX_EXP, separately for positive and negative values; magnitudes below
//! 2^MIN_EXP fall in one zero bucket. A quantile is reported as the midpoint of the bucket that
//! holds its rank, clamped to the exact minimum and maximum seen — unless the sketch tracks shared
//! values and every value in that bucket is the same: then it is that value, exactly. The engine
//! tracks them for stepped variables (tariff levels and controls, set by moves of a few sizes,
//! scripts and deals), which take few distinct values, one per bucket, so their quantiles are exact
//! (a tariff left at 20.7 reads 20.7, not the bucket midpoint 20.625); tracking costs a second
//! pass, so variables that move continuously are not tracked. A cell whose values are all equal
//! reads exactly either way, by the clamp.
//!
//! Error bound: for |x| in [2^MIN_EXP, 2^(MAX_EXP+1)), the reported value is within a relative
//! error of 1/(2·SUB) ≈ 0.78% of a value of that rank; below 2^MIN_EXP ≈ 0.0039 the absolute error
//! is at most 2^MIN_EXP; magnitudes above 2^(MAX_EXP+1) = 65,536 saturate (the exact max still
//! bounds the answer). Counts are integers, so merging is exact and independent of order.

/// Sub-buckets per octave.
const SUB: usize = 64;
const SUB_BITS: u32 = 6;
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

/// A bucket's [`Sketch::sole`] entry before any value (a NaN bit pattern `as f32` never makes).
const EMPTY: u32 = u32::MAX;
/// A bucket's [`Sketch::sole`] entry once it holds two different values.
const MIXED: u32 = u32::MAX - 1;

/// The sole-value entry of a bucket after adding `v` (f32 bits) to it.
#[inline]
fn with_value(sole: u32, v: u32) -> u32 {
    if sole == v {
        sole
    } else if sole == EMPTY {
        v
    } else {
        MIXED
    }
}

/// The sole-value entry of a bucket holding the values of two buckets (commutative and
/// associative, so merges in any order agree).
fn combined(a: u32, b: u32) -> u32 {
    if a == EMPTY {
        b
    } else if b == EMPTY || a == b {
        a
    } else {
        MIXED
    }
}

/// Bucket index of `x`, ordered so that a larger index means a larger value.
///
/// Branch-free, because the engine calls it for every month, variable and run: the top bits of
/// |x| (exponent and the first `SUB_BITS` of the mantissa) are already the log-linear bucket
/// counted from 2^0, so the magnitude index is those bits shifted to start at 2^MIN_EXP; |x| is
/// first clamped (as a float, one instruction each way) to the range whose top bits give 0 (the
/// zero bucket) ..= PER_SIGN (saturation). The sign then picks a side of ZERO. A NaN counts as
/// zero.
#[inline]
pub fn bucket_of(x: f64) -> usize {
    const BASE: i32 = ((1023 + MIN_EXP) << SUB_BITS) - 1;
    // In the last sub-bucket below 2^MIN_EXP (magnitude 0) and below 2^(MAX_EXP+1) (PER_SIGN).
    const _: () = assert!(MIN_EXP == -8 && MAX_EXP == 15, "LO and HI are written for these octaves");
    const LO: f64 = (1.0 - 1.0 / 1024.0) / 256.0;
    const HI: f64 = (1.0 - 1.0 / 1024.0) * 65536.0;
    let a = x.abs();
    let a = if a > LO { a } else { LO };
    let a = if a < HI { a } else { HI };
    let mag = (((a.to_bits() >> 32) as u32) >> (20 - SUB_BITS)) as i32 - BASE;
    // All ones for a negative x, zero otherwise: ZERO + mag or ZERO − mag without a branch.
    let neg = ((x.to_bits() >> 32) as i32) >> 31;
    (ZERO as i32 + ((mag ^ neg) - neg)) as usize
}

/// Bucket index of a value in single precision, as the engine records values: [`bucket_of`] of
/// the value widened to `f64`, computed in single precision, so that the engine's loop over a
/// batch handles four values to a vector instruction instead of two. The same steps: |x| clamped
/// to [LO, HI] (both exact in single precision, and a NaN fails the first comparison as it does
/// there), its top bits less the base, and the sign.
#[inline]
pub fn bucket_of_single(x: f32) -> usize {
    const BASE: i32 = ((127 + MIN_EXP) << SUB_BITS) - 1;
    const LO: f32 = (1.0 - 1.0 / 1024.0) / 256.0;
    const HI: f32 = (1.0 - 1.0 / 1024.0) * 65536.0;
    let a = x.abs();
    let a = if a > LO { a } else { LO };
    let a = if a < HI { a } else { HI };
    let mag = (a.to_bits() >> (23 - SUB_BITS)) as i32 - BASE;
    let neg = (x.to_bits() as i32) >> 31;
    (ZERO as i32 + ((mag ^ neg) - neg)) as usize
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

/// Scratch space for counting a batch of bucket indices: one counter for every possible `u16`
/// index, so that the count loop, which runs for every value the engine records, needs no bounds
/// check and no offset (256 KB, of which a batch touches only the span of its buckets). Every
/// counter is zero between batches.
#[derive(Clone)]
pub struct Tally(Box<[u32; 1 << 16]>);

impl std::fmt::Debug for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Tally")
    }
}

impl Default for Tally {
    fn default() -> Self {
        Tally::new()
    }
}

impl Tally {
    pub fn new() -> Tally {
        Tally(vec![0u32; 1 << 16].into_boxed_slice().try_into().expect("2^16 counters"))
    }

    /// Counts each index.
    #[inline]
    fn count(&mut self, buckets: &[u16]) {
        for &b in buckets {
            self.0[usize::from(b)] += 1;
        }
    }

    /// Adds the counters from index `lo` on into `counts` and zeroes them. The caller drains the
    /// whole span it counted (`insert_buckets` checks, in debug builds, that every bucket lies
    /// within the extremes' buckets), so every counter is zero again afterwards.
    #[inline]
    fn drain(&mut self, lo: usize, counts: &mut [u32]) {
        for (c, t) in counts.iter_mut().zip(&mut self.0[lo..]) {
            *c += *t;
            *t = 0;
        }
    }
}

/// Counts of values per bucket, plus the exact min and max, and per bucket the one value all its
/// entries share if they do. Only the range of buckets between the smallest and the largest value
/// seen is stored (a dense window that grows as needed), so a sketch of values that cluster takes
/// a few hundred bytes, not the full bucket range: the engine keeps one per month and variable,
/// and they must stay in cache.
#[derive(Clone, Debug, PartialEq)]
pub struct Sketch {
    /// Bucket index of `counts[0]`.
    lo: usize,
    counts: Vec<u32>,
    /// Per bucket of the window: the f32 bit pattern of the value every entry has, [`EMPTY`] or
    /// [`MIXED`]. Single precision, as runs.csv records values: two values closer than that count
    /// as one. Empty while the sketch is `untracked`.
    sole: Vec<u32>,
    /// Fed without values from the start (see [`Sketch::insert_buckets`]): every occupied bucket
    /// is mixed, so `sole` is not kept at all. That halves the window the engine's count loop
    /// walks and spares a pass over the whole window at every batch.
    untracked: bool,
    n: u64,
    min: f64,
    max: f64,
}

impl Default for Sketch {
    fn default() -> Self {
        Sketch {
            lo: 0,
            counts: Vec::new(),
            sole: Vec::new(),
            untracked: false,
            n: 0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
        }
    }
}

impl Sketch {
    #[inline]
    pub fn insert(&mut self, x: f64) {
        self.track();
        let v = x as f32;
        let b = bucket_of_single(v);
        self.add(b, 1);
        let i = b - self.lo;
        self.sole[i] = with_value(self.sole[i], v.to_bits());
        self.n += 1;
        self.min = self.min.min(x);
        self.max = self.max.max(x);
    }

    /// Inserts many values; the same as inserting them one by one.
    pub fn insert_many(&mut self, xs: &[f64]) {
        let values: Vec<f32> = xs.iter().map(|&x| x as f32).collect();
        let buckets: Vec<u16> = values.iter().map(|&v| bucket_of_single(v) as u16).collect();
        let min = xs.iter().copied().fold(f64::INFINITY, f64::min);
        let max = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        self.insert_buckets(&buckets, Some(&values), min, max, &mut Tally::new());
    }

    /// Inserts values given by their bucket indices ([`bucket_of_single`] of each value in single
    /// precision) and their exact minimum and maximum: the engine records runs in single precision
    /// and counts them in batches, in `tally`. With `values` (the same values, single precision),
    /// a bucket whose entries all share one value reports it exactly. Without, every bucket
    /// reports its midpoint (clamped to the exact extremes, so a cell whose runs all share one
    /// value still reads it exactly): a fraction of the price, for variables that move
    /// continuously. A sketch must be fed one way throughout, so that its buckets do not depend
    /// on how runs were batched; a sketch first fed without values keeps no sole values at all.
    pub fn insert_buckets(&mut self, buckets: &[u16], values: Option<&[f32]>, min: f64, max: f64, tally: &mut Tally) {
        if buckets.is_empty() {
            return;
        }
        match values {
            None if self.is_empty() => self.untracked = true,
            Some(_) => self.track(),
            None => {}
        }
        // Buckets are ordered like values, so the extremes' buckets bound all the others.
        let (bmin, bmax) = (bucket_of_single(min as f32) as u16, bucket_of_single(max as f32) as u16);
        debug_assert!(buckets.iter().all(|b| (bmin..=bmax).contains(b)));
        debug_assert!(values.is_none_or(|v| v.len() == buckets.len()));
        self.add(bmin as usize, 0);
        self.add(bmax as usize, 0);
        self.n += buckets.len() as u64;
        self.min = self.min.min(min);
        self.max = self.max.max(max);
        let window = bmin as usize - self.lo..=bmax as usize - self.lo;
        let counts = &mut self.counts[window.clone()];
        if bmin == bmax {
            // All in one bucket, common for runs that share exact values (the start month,
            // tariff levels, bounds of indices).
            counts[0] += buckets.len() as u32;
        } else {
            tally.count(buckets);
            tally.drain(bmin as usize, counts);
        }
        if self.untracked {
            return;
        }
        let (counts, sole) = (&self.counts[window.clone()], &mut self.sole[window]);
        if bmin == bmax {
            sole[0] = match values {
                Some(_) if min as f32 == max as f32 => with_value(sole[0], (min as f32).to_bits()),
                Some(values) => values.iter().fold(sole[0], |s, v| with_value(s, v.to_bits())),
                None => MIXED,
            };
            return;
        }
        match values {
            // A bucket's sole entry changes at most twice in its life (empty → a value → mixed),
            // so this loop reads it and stores only then: no store for the next value to wait
            // on, and a branch that is almost never taken.
            Some(values) => {
                for (&b, v) in buckets.iter().zip(values) {
                    if let Some(s) = sole.get_mut(usize::from(b.wrapping_sub(bmin))) {
                        let bits = v.to_bits();
                        if *s != bits && *s != MIXED {
                            *s = if *s == EMPTY { bits } else { MIXED };
                        }
                    }
                }
            }
            // A tracked sketch fed without values: every bucket that now holds any is mixed.
            None => {
                for (&c, s) in counts.iter().zip(sole.iter_mut()) {
                    if c > 0 {
                        *s = MIXED;
                    }
                }
            }
        }
    }

    /// Whether nothing was ever inserted (the window is not yet placed).
    fn is_empty(&self) -> bool {
        self.n == 0 && self.counts.is_empty()
    }

    /// Makes an untracked sketch keep sole values from now on: every bucket it holds is mixed.
    fn track(&mut self) {
        if self.untracked {
            self.sole = self.sole_values().into_owned();
            self.untracked = false;
        }
    }

    /// The sole values as stored: for an untracked sketch, every occupied bucket mixed.
    fn sole_values(&self) -> std::borrow::Cow<'_, [u32]> {
        if self.untracked {
            self.counts.iter().map(|&c| if c > 0 { MIXED } else { EMPTY }).collect::<Vec<_>>().into()
        } else {
            (&self.sole[..]).into()
        }
    }

    #[inline]
    fn add(&mut self, b: usize, c: u32) {
        if b < self.lo || b >= self.lo + self.counts.len() {
            self.widen(b);
        }
        self.counts[b - self.lo] += c;
    }

    /// Makes the window include bucket `b`, with some slack so that widening stays rare.
    #[cold]
    fn widen(&mut self, b: usize) {
        const SLACK: usize = 16;
        if self.counts.is_empty() {
            self.lo = b.saturating_sub(SLACK);
            self.counts = vec![0; (b - self.lo + SLACK + 1).min(BUCKETS - self.lo)];
            if !self.untracked {
                self.sole = vec![EMPTY; self.counts.len()];
            }
            return;
        }
        let hi = self.lo + self.counts.len();
        let new_lo = if b < self.lo { b.saturating_sub(SLACK) } else { self.lo };
        let new_hi = if b >= hi { (b + SLACK + 1).min(BUCKETS) } else { hi };
        let mut counts = vec![0; new_hi - new_lo];
        counts[self.lo - new_lo..hi - new_lo].copy_from_slice(&self.counts);
        if !self.untracked {
            let mut sole = vec![EMPTY; new_hi - new_lo];
            sole[self.lo - new_lo..hi - new_lo].copy_from_slice(&self.sole);
            self.sole = sole;
        }
        self.lo = new_lo;
        self.counts = counts;
    }

    pub fn count(&self) -> u64 {
        self.n
    }

    /// The exact smallest and largest value inserted; NaN when empty.
    pub fn extremes(&self) -> (f64, f64) {
        if self.n == 0 { (f64::NAN, f64::NAN) } else { (self.min, self.max) }
    }

    /// Bytes of bucket counts and sole values held (the window), for memory accounting.
    pub fn footprint(&self) -> usize {
        (self.counts.len() + self.sole.len()) * std::mem::size_of::<u32>()
    }

    /// The stored state: first bucket index of the window, its counts, its sole values (f32 bits,
    /// or the markers of an empty or mixed bucket; an untracked sketch's occupied buckets are
    /// mixed), count, minimum, maximum.
    pub fn parts(&self) -> (usize, &[u32], std::borrow::Cow<'_, [u32]>, u64, f64, f64) {
        (self.lo, &self.counts, self.sole_values(), self.n, self.min, self.max)
    }

    /// Rebuilds a sketch from [`Sketch::parts`]; `None` if the window falls outside the buckets,
    /// the counts do not add up to `n`, or a bucket's sole value disagrees with its count.
    pub fn from_parts(lo: usize, counts: Vec<u32>, sole: Vec<u32>, n: u64, min: f64, max: f64) -> Option<Sketch> {
        let fits = lo + counts.len() <= BUCKETS
            && sole.len() == counts.len()
            && counts.iter().map(|&c| c as u64).sum::<u64>() == n
            && counts.iter().zip(&sole).all(|(&c, &s)| (c == 0) == (s == EMPTY));
        fits.then_some(Sketch { lo, counts, sole, untracked: false, n, min, max })
    }

    /// Adds another sketch's counts to this one (exact; order does not matter).
    pub fn merge(&mut self, other: &Sketch) {
        if other.n == 0 {
            return;
        }
        // Two untracked sketches stay untracked; otherwise both sides' sole values combine.
        if self.is_empty() {
            self.untracked = other.untracked;
        }
        if !other.untracked {
            self.track();
        }
        // Widen once to cover both windows, then add.
        self.add(other.lo, 0);
        self.add(other.lo + other.counts.len() - 1, 0);
        let offset = other.lo - self.lo;
        for (i, &c) in other.counts.iter().enumerate() {
            self.counts[offset + i] += c;
        }
        if !self.untracked {
            for (i, &v) in other.sole_values().iter().enumerate() {
                self.sole[offset + i] = combined(self.sole[offset + i], v);
            }
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
        for (i, &c) in self.counts.iter().enumerate() {
            cum += c as u64;
            while qi < qs.len() && cum >= rank(qs[qi], self.n) {
                out.push(self.value_of(i));
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

impl Sketch {
    /// The value reported for a quantile in window bucket `i`: the bucket's sole value if it has
    /// one (the exact minimum or maximum when it is one of them, else the shortest decimal that
    /// reads back as the single-precision value, as runs.csv writes it), else the bucket's
    /// midpoint within the exact extremes.
    fn value_of(&self, i: usize) -> f64 {
        match if self.untracked { MIXED } else { self.sole[i] } {
            EMPTY | MIXED => bucket_value(self.lo + i).clamp(self.min, self.max),
            bits => {
                let v = f32::from_bits(bits);
                if v == self.min as f32 {
                    self.min
                } else if v == self.max as f32 {
                    self.max
                } else {
                    ryu::Buffer::new().format(v).parse::<f64>().unwrap_or(v as f64)
                }
            }
        }
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

    /// The bucket by its definition: octave from the exponent, sub-bucket from the mantissa.
    fn bucket_by_definition(x: f64) -> usize {
        if x.abs() < 2f64.powi(MIN_EXP) {
            return ZERO;
        }
        let exp = x.abs().log2().floor() as i32;
        let mag = if exp > MAX_EXP {
            PER_SIGN - 1
        } else {
            let sub = ((x.abs() / 2f64.powi(exp) - 1.0) * SUB as f64).floor() as usize;
            (exp - MIN_EXP) as usize * SUB + sub
        };
        if x > 0.0 { ZERO + 1 + mag } else { ZERO - 1 - mag }
    }

    #[test]
    fn branch_free_buckets_match_the_definition() {
        let mut xs = vec![0.0, -0.0, 1.0, -1.0, 1e300, -1e300, 1e-300, f64::INFINITY, f64::NEG_INFINITY];
        // Each side of the octave range's ends.
        for edge in [2f64.powi(MIN_EXP), 2f64.powi(MAX_EXP + 1)] {
            let below = f64::from_bits(edge.to_bits() - 1);
            xs.extend([edge, below, -edge, -below]);
        }
        xs.extend((0..20_000).map(|i| ((i as f64) * 0.618).sin() * 10f64.powi(i % 9 - 3)));
        for x in xs {
            assert_eq!(bucket_of(x), bucket_by_definition(x), "x = {x}");
        }
    }

    #[test]
    fn single_precision_buckets_match_the_double_precision_ones() {
        // Every octave's and sub-bucket's edges and their neighbours, the extremes, NaN, and a
        // spread of bit patterns (one in every 4,099).
        let mut xs = vec![0.0f32, -0.0, f32::INFINITY, f32::NEG_INFINITY, f32::NAN, -f32::NAN, f32::MIN_POSITIVE];
        xs.extend((0..u32::MAX / 4099).map(|i| f32::from_bits(i * 4099)));
        for e in MIN_EXP - 2..=MAX_EXP + 2 {
            for sub in 0..SUB {
                let edge = 2f32.powi(e) * (1.0 + sub as f32 / SUB as f32);
                let (below, above) = (f32::from_bits(edge.to_bits() - 1), f32::from_bits(edge.to_bits() + 1));
                xs.extend([edge, below, above, -edge, -below, -above]);
            }
        }
        for x in xs {
            assert_eq!(bucket_of_single(x), bucket_of(f64::from(x)), "x = {x:e} ({:#x})", x.to_bits());
        }
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
        for &x in &xs[..5000] {
            s.insert(x);
        }
        s.insert_many(&xs[5000..]);
        xs.sort_by(f64::total_cmp);
        for q in [0.05, 0.25, 0.5, 0.75, 0.95] {
            let exact = exact_quantile(&xs, q);
            let est = s.quantile(q);
            let tol = (exact.abs() / (2.0 * SUB as f64)).max(2f64.powi(MIN_EXP));
            assert!((est - exact).abs() <= tol * 1.0001, "q={q} exact={exact} est={est}");
        }
    }

    #[test]
    fn batched_counts_equal_one_by_one() {
        // One bucket, a narrow span and a wide one.
        let narrow: Vec<f64> = (0..1023).map(|i| 20.0 + (i % 37) as f64 * 0.05).collect();
        let wide: Vec<f64> = (0..1023).map(|i| ((i as f64) * 0.37).sin() * 300.0).collect();
        for xs in [vec![7.5; 1023], narrow, wide] {
            let (mut one, mut batched) = (Sketch::default(), Sketch::default());
            for &x in &xs {
                one.insert(x);
            }
            batched.insert_many(&xs);
            // Windows may be placed differently; the count in every bucket must agree.
            let dense = |s: &Sketch| {
                let mut all = vec![0u32; BUCKETS];
                all[s.lo..][..s.counts.len()].copy_from_slice(&s.counts);
                (all, s.n, s.min, s.max)
            };
            assert_eq!(dense(&one), dense(&batched));
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
        let qs: Vec<f64> = (0..=100).map(|i| i as f64 / 100.0).collect();
        for s in [&a, &ba] {
            assert_eq!(s.count(), all.count());
            assert_eq!(s.quantiles(&qs), all.quantiles(&qs));
            assert_eq!((s.min, s.max), (all.min, all.max));
        }
    }

    #[test]
    fn values_alone_in_their_bucket_are_reported_exactly() {
        // A tariff left at 20.7 by most runs, cut to 15.7 or raised to 30.7 by some: the bucket
        // midpoints are 20.625, 15.6875 and 30.625; the sketch reports the values themselves.
        let mut xs = vec![15.7; 100];
        xs.extend(vec![20.7; 600]);
        xs.extend(vec![30.7; 300]);
        let mut s = Sketch::default();
        s.insert_many(&xs[..500]);
        for &x in &xs[500..] {
            s.insert(x);
        }
        assert_eq!(s.quantiles(&[0.05, 0.25, 0.5, 0.75, 0.95]), [15.7, 20.7, 20.7, 30.7, 30.7]);
        // A bucket holding two values keeps the midpoint (within the stated error).
        let mut s = Sketch::default();
        s.insert_many(&[20.70, 20.72, 20.72]);
        let m = s.quantile(0.5);
        assert!(m != 20.72 && (m - 20.72).abs() < 20.72 / 128.0, "{m}");
    }

    #[test]
    fn untracked_sketches_report_midpoints_whatever_the_batches() {
        // Values fed without tracking (as the engine feeds continuous variables): the same
        // buckets as tracked, every occupied bucket mixed, so a quantile reads the midpoint
        // (clamped to the extremes), and the sketch is the same however the values were batched.
        let xs: Vec<f64> = [15.7; 100].into_iter().chain([20.7; 600]).chain([30.7; 300]).collect();
        let feed = |s: &mut Sketch, part: &[f64]| {
            let buckets: Vec<u16> = part.iter().map(|&x| bucket_of_single(x as f32) as u16).collect();
            let (lo, hi) = part.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| (a.min(x), b.max(x)));
            s.insert_buckets(&buckets, None, lo, hi, &mut Tally::new());
        };
        let mut whole = Sketch::default();
        feed(&mut whole, &xs);
        let mut parts = Sketch::default();
        for part in [&xs[..100], &xs[100..700], &xs[700..750], &xs[750..]] {
            feed(&mut parts, part);
        }
        assert_eq!(whole, parts);
        assert_eq!(whole.quantiles(&[0.05, 0.5, 0.95]), [15.7, 20.625, 30.625]);
        let (lo, counts, sole, n, min, max) = whole.parts();
        assert!(Sketch::from_parts(lo, counts.to_vec(), sole.into_owned(), n, min, max).is_some());
        // A cell whose runs all share one value still reads it exactly.
        let mut one = Sketch::default();
        feed(&mut one, &[20.7; 50]);
        assert_eq!(one.quantile(0.5), 20.7);
    }

    #[test]
    fn tracked_and_untracked_sketches_merge_alike_in_either_order() {
        let mut tracked = Sketch::default();
        tracked.insert_many(&[20.7, 20.7, 30.7]);
        let mut untracked = Sketch::default();
        let xs = [20.71f32, 45.0];
        let buckets: Vec<u16> = xs.iter().map(|&x| bucket_of_single(x) as u16).collect();
        untracked.insert_buckets(&buckets, None, f64::from(xs[0]), f64::from(xs[1]), &mut Tally::new());
        let mut tu = tracked.clone();
        tu.merge(&untracked);
        let mut ut = untracked.clone();
        ut.merge(&tracked);
        // Windows may be placed differently; every occupied bucket must agree.
        let occupied = |s: &Sketch| {
            let (lo, counts, sole, n, min, max) = s.parts();
            let buckets: Vec<(usize, u32, u32)> =
                (0..counts.len()).filter(|&i| counts[i] > 0).map(|i| (lo + i, counts[i], sole[i])).collect();
            (buckets, n, min, max)
        };
        assert_eq!(occupied(&tu), occupied(&ut));
        let (lo, counts, sole, n, ..) = tu.parts();
        assert_eq!((n, counts.iter().sum::<u32>()), (5, 5));
        let at = |x: f32| sole[bucket_of_single(x) - lo];
        assert_eq!(at(20.7), MIXED, "20.7 shares its bucket with an untracked value");
        assert_eq!(at(30.7), 30.7f32.to_bits(), "30.7 is alone in its bucket");
        assert_eq!(at(45.0), MIXED, "an untracked value reads as mixed");
    }

    #[test]
    fn sole_values_merge_in_any_order() {
        let parts = [vec![20.7; 5], vec![20.7, 30.7], vec![25.0, 40.0, 40.5]];
        let sketch = |xs: &[f64]| {
            let mut s = Sketch::default();
            s.insert_many(xs);
            s
        };
        let mut ab = sketch(&parts[0]);
        ab.merge(&sketch(&parts[1]));
        ab.merge(&sketch(&parts[2]));
        let mut ba = sketch(&parts[2]);
        ba.merge(&sketch(&parts[1]));
        ba.merge(&sketch(&parts[0]));
        let mut one = Sketch::default();
        parts.concat().iter().for_each(|&x| one.insert(x));
        let qs: Vec<f64> = (0..=20).map(|i| i as f64 / 20.0).collect();
        assert_eq!(ab.quantiles(&qs), one.quantiles(&qs));
        assert_eq!(ba.quantiles(&qs), one.quantiles(&qs));
        assert_eq!(ab.quantile(0.5), 20.7, "20.7 is alone in its bucket across all parts");
        assert_eq!(ab.quantile(0.99), 40.5, "the exact maximum");
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
