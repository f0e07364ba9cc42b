//! Small CSV tables of the analysis commands, written with the csv crate (quoting is its job).

use crate::error::{Error, Result};

/// CSV bytes from a header and rows.
pub fn csv_bytes(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let enc = |e: csv::Error| Error::encode("CSV", e);
    w.write_record(header).map_err(enc)?;
    for r in rows {
        w.write_record(&r).map_err(enc)?;
    }
    w.into_inner().map_err(|e| Error::encode("CSV", e))
}

/// A number for CSV: shortest round-trip form.
pub fn num(v: f64) -> String {
    if v.is_finite() { ryu::Buffer::new().format(v).to_string() } else { String::new() }
}
