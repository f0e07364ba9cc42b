//! Streaming, mergeable statistics: quantile sketches, moments, confidence intervals.

pub mod moments;
pub mod proportion;
pub mod sketch;
