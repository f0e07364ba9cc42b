//! `pathways merge SHARD_DIR... --out DIR`: reads the shard folders' manifests, checks that the
//! shards belong together, and hands them to their kind's merge ([`Shardable`]), which writes
//! what the unsharded command would have written.

use super::Shardable;
use crate::chart::ChartOptions;
use crate::error::{Error, Result};
use crate::export::shard::check::{check, disagreements, ensure_together};
use crate::export::shard::folder::{read_header, read_manifest};
use crate::export::shard::manifest::{Kind, MANIFEST};
use crate::export::shard::run::RunManifest;
use crate::export::shard::sensitivity::SensitivityManifest;
use crate::export::shard::spec::folder_n;
use crate::export::shard::sweep::SweepManifest;
use std::path::PathBuf;

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
                let of = folder_n(&name)?;
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

/// Merges the shards of one study, whatever its kind, on `opts.threads` worker threads.
pub fn merge(opts: &MergeOptions) -> Result<()> {
    let dirs = shard_dirs(&opts.dirs)?;
    let headers = dirs.iter().map(|d| Ok((d.clone(), read_header(d)?))).collect::<Result<Vec<_>>>()?;
    ensure_together(disagreements(&headers, |h| vec![("kind", h.kind.name().to_string())]))?;
    let Some((_, first)) = headers.first() else {
        return ensure_together(vec!["no shard folders given".into()]);
    };
    crate::engine::runner::thread_pool(opts.threads)?.install(|| match first.kind {
        Kind::Run => merge_as::<RunManifest>(&dirs, opts),
        Kind::Sweep => merge_as::<SweepManifest>(&dirs, opts),
        Kind::Sensitivity => merge_as::<SensitivityManifest>(&dirs, opts),
    })
}

/// Reads every shard's manifest as an `M`, checks them, and merges them in shard order.
fn merge_as<M: Shardable>(dirs: &[PathBuf], opts: &MergeOptions) -> Result<()> {
    let mut shards = dirs.iter().map(|d| Ok((d.clone(), read_manifest::<M>(d)?))).collect::<Result<Vec<_>>>()?;
    ensure_together(check(&shards))?;
    shards.sort_by_key(|(_, m)| m.header().shard);
    M::merge(&shards, opts)
}
