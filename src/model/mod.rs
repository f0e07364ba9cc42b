//! The US–China model: state variables, agents and their policies, economy, events, pathways.

pub mod action;
pub mod agent;
pub mod calendar;
pub mod economy;
pub mod economy_params;
pub mod outcome;
pub mod param_table;
pub mod params;
pub mod policy;
pub mod sim;
pub mod vars;
