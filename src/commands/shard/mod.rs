//! Splitting one study across machines: `run|sweep|sensitivity --shard K/N` computes the K-th
//! of N contiguous ranges of the study's items (runs, grid points, base samples) and writes a
//! shard folder; `merge` checks that shards belong together and writes what the unsharded
//! command would have written, byte for byte. Every kind of shard speaks one protocol (the files
//! are [`crate::export::shard`]'s); a kind is a [`Shardable`] manifest.
//!
//! Identity holds by construction: every run draws from streams keyed by (seed, run index), a
//! shard keeps each block's statistics unmerged (each point's, each sample's numbers as bit
//! patterns), and the merge folds them in order, exactly as the single process does. See
//! docs/SCALING.md.

pub mod merge;
pub mod run;
pub mod sensitivity;
pub mod sweep;

use crate::engine::study::resolved_json;
use crate::error::{Error, Result};
use crate::export::shard::manifest::{Header, ShardManifest, sha256_hex};
use crate::scenario::load::LoadedScenario;
use merge::MergeOptions;
use std::path::PathBuf;

/// A kind of study that can be split into shards: its manifest says which keys every shard
/// must share ([`ShardManifest`]); this says how its shards, which do, merge.
pub trait Shardable: ShardManifest {
    /// Writes what the unsharded command writes into `opts.out`, from `shards` (folder and
    /// manifest): every shard of one study once, in shard order.
    fn merge(shards: &[(PathBuf, Self)], opts: &MergeOptions) -> Result<()>;
}

/// SHA-256 of the scenario resolved (after `extends` and `--set`), as compact JSON.
fn resolved_sha256(s: &LoadedScenario) -> Result<String> {
    Ok(sha256_hex(&serde_json::to_vec(&resolved_json(s)?)?))
}

/// Refuses to merge when the file the shards ran (`what`), or what it resolves to, has changed
/// since: the hashes the merge finds are `file_sha256` and `resolved_sha256`.
fn ensure_unchanged(h: &Header, what: &str, file_sha256: &str, resolved_sha256: &str) -> Result<()> {
    if h.file_sha256 == file_sha256 && h.resolved_sha256 == resolved_sha256 {
        return Ok(());
    }
    Err(Error::Usage(format!("{}: {what} changed since the shards ran; restore it or rerun the shards", h.file)))
}
