//! A synthetic [`ScenarioResult`] for chart tests: 48 months from January 2026, four pathways
//! (the last a catch-all), per-run horizon records driven by one shared "escalation" factor so
//! the trade-off scatter has structure. Deterministic: a splitmix64 stream, no RNG crate.

use crate::engine::result::{NEVER, PathwayResult, RunMeta, RunRecords, ScenarioResult, VarStats};
use crate::model::calendar::YearMonth;
use crate::model::vars::{N_VARS, VARS};

use crate::stats::proportion::wilson;

pub const HORIZON: u32 = 48;

/// Per variable: start value, drift over the horizon, spread (sd) at the horizon, and loading on
/// the escalation factor (−1 to 1).
const SHAPE: [(f64, f64, f64, f64); N_VARS] = [
    (20.7, 8.0, 10.0, 0.8),     // tariff_us
    (21.1, 6.0, 9.0, 0.8),      // tariff_cn
    (0.55, 0.10, 0.15, 0.6),    // tech_controls_us
    (0.35, 0.10, 0.12, 0.6),    // tech_controls_cn
    (0.65, 0.05, 0.15, 0.7),    // tension
    (0.30, -0.05, 0.10, -0.6),  // cooperation
    (440.0, -60.0, 70.0, -0.8), // us_imports_from_cn
    (145.0, -15.0, 25.0, -0.7), // us_exports_to_cn
    (0.60, 0.10, 0.10, 0.5),    // cn_self_reliance
    (0.8, 0.4, 0.5, 0.7),       // us_price_effect
    (-0.2, -0.3, 0.4, -0.6),    // gdp_us
    (-0.5, -0.5, 0.6, -0.6),    // gdp_cn
    (0.0, 20.0, 25.0, 0.8),     // us_tariff_revenue
    (0.0, 3.0, 4.0, 0.8),       // us_deadweight_loss
];

pub const PATHWAYS: [&str; 4] =
    ["Managed competition", "Escalation and decoupling", "Thaw and partial deal", "Muddling through"];

/// The baseline fixture with `runs` runs.
pub fn fixture(runs: usize) -> ScenarioResult {
    fixture_with("baseline", runs, 0.0)
}

/// A fixture named `name` whose drifts are scaled by `1 + shift` (−1 to 1: calmer to hotter).
pub fn fixture_with(name: &str, runs: usize, shift: f64) -> ScenarioResult {
    let start = YearMonth { year: 2026, month: 1 };
    let mut rng = SplitMix(name.bytes().fold(42, |h, b| h.wrapping_mul(31).wrapping_add(b as u64)));
    let sha256: String = (0..4).map(|_| format!("{:016x}", rng.next())).collect();

    let centre = |v: usize, m: u32| SHAPE[v].0 + SHAPE[v].1 * (1.0 + shift) * m as f64 / HORIZON as f64;
    let spread = |v: usize, m: u32| SHAPE[v].2 * (m as f64 / HORIZON as f64).sqrt();
    let clamp = |v: usize, x: f64| x.clamp(VARS[v].min, VARS[v].max);

    let series = (0..=HORIZON)
        .map(|m| {
            std::array::from_fn(|v| {
                let (c, s) = (centre(v, m), spread(v, m));
                let q = |z: f64| clamp(v, c + z * s);
                VarStats {
                    mean: c,
                    sd: s,
                    p5: q(-1.645),
                    p25: q(-0.674),
                    p50: q(0.0),
                    p75: q(0.674),
                    p95: q(1.645),
                    min: q(-3.0),
                    max: q(3.0),
                }
            })
        })
        .collect();

    let mut records = RunRecords { horizon: Vec::with_capacity(runs * N_VARS), ..RunRecords::default() };
    let mut counts = [0u64; 4];
    for _ in 0..runs {
        let e = rng.normal() + shift * 0.5;
        for (v, &(_, _, _, rho)) in SHAPE.iter().enumerate() {
            let x = centre(v, HORIZON) + spread(v, HORIZON) * (rho * e + (1.0 - rho * rho).sqrt() * rng.normal());
            records.horizon.push(clamp(v, x) as f32);
        }
        let pathway = if e > 0.9 {
            1
        } else if e < -1.0 {
            2
        } else if rng.uniform() < 0.55 {
            0
        } else {
            3
        };
        counts[pathway] += 1;
        records.pathway.push(pathway as u8);
        records.first_entry.extend([NEVER; 4]);
    }

    let total = runs as u64;
    let pathways = PATHWAYS
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let probability = wilson(counts[i], total);
            let p = probability.p;
            let tau = [10.0, 18.0, 24.0][i.min(2)];
            let first_entry_cdf = (0..=HORIZON)
                .map(|m| if i == 3 { 1.0 } else { (p * 1.3).min(1.0) * (1.0 - (-(m as f64) / tau).exp()) })
                .collect();
            PathwayResult {
                name: name.to_string(),
                description: format!("{name} (synthetic)"),
                probability,
                first_entry_cdf,
                representative_run: None,
            }
        })
        .collect();

    ScenarioResult {
        meta: RunMeta {
            scenario: name.to_string(),
            folder: name.to_string(),
            overrides: Vec::new(),
            description: format!("synthetic {name} scenario for chart tests"),
            file: format!("scenarios/{name}.toml"),
            extends: Vec::new(),
            sha256,
            seed: 42,
            runs: total,
            start,
            horizon_months: HORIZON,
            tool_version: "0.1.0".to_string(),
            command_line: format!("pathways run scenarios/{name}.toml --runs {runs} --seed 42"),
            convergence: None,
        },
        resolved: serde_json::Value::Null,
        series,
        pathways,
        records,
        outcomes: Vec::new(),
    }
}

/// splitmix64 (Steele, Lea and Flood 2014): enough randomness for a test picture.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn uniform(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Box–Muller; wasteful but simple.
    fn normal(&mut self) -> f64 {
        let u1 = self.uniform().max(f64::MIN_POSITIVE);
        let u2 = self.uniform();
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }
}
