//! Computing outcomes as a run goes: an [`Observer`] that updates one accumulator per outcome
//! each month, and [`Tee`], which lets it ride along with another observer (the engine's
//! recorder) without either knowing of the other.

use super::{Kind, OutcomeDef, Statistic};
use crate::model::action::Actor;
use crate::model::agent::Decision;
use crate::model::sim::Observer;
use crate::model::vars::State;

/// One run's outcome accumulators. Call [`Tracker::start`] before each run and read
/// [`Tracker::values`] after it.
#[derive(Debug, Clone)]
pub struct Tracker<'a> {
    defs: &'a [OutcomeDef],
    acc: Vec<f64>,
}

impl<'a> Tracker<'a> {
    pub fn new(defs: &'a [OutcomeDef]) -> Tracker<'a> {
        let mut t = Tracker { defs, acc: vec![0.0; defs.len()] };
        t.start();
        t
    }

    pub fn defs(&self) -> &'a [OutcomeDef] {
        self.defs
    }

    /// Resets the accumulators for a new run.
    pub fn start(&mut self) {
        for (a, d) in self.acc.iter_mut().zip(self.defs) {
            *a = match d.statistic {
                Statistic::Mean | Statistic::Sum | Statistic::Any => 0.0,
                Statistic::Min => f64::INFINITY,
                Statistic::Max => f64::NEG_INFINITY,
                Statistic::Value | Statistic::First => f64::NAN,
                Statistic::All => 1.0,
            };
        }
    }

    /// The run's value of each outcome, in definition order; NaN for a `first` outcome whose
    /// condition never held.
    pub fn values(&self) -> impl Iterator<Item = f64> + '_ {
        self.acc.iter().zip(self.defs).map(|(&a, d)| match d.statistic {
            Statistic::Mean => a / f64::from(d.last - d.first + 1),
            _ => a,
        })
    }
}

impl Observer for Tracker<'_> {
    #[inline]
    fn month(&mut self, m: u32, state: &State, _pathway: usize) {
        for (a, d) in self.acc.iter_mut().zip(self.defs) {
            if m < d.first || m > d.last {
                continue;
            }
            let x = state[d.var];
            match d.statistic {
                Statistic::Mean | Statistic::Sum => *a += x,
                Statistic::Min => *a = a.min(x),
                Statistic::Max => *a = a.max(x),
                Statistic::Value => *a = x,
                Statistic::First => {
                    if a.is_nan() && d.holds(x) {
                        *a = f64::from(m);
                    }
                }
                Statistic::Any => {
                    if d.holds(x) {
                        *a = 1.0;
                    }
                }
                Statistic::All => {
                    if !d.holds(x) {
                        *a = 0.0;
                    }
                }
            }
        }
    }
}

/// Two observers seeing the same run.
pub struct Tee<'x, A, B>(pub &'x mut A, pub &'x mut B);

impl<A: Observer, B: Observer> Observer for Tee<'_, A, B> {
    #[inline]
    fn month(&mut self, m: u32, state: &State, pathway: usize) {
        self.0.month(m, state, pathway);
        self.1.month(m, state, pathway);
    }

    fn event(&mut self, m: u32, event: usize) {
        self.0.event(m, event);
        self.1.event(m, event);
    }

    fn decision(&mut self, m: u32, actor: Actor, d: &Decision) {
        self.0.decision(m, actor, d);
        self.1.decision(m, actor, d);
    }
}

/// The value of outcome `d` computed directly from one run's monthly states (`path[m]` is the
/// state in month m): the definition [`Tracker`] must agree with, for tests and checks.
pub fn from_path(d: &OutcomeDef, path: &[State]) -> f64 {
    let xs: Vec<(u32, f64)> = (d.first..=d.last).map(|m| (m, path[m as usize][d.var])).collect();
    match d.statistic {
        Statistic::Mean => xs.iter().map(|p| p.1).sum::<f64>() / xs.len() as f64,
        Statistic::Sum => xs.iter().map(|p| p.1).sum(),
        Statistic::Min => xs.iter().map(|p| p.1).fold(f64::INFINITY, f64::min),
        Statistic::Max => xs.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max),
        Statistic::Value => xs[0].1,
        Statistic::First => xs.iter().find(|p| d.holds(p.1)).map_or(f64::NAN, |p| f64::from(p.0)),
        Statistic::Any => f64::from(u8::from(xs.iter().any(|p| d.holds(p.1)))),
        Statistic::All => f64::from(u8::from(xs.iter().all(|p| d.holds(p.1)))),
    }
}

impl OutcomeDef {
    /// Whether a run's value counts as "having a value" in summaries (a `first` outcome whose
    /// condition never held has none).
    pub fn has_value(&self, v: f64) -> bool {
        self.kind() != Kind::FirstMonth || !v.is_nan()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::vars::N_VARS;

    fn def(statistic: Statistic, first: u32, last: u32, lo: f64, hi: f64) -> OutcomeDef {
        OutcomeDef { name: "o".into(), description: String::new(), var: 0, statistic, first, last, lo, hi }
    }

    /// Every statistic, tracked month by month, equals its definition on the whole path.
    #[test]
    fn tracked_values_equal_the_path_definition() {
        let values = [5.0, 7.0, 3.0, 9.0, 9.0, 1.0, 4.0];
        let path: Vec<State> = values.iter().map(|&v| [v; N_VARS]).collect();
        let inf = f64::INFINITY;
        let defs = vec![
            def(Statistic::Mean, 1, 4, -inf, inf),
            def(Statistic::Sum, 0, 6, -inf, inf),
            def(Statistic::Min, 2, 5, -inf, inf),
            def(Statistic::Max, 0, 2, -inf, inf),
            def(Statistic::Value, 3, 3, -inf, inf),
            def(Statistic::First, 1, 6, 8.0, inf),
            def(Statistic::First, 1, 6, 100.0, inf),
            def(Statistic::Any, 0, 2, -inf, 3.0),
            def(Statistic::All, 3, 4, 9.0, 9.0),
            def(Statistic::All, 2, 4, 9.0, 9.0),
        ];
        let mut t = Tracker::new(&defs);
        for run in 0..2 {
            t.start();
            for (m, s) in path.iter().enumerate() {
                t.month(m as u32, s, 0);
            }
            let got: Vec<f64> = t.values().collect();
            let want: Vec<f64> = defs.iter().map(|d| from_path(d, &path)).collect();
            assert_eq!(format!("{got:?}"), format!("{want:?}"), "run {run}");
            assert_eq!(
                format!("{got:?}"),
                format!("{:?}", [7.0, 38.0, 1.0, 7.0, 9.0, 3.0, f64::NAN, 1.0, 1.0, 0.0]),
                "hand-computed"
            );
        }
    }
}
