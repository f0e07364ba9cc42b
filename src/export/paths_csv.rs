//! `paths.csv` (`pathways run --paths N`): the monthly paths of the first N runs in tidy long
//! form, one row per run, month and variable, so that pandas (`read_csv`), polars and R
//! (`read.csv`) read it directly and can pivot, filter or aggregate it.
//!
//! Columns: `run` (index as in runs.csv), `month` (counted from the start, 0 = the start month),
//! `date` (YYYY-MM), `variable` (state variable key), `value` (in the variable's unit).

use crate::error::{Error, Result};
use crate::model::calendar::YearMonth;
use crate::model::vars::{State, VARS};

pub fn render(paths: &[Vec<State>], start: YearMonth) -> Result<Vec<u8>> {
    let rows: usize = paths.iter().map(|p| p.len() * VARS.len()).sum();
    let mut w = csv::Writer::from_writer(Vec::with_capacity(rows * 40));
    let fail = |e: csv::Error| Error::encode("paths.csv", e);
    w.write_record(["run", "month", "date", "variable", "value"]).map_err(fail)?;
    let (mut int, mut num) = (itoa::Buffer::new(), ryu::Buffer::new());
    for (run, path) in paths.iter().enumerate() {
        let run = int.format(run).to_string();
        for (m, state) in path.iter().enumerate() {
            let month = m.to_string();
            let date = start.plus(m as u32).to_string();
            for (info, &x) in VARS.iter().zip(state) {
                w.write_record([run.as_str(), month.as_str(), date.as_str(), info.key, num.format(x)]).map_err(fail)?;
            }
        }
    }
    w.into_inner().map_err(|e| Error::encode("paths.csv", e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::vars::N_VARS;

    #[test]
    fn one_row_per_run_month_and_variable() {
        let paths = vec![vec![[1.0; N_VARS], [2.5; N_VARS]], vec![[0.0; N_VARS], [-1.0; N_VARS]]];
        let text = String::from_utf8(render(&paths, YearMonth::parse("2025-12").unwrap()).unwrap()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 1 + 2 * 2 * N_VARS);
        assert_eq!(lines[0], "run,month,date,variable,value");
        assert_eq!(lines[1], "0,0,2025-12,tariff_us,1.0");
        assert_eq!(lines[1 + N_VARS], "0,1,2026-01,tariff_us,2.5");
        assert_eq!(lines[1 + 3 * N_VARS + N_VARS - 1], "1,1,2026-01,us_deadweight_loss,-1.0");
    }
}
