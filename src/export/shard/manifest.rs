//! `manifest.json` of a shard folder: what a merge checks before it trusts the data.

use serde::{Deserialize, Serialize};

/// The manifest's `format`; bumped with [`crate::export::shard::codec::VERSION`].
pub const FORMAT: &str = "pathways-shard/2";
pub const MANIFEST: &str = "manifest.json";
pub const DATA: &str = "shard.bin";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    pub format: String,
    /// `CARGO_PKG_VERSION` of the tool that ran the shard.
    pub tool_version: String,
    /// `[scenario] name`.
    pub scenario: String,
    /// The scenario file as given on the command line (the merge reloads it).
    pub file: String,
    /// The `--set` overrides the scenario was loaded with, including runs and seed.
    pub sets: Vec<String>,
    /// SHA-256 of the scenario file's bytes.
    #[serde(deserialize_with = "crate::read::sha256")]
    pub scenario_sha256: String,
    /// SHA-256 of the resolved scenario (after `extends` and `--set`) as compact JSON.
    #[serde(deserialize_with = "crate::read::sha256")]
    pub resolved_sha256: String,
    /// The canonical command line of the whole (unsharded) study.
    pub command_line: String,
    pub seed: u64,
    /// Runs in the whole study.
    pub runs: u64,
    /// This shard, 0-based, and the number of shards.
    pub shard: u32,
    pub shards: u32,
    /// The run indices of this shard: `first_run..end_run`.
    pub first_run: u64,
    pub end_run: u64,
    /// SHA-256 of `shard.bin`.
    #[serde(deserialize_with = "crate::read::sha256")]
    pub data_sha256: String,
}

/// Lowercase hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}
