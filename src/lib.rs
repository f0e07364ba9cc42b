//! pathways: scenario modelling of US–China relations by Monte Carlo simulation.
//!
//! The pipeline: [`scenario`] files → [`model`] → [`engine`] → [`export`] and [`chart`].

pub mod engine;
pub mod export;
pub mod model;
