//! Result files: one writer per format, all written atomically.

pub mod format;
