//! Signposts: the observable indicators that best separate the final pathways.
//!
//! Each candidate is a single-threshold split of one indicator column (a state variable at a
//! given month, or whether something has happened by then): "seen" when the value is above the
//! threshold (or at or below it, whichever side is the rarer, so that the signpost reads as
//! something to watch for). Splits are scored by information gain (Quinlan 1986): the entropy of
//! the final pathway minus its expected entropy once the indicator is known. Thresholds are the
//! column's 5th, 10th, …, 95th percentiles. Transparent on purpose: a reader can check every
//! reported conditional probability by counting runs.

use crate::analysis::indicators::{Indicator, checkpoint_months, indicators, observe};
use crate::error::{Error, Result};
use crate::model::params::Model;
use crate::stats::proportion::Proportion;
use crate::stats::proportion::wilson;
use serde::Serialize;

/// The best split of one column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Signpost {
    /// Index of the column.
    pub column: usize,
    pub threshold: f64,
    /// True: "seen" means value > threshold; false: value ≤ threshold.
    pub above: bool,
    /// Information gain in bits.
    pub gain: f64,
    /// Share of runs in which the indicator is seen.
    pub seen: Proportion,
    /// Pathway probabilities given the indicator is seen, and given it is not.
    pub given_seen: Vec<Proportion>,
    pub given_not_seen: Vec<Proportion>,
}

/// Shannon entropy in bits of a distribution given by counts.
pub fn entropy(counts: &[u64]) -> f64 {
    let n: u64 = counts.iter().sum();
    if n == 0 {
        return 0.0;
    }
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / n as f64;
            -p * p.log2()
        })
        .sum()
}

/// Information gain of splitting `labels` into the runs where `seen` holds and the rest.
fn gain(labels: &[u8], seen: impl Fn(usize) -> bool, n_classes: usize) -> (f64, Vec<u64>, Vec<u64>) {
    let mut yes = vec![0u64; n_classes];
    let mut no = vec![0u64; n_classes];
    for (i, &l) in labels.iter().enumerate() {
        if seen(i) {
            yes[l as usize] += 1;
        } else {
            no[l as usize] += 1;
        }
    }
    let n = labels.len() as f64;
    let (ny, nn) = (yes.iter().sum::<u64>() as f64, no.iter().sum::<u64>() as f64);
    let all: Vec<u64> = yes.iter().zip(&no).map(|(a, b)| a + b).collect();
    let g = entropy(&all) - (ny / n) * entropy(&yes) - (nn / n) * entropy(&no);
    (g.max(0.0), yes, no)
}

/// The best single-threshold split of `values` for `labels` (classes 0..n_classes), or `None`
/// for a constant column.
pub fn best_split(column: usize, values: &[f64], labels: &[u8], n_classes: usize) -> Option<Signpost> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mut thresholds: Vec<f64> = (1..20).map(|q| sorted[((q as f64 / 20.0) * (n - 1) as f64) as usize]).collect();
    thresholds.dedup();
    let mut best: Option<(f64, f64, Vec<u64>, Vec<u64>)> = None;
    for t in thresholds {
        if t >= sorted[n - 1] {
            continue; // nothing above: not a split
        }
        let (g, yes, no) = gain(labels, |i| values[i] > t, n_classes);
        if best.as_ref().is_none_or(|b| g > b.1) {
            best = Some((t, g, yes, no));
        }
    }
    let (threshold, g, above_counts, below_counts) = best?;
    let n_above: u64 = above_counts.iter().sum();
    // "Seen" is the rarer side.
    let above = 2 * n_above <= n as u64;
    let (yes, no) = if above { (above_counts, below_counts) } else { (below_counts, above_counts) };
    let (ny, nn) = (yes.iter().sum::<u64>(), no.iter().sum::<u64>());
    Some(Signpost {
        column,
        threshold,
        above,
        gain: g,
        seen: wilson(ny, n as u64),
        given_seen: yes.iter().map(|&c| wilson(c, ny)).collect(),
        given_not_seen: no.iter().map(|&c| wilson(c, nn)).collect(),
    })
}

/// The best split of every column, highest information gain first, at most `top`.
pub fn rank(columns: &[Vec<f64>], labels: &[u8], n_classes: usize, top: usize) -> Vec<Signpost> {
    use rayon::prelude::*;
    let mut all: Vec<Signpost> = columns
        .par_iter()
        .enumerate()
        .filter_map(|(c, v)| best_split(c, v, labels, n_classes))
        .filter(|s| s.gain > 0.0)
        .collect();
    all.sort_by(|a, b| b.gain.total_cmp(&a.gain).then(a.column.cmp(&b.column)));
    all.truncate(top);
    all
}

/// The ranked signposts of a model, with their indicators.
#[derive(Debug, Clone)]
pub struct Signposts {
    pub runs: u64,
    /// Entropy of the classes (the final pathway, or the outcome's classes), in bits.
    pub entropy: f64,
    pub found: Vec<(Indicator, Signpost)>,
    /// What the signposts separate: the pathways, or an outcome's classes, in label order.
    pub classes: Vec<String>,
}

/// The classes of an outcome for signposts: a condition holds or not; a `first` outcome
/// happens within its window or not; a value lies above its median or not (the median over the
/// runs, named in the class).
pub fn outcome_classes(model: &Model, j: usize, values: &[f64]) -> (Vec<String>, Vec<u8>) {
    use crate::model::outcome::Kind;
    let o = &model.outcomes[j];
    match o.kind() {
        Kind::Condition => {
            (vec!["holds".into(), "does not hold".into()], values.iter().map(|&v| u8::from(v != 1.0)).collect())
        }
        Kind::FirstMonth => (
            vec![format!("happens by {}", model.start.plus(o.last)), "does not happen".into()],
            values.iter().map(|v| u8::from(v.is_nan())).collect(),
        ),
        Kind::Value => {
            let sorted = crate::stats::sample::sorted_finite(values.iter().copied());
            let median = crate::stats::sample::quantile_sorted(&sorted, 0.5);
            (
                vec![format!("above {median:.4}"), format!("at or below {median:.4}")],
                values.iter().map(|&v| u8::from(v.is_nan() || v <= median)).collect(),
            )
        }
    }
}

/// Runs `model` and ranks its signposts.
pub fn find(
    model: &Model,
    seed: u64,
    runs: u64,
    threads: usize,
    top: usize,
    by_month: Option<u32>,
    outcome: Option<usize>,
) -> Result<Signposts> {
    let mut months = checkpoint_months(model.horizon);
    months.retain(|&m| by_month.is_none_or(|b| m <= b));
    // An outcome is settled by the end of its window: watch only what is seen before then.
    let settled = outcome.map(|j| model.outcomes[j].last);
    months.retain(|&m| settled.is_none_or(|last| m < last));
    if months.is_empty() {
        return Err(Error::Usage(format!(
            "no checkpoint month before the horizon{}{}: signposts are read at months 1, 3, 6, 9, 12, 18, 24, 36, …",
            by_month.map_or(String::new(), |b| format!(" and by month {b}")),
            settled.map_or(String::new(), |m| format!(" and before the outcome's last month ({m})"))
        )));
    }
    let inds = indicators(model, &months);
    let (columns, mut labels, values) = observe(model, seed, runs, threads, &inds, &months, outcome)?;
    let classes = match outcome {
        Some(j) => {
            let (classes, l) = outcome_classes(model, j, &values);
            labels = l;
            classes
        }
        None => model.pathways.iter().map(|p| p.name.clone()).collect(),
    };
    let n_classes = classes.len().max(1);
    let mut counts = vec![0u64; n_classes];
    for &l in &labels {
        counts[l as usize] += 1;
    }
    let pool = crate::engine::runner::thread_pool(threads)?;
    let mut ranked = pool.install(|| rank(&columns, &labels, n_classes, usize::MAX));
    // One signpost per watched subject: its most informative month, the earliest among equals
    // (an event seen by month 6 says no less than the same event seen by month 12).
    ranked.sort_by(|a, b| {
        b.gain
            .total_cmp(&a.gain)
            .then(inds[a.column].month().cmp(&inds[b.column].month()))
            .then(a.column.cmp(&b.column))
    });
    let mut seen = Vec::new();
    ranked.retain(|s| {
        let subject = inds[s.column].subject();
        let fresh = !seen.contains(&subject);
        seen.push(subject);
        fresh
    });
    ranked.truncate(top);
    Ok(Signposts {
        runs,
        entropy: entropy(&counts),
        found: ranked.into_iter().map(|s| (inds[s.column], s)).collect(),
        classes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sampling::rng::{Stream, stream};
    use rand::RngExt;

    #[test]
    fn entropy_of_a_fair_coin_is_one_bit() {
        assert!((entropy(&[5, 5]) - 1.0).abs() < 1e-12);
        assert_eq!(entropy(&[7, 0]), 0.0);
    }

    /// Synthetic runs: pathway 1 ("crisis") happens when a shock variable exceeds 0.8, apart from
    /// 5% label noise; two other columns are noise and a weakly related one. The shock column
    /// must come first with its threshold near 0.8 and the crisis probability near 1 when seen.
    #[test]
    fn finds_the_known_separating_indicator() {
        let n = 20_000;
        let mut cols = vec![Vec::new(); 4];
        let mut labels = Vec::new();
        for i in 0..n {
            let mut r = stream(3, i, Stream::Dynamics);
            let shock: f64 = r.random();
            let noise: [f64; 2] = [r.random(), r.random()];
            let weak = shock * 0.3 + 0.7 * r.random::<f64>();
            let crisis = (shock > 0.8) != (r.random::<f64>() < 0.05);
            cols[0].push(noise[0]);
            cols[1].push(weak);
            cols[2].push(shock);
            cols[3].push(noise[1]);
            labels.push(crisis as u8);
        }
        let s = rank(&cols, &labels, 2, 10);
        assert_eq!(s[0].column, 2);
        assert!((s[0].threshold - 0.8).abs() < 0.03, "{:?}", s[0]);
        assert!(s[0].above, "the rarer side is above the threshold");
        assert!(s[0].given_seen[1].p > 0.9 && s[0].given_not_seen[1].p < 0.1, "{:?}", s[0]);
        assert_eq!(s[1].column, 1);
        assert!(s.iter().all(|x| x.column == 1 || x.column == 2 || x.gain < 0.005));
    }

    #[test]
    fn binary_columns_split_at_their_two_values() {
        let values = [0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0];
        let labels = [0, 0, 1, 1, 0, 1, 0, 0];
        let s = best_split(0, &values, &labels, 2).unwrap();
        assert_eq!(s.threshold, 0.0);
        assert!(s.above && (s.gain - entropy(&[5, 3])).abs() < 1e-12);
        assert_eq!(s.given_seen[1].p, 1.0);
    }

    #[test]
    fn constant_columns_give_no_split() {
        assert!(best_split(0, &[1.0; 10], &[0, 1, 0, 1, 0, 1, 0, 1, 0, 1], 2).is_none());
    }
}
