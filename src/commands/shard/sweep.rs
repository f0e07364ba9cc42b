//! Sweep shards: `sweep --shard K/N` runs the K-th of N contiguous ranges of grid points and
//! writes their headline statistics (floats as IEEE-754 bit patterns); `merge` gathers every
//! point and writes what the unsharded sweep writes. Each point's numbers come from a whole
//! single-process run of that point, so they are the same wherever the point ran.

use super::ShardSpec;
use super::merge::{Field, disagreements};
use crate::analysis::sweep::result::SweepPoint;
use crate::chart::ChartOptions;
use crate::commands::sweep::{Prepared, SweepOptions, canonical_command_line, finish, prepare};
use crate::engine::result::{Proportion, VarStats};
use crate::engine::study::resolved_json;
use crate::error::{Error, Result};
use crate::export::atomic::{create_dir, write_atomic};
use crate::export::shard::manifest::{MANIFEST, sha256_hex};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub const FORMAT: &str = "pathways-sweep-shard/2";
const DATA: &str = "points.json";

/// `manifest.json` of a sweep shard: the sweep's options (the merge replans from them) and checks.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SweepManifest {
    pub format: String,
    pub tool_version: String,
    pub target: PathBuf,
    pub params: Vec<String>,
    pub runs: Option<u64>,
    pub seed: Option<u64>,
    pub pathway: Option<String>,
    #[serde(default)]
    pub outcome: Option<String>,
    pub sets: Vec<String>,
    /// SHA-256 of the sweep or scenario file given, and of every point's resolved scenario.
    #[serde(deserialize_with = "crate::read::sha256")]
    pub target_sha256: String,
    #[serde(deserialize_with = "crate::read::sha256")]
    pub resolved_sha256: String,
    pub command_line: String,
    /// Grid points of the whole sweep; this shard's are `first_point..end_point`.
    pub points: u64,
    pub shard: u32,
    pub shards: u32,
    pub first_point: u64,
    pub end_point: u64,
    #[serde(deserialize_with = "crate::read::sha256")]
    pub data_sha256: String,
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
                .map(|(name, measure, b)| crate::analysis::sweep::result::SweepOutcome {
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

fn hashes(opts: &SweepOptions, p: &Prepared) -> Result<(String, String)> {
    let target = std::fs::read(&opts.target).map_err(|e| Error::io(&opts.target, e))?;
    let mut resolved = Vec::new();
    for s in &p.scenarios {
        resolved.extend(serde_json::to_vec(&resolved_json(s)?)?);
        resolved.extend(s.sha256.as_bytes());
    }
    Ok((sha256_hex(&target), sha256_hex(&resolved)))
}

/// Writes OUT/shard-K-of-N/ for the points `todo` of the sweep.
pub(crate) fn write_shard(
    opts: &SweepOptions,
    p: &Prepared,
    spec: ShardSpec,
    todo: std::ops::Range<u64>,
    points: &[SweepPoint],
) -> Result<()> {
    let bits: Vec<PointBits> = points.iter().map(PointBits::of).collect();
    let data = serde_json::to_vec(&bits)?;
    let (target_sha256, resolved_sha256) = hashes(opts, p)?;
    let manifest = SweepManifest {
        format: FORMAT.into(),
        tool_version: env!("CARGO_PKG_VERSION").into(),
        target: opts.target.clone(),
        params: opts.params.clone(),
        runs: opts.runs,
        seed: opts.seed,
        pathway: opts.pathway.clone(),
        outcome: opts.outcome.clone(),
        sets: opts.sets.clone(),
        target_sha256,
        resolved_sha256,
        command_line: canonical_command_line(opts),
        points: p.plan.grid.len() as u64,
        shard: spec.k,
        shards: spec.n,
        first_point: todo.start,
        end_point: todo.end,
        data_sha256: sha256_hex(&data),
    };
    let dir = p.plan.out.join(spec.folder());
    create_dir(&dir)?;
    write_atomic(&dir.join(DATA), &data)?;
    let mut json = serde_json::to_vec_pretty(&manifest)?;
    json.push(b'\n');
    write_atomic(&dir.join(MANIFEST), &json)?;
    if !opts.quiet {
        println!(
            "sweep shard {}/{}: points {}..{} of {} → {}",
            spec.k,
            spec.n,
            todo.start,
            todo.end,
            manifest.points,
            dir.display()
        );
    }
    Ok(())
}

/// Every reason sweep shards cannot be merged; empty if they can.
pub fn check(shards: &[(PathBuf, SweepManifest)]) -> Vec<String> {
    let Some((_, r)) = shards.first() else {
        return vec!["no shard folders given".into()];
    };
    let mut problems = Vec::new();
    let fields: [Field<SweepManifest>; 7] = [
        ("format", |m| m.format.clone()),
        ("sweep or scenario file hash", |m| m.target_sha256.clone()),
        ("resolved-parameters hash", |m| m.resolved_sha256.clone()),
        ("sweep (command line)", |m| m.command_line.clone()),
        ("number of grid points", |m| m.points.to_string()),
        ("number of shards N", |m| m.shards.to_string()),
        ("tool version", |m| m.tool_version.clone()),
    ];
    problems.extend(disagreements(shards, &fields));
    if !problems.is_empty() {
        return problems;
    }
    let ranges: Vec<(u32, std::ops::Range<u64>, &PathBuf)> =
        shards.iter().map(|(d, m)| (m.shard, m.first_point..m.end_point, d)).collect();
    super::merge::coverage(r.shards, &ranges, |k| ShardSpec { k, n: r.shards }.slice(r.points))
}

/// Merges sweep shard folders into OUT (sweep.csv, sweep.json, charts).
pub fn merge(dirs: &[PathBuf], out: &Path, charts: &ChartOptions, quiet: bool) -> Result<()> {
    let mut shards: Vec<(PathBuf, SweepManifest)> = super::merge::read_manifests(dirs, "sweep")?;
    super::merge::ensure_together(check(&shards))?;
    shards.sort_by_key(|(_, m)| m.shard);
    let m = &shards[0].1;
    let opts = SweepOptions {
        target: m.target.clone(),
        params: m.params.clone(),
        runs: m.runs,
        seed: m.seed,
        pathway: m.pathway.clone(),
        outcome: m.outcome.clone(),
        out: Some(out.to_path_buf()),
        threads: 0,
        sets: m.sets.clone(),
        quiet,
        charts: charts.clone(),
        command_line: m.command_line.clone(),
        shard: None,
    };
    let p = prepare(&opts)?;
    if hashes(&opts, &p)? != (m.target_sha256.clone(), m.resolved_sha256.clone()) {
        return Err(Error::Usage(format!(
            "{}: the sweep or its scenario changed since the shards ran; restore it or rerun the shards",
            m.target.display()
        )));
    }
    let mut points = Vec::new();
    for (dir, m) in &shards {
        let path = dir.join(DATA);
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        if sha256_hex(&bytes) != m.data_sha256 {
            return Err(Error::Usage(format!(
                "{}: the data does not match its manifest (corrupt or replaced)",
                path.display()
            )));
        }
        let bits: Vec<PointBits> =
            serde_json::from_slice(&bytes).map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?;
        for b in bits {
            points.push(b.point().ok_or_else(|| Error::Usage(format!("{}: a point is malformed", path.display())))?);
        }
    }
    finish(&opts, &p, points, 0.0).map(|_| ())
}
