//! pathways: scenario modelling of US–China relations by Monte Carlo simulation.
//!
//! The pipeline: [`scenario`] files → [`model`] → [`engine`] → [`export`] (and charts).
//! [`app`] holds the commands; [`cli`] only parses arguments into them.

pub mod app;
pub mod batch;
pub mod brief;
pub mod calibrate;
pub mod cancel;
pub mod chart;
pub mod cli;
pub mod commands;
pub mod compare;
pub mod engine;
pub mod error;
pub mod evidence;
pub mod explain;
pub mod export;
pub mod listing;
pub mod model;
pub mod observe;
pub mod outcome;
pub mod read;
pub mod scenario;
pub mod schema;
pub mod shard;
pub mod slurm;
pub mod stats;
pub mod sweep;
pub mod template;
pub mod trace;
pub mod uncertainty;
pub mod watch;

pub use error::{Error, Result};
