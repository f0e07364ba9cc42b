//! pathways: scenario modelling of US–China relations by Monte Carlo simulation.
//!
//! The modules are floors; each imports only from the floors below it (docs/ARCHITECTURE.md,
//! checked by tests/it/architecture.rs):
//!
//! - [`cli`] parses arguments into a [`commands::Command`];
//! - [`commands`]: one file or folder per subcommand;
//! - [`export`] and [`chart`]: every file format and chart;
//! - [`analysis`], [`calibrate`], [`evidence`]: sensitivity, signposts, comparisons, scoring,
//!   calibration over the engine's runs;
//! - [`engine`]: studies, runs in fixed blocks, results;
//! - [`scenario`] and [`observe`]: files read, validated and compiled into a [`model::params::Model`];
//! - [`model`]: state, agents, economy, dynamics;
//! - [`sampling`]: random streams, distributions, sampling designs;
//! - [`stats`]: streaming summaries, intervals, ranks;
//! - [`error`], [`diagnostic`], [`read`], [`cancel`], [`numbers`]: used by every floor.

pub mod analysis;
pub mod calibrate;
pub mod cancel;
pub mod chart;
pub mod cli;
pub mod commands;
pub mod diagnostic;
pub mod engine;
pub mod error;
pub mod evidence;
pub mod export;
pub mod model;
pub mod numbers;
pub mod observe;
pub mod read;
pub mod sampling;
pub mod scenario;
pub mod stats;

pub use error::{Error, Result};
