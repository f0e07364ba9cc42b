//! `timeseries.csv`: per month and variable, mean, sd, the 5/25/50/75/95 percentiles and the
//! exact minimum and maximum.

use crate::engine::result::ScenarioResult;
use crate::error::{Error, Result};
use crate::model::vars::VARS;

pub fn render(r: &ScenarioResult) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| Error::encode("timeseries.csv", e);
    w.write_record(["month", "variable", "mean", "sd", "p5", "p25", "p50", "p75", "p95", "min", "max"])
        .map_err(fail)?;
    for (m, row) in r.series.iter().enumerate() {
        let month = r.meta.month(m as u32).to_string();
        for (info, s) in VARS.iter().zip(row) {
            w.write_field(&month).map_err(fail)?;
            w.write_field(info.key).map_err(fail)?;
            for x in [s.mean, s.sd, s.p5, s.p25, s.p50, s.p75, s.p95, s.min, s.max] {
                w.write_field(ryu::Buffer::new().format(x)).map_err(fail)?;
            }
            w.write_record(None::<&[u8]>).map_err(fail)?;
        }
    }
    w.into_inner().map_err(|e| Error::encode("timeseries.csv", e))
}
