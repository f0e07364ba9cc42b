//! Representative runs: for each pathway, the one concrete run a briefing can tell as its story.
//!
//! Choice: among the runs that end in the pathway, the run whose horizon values are closest to
//! the pathway's per-variable medians, distance = Σ over variables of ((x − median) / sd)², with
//! (upper) median and sd taken over the pathway's runs (variables with sd = 0 are skipped). Ties go to
//! the lowest run index, so the choice is deterministic and independent of the thread count.

use crate::engine::result::RunRecords;
use crate::model::vars::N_VARS;

/// The representative run index of each of `n_pathways` pathways; `None` when no run ended in it.
/// Runs on the caller's rayon pool, one task per pathway and variable: with a million runs the
/// medians take a noticeable share of the wall time, and one pathway may hold most of the runs.
pub fn representative_runs(records: &RunRecords, n_pathways: usize) -> Vec<Option<u64>> {
    use rayon::prelude::*;
    let mut members = vec![Vec::new(); n_pathways];
    for (r, &p) in records.pathway.iter().enumerate() {
        members[p as usize].push(r);
    }
    let stats: Vec<(f64, f64)> = (0..n_pathways * N_VARS)
        .into_par_iter()
        .map(|i| centre_and_scale(records, &members[i / N_VARS], i % N_VARS))
        .collect();
    members.par_iter().zip(stats.par_chunks(N_VARS)).map(|(runs, stats)| nearest(records, runs, stats)).collect()
}

/// The upper median and the standard deviation of variable `v` over `runs`.
fn centre_and_scale(records: &RunRecords, runs: &[usize], v: usize) -> (f64, f64) {
    if runs.is_empty() {
        return (0.0, 0.0);
    }
    let mut column: Vec<f64> = runs.iter().map(|&r| records.horizon_of(r)[v] as f64).collect();
    let n = column.len() as f64;
    let mean = column.iter().sum::<f64>() / n;
    let scale = (column.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n).sqrt();
    // The upper median: linear time (a full sort of a million runs would cost more).
    let mid = column.len() / 2;
    let centre = *column.select_nth_unstable_by(mid, f64::total_cmp).1;
    (centre, scale)
}

/// The first of `runs` nearest the centre, by the scaled distance; `None` when there are none.
fn nearest(records: &RunRecords, runs: &[usize], stats: &[(f64, f64)]) -> Option<u64> {
    let distance = |r: usize| -> f64 {
        let row = records.horizon_of(r);
        stats
            .iter()
            .zip(row)
            .filter(|((_, scale), _)| *scale > 0.0)
            .map(|(&(centre, scale), &x)| {
                let z = (x as f64 - centre) / scale;
                z * z
            })
            .sum()
    };
    let mut best = (f64::INFINITY, *runs.first()?);
    for &r in runs {
        let d = distance(r);
        if d < best.0 {
            best = (d, r);
        }
    }
    Some(best.1 as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(rows: &[([f32; 2], u8)]) -> RunRecords {
        let mut r = RunRecords::default();
        for (vals, p) in rows {
            let mut row = [0.0f32; N_VARS];
            row[..2].copy_from_slice(vals);
            r.horizon.extend_from_slice(&row);
            r.pathway.push(*p);
        }
        r
    }

    #[test]
    fn picks_the_run_nearest_the_pathway_median() {
        let r = records(&[([0.0, 0.0], 0), ([10.0, 1.0], 0), ([5.0, 0.5], 0), ([9.0, 9.0], 1), ([5.0, 0.4], 0)]);
        assert_eq!(representative_runs(&r, 3), vec![Some(2), Some(3), None]);
    }

    #[test]
    fn ties_go_to_the_lowest_run() {
        let r = records(&[([1.0, 1.0], 0), ([1.0, 1.0], 0)]);
        assert_eq!(representative_runs(&r, 1), vec![Some(0)]);
    }
}
