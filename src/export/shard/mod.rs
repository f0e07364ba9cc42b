//! The files of a shard folder, one protocol for every kind of shard: which part of a study a
//! shard holds ([`spec`]), its manifest ([`manifest`]: a header every kind shares, flattened
//! into each kind's manifest, [`run`], [`sweep`], [`sensitivity`]), its data (binary blocks and
//! sketches for a run, [`codec`]; bit patterns in JSON for the others), the one writer and
//! reader of shard folders ([`folder`]) and whether shards belong together ([`check`]).
//! `--shard` and `merge` ([`crate::commands::shard`]) use them.

pub mod check;
pub mod codec;
pub mod folder;
pub mod manifest;
pub mod run;
pub mod sensitivity;
pub mod spec;
pub mod sweep;
