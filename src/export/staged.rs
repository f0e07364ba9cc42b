//! A result folder that changes as one unit. Its files are written into a staging folder beside
//! it (`.pathways-staging-<name>-<pid>-<n>`), then the staging folder takes the final name: on
//! Linux by exchanging the two folders in one `renameat2(RENAME_EXCHANGE)`, elsewhere (or on a
//! file system without it) by renaming the old folder aside (`.pathways-old-<name>-<pid>-<n>`)
//! and the new one in. A reader therefore sees the whole old folder or the whole new one, never a
//! mix; a run killed before the swap leaves the old folder untouched, and a failure (a full disk,
//! an unwritable folder, Ctrl-C) removes the staging folder and reports the final path.
//!
//! A run killed outright (kill -9) cannot clean up: [`remove_stale`] does it on the next run into
//! the same output folder, restoring an old folder that was renamed aside but not replaced.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

const STAGING: &str = ".pathways-staging-";
const OLD: &str = ".pathways-old-";
/// Temporary files of [`crate::export::atomic::write_atomic`] start with this and the pid.
pub const TEMP_FILE: &str = ".pathways-";

/// A result folder being written: files go into [`Staged::path`]; [`Staged::commit`] swaps it in.
/// Dropped without a commit, it removes what it wrote.
#[derive(Debug)]
pub struct Staged {
    target: PathBuf,
    staging: PathBuf,
    committed: bool,
}

/// `<kind><name>-<pid>-<n>`: unique within the process, and names its process.
fn temp_name(kind: &str, name: &str) -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    format!("{kind}{name}-{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed))
}

impl Staged {
    /// Starts writing the folder `target` (created with its parents as needed when committed).
    pub fn create(target: &Path) -> Result<Staged> {
        let parent = parent_of(target);
        std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
        let name = target.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let staging = parent.join(temp_name(STAGING, &name));
        std::fs::create_dir(&staging).map_err(|e| Error::io(target, e))?;
        Ok(Staged { target: target.to_path_buf(), staging, committed: false })
    }

    /// Where to write the files now.
    pub fn path(&self) -> &Path {
        &self.staging
    }

    /// The folder the files will be in.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// An I/O error on a staged file, reported under its final name (the staging folder is ours).
    pub fn error(&self, staged_file: &Path, e: std::io::Error) -> Error {
        let shown = staged_file.strip_prefix(&self.staging).map_or(staged_file.to_path_buf(), |r| self.target.join(r));
        Error::Io { path: shown, source: e }
    }

    /// Writes one file into the staging folder.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<()> {
        let path = self.staging.join(name);
        std::fs::write(&path, bytes).map_err(|e| self.error(&path, e))
    }

    /// Makes the written files durable and swaps the staging folder in for the target.
    pub fn commit(mut self) -> Result<()> {
        crate::cancel::check()?;
        sync_dir_files(&self.staging).map_err(|e| Error::io(&self.target, e))?;
        failpoint("before-swap");
        if self.target.exists() {
            if exchange(&self.staging, &self.target).is_ok() {
                // The old folder now has the staging name.
                failpoint("after-swap");
                let _ = std::fs::remove_dir_all(&self.staging);
            } else {
                let name = self.target.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
                let aside = parent_of(&self.target).join(temp_name(OLD, &name));
                std::fs::rename(&self.target, &aside).map_err(|e| Error::io(&self.target, e))?;
                failpoint("old-aside");
                if let Err(e) = std::fs::rename(&self.staging, &self.target) {
                    let _ = std::fs::rename(&aside, &self.target);
                    return Err(Error::io(&self.target, e));
                }
                failpoint("after-swap");
                let _ = std::fs::remove_dir_all(&aside);
            }
        } else {
            std::fs::rename(&self.staging, &self.target).map_err(|e| Error::io(&self.target, e))?;
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

fn parent_of(p: &Path) -> PathBuf {
    p.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf()
}

/// fsync of every file in `dir` and of `dir` itself, so that the swap never publishes a folder
/// whose data a crash of the machine could still lose.
fn sync_dir_files(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_file() {
            std::fs::File::open(&path)?.sync_all()?;
        } else if path.is_dir() {
            sync_dir_files(&path)?;
        }
    }
    std::fs::File::open(dir)?.sync_all()
}

/// Swaps two folders in one step (Linux 3.15+, on file systems that support it).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// Whether process `pid` is running (so its temporaries are not stale). Without /proc, every
/// process counts as running: nothing is removed that might be in use.
fn alive(pid: u32) -> bool {
    if !Path::new("/proc/self").exists() {
        return true;
    }
    pid == std::process::id() || Path::new(&format!("/proc/{pid}")).exists()
}

/// The pid in a temporary's name `<prefix>…-<pid>-<n>` (or `<prefix><pid>-…` for files).
fn pid_of(rest: &str, prefix: &str) -> Option<u32> {
    if prefix == TEMP_FILE {
        return rest.split('-').next()?.parse().ok();
    }
    let mut parts = rest.rsplit('-');
    let _n = parts.next()?;
    parts.next()?.parse().ok()
}

/// Removes what runs that were killed left in `dir`: staging folders, temporary files, and old
/// folders renamed aside (put back if their replacement never arrived). Temporaries of running
/// processes are left alone. Returns how many it cleaned up.
pub fn remove_stale(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    let mut cleaned = 0;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let path = entry.path();
        let (prefix, rest) = if let Some(r) = name.strip_prefix(STAGING) {
            (STAGING, r)
        } else if let Some(r) = name.strip_prefix(OLD) {
            (OLD, r)
        } else if let Some(r) = name.strip_prefix(TEMP_FILE) {
            (TEMP_FILE, r)
        } else {
            continue;
        };
        let Some(pid) = pid_of(rest, prefix) else { continue };
        if alive(pid) {
            continue;
        }
        if prefix == STAGING && path.join(COMMIT).is_file() {
            // A decided batch commit that was cut short: finish it.
            cleaned += usize::from(finish_files(&path, dir).is_ok());
            continue;
        }
        if prefix == OLD {
            // `<name>-<pid>-<n>`: the folder it was.
            let original: String = rest.rsplitn(3, '-').nth(2).unwrap_or_default().to_string();
            let target = dir.join(&original);
            if !original.is_empty() && !target.exists() && std::fs::rename(&path, &target).is_ok() {
                cleaned += 1;
                continue;
            }
        }
        let removed = if path.is_dir() { std::fs::remove_dir_all(&path) } else { std::fs::remove_file(&path) };
        cleaned += usize::from(removed.is_ok());
    }
    cleaned
}

/// The list of file names a batch commit installs, written last into its staging folder: a
/// staging folder holding it belongs to a commit that was decided, and is finished, not removed.
const COMMIT: &str = "COMMIT";

/// Installs several files in `dir` as one unit (batch.json, batch.csv and the overlays belong
/// together): all are written and synced in a staging folder, the list of their names last, and
/// then each is renamed into place. A run killed during the renames leaves the list behind, and
/// [`remove_stale`] finishes the renames on the next run, so the files end up all new; killed
/// before the list was complete, they stay all old. Files named by `stale_prefixes` that this
/// commit does not write are removed (overlays of an earlier, larger batch).
pub fn commit_files(dir: &Path, files: Vec<(String, Vec<u8>)>, stale_prefixes: &[&str]) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let staging = Staged::create(&dir.join("batch"))?;
    for (name, bytes) in &files {
        staging.write(name, bytes).map_err(|e| match e {
            Error::Io { source, .. } => Error::io(dir.join(name), source),
            other => other,
        })?;
    }
    crate::cancel::check()?;
    sync_dir_files(staging.path()).map_err(|e| Error::io(dir, e))?;
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    let list = staging.path().join(COMMIT);
    std::fs::write(&list, names.join("\n")).map_err(|e| Error::io(dir, e))?;
    std::fs::File::open(&list).and_then(|f| f.sync_all()).map_err(|e| Error::io(dir, e))?;
    failpoint("batch-decided");
    // From here on the commit is decided: finish it.
    let mut staging = staging;
    staging.committed = true;
    finish_files(staging.path(), dir).map_err(|e| Error::io(dir, e))?;
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if stale_prefixes.iter().any(|p| name.starts_with(p)) && !names.contains(&name.as_str()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    Ok(())
}

/// Renames the files a decided commit's staging folder still holds into `dir`, then removes it.
fn finish_files(staging: &Path, dir: &Path) -> std::io::Result<()> {
    let list = std::fs::read_to_string(staging.join(COMMIT))?;
    for (i, name) in list.lines().filter(|n| !n.is_empty()).enumerate() {
        let from = staging.join(name);
        if from.exists() {
            std::fs::rename(&from, dir.join(name))?;
        }
        if i == 0 {
            failpoint("batch-first-file");
        }
    }
    std::fs::remove_dir_all(staging)
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

    #[test]
    fn a_commit_replaces_the_whole_folder_and_a_drop_leaves_it() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("baseline");
        let s = Staged::create(&target).unwrap();
        s.write("a.csv", b"old a").unwrap();
        s.write("b.csv", b"old b").unwrap();
        s.commit().unwrap();
        let s = Staged::create(&target).unwrap();
        s.write("a.csv", b"new a").unwrap();
        drop(s);
        assert_eq!(std::fs::read(target.join("a.csv")).unwrap(), b"old a", "an abandoned write replaces nothing");
        assert_eq!(listing(tmp.path()), ["baseline"], "and leaves no staging folder");
        let s = Staged::create(&target).unwrap();
        s.write("a.csv", b"new a").unwrap();
        s.commit().unwrap();
        assert_eq!(listing(&target), ["a.csv"], "the old folder's other files are gone with it");
        assert_eq!(listing(tmp.path()), ["baseline"]);
    }

    #[test]
    fn stale_temporaries_of_dead_processes_are_removed_and_an_old_folder_put_back() {
        let tmp = tempfile::tempdir().unwrap();
        // pid 4194304 is above Linux's pid_max: never a running process.
        let dead = 4_194_304;
        std::fs::create_dir(tmp.path().join(format!("{STAGING}baseline-{dead}-0"))).unwrap();
        std::fs::write(tmp.path().join(format!("{TEMP_FILE}{dead}-x.tmp")), b"").unwrap();
        let aside = tmp.path().join(format!("{OLD}my-scenario-{dead}-3"));
        std::fs::create_dir(&aside).unwrap();
        std::fs::write(aside.join("summary.json"), b"{}").unwrap();
        let mine = tmp.path().join(format!("{STAGING}other-{}-0", std::process::id()));
        std::fs::create_dir(&mine).unwrap();
        assert_eq!(remove_stale(tmp.path()), 3);
        let left = listing(tmp.path());
        assert!(left.contains(&"my-scenario".to_string()), "{left:?}");
        assert!(left.iter().any(|n| n.contains(&format!("-{}-", std::process::id()))), "a live run's staging stays");
        assert_eq!(left.len(), 2, "{left:?}");
    }
}
