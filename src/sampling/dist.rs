//! Uncertain parameters: a number, or a distribution sampled once per run.

use crate::diagnostic::Num;
use rand::Rng;
use rand::RngExt;
use rand_distr::Distribution;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// A numeric parameter: a constant or an uncertain distribution.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Param {
    Const(f64),
    Dist(DistSpec),
}

/// A distribution as written in a scenario file: `{ dist = "uniform", min = 0, max = 1 }`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(tag = "dist", rename_all = "snake_case", deny_unknown_fields)]
pub enum DistSpec {
    Uniform {
        min: f64,
        max: f64,
    },
    /// Optionally truncated to [min, max].
    Normal {
        mean: f64,
        sd: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
    },
    /// exp(N(mu, sigma)), optionally truncated to [min, max].
    Lognormal {
        mu: f64,
        sigma: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
    },
    Triangular {
        min: f64,
        mode: f64,
        max: f64,
    },
    /// Beta-PERT with shape 4 (Vose 2008).
    Pert {
        min: f64,
        mode: f64,
        max: f64,
    },
    /// Beta(alpha, beta) scaled to [min, max] (default [0, 1]).
    Beta {
        alpha: f64,
        beta: f64,
        #[serde(default)]
        min: Option<f64>,
        #[serde(default)]
        max: Option<f64>,
    },
    /// One of `values`, with probabilities proportional to `weights` (equal if omitted).
    Discrete {
        values: Vec<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        weights: Option<Vec<f64>>,
    },
}

/// Names of the distributions, for messages and `pathways list`.
pub const DIST_NAMES: [&str; 7] = ["uniform", "normal", "lognormal", "triangular", "pert", "beta", "discrete"];

impl<'de> Deserialize<'de> for Param {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ParamVisitor;
        impl<'de> Visitor<'de> for ParamVisitor {
            type Value = Param;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number or a distribution table like { dist = \"uniform\", min = 0, max = 1 }")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Param, E> {
                Ok(Param::Const(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Param, E> {
                Ok(Param::Const(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Param, E> {
                Ok(Param::Const(v as f64))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Param, A::Error> {
                DistSpec::deserialize(de::value::MapAccessDeserializer::new(map)).map(Param::Dist)
            }
        }
        d.deserialize_any(ParamVisitor)
    }
}

/// Schemas as what a file may hold: a number or a distribution table.
impl schemars::JsonSchema for Param {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Param".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "anyOf": [{ "type": "number" }, generator.subschema_for::<DistSpec>()]
        })
    }
}

impl Param {
    /// The value of a constant, or the mean of a distribution.
    pub fn mean(&self) -> f64 {
        match self {
            Param::Const(v) => *v,
            Param::Dist(d) => d.moments().0,
        }
    }

    pub fn is_uncertain(&self) -> bool {
        matches!(self, Param::Dist(_))
    }
}

impl DistSpec {
    /// Checks the parameters; the message says what would be valid.
    pub fn check(&self) -> Result<(), String> {
        self.check_parameters()?;
        // Parameters each finite can still overflow together (a normal's sd of 1e308 makes its
        // standardised bounds NaN): whatever the sampler and the inverse CDF compute must be a
        // number.
        let (mean, variance) = self.moments();
        let finite_moments = mean.is_finite() && variance.is_finite();
        if !finite_moments || [0.0, 0.5, 1.0].iter().any(|&u| self.inverse_cdf(u).is_nan()) {
            return Err("its parameters are too extreme to compute with (its mean, variance or quantiles are not finite numbers)".into());
        }
        Ok(())
    }

    fn check_parameters(&self) -> Result<(), String> {
        let finite = |name: &str, v: f64| {
            if v.is_finite() { Ok(()) } else { Err(format!("`{name}` must be a finite number, got {}", Num(v))) }
        };
        let ordered = |lo: f64, hi: f64| {
            if lo < hi { Ok(()) } else { Err(format!("`min` ({}) must be less than `max` ({})", Num(lo), Num(hi))) }
        };
        match self {
            DistSpec::Uniform { min, max } => {
                finite("min", *min)?;
                finite("max", *max)?;
                ordered(*min, *max)
            }
            DistSpec::Normal { mean, sd, min, max } => {
                finite("mean", *mean)?;
                finite("sd", *sd)?;
                if *sd <= 0.0 {
                    return Err(format!("`sd` must be positive, got {}", Num(*sd)));
                }
                let lo = min.unwrap_or(f64::NEG_INFINITY);
                let hi = max.unwrap_or(f64::INFINITY);
                if min.is_some() || max.is_some() {
                    ordered(lo, hi)?;
                    let mass = truncated_mass(*mean, *sd, lo, hi);
                    // A NaN mass (from overflowing bounds) is refused too.
                    if mass.is_nan() || mass < 1e-6 {
                        return Err(format!(
                            "the truncation bounds [{}, {}] leave almost no probability of N({}, {}²)",
                            Num(lo),
                            Num(hi),
                            Num(*mean),
                            Num(*sd)
                        ));
                    }
                }
                Ok(())
            }
            DistSpec::Lognormal { mu, sigma, min, max } => {
                finite("mu", *mu)?;
                finite("sigma", *sigma)?;
                if *sigma <= 0.0 {
                    return Err(format!("`sigma` must be positive, got {}", Num(*sigma)));
                }
                if min.is_some() || max.is_some() {
                    let (lo, hi) = (min.unwrap_or(0.0), max.unwrap_or(f64::INFINITY));
                    if lo < 0.0 {
                        return Err(format!("`min` must be zero or positive (a lognormal is), got {}", Num(lo)));
                    }
                    ordered(lo, hi)?;
                    let mass = truncated_mass(*mu, *sigma, lo.ln(), hi.ln());
                    if mass.is_nan() || mass < 1e-6 {
                        return Err(format!(
                            "the truncation bounds [{}, {}] leave almost no probability of exp(N({}, {}²))",
                            Num(lo),
                            Num(hi),
                            Num(*mu),
                            Num(*sigma)
                        ));
                    }
                }
                Ok(())
            }
            DistSpec::Triangular { min, mode, max } | DistSpec::Pert { min, mode, max } => {
                finite("min", *min)?;
                finite("mode", *mode)?;
                finite("max", *max)?;
                ordered(*min, *max)?;
                if mode < min || mode > max {
                    return Err(format!(
                        "`mode` ({}) must lie between `min` ({}) and `max` ({})",
                        Num(*mode),
                        Num(*min),
                        Num(*max)
                    ));
                }
                Ok(())
            }
            DistSpec::Beta { alpha, beta, min, max } => {
                finite("alpha", *alpha)?;
                finite("beta", *beta)?;
                if !BETA_SHAPE.contains(alpha) || !BETA_SHAPE.contains(beta) {
                    return Err(format!(
                        "`alpha` and `beta` must lie between {} and {}, got {} and {} (beyond them the quantiles do not converge; a larger shape is a constant for any purpose: use the number)",
                        BETA_SHAPE.start(),
                        BETA_SHAPE.end(),
                        Num(*alpha),
                        Num(*beta)
                    ));
                }
                let (lo, hi) = (min.unwrap_or(0.0), max.unwrap_or(1.0));
                finite("min", lo)?;
                finite("max", hi)?;
                ordered(lo, hi)
            }
            DistSpec::Discrete { values, weights } => {
                if values.is_empty() {
                    return Err("`values` must list at least one value".into());
                }
                for v in values {
                    finite("values", *v)?;
                }
                if let Some(w) = weights {
                    if w.len() != values.len() {
                        return Err(format!("`weights` has {} entries but `values` has {}", w.len(), values.len()));
                    }
                    let sum = w.iter().sum::<f64>();
                    if w.iter().any(|x| !x.is_finite() || *x < 0.0) || sum <= 0.0 || !sum.is_finite() {
                        return Err("`weights` must be non-negative numbers with a positive, finite sum".into());
                    }
                }
                Ok(())
            }
        }
    }

    /// Analytic mean and variance.
    pub fn moments(&self) -> (f64, f64) {
        match self {
            DistSpec::Uniform { min, max } => ((min + max) / 2.0, (max - min).powi(2) / 12.0),
            DistSpec::Normal { mean, sd, min, max } => {
                truncated_normal_moments(*mean, *sd, min.unwrap_or(f64::NEG_INFINITY), max.unwrap_or(f64::INFINITY))
            }
            DistSpec::Lognormal { mu, sigma, min: None, max: None } => {
                let s2 = sigma * sigma;
                ((mu + s2 / 2.0).exp(), (s2.exp() - 1.0) * (2.0 * mu + s2).exp())
            }
            DistSpec::Lognormal { mu, sigma, min, max } => {
                // E[X^k] of a lognormal truncated to [lo, hi] (Johnson, Kotz & Balakrishnan 1994):
                // exp(kμ + k²σ²/2) (Φ(b − kσ) − Φ(a − kσ)) / (Φ(b) − Φ(a)), a and b the bounds'
                // standardised logs.
                use statrs::distribution::ContinuousCDF;
                let n = std_normal();
                let (a, b) = ((min.unwrap_or(0.0).ln() - mu) / sigma, (max.unwrap_or(f64::INFINITY).ln() - mu) / sigma);
                let z = n.cdf(b) - n.cdf(a);
                let m = |k: f64| {
                    (k * mu + k * k * sigma * sigma / 2.0).exp() * (n.cdf(b - k * sigma) - n.cdf(a - k * sigma)) / z
                };
                let (m1, m2) = (m(1.0), m(2.0));
                (m1, (m2 - m1 * m1).max(0.0))
            }
            DistSpec::Triangular { min: a, mode: c, max: b } => {
                ((a + b + c) / 3.0, (a * a + b * b + c * c - a * b - a * c - b * c) / 18.0)
            }
            DistSpec::Pert { min, mode, max } => {
                let (alpha, beta) = pert_shape(*min, *mode, *max);
                let r = max - min;
                let m = min + r * alpha / (alpha + beta);
                let v = r * r * alpha * beta / ((alpha + beta).powi(2) * (alpha + beta + 1.0));
                (m, v)
            }
            DistSpec::Beta { alpha, beta, min, max } => {
                let (lo, hi) = (min.unwrap_or(0.0), max.unwrap_or(1.0));
                let r = hi - lo;
                let s = alpha + beta;
                (lo + r * alpha / s, r * r * alpha * beta / (s * s * (s + 1.0)))
            }
            DistSpec::Discrete { values, weights } => {
                let w: Vec<f64> = weights.clone().unwrap_or_else(|| vec![1.0; values.len()]);
                let total: f64 = w.iter().sum();
                let m = values.iter().zip(&w).map(|(v, w)| v * w).sum::<f64>() / total;
                let var = values.iter().zip(&w).map(|(v, w)| w * (v - m).powi(2)).sum::<f64>() / total;
                (m, var)
            }
        }
    }

    /// The `q`-quantile (0 < q < 1), by the exact inverse CDF: `pathways explain` shows the 5th
    /// and 95th. Discrete: the smallest value whose cumulative weight exceeds `q`.
    pub fn quantile(&self, q: f64) -> f64 {
        self.inverse_cdf(q)
    }

    /// A sampler; call only after [`DistSpec::check`] passed.
    pub fn sampler(&self) -> Sampler {
        match self {
            DistSpec::Uniform { min, max } => Sampler::Uniform(*min, *max),
            DistSpec::Normal { mean, sd, min: None, max: None } => {
                Sampler::Normal(rand_distr::Normal::new(*mean, *sd).expect("checked"))
            }
            DistSpec::Normal { mean, sd, min, max } => {
                let n = statrs::distribution::Normal::new(*mean, *sd).expect("checked");
                let lo = statrs::distribution::ContinuousCDF::cdf(&n, min.unwrap_or(f64::NEG_INFINITY));
                let hi = statrs::distribution::ContinuousCDF::cdf(&n, max.unwrap_or(f64::INFINITY));
                Sampler::TruncNormal { n, lo, hi, min: min.unwrap_or(f64::MIN), max: max.unwrap_or(f64::MAX) }
            }
            DistSpec::Lognormal { mu, sigma, min: None, max: None } => {
                Sampler::Lognormal(rand_distr::LogNormal::new(*mu, *sigma).expect("checked"))
            }
            DistSpec::Lognormal { mu, sigma, min, max } => {
                // The normal of the logs, truncated to the bounds' logs; draws are exponentiated.
                let n = statrs::distribution::Normal::new(*mu, *sigma).expect("checked");
                let (lo, hi) = (min.unwrap_or(0.0), max.unwrap_or(f64::INFINITY));
                let cdf = |x: f64| statrs::distribution::ContinuousCDF::cdf(&n, x.ln());
                Sampler::TruncLognormal { n, lo: cdf(lo), hi: cdf(hi), min: lo, max: hi.min(f64::MAX) }
            }
            DistSpec::Triangular { min, mode, max } => {
                Sampler::Triangular(rand_distr::Triangular::new(*min, *max, *mode).expect("checked"))
            }
            DistSpec::Pert { min, mode, max } => {
                Sampler::Pert(rand_distr::Pert::new(*min, *max).with_mode(*mode).expect("checked"))
            }
            DistSpec::Beta { alpha, beta, min, max } => {
                let lo = min.unwrap_or(0.0);
                Sampler::Beta(rand_distr::Beta::new(*alpha, *beta).expect("checked"), lo, max.unwrap_or(1.0) - lo)
            }
            DistSpec::Discrete { values, weights } => {
                let w = weights.clone().unwrap_or_else(|| vec![1.0; values.len()]);
                Sampler::Discrete(values.clone(), rand_distr::weighted::WeightedIndex::new(w).expect("checked"))
            }
        }
    }
}

impl DistSpec {
    /// The inverse CDF (quantile function) at `u` in [0, 1]: how Latin hypercube and correlated
    /// designs turn stratified or rearranged uniforms into draws. Monotone non-decreasing in `u`
    /// (discrete values are taken in ascending order), so ranks are preserved. Call only after
    /// [`DistSpec::check`] passed.
    pub fn inverse_cdf(&self, u: f64) -> f64 {
        use statrs::distribution::ContinuousCDF;
        // Unbounded distributions have infinite quantiles at 0 and 1.
        let open = u.clamp(1e-12, 1.0 - 1e-12);
        match self {
            DistSpec::Uniform { min, max } => min + (max - min) * u.clamp(0.0, 1.0),
            DistSpec::Normal { mean, sd, min, max } => {
                let n = statrs::distribution::Normal::new(*mean, *sd).expect("checked");
                if min.is_none() && max.is_none() {
                    return n.inverse_cdf(open);
                }
                let (lo, hi) = (min.unwrap_or(f64::NEG_INFINITY), max.unwrap_or(f64::INFINITY));
                let (clo, chi) = (n.cdf(lo), n.cdf(hi));
                let p = clo + (chi - clo) * u;
                // NaN when the parameters overflow (statrs would panic on it): `check` refuses them.
                if p.is_nan() {
                    return f64::NAN;
                }
                n.inverse_cdf(p.clamp(1e-300, 1.0 - 1e-16)).clamp(lo, hi)
            }
            DistSpec::Lognormal { mu, sigma, min: None, max: None } => {
                (mu + sigma * std_normal().inverse_cdf(open)).exp()
            }
            DistSpec::Lognormal { mu, sigma, min, max } => {
                let n = statrs::distribution::Normal::new(*mu, *sigma).expect("checked");
                let (lo, hi) = (min.unwrap_or(0.0), max.unwrap_or(f64::INFINITY));
                let (clo, chi) = (n.cdf(lo.ln()), n.cdf(hi.ln()));
                let p = clo + (chi - clo) * u;
                if p.is_nan() {
                    return f64::NAN;
                }
                n.inverse_cdf(p.clamp(1e-300, 1.0 - 1e-16)).exp().clamp(lo, hi)
            }
            DistSpec::Triangular { min: a, mode: c, max: b } => {
                let u = u.clamp(0.0, 1.0);
                let split = (c - a) / (b - a);
                if u < split { a + (u * (b - a) * (c - a)).sqrt() } else { b - ((1.0 - u) * (b - a) * (b - c)).sqrt() }
            }
            DistSpec::Pert { min, mode, max } => {
                let (alpha, beta) = pert_shape(*min, *mode, *max);
                let d = statrs::distribution::Beta::new(alpha, beta).expect("checked");
                min + (max - min) * d.inverse_cdf(u.clamp(0.0, 1.0))
            }
            DistSpec::Beta { alpha, beta, min, max } => {
                let lo = min.unwrap_or(0.0);
                let d = statrs::distribution::Beta::new(*alpha, *beta).expect("checked");
                lo + (max.unwrap_or(1.0) - lo) * d.inverse_cdf(u.clamp(0.0, 1.0))
            }
            DistSpec::Discrete { values, weights } => {
                let w = weights.clone().unwrap_or_else(|| vec![1.0; values.len()]);
                let mut pairs: Vec<(f64, f64)> = values.iter().copied().zip(w).collect();
                pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
                let total: f64 = pairs.iter().map(|p| p.1).sum();
                let mut cum = 0.0;
                for &(v, w) in &pairs {
                    cum += w / total;
                    if u < cum {
                        return v;
                    }
                }
                pairs.iter().rev().find(|p| p.1 > 0.0).map_or(pairs[pairs.len() - 1].0, |p| p.0)
            }
        }
    }
}

/// The shapes a beta distribution may have. Measured (alpha and beta each from 0.001 to 10⁵ in
/// decades): statrs' inverse CDF returns within milliseconds; at alpha = 10⁸, beta = 1 or at
/// 10³⁰⁰ it never returns. A beta with shapes of 10⁵ has a standard deviation under 0.2 % of its
/// range: a constant for any purpose.
pub const BETA_SHAPE: std::ops::RangeInclusive<f64> = 0.001..=100_000.0;

/// PERT's beta shape parameters for shape λ = 4.
fn pert_shape(min: f64, mode: f64, max: f64) -> (f64, f64) {
    let r = max - min;
    (1.0 + 4.0 * (mode - min) / r, 1.0 + 4.0 * (max - mode) / r)
}

fn std_normal() -> statrs::distribution::Normal {
    statrs::distribution::Normal::new(0.0, 1.0).expect("valid")
}

fn truncated_mass(mean: f64, sd: f64, lo: f64, hi: f64) -> f64 {
    use statrs::distribution::ContinuousCDF;
    let n = std_normal();
    n.cdf((hi - mean) / sd) - n.cdf((lo - mean) / sd)
}

/// Mean and variance of N(mean, sd²) truncated to [lo, hi] (Johnson, Kotz & Balakrishnan 1994).
fn truncated_normal_moments(mean: f64, sd: f64, lo: f64, hi: f64) -> (f64, f64) {
    use statrs::distribution::Continuous;
    let n = std_normal();
    let (a, b) = ((lo - mean) / sd, (hi - mean) / sd);
    let z = truncated_mass(mean, sd, lo, hi);
    let (pa, pb) = (n.pdf(a), n.pdf(b));
    let (apa, bpb) = (if a.is_finite() { a * pa } else { 0.0 }, if b.is_finite() { b * pb } else { 0.0 });
    let m = mean + sd * (pa - pb) / z;
    let v = sd * sd * (1.0 + (apa - bpb) / z - ((pa - pb) / z).powi(2));
    (m, v)
}

/// A ready-to-draw distribution.
#[derive(Debug, Clone)]
pub enum Sampler {
    Uniform(f64, f64),
    Normal(rand_distr::Normal<f64>),
    /// Inverse-CDF sampling between the CDF values of the bounds: exact, no rejection loop.
    TruncNormal {
        n: statrs::distribution::Normal,
        lo: f64,
        hi: f64,
        min: f64,
        max: f64,
    },
    Lognormal(rand_distr::LogNormal<f64>),
    /// As `TruncNormal` on the logs, exponentiated.
    TruncLognormal {
        n: statrs::distribution::Normal,
        lo: f64,
        hi: f64,
        min: f64,
        max: f64,
    },
    Triangular(rand_distr::Triangular<f64>),
    Pert(rand_distr::Pert<f64>),
    Beta(rand_distr::Beta<f64>, f64, f64),
    Discrete(Vec<f64>, rand_distr::weighted::WeightedIndex<f64>),
}

impl Sampler {
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            Sampler::Uniform(a, b) => a + (b - a) * rng.random::<f64>(),
            Sampler::Normal(d) => d.sample(rng),
            Sampler::TruncNormal { n, lo, hi, min, max } => {
                let u = lo + (hi - lo) * rng.random::<f64>();
                statrs::distribution::ContinuousCDF::inverse_cdf(n, u).clamp(*min, *max)
            }
            Sampler::Lognormal(d) => d.sample(rng),
            Sampler::TruncLognormal { n, lo, hi, min, max } => {
                let u = lo + (hi - lo) * rng.random::<f64>();
                statrs::distribution::ContinuousCDF::inverse_cdf(n, u).exp().clamp(*min, *max)
            }
            Sampler::Triangular(d) => d.sample(rng),
            Sampler::Pert(d) => d.sample(rng),
            Sampler::Beta(d, lo, r) => lo + r * d.sample(rng),
            Sampler::Discrete(values, w) => values[w.sample(rng)],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn parse(s: &str) -> DistSpec {
        #[derive(Deserialize)]
        struct W {
            p: Param,
        }
        match toml::from_str::<W>(s).unwrap().p {
            Param::Dist(d) => d,
            Param::Const(_) => panic!("expected a distribution"),
        }
    }

    /// One distribution of each kind (the normal with and without truncation).
    const CASES: [&str; 9] = [
        "p = { dist = \"uniform\", min = 2, max = 5 }",
        "p = { dist = \"normal\", mean = 2.5, sd = 0.3 }",
        "p = { dist = \"normal\", mean = 0.1, sd = 0.2, min = 0, max = 1 }",
        "p = { dist = \"lognormal\", mu = 0.0, sigma = 0.25 }",
        "p = { dist = \"lognormal\", mu = 0.5, sigma = 0.6, min = 1, max = 3 }",
        "p = { dist = \"triangular\", min = 0, mode = 1, max = 4 }",
        "p = { dist = \"pert\", min = 10, mode = 25, max = 60 }",
        "p = { dist = \"beta\", alpha = 2, beta = 5, min = 0, max = 10 }",
        "p = { dist = \"discrete\", values = [10, 25, 60], weights = [0.5, 0.3, 0.2] }",
    ];

    /// Each sampler's sample mean and variance against the analytic ones: with 200,000 draws the
    /// standard error of the mean is sd/447, so 5 standard errors is a loose, never-flaky bound;
    /// the variance is checked within 3%.
    #[test]
    fn samplers_match_analytic_mean_and_variance() {
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(7);
        for case in CASES {
            let d = parse(case);
            d.check().unwrap();
            let (mean, var) = d.moments();
            let s = d.sampler();
            let n = 200_000;
            let xs: Vec<f64> = (0..n).map(|_| s.sample(&mut rng)).collect();
            let m = xs.iter().sum::<f64>() / n as f64;
            let v = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1) as f64;
            assert!((m - mean).abs() < 5.0 * (var / n as f64).sqrt(), "{case}: mean {m} vs {mean}");
            assert!((v / var - 1.0).abs() < 0.03, "{case}: variance {v} vs {var}");
        }
    }

    /// The inverse CDF at stratified points reproduces each distribution's analytic moments: with
    /// 100,000 evenly spaced quantiles the error is far below the sampling tolerance above.
    #[test]
    fn inverse_cdf_matches_analytic_mean_and_variance() {
        // The discrete case again with its values out of order: the inverse CDF sorts them.
        let unordered = "p = { dist = \"discrete\", values = [60, 10, 25], weights = [0.2, 0.5, 0.3] }";
        for case in CASES.into_iter().chain([unordered]) {
            let d = parse(case);
            let (mean, var) = d.moments();
            let n = 100_000;
            let xs: Vec<f64> = (0..n).map(|i| d.inverse_cdf((i as f64 + 0.5) / n as f64)).collect();
            assert!(xs.windows(2).all(|w| w[0] <= w[1]), "{case}: not monotone");
            let m = xs.iter().sum::<f64>() / n as f64;
            let v = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / n as f64;
            assert!((m - mean).abs() < 1e-3 * var.sqrt().max(1.0), "{case}: mean {m} vs {mean}");
            assert!((v / var - 1.0).abs() < 0.01, "{case}: variance {v} vs {var}");
        }
    }

    /// Each quantile against the share of 200,000 draws below it (within 1 point).
    #[test]
    fn quantiles_match_sampled_shares() {
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(5);
        // Continuous distributions: a discrete one has no exact share at its quantiles.
        for case in CASES.into_iter().filter(|c| !c.contains("discrete")) {
            let d = parse(case);
            let s = d.sampler();
            let xs: Vec<f64> = (0..200_000).map(|_| s.sample(&mut rng)).collect();
            for q in [0.05, 0.5, 0.95] {
                let x = d.quantile(q);
                let share = xs.iter().filter(|v| **v <= x).count() as f64 / xs.len() as f64;
                assert!((share - q).abs() < 0.01, "{case}: q{q} = {x} holds {share} of draws");
            }
        }
        let d = parse("p = { dist = \"discrete\", values = [10, 25, 60], weights = [0.5, 0.3, 0.2] }");
        assert_eq!((d.quantile(0.05), d.quantile(0.6), d.quantile(0.95)), (10.0, 25.0, 60.0));
    }

    #[test]
    fn rejects_inverted_bounds_and_bad_scales() {
        assert!(parse("p = { dist = \"uniform\", min = 5, max = 2 }").check().is_err());
        assert!(parse("p = { dist = \"normal\", mean = 0, sd = -1 }").check().is_err());
        assert!(parse("p = { dist = \"lognormal\", mu = 0, sigma = 0 }").check().is_err());
        assert!(parse("p = { dist = \"pert\", min = 0, mode = 7, max = 5 }").check().is_err());
        assert!(parse("p = { dist = \"discrete\", values = [1, 2], weights = [1] }").check().is_err());
    }

    /// Each shape at the corners and the middle of [`BETA_SHAPE`] gives finite quantiles in
    /// [0, 1] and draws in [0, 1] (with alpha = beta = 10³⁰⁰, accepted before, `explain` hung).
    #[test]
    fn beta_shapes_are_bounded_and_their_quantiles_return() {
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(3);
        let shapes = [*BETA_SHAPE.start(), 1.0, *BETA_SHAPE.end()];
        for alpha in shapes {
            for beta in shapes {
                let d = DistSpec::Beta { alpha, beta, min: None, max: None };
                d.check().unwrap();
                for q in [0.0, 0.05, 0.5, 0.95, 1.0] {
                    let x = d.inverse_cdf(q);
                    assert!((0.0..=1.0).contains(&x), "beta({alpha}, {beta}) q{q} = {x}");
                }
                let s = d.sampler();
                assert!((0..100).all(|_| (0.0..=1.0).contains(&s.sample(&mut rng))));
            }
        }
        for (alpha, beta) in [(1e300, 1e300), (1e8, 1.0), (1e-4, 2.0)] {
            let err = DistSpec::Beta { alpha, beta, min: None, max: None }.check().unwrap_err();
            assert!(err.contains("must lie between 0.001 and 100000"), "{err}");
        }
    }

    /// Weights whose sum overflows would make the sampler's construction fail.
    #[test]
    fn rejects_weights_with_an_infinite_sum() {
        let d = parse("p = { dist = \"discrete\", values = [1, 2], weights = [1e308, 1e308] }");
        assert!(d.check().unwrap_err().contains("finite sum"));
    }

    #[test]
    fn rejects_lognormal_bounds_below_zero_or_without_probability() {
        assert!(parse("p = { dist = \"lognormal\", mu = 0, sigma = 1, min = -1, max = 2 }").check().is_err());
        assert!(parse("p = { dist = \"lognormal\", mu = 0, sigma = 0.1, min = 100, max = 200 }").check().is_err());
        assert!(parse("p = { dist = \"lognormal\", mu = 0, sigma = 1, max = 2 }").check().is_ok());
    }

    /// Found by the fuzzer: a truncated lognormal with sigma = f64::MAX passed the checks, and
    /// its inverse CDF then panicked inside statrs (`pathways explain` exited 101).
    #[test]
    fn rejects_parameters_too_extreme_to_compute_with() {
        for case in [
            "p = { dist = \"lognormal\", mu = 1.2, sigma = 1.7976931348623157e308, max = 2.2 }",
            "p = { dist = \"lognormal\", mu = 0, sigma = 40 }",
            "p = { dist = \"normal\", mean = 0, sd = 1.7976931348623157e308, min = -1, max = 1 }",
            "p = { dist = \"uniform\", min = -1.7976931348623157e308, max = 1.7976931348623157e308 }",
            "p = { dist = \"triangular\", min = -1e308, mode = 0, max = 1e308 }",
        ] {
            let err = parse(case).check().unwrap_err();
            assert!(err.contains("too extreme to compute with") || err.contains("probability"), "{case}: {err}");
        }
    }
}
