//! Sensitivity shards: `sensitivity --shard K/N` evaluates the K-th of N contiguous ranges of
//! the Saltelli design's base samples and keeps every evaluation (floats as bit patterns);
//! `merge` joins the rows in base-sample order and runs the same analysis on them. Each base
//! sample draws from its own streams, so a row is the same wherever it was evaluated.

use super::ShardSpec;
use super::merge::{Field, disagreements};
use crate::analysis::sensitivity::{Target, analyze_evaluations, split};
use crate::analysis::sobol::{Row, from_rows};
use crate::chart::ChartOptions;
use crate::commands::AnalysisOptions;
use crate::commands::sensitivity::{SensitivityOptions, canonical_command_line, report};
use crate::engine::study::resolved_json;
use crate::error::{Error, Result};
use crate::export::atomic::{create_dir, write_atomic};
use crate::export::shard::manifest::{MANIFEST, sha256_hex};
use crate::model::params::Model;
use crate::scenario::load::{LoadedScenario, load};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub const FORMAT: &str = "pathways-sensitivity-shard/1";
const DATA: &str = "rows.json";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SensitivityManifest {
    pub format: String,
    pub tool_version: String,
    pub scenario: PathBuf,
    pub sets: Vec<String>,
    pub outcome: String,
    pub base_samples: u64,
    pub seed: u64,
    pub bootstrap: usize,
    #[serde(deserialize_with = "crate::read::sha256")]
    pub scenario_sha256: String,
    #[serde(deserialize_with = "crate::read::sha256")]
    pub resolved_sha256: String,
    pub command_line: String,
    pub shard: u32,
    pub shards: u32,
    /// This shard's base samples: `first_sample..end_sample`.
    pub first_sample: u64,
    pub end_sample: u64,
    #[serde(deserialize_with = "crate::read::sha256")]
    pub data_sha256: String,
}

/// One base sample's row with every float as its bit pattern: A, B, f(A), f(B), f(AB_i).
type RowBits = (Vec<u64>, Vec<u64>, u64, u64, Vec<u64>);

fn bits(v: &[f64]) -> Vec<u64> {
    v.iter().map(|x| x.to_bits()).collect()
}

fn floats(v: &[u64]) -> Vec<f64> {
    v.iter().map(|&x| f64::from_bits(x)).collect()
}

fn resolved_sha256(s: &LoadedScenario) -> Result<String> {
    Ok(sha256_hex(&serde_json::to_vec(&resolved_json(s)?)?))
}

/// Writes OUT/shard-K-of-N/ with the rows of base samples `js`.
pub fn write_shard(
    opts: &SensitivityOptions,
    s: &LoadedScenario,
    seed: u64,
    spec: ShardSpec,
    js: std::ops::Range<u64>,
    rows: &[Row],
) -> Result<()> {
    let data: Vec<RowBits> =
        rows.iter().map(|r| (bits(&r.0), bits(&r.1), r.2.to_bits(), r.3.to_bits(), bits(&r.4))).collect();
    let data = serde_json::to_vec(&data)?;
    let manifest = SensitivityManifest {
        format: FORMAT.into(),
        tool_version: env!("CARGO_PKG_VERSION").into(),
        scenario: opts.scenario.clone(),
        sets: opts.common.sets.clone(),
        outcome: opts.outcome.clone(),
        base_samples: opts.base_samples,
        seed,
        bootstrap: opts.bootstrap,
        scenario_sha256: s.sha256.clone(),
        resolved_sha256: resolved_sha256(s)?,
        command_line: canonical_command_line(opts, seed),
        shard: spec.k,
        shards: spec.n,
        first_sample: js.start,
        end_sample: js.end,
        data_sha256: sha256_hex(&data),
    };
    let dir = opts.common.out.join(spec.folder());
    create_dir(&dir)?;
    write_atomic(&dir.join(DATA), &data)?;
    let mut json = serde_json::to_vec_pretty(&manifest)?;
    json.push(b'\n');
    write_atomic(&dir.join(MANIFEST), &json)?;
    if !opts.common.quiet {
        println!(
            "sensitivity shard {}/{}: base samples {}..{} of {} → {}",
            spec.k,
            spec.n,
            js.start,
            js.end,
            opts.base_samples,
            dir.display()
        );
    }
    Ok(())
}

/// Every reason sensitivity shards cannot be merged; empty if they can.
pub fn check(shards: &[(PathBuf, SensitivityManifest)]) -> Vec<String> {
    let Some((_, r)) = shards.first() else {
        return vec!["no shard folders given".into()];
    };
    let mut problems = Vec::new();
    let fields: [Field<SensitivityManifest>; 7] = [
        ("format", |m| m.format.clone()),
        ("scenario file hash", |m| m.scenario_sha256.clone()),
        ("resolved-parameters hash", |m| m.resolved_sha256.clone()),
        ("seed", |m| m.seed.to_string()),
        ("analysis (command line)", |m| m.command_line.clone()),
        ("number of shards N", |m| m.shards.to_string()),
        ("tool version", |m| m.tool_version.clone()),
    ];
    problems.extend(disagreements(shards, &fields));
    if !problems.is_empty() {
        return problems;
    }
    let ranges: Vec<(u32, std::ops::Range<u64>, &PathBuf)> =
        shards.iter().map(|(d, m)| (m.shard, m.first_sample..m.end_sample, d)).collect();
    super::merge::coverage(r.shards, &ranges, |k| ShardSpec { k, n: r.shards }.slice(r.base_samples))
}

/// Merges sensitivity shard folders into OUT/<scenario>/sensitivity/, as `sensitivity` writes
/// (and prints its table unless `quiet`, as `sensitivity` does).
pub fn merge(dirs: &[PathBuf], out: &Path, charts: &ChartOptions, quiet: bool) -> Result<()> {
    let mut shards: Vec<(PathBuf, SensitivityManifest)> = super::merge::read_manifests(dirs, "sensitivity")?;
    super::merge::ensure_together(check(&shards))?;
    shards.sort_by_key(|(_, m)| m.shard);
    let m = &shards[0].1;
    let opts = SensitivityOptions {
        scenario: m.scenario.clone(),
        outcome: m.outcome.clone(),
        base_samples: m.base_samples,
        seed: Some(m.seed),
        bootstrap: m.bootstrap,
        common: AnalysisOptions {
            out: out.to_path_buf(),
            threads: 0,
            sets: m.sets.clone(),
            charts: charts.clone(),
            command_line: m.command_line.clone(),
            quiet,
        },
        shard: None,
    };
    let s = load(&m.scenario, &m.sets)?;
    if s.sha256 != m.scenario_sha256 || resolved_sha256(&s)? != m.resolved_sha256 {
        return Err(Error::Usage(format!(
            "{}: the scenario (or a file it extends) changed since the shards ran; restore it or rerun the shards",
            m.scenario.display()
        )));
    }
    let model = Model::compile(&s);
    let target = Target::parse(&m.outcome, &model)?;
    let mut rows: Vec<Row> = Vec::with_capacity(m.base_samples as usize);
    for (dir, m) in &shards {
        let path = dir.join(DATA);
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        if sha256_hex(&bytes) != m.data_sha256 {
            return Err(Error::Usage(format!(
                "{}: the data does not match its manifest (corrupt or replaced)",
                path.display()
            )));
        }
        let data: Vec<RowBits> =
            serde_json::from_slice(&bytes).map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?;
        rows.extend(
            data.iter().map(|r| (floats(&r.0), floats(&r.1), f64::from_bits(r.2), f64::from_bits(r.3), floats(&r.4))),
        );
    }
    let e = from_rows(model.uncertain.len(), m.base_samples as usize, rows);
    let mut a = analyze_evaluations(&model, &e, m.seed, m.bootstrap);
    a.split = Some(split(&model, target, opts.base_samples as usize, m.seed));
    report(&opts, &s, &model, target, m.seed, a, 0.0).map(drop)
}
