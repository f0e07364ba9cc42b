//! `runs.csv`: one row per run: sampled parameters, horizon values, pathway, the first month
//! (counted from the start) the run was in each pathway, empty if never, and the value of each
//! `[[outcomes]]` entry (empty for a `first` outcome whose condition never held).

use crate::engine::result::{NEVER, ScenarioResult};
use crate::error::{Error, Result};
use crate::model::vars::{N_VARS, VARS};

pub fn render(r: &ScenarioResult) -> Result<Vec<u8>> {
    let rec = &r.records;
    let n_params = rec.param_names.len();
    let n_pathways = r.pathways.len();
    let mut w = csv::Writer::from_writer(Vec::with_capacity(rec.len() * 16 * (n_params + N_VARS + n_pathways + 2)));
    let fail = |e: csv::Error| Error::Other(format!("cannot encode runs.csv: {e}"));
    let mut header = vec!["run".to_string()];
    header.extend(rec.param_names.iter().cloned());
    header.extend(VARS.iter().map(|v| v.key.to_string()));
    header.push("pathway".into());
    header.extend(r.pathways.iter().map(|p| format!("first_month_{}", p.name)));
    header.extend(rec.outcome_names.iter().cloned());
    let n_outcomes = rec.outcome_names.len();
    w.write_record(&header).map_err(fail)?;
    let mut buf = ryu::Buffer::new();
    let mut int = itoa::Buffer::new();
    for i in 0..rec.len() {
        w.write_field(int.format(i)).map_err(fail)?;
        for &x in &rec.params[i * n_params..(i + 1) * n_params] {
            w.write_field(buf.format(x)).map_err(fail)?;
        }
        for &x in rec.horizon_of(i) {
            w.write_field(buf.format(x)).map_err(fail)?;
        }
        w.write_field(&r.pathways[rec.pathway[i] as usize].name).map_err(fail)?;
        for &m in &rec.first_entry[i * n_pathways..(i + 1) * n_pathways] {
            if m == NEVER {
                w.write_field("").map_err(fail)?;
            } else {
                w.write_field(int.format(m)).map_err(fail)?;
            }
        }
        for &x in &rec.outcomes[i * n_outcomes..(i + 1) * n_outcomes] {
            if x.is_finite() {
                w.write_field(buf.format(x)).map_err(fail)?;
            } else {
                w.write_field("").map_err(fail)?;
            }
        }
        w.write_record(None::<&[u8]>).map_err(fail)?;
    }
    w.into_inner().map_err(|e| Error::Other(format!("cannot encode runs.csv: {e}")))
}
