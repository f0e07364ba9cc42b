//! `pathways compare`: scenarios side by side.

pub mod load;

use crate::chart::ChartOptions;
use crate::error::Result;
use std::path::PathBuf;

/// What `pathways compare` was asked.
#[derive(Debug, Clone)]
pub struct CompareOptions {
    /// Result folders; the first is the reference.
    pub dirs: Vec<PathBuf>,
    pub out: PathBuf,
    pub attribute: bool,
    pub threads: usize,
    pub quiet: bool,
    pub charts: ChartOptions,
}

pub fn run(_opts: &CompareOptions) -> Result<()> {
    Ok(())
}
