//! The Monte Carlo engine: per-run random streams, parallel runner, aggregation.

pub mod result;
