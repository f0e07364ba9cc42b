//! What a run writes into its output folder changes as one unit: every scenario's result folder
//! and the batch's own files (batch.json, batch.csv, the overlays). All of it is first written
//! into one staging folder beside them (`.pathways-staging-<pid>-<n>`); when everything is there
//! and synced, the list of what it holds is written last (`COMMIT`), and then each folder and file
//! is moved into place by renames (an old folder is first moved into the staging folder, so a
//! folder is never merged with an older one).
//!
//! A run stopped before the list exists (a full disk, an unwritable folder, Ctrl-C, kill -9)
//! leaves the old results as they were: the staging folder is removed, at once or, after kill -9,
//! by [`remove_stale`] on the next run. A run killed during the renames (microseconds) has
//! decided: [`remove_stale`] finishes them, so the results end up all new.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

const STAGING: &str = ".pathways-staging-";
/// Temporary files of [`crate::export::atomic::write_atomic`] start with this and the pid.
pub const TEMP_FILE: &str = ".pathways-";
/// The list of entries a decided commit installs.
const COMMIT: &str = "COMMIT";
/// Prefix, inside the staging folder, of a result folder moved aside to make room.
const OLD: &str = ".old-";

/// A run's output being written: result folders by [`Transaction::folder`], files by
/// [`Transaction::write`]; nothing changes in the output folder until [`Transaction::commit`].
/// Dropped without a commit, it removes what it wrote.
#[derive(Debug)]
pub struct Transaction {
    out: PathBuf,
    root: PathBuf,
    committed: bool,
}

impl Transaction {
    /// Starts writing into the output folder `out` (created if needed).
    pub fn begin(out: &Path) -> Result<Transaction> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
        let name = format!("{STAGING}{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
        let root = out.join(name);
        std::fs::create_dir(&root).map_err(|e| Error::io(out, e))?;
        Ok(Transaction { out: out.to_path_buf(), root, committed: false })
    }

    /// The output folder.
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// A staged result folder that becomes `out/<name>`: write its files into the returned
    /// [`Folder`].
    pub fn folder(&self, name: &str) -> Result<Folder<'_>> {
        let path = self.root.join(name);
        std::fs::create_dir(&path).map_err(|e| self.error(&path, e))?;
        Ok(Folder { tx: self, path })
    }

    /// Writes the file `out/<name>`.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<()> {
        let path = self.root.join(name);
        std::fs::write(&path, bytes).map_err(|e| self.error(&path, e))
    }

    /// An I/O error on a staged path, reported under the name it will have (the staging folder
    /// is ours, the reader knows the other).
    pub fn error(&self, staged: &Path, e: std::io::Error) -> Error {
        let shown = staged.strip_prefix(&self.root).map_or(staged.to_path_buf(), |r| self.out.join(r));
        Error::Io { path: shown, source: e }
    }

    /// Syncs what was written, decides the commit and installs it. Files in `out` whose names
    /// start with one of `stale_prefixes` and that this commit does not write are removed (the
    /// overlays of an earlier, larger batch would otherwise stay beside the new tables).
    pub fn commit(mut self, stale_prefixes: &[&str]) -> Result<()> {
        crate::cancel::check()?;
        let mut names: Vec<String> = std::fs::read_dir(&self.root)
            .map_err(|e| Error::io(&self.out, e))?
            .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().to_string()))
            .collect();
        names.sort();
        sync_tree(&self.root).map_err(|e| Error::io(&self.out, e))?;
        failpoint("before-commit");
        let list = self.root.join(COMMIT);
        std::fs::write(&list, names.join("\n")).map_err(|e| Error::io(&self.out, e))?;
        std::fs::File::open(&list).and_then(|f| f.sync_all()).map_err(|e| Error::io(&self.out, e))?;
        // Decided: from here on the commit is finished, now or by the next run.
        self.committed = true;
        failpoint("decided");
        finish(&self.root, &self.out).map_err(|e| Error::io(&self.out, e))?;
        for entry in std::fs::read_dir(&self.out).map_err(|e| Error::io(&self.out, e))?.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if stale_prefixes.iter().any(|p| name.starts_with(p)) && !names.contains(&name) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        Ok(())
    }
}

impl Drop for Transaction {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.root);
        }
    }
}

/// A result folder inside a [`Transaction`].
#[derive(Debug)]
pub struct Folder<'a> {
    tx: &'a Transaction,
    path: PathBuf,
}

impl Folder<'_> {
    /// Where its files are written now.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes one file into it.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<()> {
        let path = self.path.join(name);
        std::fs::write(&path, bytes).map_err(|e| self.error(&path, e))
    }

    /// An I/O error on one of its files, under the file's final name.
    pub fn error(&self, staged: &Path, e: std::io::Error) -> Error {
        self.tx.error(staged, e)
    }
}

/// fsync of every file below `dir` and of the folders, so that the commit never publishes data a
/// crash of the machine could still lose.
fn sync_tree(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            sync_tree(&path)?;
        } else {
            std::fs::File::open(&path)?.sync_all()?;
        }
    }
    std::fs::File::open(dir)?.sync_all()
}

/// Installs what a decided commit's staging folder `root` still holds into `out`, then removes
/// it. Idempotent: an entry still in `root` is not installed yet; an old folder in the way is
/// first moved into `root` (under [`OLD`]), so a second pass after a kill does the same.
fn finish(root: &Path, out: &Path) -> std::io::Result<()> {
    let list = std::fs::read_to_string(root.join(COMMIT))?;
    for name in list.lines().filter(|n| !n.is_empty()) {
        let from = root.join(name);
        if !from.exists() {
            continue;
        }
        let to = out.join(name);
        if from.is_dir() && to.exists() {
            let aside = root.join(format!("{OLD}{name}"));
            if aside.exists() {
                std::fs::remove_dir_all(&aside)?;
            }
            std::fs::rename(&to, &aside)?;
            failpoint("old-aside");
        }
        std::fs::rename(&from, &to)?;
        failpoint("installed-one");
    }
    std::fs::remove_dir_all(root)
}

/// Whether process `pid` is running (its temporaries are then in use). Without /proc, every
/// process counts as running: nothing is removed that might be in use.
fn alive(pid: u32) -> bool {
    if !Path::new("/proc/self").exists() {
        return true;
    }
    pid == std::process::id() || Path::new(&format!("/proc/{pid}")).exists()
}

/// Cleans up after runs into `dir` that were killed: finishes their decided commits, removes
/// their staging folders and temporary files. Temporaries of running processes are left alone.
/// Returns how many it cleaned up.
pub fn remove_stale(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    let mut cleaned = 0;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let path = entry.path();
        let Some(rest) = name.strip_prefix(TEMP_FILE) else { continue };
        let rest = rest.strip_prefix("staging-").unwrap_or(rest);
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else { continue };
        if alive(pid) {
            continue;
        }
        let done = if path.is_dir() {
            if path.join(COMMIT).is_file() { finish(&path, dir) } else { std::fs::remove_dir_all(&path) }
        } else {
            std::fs::remove_file(&path)
        };
        cleaned += usize::from(done.is_ok());
    }
    cleaned
}

/// Test hook: `PATHWAYS_FAILPOINT=<name>` makes the process abort (as kill -9 would: no cleanup)
/// when it reaches the named point of the write path. The kill tests use it to stop a run at
/// exact places; unset, it costs one environment lookup per call.
pub fn failpoint(name: &str) {
    if std::env::var_os("PATHWAYS_FAILPOINT").is_some_and(|v| v == name) {
        std::process::abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
        v.sort();
        v
    }

    fn generation(out: &Path, tag: &[u8], extra: bool) -> Result<()> {
        let tx = Transaction::begin(out)?;
        let f = tx.folder("baseline")?;
        f.write("a.csv", tag)?;
        if extra {
            f.write("b.csv", tag)?;
        }
        tx.write("batch.csv", tag)?;
        tx.commit(&[])
    }

    #[test]
    fn a_commit_replaces_folders_and_files_together_and_a_drop_changes_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path();
        generation(out, b"old", true).unwrap();
        let tx = Transaction::begin(out).unwrap();
        tx.folder("baseline").unwrap().write("a.csv", b"new").unwrap();
        drop(tx);
        assert_eq!(std::fs::read(out.join("baseline/a.csv")).unwrap(), b"old", "an abandoned write replaces nothing");
        assert_eq!(listing(out), ["baseline", "batch.csv"], "and leaves no staging folder");
        generation(out, b"new", false).unwrap();
        assert_eq!(listing(&out.join("baseline")), ["a.csv"], "the old folder's other files went with it");
        assert_eq!(std::fs::read(out.join("batch.csv")).unwrap(), b"new");
        assert_eq!(listing(out), ["baseline", "batch.csv"]);
    }

    #[test]
    fn stale_staging_of_dead_processes_is_removed_or_finished() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path();
        generation(out, b"old", true).unwrap();
        // pid 4194304 is Linux's largest pid_max: never a running process.
        let dead = 4_194_304;
        let undecided = out.join(format!("{STAGING}{dead}-0"));
        std::fs::create_dir_all(undecided.join("baseline")).unwrap();
        std::fs::write(undecided.join("baseline/a.csv"), b"half").unwrap();
        std::fs::write(out.join(format!("{TEMP_FILE}{dead}-x.tmp")), b"").unwrap();
        // A decided commit cut short after moving the old folder aside.
        let decided = out.join(format!("{STAGING}{dead}-1"));
        std::fs::create_dir_all(decided.join("baseline")).unwrap();
        std::fs::write(decided.join("baseline/a.csv"), b"new").unwrap();
        std::fs::write(decided.join("batch.csv"), b"new").unwrap();
        std::fs::write(decided.join(COMMIT), "baseline\nbatch.csv").unwrap();
        std::fs::rename(out.join("baseline"), decided.join(format!("{OLD}baseline"))).unwrap();
        let mine = out.join(format!("{STAGING}{}-99", std::process::id()));
        std::fs::create_dir(&mine).unwrap();
        assert_eq!(remove_stale(out), 3);
        assert_eq!(std::fs::read(out.join("baseline/a.csv")).unwrap(), b"new");
        assert_eq!(std::fs::read(out.join("batch.csv")).unwrap(), b"new");
        let left = listing(out);
        assert_eq!(left.len(), 3, "a live run's staging stays: {left:?}");
    }
}
