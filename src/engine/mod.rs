//! The Monte Carlo engine: studies, the parallel runner over fixed blocks, aggregation, results.

pub mod aggregate;
pub mod block_design;
pub mod convergence;
pub mod folder;
pub mod memory;
pub mod outcomes;
pub mod paths;
pub mod representative;
pub mod result;
pub mod runner;
pub mod study;
#[cfg(test)]
pub(crate) mod test_fixture;
pub mod trace;
