//! Sweep shards: `sweep --shard K/N` runs the K-th of N contiguous ranges of grid points and
//! writes their headline statistics; `merge` gathers every point and writes what the unsharded
//! sweep writes. Each point's numbers come from a whole single-process run of that point, so
//! they are the same wherever the point ran.

use super::merge::MergeOptions;
use super::{Shardable, ensure_unchanged};
use crate::analysis::sweep::result::SweepPoint;
use crate::commands::sweep::{Prepared, SweepOptions, canonical_command_line, finish, prepare};
use crate::engine::study::resolved_json;
use crate::error::{Error, Result};
use crate::export::shard::folder;
use crate::export::shard::manifest::{Header, Kind, Study, sha256_hex};
use crate::export::shard::spec::ShardSpec;
use crate::export::shard::sweep::{SweepManifest, decode, encode};
use std::path::PathBuf;

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
    let data = encode(points)?;
    let (file_sha256, resolved_sha256) = hashes(opts, p)?;
    let study = Study {
        file: opts.target.display().to_string(),
        sets: opts.sets.clone(),
        file_sha256,
        resolved_sha256,
        command_line: canonical_command_line(opts),
        items: p.plan.grid.len() as u64,
    };
    let manifest = SweepManifest {
        header: Header::new(Kind::Sweep, study, spec, todo.clone(), &data),
        params: opts.params.clone(),
        runs: opts.runs,
        seed: opts.seed,
        pathway: opts.pathway.clone(),
        outcome: opts.outcome.clone(),
    };
    let dir = folder::write(&p.plan.out, &manifest, &data)?;
    if !opts.quiet {
        let of = manifest.header.items;
        println!("sweep shard {}/{}: points {}..{} of {of} → {}", spec.k, spec.n, todo.start, todo.end, dir.display());
    }
    Ok(())
}

impl Shardable for SweepManifest {
    /// Plans the sweep again from the first shard's options and writes what it writes (sweep.csv,
    /// sweep.json, charts) from every shard's points.
    fn merge(shards: &[(PathBuf, SweepManifest)], merge: &MergeOptions) -> Result<()> {
        let m = &shards[0].1;
        let opts = SweepOptions {
            target: PathBuf::from(&m.header.file),
            params: m.params.clone(),
            runs: m.runs,
            seed: m.seed,
            pathway: m.pathway.clone(),
            outcome: m.outcome.clone(),
            out: Some(merge.out.clone()),
            threads: 0,
            sets: m.header.sets.clone(),
            quiet: merge.quiet,
            charts: merge.charts.clone(),
            command_line: m.header.command_line.clone(),
            shard: None,
        };
        let p = prepare(&opts)?;
        let (file_sha256, resolved_sha256) = hashes(&opts, &p)?;
        ensure_unchanged(&m.header, "the sweep or its scenario", &file_sha256, &resolved_sha256)?;
        let mut points = Vec::new();
        for (dir, m) in shards {
            let bytes = folder::read_data(dir, &m.header)?;
            let path = dir.join(Kind::Sweep.data_file());
            points.extend(decode(&bytes).map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?);
        }
        finish(&opts, &p, points, 0.0).map(drop)
    }
}
