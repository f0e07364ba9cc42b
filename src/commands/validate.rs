//! `pathways validate`: checks scenario files without running them.

use crate::diagnostic::eprint_warnings;
use crate::error::{Error, Result};
use crate::scenario::files::expand;
use crate::scenario::load::{LoadedScenario, load};
use std::path::PathBuf;

/// Says `ok` for each valid file, then reports the problems of all the invalid ones, and every
/// scenario name two files share (a batch would run neither: their results would share a folder).
pub fn validate(paths: &[PathBuf], quiet: bool) -> Result<()> {
    // Arguments that name nothing are problems like the files' own: the others are still checked.
    let (files, mut problems) = expand(paths);
    let mut loaded: Vec<LoadedScenario> = Vec::new();
    for f in files {
        match load(&f, &[]) {
            Ok(s) => {
                eprint_warnings(&s.warnings);
                if !quiet {
                    println!("ok  {}", f.display())
                }
                loaded.push(s);
            }
            Err(Error::Scenario(ds)) => problems.extend(ds),
            Err(e) => return Err(e),
        }
    }
    problems.extend(crate::commands::run::batch::duplicate_names(&loaded));
    if problems.is_empty() { Ok(()) } else { Err(Error::Scenario(problems)) }
}
