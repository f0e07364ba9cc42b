//! `pathways calibrate`: fitting a scenario's uncertain parameters to observations by ABC-SMC
//! ([`abc`]), with the scenario's distributions as priors ([`prior`]) and its engine as the
//! simulator ([`problem`]); validated on problems with known answers ([`sbc`]).

pub mod abc;
pub mod kernel;
pub mod prior;
pub mod problem;
pub mod sbc;
