//! The pathways model as an ABC problem: the calibrated parameters' distributions are the prior;
//! a simulation runs the scenario once with them (every other uncertain parameter drawn from its
//! own distribution, as in `pathways run`), computes each observed quantity as an outcome over
//! its period, and returns the discrepancy S = Σ ((x − y) / σ)², σ the observation's measurement
//! sd. ABC-SMC accepts it with probability exp(−½ S / ε²); at ε = 1 that is the normal
//! measurement-error likelihood, averaged over the model's own randomness by the simulation
//! (Wilkinson 2013, "ABC gives exact results under the assumption of model error").

use super::abc::Problem;
use super::prior;
use crate::model::outcome::OutcomeDef;
use crate::model::outcome::track::Tracker;
use crate::model::params::{Model, RunParams};
use crate::model::sim::{EventClock, Streams, simulate};
use crate::observe::Observation;
use crate::sampling::dist::DistSpec;
use crate::sampling::rng::{RunRng, Stream, stream};
use rand::RngExt;

/// One observed quantity the calibration matches.
#[derive(Debug, Clone)]
pub struct Target {
    pub outcome: OutcomeDef,
    pub value: f64,
    pub sd: f64,
    /// The observation's label (`us_imports_from_cn 2019`).
    pub label: String,
}

impl Target {
    /// The target of an observation inside the model's months.
    pub fn of(o: &Observation, model: &Model) -> Option<Target> {
        let outcome = OutcomeDef::for_observation(o, model.start, model.horizon)?;
        Some(Target { outcome, value: o.value, sd: o.sd, label: o.label() })
    }
}

/// The model, the calibrated parameters and the targets.
pub struct ModelProblem {
    model: Model,
    /// Indices in `model.uncertain` of the calibrated parameters, in posterior column order.
    pub calibrated: Vec<usize>,
    priors: Vec<DistSpec>,
    targets: Vec<Target>,
    seed: u64,
}

/// Per-thread working memory.
pub struct Scratch {
    params: RunParams,
    sampled: Vec<f64>,
    clock: EventClock,
    values: Vec<f64>,
}

impl ModelProblem {
    /// `calibrated` indexes `model.uncertain`; their distributions must have densities
    /// ([`prior::supported`]).
    pub fn new(model: &Model, calibrated: Vec<usize>, targets: Vec<Target>, seed: u64) -> ModelProblem {
        let mut model = model.clone();
        model.outcomes = targets.iter().map(|t| t.outcome.clone()).collect();
        let priors = calibrated.iter().map(|&i| model.uncertain[i].dist.clone()).collect();
        ModelProblem { model, calibrated, priors, targets, seed }
    }

    /// The calibrated parameters' paths.
    pub fn names(&self) -> Vec<String> {
        self.calibrated.iter().map(|&i| self.model.uncertain[i].path.clone()).collect()
    }

    pub fn priors(&self) -> &[DistSpec] {
        &self.priors
    }

    pub fn targets(&self) -> &[Target] {
        &self.targets
    }

    /// Runs the model once with `theta` and returns each target's model value (no measurement
    /// error), all randomness keyed by `key`.
    pub fn simulate<'s>(&self, scratch: &'s mut Scratch, theta: &[f64], key: u64) -> &'s [f64] {
        let m = &self.model;
        m.sample(&mut stream(self.seed, key, Stream::Parameters), &mut scratch.params, &mut scratch.sampled);
        for (&i, &v) in self.calibrated.iter().zip(theta) {
            scratch.sampled[i] = v;
        }
        m.apply(&mut scratch.params, &scratch.sampled);
        let mut tracker = Tracker::new(&m.outcomes);
        simulate(m, &scratch.params, &mut scratch.clock, &mut Streams::new(self.seed, key), &mut tracker);
        scratch.values.clear();
        scratch.values.extend(tracker.values());
        &scratch.values
    }

    /// The same problem with other observed values (simulation-based calibration).
    pub fn with_values(&self, values: &[f64], seed: u64) -> ModelProblem {
        let mut targets = self.targets.clone();
        for (t, &v) in targets.iter_mut().zip(values) {
            t.value = v;
        }
        ModelProblem {
            model: self.model.clone(),
            calibrated: self.calibrated.clone(),
            priors: self.priors.clone(),
            targets,
            seed,
        }
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }
}

impl Problem for ModelProblem {
    type Scratch = Scratch;

    fn dim(&self) -> usize {
        self.calibrated.len()
    }

    fn scratch(&self) -> Scratch {
        Scratch {
            params: self.model.base.clone(),
            sampled: vec![0.0; self.model.uncertain.len()],
            clock: EventClock::default(),
            values: Vec::with_capacity(self.targets.len()),
        }
    }

    fn prior_sample(&self, rng: &mut RunRng, out: &mut [f64]) {
        for (o, d) in out.iter_mut().zip(&self.priors) {
            *o = d.inverse_cdf(rng.random::<f64>());
        }
    }

    fn prior_log_density(&self, theta: &[f64]) -> f64 {
        self.priors.iter().zip(theta).map(|(d, &x)| prior::log_density(d, x)).sum()
    }

    fn discrepancy(&self, scratch: &mut Scratch, theta: &[f64], key: u64) -> f64 {
        let x = self.simulate(scratch, theta, key);
        self.targets.iter().zip(x).map(|(t, &x)| ((x - t.value) / t.sd).powi(2)).sum()
    }
}
