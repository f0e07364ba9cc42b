//! Parameter sweeps: the grid of values swept and the result at each point. The `sweep`
//! command runs them ([`crate::commands::sweep`]); tables and charts render them.

pub mod grid;
pub mod result;
