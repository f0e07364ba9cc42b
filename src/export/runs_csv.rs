//! `runs.csv`: one row per run: sampled parameters, horizon values, pathway, the first month
//! (counted from the start) the run was in each pathway, empty if never, and the value of each
//! `[[outcomes]]` entry (empty for a `first` outcome whose condition never held).
//!
//! Streamed: rows are formatted in chunks, several chunks at a time in parallel, and written in
//! run order, so the file never sits whole in memory (10 million runs make 2 GB of text) and its
//! formatting uses every worker thread.

use crate::engine::result::{NEVER, ScenarioResult};
use crate::error::{Error, Result};
use crate::model::vars::{N_VARS, VARS};
use rayon::prelude::*;
use std::io::Write;

/// Rows formatted per task: large enough to amortise the task, small enough to bound memory
/// (a chunk is about 10 MB of text).
const CHUNK: usize = 50_000;

fn fail(e: csv::Error) -> Error {
    Error::encode("runs.csv", e)
}

/// The header row.
fn header(r: &ScenarioResult) -> Vec<String> {
    let mut header = vec!["run".to_string()];
    header.extend(r.records.param_names.iter().cloned());
    header.extend(VARS.iter().map(|v| v.key.to_string()));
    header.push("pathway".into());
    header.extend(r.pathways.iter().map(|p| format!("first_month_{}", p.name)));
    header.extend(r.records.outcome_names.iter().cloned());
    header
}

/// Rows `rows` as CSV text.
fn chunk(r: &ScenarioResult, rows: std::ops::Range<usize>) -> Result<Vec<u8>> {
    let rec = &r.records;
    let n_params = rec.param_names.len();
    let n_pathways = r.pathways.len();
    let n_outcomes = rec.outcome_names.len();
    let mut w = csv::Writer::from_writer(Vec::with_capacity(
        rows.len() * 12 * (n_params + N_VARS + n_pathways + n_outcomes + 2),
    ));
    let mut buf = ryu::Buffer::new();
    let mut int = itoa::Buffer::new();
    for i in rows {
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
    w.into_inner().map_err(|e| Error::encode("runs.csv", e))
}

/// Writes runs.csv to `out`, formatting on the current thread pool. `on_io` turns a write error
/// into the error to report (it knows the file's name). Stops with [`Error::Interrupted`] at the
/// next chunk after a Ctrl-C.
pub fn write_to(r: &ScenarioResult, out: &mut impl Write, on_io: &dyn Fn(std::io::Error) -> Error) -> Result<()> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header(r)).map_err(fail)?;
    out.write_all(&w.into_inner().map_err(|e| Error::encode("runs.csv", e.into_error()))?).map_err(on_io)?;
    let n = r.records.len();
    let starts: Vec<usize> = (0..n).step_by(CHUNK).collect();
    // A window of a few chunks per thread in flight: parallel, but bounded in memory.
    let window = 2 * rayon::current_num_threads().max(1);
    for group in starts.chunks(window) {
        crate::cancel::check()?;
        let texts: Vec<Vec<u8>> = group.par_iter().map(|&s| chunk(r, s..(s + CHUNK).min(n))).collect::<Result<_>>()?;
        for t in texts {
            out.write_all(&t).map_err(on_io)?;
        }
        crate::export::staged::failpoint("runs-csv-chunk");
    }
    Ok(())
}

/// runs.csv as bytes (for small results and tests).
pub fn render(r: &ScenarioResult) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    write_to(r, &mut out, &|e| Error::encode("runs.csv", e))?;
    Ok(out)
}
