//! What a named model parameter is: its key in scenario files, its default, its valid range,
//! its unit and one line for people. The policy, move-size and economy tables are lists of
//! these, and everything that needs to know a parameter (loading, validation, the JSON Schema,
//! `explain`, `list`, the template) reads the same entry, so a parameter is declared once.

/// The valid range of a numeric value: `lo..=hi`, with `lo` excluded when `open`.
///
/// Domain limits (probabilities in 0–1, growth above −100 %/yr, non-negative tariffs) are what
/// the quantity can mean. The finite upper limits (tariffs at 1,000 %, elasticities at 20, …)
/// are judgements: each lies far beyond any value an analyst means, and together they keep every
/// equation of the model finite for every month of the longest horizon (600 months), so a run
/// never writes NaN or infinity into the results. Each rule says why in `why` / `why_low`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Range {
    pub lo: f64,
    pub hi: f64,
    pub open: bool,
    /// Why the upper limit is where it is, shown as help when a value exceeds it.
    pub why: Option<&'static str>,
    /// The same for the lower limit.
    pub why_low: Option<&'static str>,
}

/// `lo..=hi`, the upper limit explained by `why`.
pub const fn closed(lo: f64, hi: f64, why: &'static str) -> Range {
    Range { lo, hi, open: false, why: Some(why), why_low: None }
}

impl Range {
    /// A probability or 0–1 weight or index.
    pub const UNIT: Range = Range {
        why_low: Some("probabilities and 0–1 weights lie between 0 and 1"),
        ..closed(0.0, 1.0, "probabilities and 0–1 weights lie between 0 and 1")
    };
    /// Any finite number (only compared, never computed with: pathway bounds).
    pub const FINITE: Range = Range { lo: f64::NEG_INFINITY, hi: f64::INFINITY, open: false, why: None, why_low: None };
    /// A tariff level (%): 1,000 % is prohibitive many times over, and bounds the duty term of
    /// eq. 9.
    pub const TARIFF: Range = closed(0.0, 1000.0, "a tariff above 1,000 % is prohibitive many times over");
    /// A tariff step (points), or a ceiling: positive.
    pub const TARIFF_STEP: Range = Range { open: true, ..Range::TARIFF };
    /// A trade flow or purchase ($ bn/yr): US imports from China were $438.7 bn in 2024 (US
    /// Census); $100,000 bn is about the world's annual output.
    pub const TRADE_BN: Range =
        closed(0.0, 100_000.0, "a trade flow above $100,000 bn a year exceeds the world's output");
    /// An economy's size ($ bn/yr), a divisor in eq. 9–11: at least $1 bn.
    pub const ECONOMY_BN: Range = Range {
        why_low: Some("an economy's size divides lost trade and duties: at least $1 bn a year"),
        ..closed(1.0, 100_000.0, "an economy above $100,000 bn a year exceeds the world's output")
    };
    /// A change of prices or GDP against the status quo (%).
    pub const PERCENT_CHANGE: Range =
        closed(-100.0, 100.0, "a change of prices or GDP beyond ±100 % of the status quo has no meaning here");
    /// A welfare flow against the start ($ bn/yr), either sign.
    pub const WELFARE_BN: Range = Range {
        why_low: Some("a welfare flow beyond $100,000 bn a year exceeds the world's output"),
        ..closed(-100_000.0, 100_000.0, "a welfare flow beyond $100,000 bn a year exceeds the world's output")
    };
    /// Status-quo growth (% per year): −100 % would wipe the trade out in a year (the growth
    /// factor's root is undefined below it); +100 % doubles it every year.
    pub const GROWTH: Range = Range {
        open: true,
        why_low: Some("growth of −100 % a year or less would lose everything or more in a year"),
        ..closed(-100.0, 100.0, "at 100 % a year trade would already double every year")
    };
    /// An elasticity of trade to the tariff wedge (eq. 6–7): estimates lie around 1–3
    /// (Fajgelbaum et al. 2020 find about 2.5); 20 would make a 10-point tariff cut trade by
    /// over 80 %.
    pub const ELASTICITY: Range =
        closed(0.0, 20.0, "trade elasticities are estimated around 1–3; 20 is already extreme");
    /// Percent of GDP or prices per index point of controls or tension.
    pub const PERCENT_PER_POINT: Range =
        closed(0.0, 100.0, "an effect of more than 100 % per index point has no meaning");
    /// A non-negative multiplier without a natural scale (retaliation scale, tension and
    /// cooperation per move, front-loading): 100 is far beyond any meaningful value.
    pub const COEFFICIENT: Range = closed(0.0, 100.0, "a coefficient above 100 has no meaning in this model");
    /// Domestic pain (% of prices or GDP) at which escalation halves: a divisor, so positive.
    pub const PAIN: Range = Range {
        open: true,
        why_low: Some("pain tolerance divides the pain, so it must be positive"),
        ..closed(0.0, 100.0, "pain is measured in % of prices or GDP")
    };
    /// A number of months (a delay or a term): at least 1, at most the longest horizon.
    pub const MONTHS: Range = Range {
        why_low: Some("a delay or term is at least one month"),
        ..closed(1.0, 600.0, "the longest horizon is 600 months")
    };
    /// The deadweight-loss multiplier of a tariff on part of trade (1 / coverage).
    pub const DISPERSION: Range = Range {
        why_low: Some("a uniform tariff has the least deadweight loss: at least 1"),
        ..closed(1.0, 100.0, "1 / coverage: 100 would mean a tariff on 1 % of trade")
    };
    /// A standard deviation of a relative shock.
    pub const VOLATILITY: Range =
        closed(0.0, 2.0, "a relative demand shock with a standard deviation above 2 has no meaning");

    /// `(minimum, maximum, minimum excluded)`.
    pub fn bounds(self) -> (f64, f64, bool) {
        (self.lo, self.hi, self.open)
    }

    /// The same width either way: the range of a change (an event's effect) to a value in `self`.
    pub fn delta(self) -> Range {
        let w = self.hi - self.lo;
        Range { lo: -w, hi: w, open: false, why: self.why, why_low: self.why }
    }

    /// "lie between 0 and 1", for "must …" messages.
    pub fn what(self) -> String {
        let (lo, hi) = (self.lo, self.hi);
        let num = |v: f64| {
            let a = v.abs();
            if a.is_finite() && (a >= 1e15 || (a != 0.0 && a < 1e-4)) { format!("{v:e}") } else { format!("{v}") }
        };
        match (lo, hi, self.open) {
            (0.0, 1.0, false) => "lie between 0 and 1".into(),
            (_, f64::INFINITY, _) if lo == f64::NEG_INFINITY => "be a finite number".into(),
            (0.0, f64::INFINITY, false) => "be zero or positive".into(),
            (0.0, f64::INFINITY, true) => "be positive".into(),
            (0.0, _, false) => format!("be zero or positive, at most {}", num(hi)),
            (0.0, _, true) => format!("be positive, at most {}", num(hi)),
            (_, _, true) => format!("be above {} and at most {}", num(lo), num(hi)),
            _ => format!("lie between {} and {}", num(lo), num(hi)),
        }
    }

    pub fn contains(self, v: f64) -> bool {
        v.is_finite() && v <= self.hi && if self.open { v > self.lo } else { v >= self.lo }
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
