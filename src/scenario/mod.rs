//! Scenario files: format, distributions, loading with `extends` and `--set`, validation.

pub mod diagnostic;
pub mod dist;
pub mod format;
pub mod load;
pub mod outcome;
pub mod posterior;
pub mod tree;
pub mod validate;
