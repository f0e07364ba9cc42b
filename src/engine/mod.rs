//! The Monte Carlo engine: per-run random streams, parallel runner, aggregation.

pub mod aggregate;
pub mod memory;
pub mod paths;
pub mod representative;
pub mod result;
pub mod rng;
pub mod runner;
