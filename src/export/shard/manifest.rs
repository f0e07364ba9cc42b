//! `manifest.json` of a shard folder. Every kind of shard starts with the same [`Header`]: which
//! study, which part of it, and the hashes a merge checks before it trusts the data. Each kind's
//! manifest ([`super::run`], [`super::sweep`], [`super::sensitivity`]) flattens the header into
//! itself and adds what the merge needs to finish that kind's study.

use super::spec::ShardSpec;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// The manifest's `format`, one for every kind. Version 3 gave the kinds one header and a `kind`
/// key; before it, each kind had a format of its own (`pathways-shard/2`,
/// `pathways-sweep-shard/2`, `pathways-sensitivity-shard/1`).
pub const FORMAT: &str = "pathways-shard/3";
pub const MANIFEST: &str = "manifest.json";

/// What a shard holds a part of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// `run --shard`: a range of run indices, in whole blocks, in `shard.bin`.
    Run,
    /// `sweep --shard`: a range of grid points, in `points.json`.
    Sweep,
    /// `sensitivity --shard`: a range of the Saltelli design's base samples, in `rows.json`.
    Sensitivity,
}

impl Kind {
    /// The name `kind` has in the manifest.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Run => "run",
            Kind::Sweep => "sweep",
            Kind::Sensitivity => "sensitivity",
        }
    }

    /// The data file beside the manifest.
    pub fn data_file(self) -> &'static str {
        match self {
            Kind::Run => "shard.bin",
            Kind::Sweep => "points.json",
            Kind::Sensitivity => "rows.json",
        }
    }

    /// The items shard `spec` holds of a study of `items`: runs go in whole blocks, so that a
    /// merge folds the blocks the single process would have; points and samples one by one.
    pub fn share(self, spec: ShardSpec, items: u64) -> Range<u64> {
        match self {
            Kind::Run => spec.range(items),
            Kind::Sweep | Kind::Sensitivity => spec.slice(items),
        }
    }
}

/// The part of `manifest.json` every kind of shard shares.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Header {
    /// [`FORMAT`].
    pub format: String,
    pub kind: Kind,
    /// `CARGO_PKG_VERSION` of the tool that ran the shard.
    pub tool_version: String,
    /// The file the study was given (a scenario, or a sweep file), as on the command line: the
    /// merge reloads it.
    pub file: String,
    /// The `--set` overrides the file was loaded with (for `run`, its runs and seed too).
    pub sets: Vec<String>,
    /// SHA-256 of the file's bytes.
    #[serde(deserialize_with = "crate::read::sha256")]
    pub file_sha256: String,
    /// SHA-256 of what the file resolves to after `extends` and `--set`: the scenario as compact
    /// JSON, or every point's scenario of a sweep.
    #[serde(deserialize_with = "crate::read::sha256")]
    pub resolved_sha256: String,
    /// The canonical command line of the whole (unsharded) study.
    pub command_line: String,
    /// This shard, 0-based, and the number of shards.
    pub shard: u32,
    pub shards: u32,
    /// Items in the whole study (runs, grid points or base samples, by `kind`); this shard holds
    /// `first_item..end_item`.
    pub items: u64,
    pub first_item: u64,
    pub end_item: u64,
    /// SHA-256 of the data file.
    #[serde(deserialize_with = "crate::read::sha256")]
    pub data_sha256: String,
}

/// What the command that writes a shard knows of its whole study: the same for every shard.
#[derive(Debug, Clone)]
pub struct Study {
    pub file: String,
    pub sets: Vec<String>,
    pub file_sha256: String,
    pub resolved_sha256: String,
    pub command_line: String,
    pub items: u64,
}

impl Header {
    /// The header of shard `spec` of `study`, holding the items `range` as `data`.
    pub fn new(kind: Kind, study: Study, spec: ShardSpec, range: Range<u64>, data: &[u8]) -> Header {
        Header {
            format: FORMAT.to_string(),
            kind,
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            file: study.file,
            sets: study.sets,
            file_sha256: study.file_sha256,
            resolved_sha256: study.resolved_sha256,
            command_line: study.command_line,
            shard: spec.k,
            shards: spec.n,
            items: study.items,
            first_item: range.start,
            end_item: range.end,
            data_sha256: sha256_hex(data),
        }
    }

    /// Which shard this is.
    pub fn spec(&self) -> ShardSpec {
        ShardSpec { k: self.shard, n: self.shards }
    }

    /// The items this shard holds.
    pub fn range(&self) -> Range<u64> {
        self.first_item..self.end_item
    }

    /// The header's keys that every shard of one study must share, with their values.
    pub fn shared(&self) -> Vec<(&'static str, String)> {
        vec![
            ("kind", self.kind.name().to_string()),
            ("file_sha256", self.file_sha256.clone()),
            ("resolved_sha256", self.resolved_sha256.clone()),
            ("items", self.items.to_string()),
            ("shards", self.shards.to_string()),
            ("tool_version", self.tool_version.clone()),
        ]
    }
}

/// A kind's whole manifest: the [`Header`], flattened, and the kind's own keys.
pub trait ShardManifest: Serialize + DeserializeOwned {
    const KIND: Kind;
    fn header(&self) -> &Header;
    /// The kind's own keys (beyond [`Header::shared`]) that every shard of one study must share,
    /// with their values.
    fn shared(&self) -> Vec<(&'static str, String)>;
}

/// Lowercase hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}
