//! Observed data to hold the model against: observation files ([`file`]) and their periods
//! ([`period`]). The format is documented in docs/CALIBRATION.md; the shipped files are in
//! data/observed/.

pub mod file;
pub mod period;

pub use file::{Observation, Observations, Selection, load_all};
pub use period::Period;
