//! Streaming, mergeable statistics: quantile sketches, moments, confidence intervals.

pub mod difference;
pub mod moments;
pub mod proportion;
pub mod ranks;
pub mod sample;
pub mod scoring;
pub mod sketch;
