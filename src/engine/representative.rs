//! Representative runs: for each pathway, the one concrete run a briefing can tell as its story.
//!
//! Choice: among the runs that end in the pathway, the run whose horizon values are closest to
//! the pathway's per-variable medians, distance = Σ over variables of ((x − median) / sd)², with
//! (upper) median and sd taken over the pathway's runs (variables with sd = 0 are skipped). Ties go to
//! the lowest run index, so the choice is deterministic and independent of the thread count.

use crate::engine::result::RunRecords;
use crate::model::vars::N_VARS;

/// The representative run index of each of `n_pathways` pathways; `None` when no run ended in it.
/// Pathways are done in parallel (on the caller's rayon pool): with a million runs the medians
/// take a noticeable share of a run's wall time.
pub fn representative_runs(records: &RunRecords, n_pathways: usize) -> Vec<Option<u64>> {
    use rayon::prelude::*;
    (0..n_pathways).into_par_iter().map(|p| representative(records, p)).collect()
}

fn representative(records: &RunRecords, pathway: usize) -> Option<u64> {
    let members: Vec<usize> = (0..records.len()).filter(|&r| records.pathway[r] as usize == pathway).collect();
    if members.is_empty() {
        return None;
    }
    let mut centre = [0.0f64; N_VARS];
    let mut scale = [0.0f64; N_VARS];
    let mut column: Vec<f64> = Vec::with_capacity(members.len());
    for v in 0..N_VARS {
        column.clear();
        column.extend(members.iter().map(|&r| records.horizon_of(r)[v] as f64));
        let n = column.len() as f64;
        let mean = column.iter().sum::<f64>() / n;
        scale[v] = (column.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n).sqrt();
        // The upper median: linear time (a full sort of a million runs would cost more).
        let mid = column.len() / 2;
        centre[v] = *column.select_nth_unstable_by(mid, f64::total_cmp).1;
    }
    let distance = |r: usize| -> f64 {
        let row = records.horizon_of(r);
        (0..N_VARS)
            .filter(|&v| scale[v] > 0.0)
            .map(|v| {
                let z = (row[v] as f64 - centre[v]) / scale[v];
                z * z
            })
            .sum()
    };
    let mut best = (f64::INFINITY, members[0]);
    for &r in &members {
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
