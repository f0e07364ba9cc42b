//! A sensitivity shard: its manifest and `rows.json`, each of its base samples' evaluations
//! (A, B, f(A), f(B), f(AB_i)) with every float as its bit pattern, so that the merge analyses
//! exactly the rows the single process would have.

use super::manifest::{Header, Kind, ShardManifest};
use crate::analysis::sobol::Row;
use crate::error::Result;
use serde::{Deserialize, Serialize};

/// `manifest.json` of a sensitivity shard. `items` are the design's base samples (`--runs`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SensitivityManifest {
    #[serde(flatten)]
    pub header: Header,
    /// A state variable key or a pathway name.
    pub outcome: String,
    pub seed: u64,
    pub bootstrap: usize,
}

impl ShardManifest for SensitivityManifest {
    const KIND: Kind = Kind::Sensitivity;

    fn header(&self) -> &Header {
        &self.header
    }

    fn shared(&self) -> Vec<(&'static str, String)> {
        vec![("seed", self.seed.to_string()), ("command_line", self.header.command_line.clone())]
    }
}

/// One base sample's row with every float as its bit pattern: A, B, f(A), f(B), f(AB_i).
type RowBits = (Vec<u64>, Vec<u64>, u64, u64, Vec<u64>);

/// `rows.json`: the rows, in base-sample order.
pub fn encode(rows: &[Row]) -> Result<Vec<u8>> {
    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<u64>>();
    let data: Vec<RowBits> =
        rows.iter().map(|r| (bits(&r.0), bits(&r.1), r.2.to_bits(), r.3.to_bits(), bits(&r.4))).collect();
    Ok(serde_json::to_vec(&data)?)
}

/// The rows [`encode`] wrote.
pub fn decode(bytes: &[u8]) -> std::result::Result<Vec<Row>, String> {
    let floats = |v: &[u64]| v.iter().map(|&x| f64::from_bits(x)).collect::<Vec<f64>>();
    let data: Vec<RowBits> = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    Ok(data
        .iter()
        .map(|r| (floats(&r.0), floats(&r.1), f64::from_bits(r.2), f64::from_bits(r.3), floats(&r.4)))
        .collect())
}
