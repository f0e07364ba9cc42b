//! `pathways merge SHARD_DIR... --out DIR`: checks that shard folders belong together, folds
//! their blocks in run order and writes what `pathways run` would have written.

use super::ShardSpec;
use super::run::shape_of;
use crate::chart::ChartOptions;
use crate::engine::aggregate::Sketches;
use crate::engine::result::ScenarioResult;
use crate::engine::runner::{fold_blocks, summarize};
use crate::engine::study::resolved_json;
use crate::engine::study::run_meta;
use crate::error::{Error, Result};
use crate::export::result_files::write_result;
use crate::export::shard::codec;
use crate::export::shard::manifest::{DATA, FORMAT, MANIFEST, Manifest, sha256_hex};
use crate::model::params::Model;
use crate::scenario::load::load;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct MergeOptions {
    pub dirs: Vec<PathBuf>,
    pub out: PathBuf,
    pub charts: ChartOptions,
    pub quiet: bool,
    /// Worker threads for the summary and the charts (0 = all cores).
    pub threads: usize,
}

/// The shard folders named by `dirs`: each is a shard folder itself, or the folder a sharded
/// command wrote into (`run --shard K/N --out DIR`), which stands for the `shard-K-of-N`
/// folders it holds, in order. A folder holding the shards of studies with different N is
/// refused: which study is meant cannot be guessed.
pub fn shard_dirs(dirs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for d in dirs {
        if d.join(MANIFEST).is_file() || !d.is_dir() {
            out.push(d.clone());
            continue;
        }
        let entries = std::fs::read_dir(d).map_err(|e| Error::io(d, e))?;
        let mut inner: Vec<(String, PathBuf)> = entries
            .filter_map(|e| e.ok())
            .filter(|e| e.path().is_dir())
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().to_string();
                let of = shard_folder_n(&name)?;
                Some((of, e.path()))
            })
            .collect();
        if inner.is_empty() {
            return Err(Error::Usage(format!(
                "{}: not a finished shard folder (no {MANIFEST}), nor a folder holding shard-K-of-N folders",
                d.display()
            )));
        }
        let mut ns: Vec<&str> = inner.iter().map(|(n, _)| n.as_str()).collect();
        ns.dedup();
        ns.sort();
        ns.dedup();
        if ns.len() > 1 {
            return Err(Error::Usage(format!(
                "{}: holds the shards of {} studies (shard-*-of-{}); name the shard folders of one, e.g. {}/shard-*-of-{}",
                d.display(),
                ns.len(),
                ns.join(", shard-*-of-"),
                d.display(),
                ns[0]
            )));
        }
        inner.sort();
        out.extend(inner.into_iter().map(|(_, p)| p));
    }
    Ok(out)
}

/// N of a folder named like `shard-0003-of-0016` (as written), or `None`.
fn shard_folder_n(name: &str) -> Option<String> {
    let rest = name.strip_prefix("shard-")?;
    let (k, n) = rest.split_once("-of-")?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(k) && digits(n)).then(|| n.to_string())
}

/// Merges the shards and writes OUT/<scenario>/ plus batch.json and batch.csv, as `run` does,
/// on `opts.threads` worker threads.
pub fn merge(opts: &MergeOptions) -> Result<()> {
    let opts = &MergeOptions { dirs: shard_dirs(&opts.dirs)?, ..opts.clone() };
    crate::engine::runner::thread_pool(opts.threads)?.install(|| merge_in_pool(opts))
}

fn merge_in_pool(opts: &MergeOptions) -> Result<()> {
    if let Some(first) = opts.dirs.first() {
        let text = std::fs::read_to_string(first.join(MANIFEST)).unwrap_or_default();
        let format =
            serde_json::from_str::<serde_json::Value>(&text).ok().and_then(|v| v["format"].as_str().map(String::from));
        if format.as_deref() == Some(super::sweep::FORMAT) {
            return super::sweep::merge(&opts.dirs, &opts.out, &opts.charts, opts.quiet);
        }
        if format.as_deref() == Some(super::sensitivity::FORMAT) {
            return super::sensitivity::merge(&opts.dirs, &opts.out, &opts.charts, opts.quiet);
        }
    }
    let mut shards: Vec<(PathBuf, Manifest)> = read_manifests(&opts.dirs, "pathways")?;
    ensure_together(check(&shards))?;
    shards.sort_by_key(|(_, m)| m.shard);
    let first = &shards[0].1;
    let s = load(Path::new(&first.file), &first.sets)?;
    let resolved = resolved_json(&s)?;
    let resolved_sha = sha256_hex(&serde_json::to_vec(&resolved)?);
    if s.sha256 != first.scenario_sha256 || resolved_sha != first.resolved_sha256 {
        return Err(Error::Usage(format!(
            "{}: the scenario (or a file it extends) changed since the shards ran; restore it or rerun the shards",
            first.file
        )));
    }
    let model = Model::compile(&s);
    // The merge holds every shard's per-run records.
    crate::engine::memory::check_fits(&model, first.runs, crate::engine::memory::available_bytes())?;
    // Folded shard by shard, so only one shard's blocks are held unmerged at a time.
    let mut total: Option<crate::engine::aggregate::BlockOut> = None;
    let mut sketches = Sketches::new(model.horizon);
    for (dir, m) in &shards {
        let path = dir.join(DATA);
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        if sha256_hex(&bytes) != m.data_sha256 {
            return Err(Error::Usage(format!(
                "{}: the data does not match its manifest (corrupt or replaced)",
                path.display()
            )));
        }
        let (b, sk) =
            codec::decode(&bytes, shape_of(&model)).map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?;
        for block in b {
            match &mut total {
                None => total = Some(block),
                Some(t) => t.append(block),
            }
        }
        sketches.merge(&sk);
    }
    let agg = fold_blocks(&model, first.runs, total.into_iter().collect(), sketches);
    let meta = run_meta(&s, first.seed, first.runs, first.command_line.clone());
    let result = summarize(&model, meta, resolved, agg);
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
        println!("{}: merged {} shards of {} runs → {}", result.meta.scenario, shards.len(), first.runs, dir.display());
    }
    Ok(())
}

/// Every reason the shards cannot be merged; empty if they can.
pub fn check(shards: &[(PathBuf, Manifest)]) -> Vec<String> {
    let mut problems = Vec::new();
    let Some((_, r)) = shards.first() else {
        return vec!["no shard folders given".into()];
    };
    for (dir, m) in shards {
        if m.format != FORMAT {
            problems.push(format!("{}: format {}, this pathways merges {FORMAT}", dir.display(), m.format));
        }
    }
    let fields: [Field<Manifest>; 6] = [
        ("scenario file hash", |m| m.scenario_sha256.clone()),
        ("resolved-parameters hash", |m| m.resolved_sha256.clone()),
        ("seed", |m| m.seed.to_string()),
        ("total runs", |m| m.runs.to_string()),
        ("number of shards N", |m| m.shards.to_string()),
        ("tool version", |m| m.tool_version.clone()),
    ];
    problems.extend(disagreements(shards, &fields));
    if !problems.is_empty() {
        return problems;
    }
    let ranges: Vec<(u32, std::ops::Range<u64>, &PathBuf)> =
        shards.iter().map(|(d, m)| (m.shard, m.first_run..m.end_run, d)).collect();
    coverage(r.shards, &ranges, |k| ShardSpec { k, n: r.shards }.range(r.runs))
}

/// Reads the manifest (`MANIFEST`) of every shard folder as a manifest of kind `kind`.
pub fn read_manifests<M: serde::de::DeserializeOwned>(dirs: &[PathBuf], kind: &str) -> Result<Vec<(PathBuf, M)>> {
    dirs.iter()
        .map(|d| {
            let path = d.join(MANIFEST);
            let text = std::fs::read_to_string(&path).map_err(|e| {
                Error::Usage(format!("{}: not a finished shard folder (cannot read {MANIFEST}: {e})", d.display()))
            })?;
            // The path names the key at fault (a hash that is not hex, say).
            let m: M =
                serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_str(&text)).map_err(|e| {
                    let at = e.path().to_string();
                    let at = if at == "." { String::new() } else { format!(" at {at}") };
                    Error::Usage(format!("{}: not a {kind} shard manifest{at}: {}", path.display(), e.inner()))
                })?;
            Ok((d.clone(), m))
        })
        .collect()
}

/// Fails with every reason the shards do not belong together, if there is any.
pub fn ensure_together(problems: Vec<String>) -> Result<()> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Usage(format!("the shards do not belong together:\n  - {}", problems.join("\n  - "))))
    }
}

/// A field every shard of a study must share: its name and how to read it.
pub type Field<M> = (&'static str, fn(&M) -> String);

/// Says where a shard's field differs from the first shard's.
pub fn disagreements<M>(shards: &[(PathBuf, M)], fields: &[Field<M>]) -> Vec<String> {
    let mut problems = Vec::new();
    let Some((ref_dir, r)) = shards.first() else {
        return problems;
    };
    for (name, get) in fields {
        for (dir, m) in &shards[1..] {
            if get(m) != get(r) {
                problems.push(format!(
                    "{}: {name} is {}, but {} has {}",
                    dir.display(),
                    get(m),
                    ref_dir.display(),
                    get(r)
                ));
            }
        }
    }
    problems
}

/// Checks that shards `(k, items, folder)` are each of `0..n` exactly once, each holding the
/// items `expected(k)`; says which are missing, repeated or wrong.
pub fn coverage(
    n: u32,
    shards: &[(u32, std::ops::Range<u64>, &PathBuf)],
    expected: impl Fn(u32) -> std::ops::Range<u64>,
) -> Vec<String> {
    let mut problems = Vec::new();
    let mut seen: Vec<Vec<&Path>> = vec![Vec::new(); n as usize];
    for (k, items, dir) in shards {
        if *k >= n {
            problems.push(format!("{}: shard {k} of {n} does not exist", dir.display()));
            continue;
        }
        if expected(*k) != *items {
            problems.push(format!(
                "{}: holds {}..{}, which is not shard {k}/{n}'s share",
                dir.display(),
                items.start,
                items.end
            ));
        }
        seen[*k as usize].push(dir);
    }
    let missing: Vec<String> = (0..n).filter(|&k| seen[k as usize].is_empty()).map(|k| format!("{k}/{n}")).collect();
    if !missing.is_empty() {
        problems.push(format!("missing shard{} {}", if missing.len() > 1 { "s" } else { "" }, missing.join(", ")));
    }
    for (k, dirs) in seen.iter().enumerate() {
        if dirs.len() > 1 {
            let names: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
            problems.push(format!("shard {k}/{n} is given {} times: {}", dirs.len(), names.join(", ")));
        }
    }
    problems
}
