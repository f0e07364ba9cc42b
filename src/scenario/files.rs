//! The scenario files a command line names.

use crate::diagnostic::{Diagnostic, Location};
use crate::error::{Error, Result};
use std::path::PathBuf;

/// The scenario files named by `paths`: files as given, folders as their `*.toml` files in
/// name order.
pub fn scenario_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| Error::io(p, e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.extension().is_some_and(|x| x == "toml") && f.is_file())
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(Error::Usage(format!("{}: the folder holds no .toml scenario files", p.display())));
            }
            files.extend(found);
        } else if p.exists() {
            files.push(p.clone());
        } else {
            return Err(
                Diagnostic::new(Location::Nowhere(Some(p.clone())), None, "no such scenario file or folder").into()
            );
        }
    }
    Ok(files)
}
