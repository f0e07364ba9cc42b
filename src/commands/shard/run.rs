//! `pathways run SCENARIO --shard K/N`: one shard of a study, written to OUT/shard-K-of-N/.

use super::ShardSpec;
use crate::commands::command_line::canonical_command_line;
use crate::commands::run::RunOptions;
use crate::engine::runner::run_blocks;
use crate::engine::study::resolved_json;
use crate::error::{Error, Result};
use crate::export::atomic::{create_dir, write_atomic};
use crate::export::shard::codec::{self, Shape};
use crate::export::shard::manifest::{DATA, FORMAT, MANIFEST, Manifest, sha256_hex};
use crate::model::params::Model;
use crate::model::vars::N_VARS;
use crate::scenario::load::load;
use std::path::PathBuf;
use std::time::Instant;

/// The dimensions of a model's shard data.
pub fn shape_of(model: &Model) -> Shape {
    Shape {
        months: model.horizon as usize + 1,
        vars: N_VARS,
        pathways: model.pathways.len(),
        params: model.uncertain.len(),
        outcomes: model.outcomes.len(),
    }
}

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
    let range = spec.range(runs);
    let started = Instant::now();
    let (blocks, sketches) = run_blocks(&model, range.clone(), seed, opts.threads, &|_| {})?;
    let data = codec::encode(shape_of(&model), &blocks, &sketches);
    let resolved = serde_json::to_vec(&resolved_json(&s)?)?;
    let manifest = Manifest {
        format: FORMAT.to_string(),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        scenario: s.file.scenario.name.clone(),
        file: s.path().display().to_string(),
        sets,
        scenario_sha256: s.sha256.clone(),
        resolved_sha256: sha256_hex(&resolved),
        command_line: canonical_command_line(&s, opts),
        seed,
        runs,
        shard: spec.k,
        shards: spec.n,
        first_run: range.start,
        end_run: range.end,
        data_sha256: sha256_hex(&data),
    };
    let dir = opts.out.join(spec.folder());
    create_dir(&dir)?;
    // Data first, manifest last: a folder whose manifest names this data is complete.
    write_atomic(&dir.join(DATA), &data)?;
    let mut json = serde_json::to_vec_pretty(&manifest)?;
    json.push(b'\n');
    write_atomic(&dir.join(MANIFEST), &json)?;
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
