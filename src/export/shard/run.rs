//! The manifest of a `run` shard; its data is [`super::codec`]'s.

use super::manifest::{Header, Kind, ShardManifest};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RunManifest {
    #[serde(flatten)]
    pub header: Header,
    /// `[scenario] name`.
    pub scenario: String,
    pub seed: u64,
}

impl ShardManifest for RunManifest {
    const KIND: Kind = Kind::Run;

    fn header(&self) -> &Header {
        &self.header
    }

    fn shared(&self) -> Vec<(&'static str, String)> {
        vec![("seed", self.seed.to_string())]
    }
}
