//! Scenario files: format, distributions, loading with `extends` and `--set`, validation.

pub mod compile;
pub mod files;
pub mod format;
pub mod load;
pub mod outcome;
pub mod posterior;
pub mod schema;
pub mod tree;
pub mod validate;
