//! Analyses over the Monte Carlo engine's runs: which
//! parameters matter (tornado, Sobol indices, variance split), and which early observations
//! predict the final pathway (signposts). The math is generic and tested on functions with known
//! answers; the commands that use it live in [`crate::commands`].

pub mod compare;
pub mod indicators;
pub mod reference;
pub mod sensitivity;
pub mod signposts;
pub mod sobol;
pub mod sweep;
pub mod tornado;
pub mod variance_split;
