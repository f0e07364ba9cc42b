//! `pathways explain`: prints the resolved scenario with the origin of every value
//! ([`crate::export::explain`]).

use crate::error::Result;
use std::path::Path;

/// Loads the scenario (with `--set` overrides), warns, prints it explained.
pub fn run(path: &Path, sets: &[String]) -> Result<()> {
    let s = crate::scenario::load::load(path, sets)?;
    crate::diagnostic::eprint_warnings(&s.warnings);
    print!("{}", crate::export::explain::explain(&s)?);
    Ok(())
}
