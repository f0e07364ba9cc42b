//! Observed data to hold the model against: observation files ([`file`]) and their periods
//! ([`period`]). The format is documented in docs/CALIBRATION.md; the shipped files are in
//! data/observed/.

pub mod file;
pub mod period;

pub use file::{Observation, Observations, Selection, load_all};
pub use period::Period;

use crate::model::calendar::YearMonth;
use crate::model::outcome::OutcomeDef;

// Here rather than beside `OutcomeDef`: the model knows nothing of observation files.
impl OutcomeDef {
    /// The outcome an observation is compared with, if its period lies inside the scenario's
    /// months: the mean of the monthly values over the period (for a month, that month's value).
    pub fn for_observation(o: &Observation, start: YearMonth, horizon: u32) -> Option<OutcomeDef> {
        let (first, last) = o.period.months_from(start, horizon)?;
        Some(OutcomeDef::mean_over(o.label(), o.variable, first, last))
    }
}
