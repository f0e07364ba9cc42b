//! The files a shard writes: its aggregated blocks and sketches (binary, [`codec`]) and its
//! manifest (JSON, [`manifest`]). `run --shard` and `merge` ([`crate::commands::shard`]) use them.

pub mod codec;
pub mod manifest;
