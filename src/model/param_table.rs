//! What a named model parameter is: its key in scenario files, its default, its valid range,
//! its unit and one line for people. The policy, move-size and economy tables are lists of
//! these, and everything that needs to know a parameter (loading, validation, the JSON Schema,
//! `explain`, `list`, the template) reads the same entry, so a parameter is declared once.

/// The values a parameter may take.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Range {
    /// A probability or 0–1 weight.
    Unit,
    NonNegative,
    Positive,
    /// Any finite number.
    Finite,
    /// At least this value.
    AtLeast(f64),
    /// Strictly above this value.
    Above(f64),
}

impl Range {
    /// `(minimum, maximum, minimum excluded)`.
    pub fn bounds(self) -> (f64, f64, bool) {
        match self {
            Range::Unit => (0.0, 1.0, false),
            Range::NonNegative => (0.0, f64::INFINITY, false),
            Range::Positive => (0.0, f64::INFINITY, true),
            Range::Finite => (f64::NEG_INFINITY, f64::INFINITY, false),
            Range::AtLeast(lo) => (lo, f64::INFINITY, false),
            Range::Above(lo) => (lo, f64::INFINITY, true),
        }
    }

    /// "lie between 0 and 1", for "must …" messages.
    pub fn what(self) -> String {
        match self {
            Range::Unit => "lie between 0 and 1".into(),
            Range::NonNegative => "be zero or positive".into(),
            Range::Positive => "be positive".into(),
            Range::Finite => "be a finite number".into(),
            Range::AtLeast(lo) => format!("be at least {lo}"),
            Range::Above(lo) => format!("be above {lo}"),
        }
    }

    pub fn contains(self, v: f64) -> bool {
        let (lo, hi, open) = self.bounds();
        v.is_finite() && v <= hi && if open { v > lo } else { v >= lo }
    }
}

/// One named parameter.
#[derive(Debug, Clone, Copy)]
pub struct ParamInfo {
    /// Key in scenario files (`import_elasticity`).
    pub key: &'static str,
    /// Value when a scenario does not set it (the economy's defaults; presets set the agents').
    pub default: f64,
    pub range: Range,
    /// Unit for tables ("%/yr", "$ bn/yr", "per month", "" for pure numbers).
    pub unit: &'static str,
    /// One line for people: what the parameter does (the JSON Schema's description).
    pub doc: &'static str,
}

impl ParamInfo {
    pub const fn new(key: &'static str, default: f64, range: Range, unit: &'static str, doc: &'static str) -> Self {
        ParamInfo { key, default, range, unit, doc }
    }
}

/// The position of `key` in `table`.
pub fn position(table: &[ParamInfo], key: &str) -> Option<usize> {
    table.iter().position(|p| p.key == key)
}

/// The keys of a table, for "valid keys are …" messages and `const` name lists.
pub const fn keys<const N: usize>(table: &[ParamInfo; N]) -> [&'static str; N] {
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = table[i].key;
        i += 1;
    }
    out
}

/// `ImportElasticity` → `import_elasticity`: the table keys are the enum names in snake case.
pub fn snake_case(camel: &str) -> String {
    let mut out = String::new();
    for (i, c) in camel.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Where a bounded level slows down: the last `knee` before each bound.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    pub lo: f64,
    pub hi: f64,
    /// Width of the stretch below `hi` in which moves slow down.
    pub knee_hi: f64,
    /// Width of the stretch above `lo` in which moves slow down.
    pub knee_lo: f64,
}

impl Bounds {
    /// A 0–1 index: moves slow down within 0.1 of either end.
    pub const INDEX: Bounds = Bounds { lo: 0.0, hi: 1.0, knee_hi: 0.1, knee_lo: 0.1 };

    /// The level as a point on an unbounded line: the identity away from the bounds, stretched
    /// logarithmically within a knee, so that the bound itself lies infinitely far away.
    #[inline]
    fn latent(&self, x: f64) -> f64 {
        let (top, bottom) = (self.hi - self.knee_hi, self.lo + self.knee_lo);
        if x > top {
            top - self.knee_hi * ((self.hi - x) / self.knee_hi).ln()
        } else if x < bottom {
            bottom + self.knee_lo * ((x - self.lo) / self.knee_lo).ln()
        } else {
            x
        }
    }

    /// The inverse of [`Bounds::latent`].
    #[inline]
    fn visible(&self, u: f64) -> f64 {
        // Far into a knee the exponential underflows: stay a hair inside the bound so that the
        // level is never the bound itself.
        const HAIR: f64 = 1e-9;
        let (top, bottom) = (self.hi - self.knee_hi, self.lo + self.knee_lo);
        if u > top {
            self.hi - self.knee_hi * (-(u - top) / self.knee_hi).exp().max(HAIR)
        } else if u < bottom {
            self.lo + self.knee_lo * ((u - bottom) / self.knee_lo).exp().max(HAIR)
        } else {
            u
        }
    }

    /// Moves level `x` by `delta`: exactly by `delta` away from the bounds, by less and less
    /// within a knee, so that a bound is approached but never reached (no pile-up at a bound
    /// unless a move sets it). Two moves of `delta` equal one of `2·delta`. A level outside the
    /// bounds (set by a script) moves freely back in and not further out.
    #[inline]
    pub fn shift(&self, x: f64, delta: f64) -> f64 {
        if delta == 0.0 {
            return x;
        }
        if x >= self.hi || x <= self.lo {
            let outward = (x >= self.hi && delta > 0.0) || (x <= self.lo && delta < 0.0);
            return if outward { x } else { x + delta };
        }
        // Away from both knees, the common case, costs two comparisons.
        let y = x + delta;
        let (top, bottom) = (self.hi - self.knee_hi, self.lo + self.knee_lo);
        if x <= top && x >= bottom && y <= top && y >= bottom {
            return y;
        }
        self.visible(self.latent(x) + delta)
    }
}

/// [`Bounds::shift`] for a 0–1 index.
#[inline]
pub fn toward_index(x: f64, delta: f64) -> f64 {
    Bounds::INDEX.shift(x, delta)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TARIFF: Bounds = Bounds { lo: 3.1, hi: 150.0, knee_hi: 25.0, knee_lo: 2.0 };

    #[test]
    fn soft_bounds_are_approached_never_reached() {
        let mut x = 0.9;
        for _ in 0..100 {
            x = toward_index(x, 0.3);
            assert!(x < 1.0);
        }
        assert!(x > 0.99);
        let mut y = 0.05;
        for _ in 0..100 {
            y = toward_index(y, -0.2);
            assert!(y > 0.0);
        }
        let mut t = 140.0;
        for _ in 0..50 {
            t = TARIFF.shift(t, 40.0);
            assert!(t < 150.0);
        }
        let mut f = 10.0;
        for _ in 0..50 {
            f = TARIFF.shift(f, -5.0);
            assert!(f > 3.1);
        }
    }

    #[test]
    fn moves_away_from_the_bounds_are_exact_and_moves_add_up() {
        assert!((TARIFF.shift(20.7, 40.0) - 60.7).abs() < 1e-12);
        assert!((TARIFF.shift(60.7, -50.0) - 10.7).abs() < 1e-12);
        assert!((toward_index(0.5, 0.01) - 0.51).abs() < 1e-12);
        for (x, d) in [(110.0, 30.0), (140.0, -20.0), (4.0, -0.5), (5.5, 3.0), (0.95, -0.3)] {
            let b = if x < 2.0 { Bounds::INDEX } else { TARIFF };
            let once = b.shift(x, d);
            let twice = b.shift(b.shift(x, d / 2.0), d / 2.0);
            assert!((once - twice).abs() < 1e-9, "{x} {d}: {once} vs {twice}");
        }
        // Round trip through the latent line.
        for x in [3.2, 4.0, 5.0, 100.0, 126.0, 149.9] {
            assert!((TARIFF.visible(TARIFF.latent(x)) - x).abs() < 1e-9);
        }
    }

    #[test]
    fn levels_outside_the_bounds_move_back_in_only() {
        assert_eq!(TARIFF.shift(160.0, 10.0), 160.0);
        assert_eq!(TARIFF.shift(160.0, -20.0), 140.0);
        assert_eq!(TARIFF.shift(2.0, -1.0), 2.0);
    }
}
