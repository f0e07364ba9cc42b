//! How much of an outcome's spread comes from what we do not know (the uncertain parameters)
//! and how much from the world's own randomness (the agents' dice, events, the business cycle).
//!
//! By the law of total variance, Var(Y) = Var(E[Y | θ]) + E[Var(Y | θ)]. A nested design draws
//! `outer` parameter sets θ_k and runs each `inner` times with independent dynamics; the one-way
//! random-effects (ANOVA) estimator then gives the between-θ part without the bias of the
//! inner noise: Var_between = Var_k(Ȳ_k) − mean_k(s²_k) / inner (Searle, Casella & McCulloch
//! 1992, ch. 3). The share is Var_between / (Var_between + mean_k(s²_k)), clipped to [0, 1].

use crate::model::params::{Model, RunParams};
use crate::model::sim::{EventClock, Observer, Outcome, Streams, simulate};
use crate::model::vars::State;
use crate::sampling::rng::{Stream, stream};
use rayon::prelude::*;

/// The split of one outcome's variance at the horizon.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Split {
    /// Total variance (between + within).
    pub total: f64,
    /// Share of the variance due to the uncertain parameters, 0–1.
    pub parameters: f64,
    /// Share due to the agents', events' and business cycle's randomness: 1 − `parameters`.
    pub randomness: f64,
}

struct Silent;

impl Observer for Silent {
    fn month(&mut self, _m: u32, _state: &State, _pathway: usize) {}
}

/// Splits the variance of `outcome` (a number read off a run's end) for `model`: `outer`
/// parameter draws, each run `inner` times. Deterministic for `seed`, whatever the threads.
pub fn variance_split(
    model: &Model,
    outcome: &(dyn Fn(&Outcome) -> f64 + Sync),
    outer: u64,
    inner: u64,
    seed: u64,
) -> Split {
    let measure = |params: &RunParams, streams: &mut Streams<crate::sampling::rng::RunRng>| {
        outcome(&simulate(model, params, &mut EventClock::default(), streams, &mut Silent))
    };
    variance_split_with(model, &measure, outer, inner, seed)
}

/// The same, with the run itself in the caller's hands: `measure` simulates `params` on the
/// given streams and returns the number (for outcomes that need an observer of their own).
pub fn variance_split_with(
    model: &Model,
    measure: &(dyn Fn(&RunParams, &mut Streams<crate::sampling::rng::RunRng>) -> f64 + Sync),
    outer: u64,
    inner: u64,
    seed: u64,
) -> Split {
    assert!(outer >= 2 && inner >= 2, "the design needs at least 2 × 2 runs");
    // Per parameter draw: the mean and the unbiased variance of its inner runs.
    let groups: Vec<(f64, f64)> = (0..outer)
        .into_par_iter()
        .map(|k| {
            let mut params = model.base.clone();
            let mut sampled = vec![0.0; model.uncertain.len()];
            model.sample(&mut stream(seed, k, Stream::Parameters), &mut params, &mut sampled);
            let ys: Vec<f64> = (0..inner)
                .map(|j| {
                    // Dynamics streams of a run index no outer draw uses for its parameters.
                    let key = outer + k * inner + j;
                    measure(&params, &mut Streams::new(seed, key))
                })
                .collect();
            let mean = ys.iter().sum::<f64>() / inner as f64;
            let var = ys.iter().map(|y| (y - mean).powi(2)).sum::<f64>() / (inner - 1) as f64;
            (mean, var)
        })
        .collect();
    let grand = groups.iter().map(|g| g.0).sum::<f64>() / outer as f64;
    let var_means = groups.iter().map(|g| (g.0 - grand).powi(2)).sum::<f64>() / (outer - 1) as f64;
    let within = groups.iter().map(|g| g.1).sum::<f64>() / outer as f64;
    let between = (var_means - within / inner as f64).max(0.0);
    let total = between + within;
    let parameters = if total > 0.0 { (between / total).clamp(0.0, 1.0) } else { 0.0 };
    Split { total, parameters, randomness: 1.0 - parameters }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::vars::Var;
    use crate::scenario::load::load;
    use std::io::Write;

    fn model(toml: &str) -> Model {
        let mut file = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
        file.write_all(toml.as_bytes()).unwrap();
        Model::compile(&load(file.path(), &[]).unwrap())
    }

    const PASSIVE: &str = "policy = \"tit_for_tat\"\nretaliation = 0\nforgiveness = 0\nengagement = 0\nconcession_willingness = 0\ndeal_willingness = 0";

    #[test]
    fn a_world_without_dice_owes_all_its_spread_to_the_parameters() {
        // Passive agents, no events, no business cycle: only the sampled trend moves imports.
        let m = model(&format!(
            "[scenario]\nname = \"x\"\nhorizon_months = 24\n[agents.us]\n{PASSIVE}\n[agents.china]\n{PASSIVE}\n\
             [economy]\nimport_volatility = 0\nexport_volatility = 0\n\
             trend_growth_imports = {{ dist = \"uniform\", min = -5, max = 5 }}\n[[pathways]]\nname = \"any\"\n"
        ));
        let imports = |o: &Outcome| o.state[Var::UsImportsFromCn.index()];
        let s = variance_split(&m, &imports, 64, 4, 1);
        assert!(s.parameters > 0.999, "{s:?}");
    }

    #[test]
    fn a_world_without_uncertain_parameters_owes_all_its_spread_to_chance() {
        let m = model(&format!(
            "[scenario]\nname = \"x\"\nhorizon_months = 24\n[agents.us]\n{PASSIVE}\n[agents.china]\n{PASSIVE}\n\
             [[pathways]]\nname = \"any\"\n"
        ));
        let imports = |o: &Outcome| o.state[Var::UsImportsFromCn.index()];
        let s = variance_split(&m, &imports, 64, 8, 2);
        assert!(s.parameters < 0.05, "{s:?}");
        assert!(s.total > 0.0);
    }
}
