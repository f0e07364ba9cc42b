//! pathways: scenario modelling of US–China relations by Monte Carlo simulation.
//!
//! The pipeline: [`scenario`] files → [`model`] → [`engine`] → [`export`] (and charts).

pub mod engine;
pub mod error;
pub mod export;
pub mod model;
pub mod scenario;
pub mod stats;

pub use error::{Error, Result};
