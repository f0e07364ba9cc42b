//! Sensitivity shards: `sensitivity --shard K/N` evaluates the K-th of N contiguous ranges of
//! the Saltelli design's base samples and keeps every evaluation; `merge` joins the rows in
//! base-sample order and runs the same analysis on them. Each base sample draws from its own
//! streams, so a row is the same wherever it was evaluated.

use super::merge::MergeOptions;
use super::{Shardable, ensure_unchanged, resolved_sha256};
use crate::analysis::sensitivity::{Target, analyze_evaluations, split};
use crate::analysis::sobol::{Row, from_rows};
use crate::commands::AnalysisOptions;
use crate::commands::sensitivity::{SensitivityOptions, canonical_command_line, report};
use crate::error::{Error, Result};
use crate::export::shard::folder;
use crate::export::shard::manifest::{Header, Kind, Study};
use crate::export::shard::sensitivity::{SensitivityManifest, decode, encode};
use crate::export::shard::spec::ShardSpec;
use crate::model::params::Model;
use crate::scenario::load::{LoadedScenario, load};
use std::path::PathBuf;

/// Writes OUT/shard-K-of-N/ with the rows of base samples `js`.
pub fn write_shard(
    opts: &SensitivityOptions,
    s: &LoadedScenario,
    seed: u64,
    spec: ShardSpec,
    js: std::ops::Range<u64>,
    rows: &[Row],
) -> Result<()> {
    let data = encode(rows)?;
    let study = Study {
        file: opts.scenario.display().to_string(),
        sets: opts.common.sets.clone(),
        file_sha256: s.sha256.clone(),
        resolved_sha256: resolved_sha256(s)?,
        command_line: canonical_command_line(opts, seed),
        items: opts.base_samples,
    };
    let manifest = SensitivityManifest {
        header: Header::new(Kind::Sensitivity, study, spec, js.clone(), &data),
        outcome: opts.outcome.clone(),
        seed,
        bootstrap: opts.bootstrap,
    };
    let dir = folder::write(&opts.common.out, &manifest, &data)?;
    if !opts.common.quiet {
        let of = opts.base_samples;
        println!(
            "sensitivity shard {}/{}: base samples {}..{} of {of} → {}",
            spec.k,
            spec.n,
            js.start,
            js.end,
            dir.display()
        );
    }
    Ok(())
}

impl Shardable for SensitivityManifest {
    /// Joins every shard's rows and writes OUT/<scenario>/sensitivity/, as `sensitivity` does
    /// (and prints its table unless quiet, as `sensitivity` does).
    fn merge(shards: &[(PathBuf, SensitivityManifest)], merge: &MergeOptions) -> Result<()> {
        let m = &shards[0].1;
        let h = &m.header;
        let opts = SensitivityOptions {
            scenario: PathBuf::from(&h.file),
            outcome: m.outcome.clone(),
            base_samples: h.items,
            seed: Some(m.seed),
            bootstrap: m.bootstrap,
            common: AnalysisOptions {
                out: merge.out.clone(),
                threads: 0,
                sets: h.sets.clone(),
                charts: merge.charts.clone(),
                command_line: h.command_line.clone(),
                quiet: merge.quiet,
            },
            shard: None,
        };
        let s = load(&opts.scenario, &h.sets)?;
        ensure_unchanged(h, "the scenario (or a file it extends)", &s.sha256, &resolved_sha256(&s)?)?;
        let model = Model::compile(&s);
        let target = Target::parse(&m.outcome, &model)?;
        let mut rows: Vec<Row> = Vec::with_capacity(h.items as usize);
        for (dir, m) in shards {
            let bytes = folder::read_data(dir, &m.header)?;
            let path = dir.join(Kind::Sensitivity.data_file());
            rows.extend(decode(&bytes).map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?);
        }
        let e = from_rows(model.uncertain.len(), h.items as usize, rows);
        let mut a = analyze_evaluations(&model, &e, m.seed, m.bootstrap);
        a.split = Some(split(&model, target, h.items as usize, m.seed));
        report(&opts, &s, &model, target, m.seed, a, 0.0).map(drop)
    }
}
