//! The US–China model: state variables, agents and their policies, economy, events, pathways.

pub mod calendar;
pub mod vars;
