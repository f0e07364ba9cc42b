//! `sweep.csv`: one row per grid point: the parameter values, then the headline columns
//! (pathway probabilities with 95% intervals, horizon median and 90% interval of key variables).

use crate::error::Result;
use crate::export::headline::{KEY_VARS, csv, header as header_of};
use crate::sweep::result::SweepResult;

pub fn render(s: &SweepResult) -> Result<Vec<u8>> {
    let mut header: Vec<String> = s.grid.axes.iter().map(|a| a.key.clone()).collect();
    header.extend(header_of(&s.pathways));
    let rows: Vec<Vec<String>> = s
        .points
        .iter()
        .map(|pt| {
            let mut row: Vec<String> = pt.values.iter().map(f64::to_string).collect();
            for q in &pt.pathways {
                row.extend([q.p.to_string(), q.ci_low.to_string(), q.ci_high.to_string()]);
            }
            for v in KEY_VARS {
                let st = pt.horizon[v.index()];
                row.extend([st.p5.to_string(), st.p50.to_string(), st.p95.to_string()]);
            }
            row
        })
        .collect();
    csv(&header, &rows)
}
