//! A sweep shard: its manifest (the sweep's options, from which the merge plans the sweep again)
//! and `points.json`, each of its grid points' headline statistics with every float as its
//! IEEE-754 bit pattern, so that the merge assembles exactly what the single process would have.

use super::manifest::{Header, Kind, ShardManifest};
use crate::analysis::sweep::result::{SweepOutcome, SweepPoint};
use crate::engine::result::{Proportion, VarStats};
use crate::error::Result;
use serde::{Deserialize, Serialize};

/// `manifest.json` of a sweep shard. `items` are grid points; the options are the sweep's as
/// given (`None`: not given), which the merge plans the sweep from again.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SweepManifest {
    #[serde(flatten)]
    pub header: Header,
    pub params: Vec<String>,
    pub runs: Option<u64>,
    pub seed: Option<u64>,
    pub pathway: Option<String>,
    pub outcome: Option<String>,
}

impl ShardManifest for SweepManifest {
    const KIND: Kind = Kind::Sweep;

    fn header(&self) -> &Header {
        &self.header
    }

    /// The command line holds every option of the sweep.
    fn shared(&self) -> Vec<(&'static str, String)> {
        vec![("command_line", self.header.command_line.clone())]
    }
}

/// `points.json`: the points, in grid order.
pub fn encode(points: &[SweepPoint]) -> Result<Vec<u8>> {
    let bits: Vec<PointBits> = points.iter().map(PointBits::of).collect();
    Ok(serde_json::to_vec(&bits)?)
}

/// The points [`encode`] wrote.
pub fn decode(bytes: &[u8]) -> std::result::Result<Vec<SweepPoint>, String> {
    let bits: Vec<PointBits> = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    bits.iter().map(|b| b.point().ok_or_else(|| "a point is malformed".to_string())).collect()
}

/// One point, exactly: every float as its bit pattern.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct PointBits {
    values: Vec<u64>,
    /// count, total, then p, ci_low, ci_high as bits.
    pathways: Vec<[u64; 5]>,
    /// mean, sd, p5, p25, p50, p75, p95, min, max as bits, per variable.
    horizon: Vec<[u64; 9]>,
    /// Per outcome: name, measure, then value, low, high as bits.
    #[serde(default)]
    outcomes: Vec<(String, String, [u64; 3])>,
}

impl PointBits {
    fn of(p: &SweepPoint) -> PointBits {
        PointBits {
            values: p.values.iter().map(|v| v.to_bits()).collect(),
            pathways: p
                .pathways
                .iter()
                .map(|q| [q.count, q.total, q.p.to_bits(), q.ci_low.to_bits(), q.ci_high.to_bits()])
                .collect(),
            horizon: p
                .horizon
                .iter()
                .map(|s| [s.mean, s.sd, s.p5, s.p25, s.p50, s.p75, s.p95, s.min, s.max].map(f64::to_bits))
                .collect(),
            outcomes: p
                .outcomes
                .iter()
                .map(|o| (o.name.clone(), o.measure.clone(), [o.value, o.low, o.high].map(f64::to_bits)))
                .collect(),
        }
    }

    fn point(&self) -> Option<SweepPoint> {
        let f = f64::from_bits;
        let horizon: Vec<VarStats> = self
            .horizon
            .iter()
            .map(|h| VarStats {
                mean: f(h[0]),
                sd: f(h[1]),
                p5: f(h[2]),
                p25: f(h[3]),
                p50: f(h[4]),
                p75: f(h[5]),
                p95: f(h[6]),
                min: f(h[7]),
                max: f(h[8]),
            })
            .collect();
        Some(SweepPoint {
            values: self.values.iter().map(|&v| f(v)).collect(),
            pathways: self
                .pathways
                .iter()
                .map(|q| Proportion { count: q[0], total: q[1], p: f(q[2]), ci_low: f(q[3]), ci_high: f(q[4]) })
                .collect(),
            horizon: horizon.try_into().ok()?,
            outcomes: self
                .outcomes
                .iter()
                .map(|(name, measure, b)| SweepOutcome {
                    name: name.clone(),
                    measure: measure.clone(),
                    value: f(b[0]),
                    low: f(b[1]),
                    high: f(b[2]),
                })
                .collect(),
        })
    }
}
