//! `pathways run SCENARIO --shard K/N`: one shard of a study, written to OUT/shard-K-of-N/; and
//! the merge of such shards into what `pathways run` writes.

use super::merge::MergeOptions;
use super::{Shardable, ensure_unchanged, resolved_sha256};
use crate::commands::command_line::canonical_command_line;
use crate::commands::run::RunOptions;
use crate::engine::aggregate::{BlockOut, Sketches};
use crate::engine::result::ScenarioResult;
use crate::engine::runner::{fold_blocks, run_blocks, summarize};
use crate::engine::study::{resolved_json, run_meta};
use crate::error::{Error, Result};
use crate::export::result_files::write_result;
use crate::export::shard::codec::{self, Shape};
use crate::export::shard::folder;
use crate::export::shard::manifest::{Header, Kind, Study};
use crate::export::shard::run::RunManifest;
use crate::export::shard::spec::ShardSpec;
use crate::model::params::Model;
use crate::scenario::load::load;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Runs shard `spec` of the one scenario in `opts` and writes its folder; returns the folder.
pub fn run_shard(opts: &RunOptions, spec: ShardSpec) -> Result<PathBuf> {
    let (files, problems) = crate::scenario::files::expand(&opts.paths);
    if !problems.is_empty() {
        return Err(Error::Scenario(problems));
    }
    let [file] = files.as_slice() else {
        return Err(Error::Usage(format!(
            "--shard runs one scenario file, but {} were given; run each scenario's shards separately",
            files.len()
        )));
    };
    let sets = crate::commands::run::batch::load_sets(opts);
    let s = load(file, &sets)?;
    crate::diagnostic::eprint_warnings(&s.warnings);
    let model = Model::compile(&s);
    let (runs, seed) = (s.file.simulation.runs, s.file.simulation.seed);
    let range = Kind::Run.share(spec, runs);
    let started = Instant::now();
    let (blocks, sketches) = run_blocks(&model, range.clone(), seed, opts.threads, &|_| {})?;
    let data = codec::encode(Shape::of(&model), &blocks, &sketches);
    let study = Study {
        file: s.path().display().to_string(),
        sets,
        file_sha256: s.sha256.clone(),
        resolved_sha256: resolved_sha256(&s)?,
        command_line: canonical_command_line(&s, opts),
        items: runs,
    };
    let header = Header::new(Kind::Run, study, spec, range.clone(), &data);
    let manifest = RunManifest { header, scenario: s.file.scenario.name.clone(), seed };
    let dir = folder::write(&opts.out, &manifest, &data)?;
    if !opts.quiet {
        println!(
            "{}: shard {}/{} (runs {}..{} of {runs}) in {:.1} s → {}",
            manifest.scenario,
            spec.k,
            spec.n,
            range.start,
            range.end,
            started.elapsed().as_secs_f64(),
            dir.display()
        );
    }
    Ok(dir)
}

impl Shardable for RunManifest {
    /// Folds every shard's blocks in run order and writes OUT/<scenario>/ plus batch.json and
    /// batch.csv, as `run` does.
    fn merge(shards: &[(PathBuf, RunManifest)], opts: &MergeOptions) -> Result<()> {
        let first = &shards[0].1.header;
        let s = load(Path::new(&first.file), &first.sets)?;
        ensure_unchanged(first, "the scenario (or a file it extends)", &s.sha256, &resolved_sha256(&s)?)?;
        let model = Model::compile(&s);
        let runs = first.items;
        // The merge holds every shard's per-run records.
        crate::engine::memory::check_fits(&model, runs, crate::engine::memory::available_bytes())?;
        // Folded shard by shard, so only one shard's blocks are held unmerged at a time.
        let mut total: Option<BlockOut> = None;
        let mut sketches = Sketches::new(model.horizon);
        for (dir, m) in shards {
            let path = dir.join(Kind::Run.data_file());
            let bytes = folder::read_data(dir, &m.header)?;
            let (blocks, sk) = codec::decode(&bytes, Shape::of(&model))
                .map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?;
            for block in blocks {
                match &mut total {
                    None => total = Some(block),
                    Some(t) => t.append(block),
                }
            }
            sketches.merge(&sk);
        }
        let agg = fold_blocks(&model, runs, total.into_iter().collect(), sketches);
        let meta = run_meta(&s, shards[0].1.seed, runs, first.command_line.clone());
        let result = summarize(&model, meta, resolved_json(&s)?, agg);
        let dir = opts.out.join(&result.meta.folder);
        crate::export::staged::remove_stale(&opts.out);
        // The scenario's folder and the batch tables change together, as with `run`.
        let tx = crate::export::staged::Transaction::begin(&opts.out)?;
        write_result(&result, &tx.folder(&result.meta.folder)?, &opts.charts)?;
        let summary = ScenarioResult { records: Default::default(), ..result.clone() };
        for (name, bytes) in crate::export::batch_tables::table_files(&[summary], &[])? {
            tx.write(&name, &bytes)?;
        }
        tx.commit(&[])?;
        if !opts.quiet {
            println!("{}: merged {} shards of {runs} runs → {}", result.meta.scenario, shards.len(), dir.display());
        }
        Ok(())
    }
}
