//! The scenario files a command line names: files, folders of `*.toml` files, and glob patterns
//! (expanded here for shells that do not, and on Windows). Every command that takes scenario
//! paths reads them through [`expand`], so `validate 'scenarios/base*.toml'` names what `run`
//! with the same pattern does.

use crate::diagnostic::{Diagnostic, Location};
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// Whether a path argument is a glob pattern to expand ourselves (for shells that do not).
fn is_pattern(p: &Path) -> bool {
    !p.exists() && p.to_string_lossy().contains(['*', '?', '['])
}

/// The scenario files named by `paths` (files, folders of `*.toml`, glob patterns), sorted and
/// without repeats; the arguments that name nothing come back as problems.
pub fn expand(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let nowhere = |p: &Path, msg: &str| Diagnostic::new(Location::Nowhere(Some(p.to_path_buf())), None, msg);
    for p in paths {
        if is_pattern(p) {
            let found: Vec<PathBuf> = match glob::glob(&p.to_string_lossy()) {
                Ok(g) => g.filter_map(|e| e.ok()).filter(|f| f.is_file()).collect(),
                Err(e) => {
                    problems.push(nowhere(p, &format!("invalid glob pattern: {e}")));
                    continue;
                }
            };
            if found.is_empty() {
                problems.push(nowhere(p, "the pattern matches no scenario file"));
            }
            files.extend(found);
        } else if p.is_dir() {
            let found: Vec<PathBuf> = std::fs::read_dir(p)
                .into_iter()
                .flatten()
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.extension().is_some_and(|x| x == "toml") && f.is_file())
                .collect();
            if found.is_empty() {
                problems.push(nowhere(p, "the folder holds no .toml scenario files"));
            }
            files.extend(found);
        } else if p.exists() {
            files.push(p.clone());
        } else {
            problems.push(nowhere(p, "no such scenario file or folder"));
        }
    }
    files.sort();
    files.dedup();
    (files, problems)
}

/// The scenario files named by `paths` (see [`expand`]); an argument that names nothing is an
/// error.
pub fn scenario_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let (files, problems) = expand(paths);
    if problems.is_empty() { Ok(files) } else { Err(Error::Scenario(problems)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expansion_is_sorted_and_without_repeats_whatever_the_order() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.toml", "a.toml", "notes.txt"] {
            std::fs::write(dir.path().join(name), "").unwrap();
        }
        let (a, b) = (dir.path().join("a.toml"), dir.path().join("b.toml"));
        let pattern = dir.path().join("*.toml");
        let (files, problems) = expand(&[b.clone(), pattern, a.clone(), dir.path().to_path_buf()]);
        assert_eq!(files, vec![a.clone(), b.clone()]);
        assert!(problems.is_empty());
        let (files, problems) = expand(&[dir.path().join("missing.toml"), a.clone()]);
        assert_eq!(files, vec![a]);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("no such scenario file"));
    }
}
