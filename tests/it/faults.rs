//! Kills, Ctrl-C, a full disk and an unwritable folder: the output folder is entirely the old
//! results or entirely the new ones, never a mix, and no temporary of ours stays behind.

use crate::{fixture, pathways};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Everything under `dir` but our temporaries: relative path → bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.file_name().unwrap().to_string_lossy().starts_with(".pathways-") {
                continue;
            }
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.insert(p.strip_prefix(root).unwrap().to_path_buf(), std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Our temporaries left in `dir`.
fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(".pathways-"))
        .collect()
}

/// A batch of two scenarios (so that there are overlays and batch tables) with `seed`.
fn batch(out: &Path, seed: u64, runs: u64) -> assert_cmd::Command {
    let mut cmd = pathways();
    cmd.args(["run", "--quiet", "--charts", "svg", "--chart-size", "640x360", "--runs"])
        .arg(runs.to_string())
        .arg("--seed")
        .arg(seed.to_string())
        .arg("--out")
        .arg(out)
        .arg(fixture("small.toml"))
        .arg(fixture("child.toml"));
    cmd
}

#[test]
fn a_kill_anywhere_in_the_write_leaves_all_old_or_all_new_and_the_next_run_cleans_up() {
    let tmp = tempfile::tempdir().unwrap();
    let (old_dir, new_dir) = (tmp.path().join("old"), tmp.path().join("new"));
    batch(&old_dir, 1, 3000).assert().success();
    batch(&new_dir, 2, 3000).assert().success();
    let (old, new) = (snapshot(&old_dir), snapshot(&new_dir));
    assert_ne!(old, new);
    // Before the commit is decided the old results stand; after, the new ones (once the next run
    // has finished the renames a kill cut short).
    for (point, decided) in [
        ("runs-csv-chunk", false),
        ("before-commit", false),
        ("decided", true),
        ("old-aside", true),
        ("installed-one", true),
    ] {
        let out = tmp.path().join(point);
        batch(&out, 1, 3000).assert().success();
        let killed = batch(&out, 2, 3000).env("PATHWAYS_FAILPOINT", point).assert().failure();
        assert!(killed.get_output().status.code().is_none(), "{point}: the run was killed, not stopped");
        if !decided {
            assert_eq!(snapshot(&out), old, "{point}: the old results, untouched");
        }
        pathways::export::staged::remove_stale(&out);
        assert!(temporaries(&out).is_empty(), "{point}: {:?}", temporaries(&out));
        assert_eq!(snapshot(&out), if decided { new.clone() } else { old.clone() }, "{point}");
    }
}

#[test]
fn the_next_run_removes_what_a_killed_run_left() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    batch(&out, 1, 3000).assert().success();
    batch(&out, 2, 3000).env("PATHWAYS_FAILPOINT", "before-commit").assert().failure();
    assert!(!temporaries(&out).is_empty(), "kill -9 leaves its staging folder");
    batch(&out, 3, 500).assert().success();
    assert!(temporaries(&out).is_empty(), "{:?}", temporaries(&out));
}

/// Sends `signal` to process `pid` with kill(1).
fn signal(pid: u32, signal: &str) {
    let ok = std::process::Command::new("kill").args([signal, &pid.to_string()]).status().unwrap().success();
    assert!(ok, "kill {signal} {pid}");
}

/// Waits for `child` to exit, at most `limit`; returns its status and how long it took.
fn wait(child: &mut std::process::Child, limit: Duration) -> (std::process::ExitStatus, Duration) {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return (status, started.elapsed());
        }
        assert!(started.elapsed() < limit, "still running after {limit:?}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn ctrl_c_and_kill_9_at_any_moment_leave_all_old_or_all_new() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    batch(&out, 1, 3000).assert().success();
    let old = snapshot(&out);
    let bin = assert_cmd::cargo::cargo_bin("pathways");
    let start = |out: &Path| {
        std::process::Command::new(&bin)
            .args(["run", "--quiet", "--charts", "svg", "--chart-size", "640x360", "--runs", "150000", "--seed", "2"])
            .arg("--out")
            .arg(out)
            .arg(fixture("small.toml"))
            .arg(fixture("child.toml"))
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    // Ctrl-C while it simulates: it stops within a second, with code 130, changing nothing.
    let mut child = start(&out);
    std::thread::sleep(Duration::from_millis(1500));
    signal(child.id(), "-INT");
    let (status, took) = wait(&mut child, Duration::from_secs(20));
    assert_eq!(status.code(), Some(130), "exit code of an interrupted run");
    assert!(took < Duration::from_secs(1), "stopped {took:?} after Ctrl-C");
    assert!(temporaries(&out).is_empty(), "{:?}", temporaries(&out));
    assert_eq!(snapshot(&out), old);

    // kill -9 at several moments: after the next run's clean-up, all old or all new.
    let new_dir = tmp.path().join("new");
    let mut whole = start(&new_dir);
    assert!(wait(&mut whole, Duration::from_secs(600)).0.success());
    let new = snapshot(&new_dir);
    for (i, after) in [300u64, 1500, 4000].into_iter().enumerate() {
        let out = tmp.path().join(format!("kill{i}"));
        batch(&out, 1, 3000).assert().success();
        let mut child = start(&out);
        std::thread::sleep(Duration::from_millis(after));
        signal(child.id(), "-KILL");
        wait(&mut child, Duration::from_secs(20));
        pathways::export::staged::remove_stale(&out);
        let now = snapshot(&out);
        assert!(now == old || now == new, "killed after {after} ms: a mix of old and new");
        assert!(temporaries(&out).is_empty(), "{:?}", temporaries(&out));
    }
}

/// A tmpfs of `size` mounted at a new folder under `dir` (read-only with `ro`), unmounted when
/// dropped; `None` where mounting is not allowed (not root, or no tmpfs).
struct Mount(PathBuf);

impl Mount {
    fn new(dir: &Path, options: &str) -> Option<Mount> {
        let point = dir.join(format!("mnt-{}", options.replace([',', '='], "-")));
        std::fs::create_dir_all(&point).ok()?;
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(&point)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(Mount(point))
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_fails_naming_the_file_and_leaves_the_earlier_results() {
    let tmp = tempfile::tempdir().unwrap();
    let Some(disk) = Mount::new(tmp.path(), "size=2m") else {
        eprintln!("skipped: cannot mount a tmpfs here (needs root)");
        return;
    };
    let out = disk.0.join("out");
    batch(&out, 1, 200).assert().success();
    let old = snapshot(&out);
    // 60,000 runs make about 12 MB of runs.csv.
    let assert = batch(&out, 2, 60_000).assert().code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains(&out.display().to_string()), "names the path: {stderr}");
    assert!(stderr.contains("No space left on device"), "{stderr}");
    assert!(!stderr.contains(".pathways-"), "the path as the user knows it: {stderr}");
    assert_eq!(snapshot(&out), old, "earlier results intact");
    assert!(temporaries(&out).is_empty(), "{:?}", temporaries(&out));
}

#[test]
fn an_unwritable_folder_fails_naming_it_and_leaves_the_earlier_results() {
    let tmp = tempfile::tempdir().unwrap();
    let out = match Mount::new(tmp.path(), "size=4m") {
        Some(disk) => {
            let out = disk.0.join("out");
            batch(&out, 1, 200).assert().success();
            let old = snapshot(&out);
            let status = std::process::Command::new("mount").args(["-o", "remount,ro"]).arg(&disk.0).status().unwrap();
            assert!(status.success());
            let assert = batch(&out, 2, 200).assert().code(1);
            let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
            assert!(stderr.contains(&out.display().to_string()) && stderr.contains("Read-only"), "{stderr}");
            assert_eq!(snapshot(&out), old, "earlier results intact");
            return;
        }
        None => tmp.path().join("out"),
    };
    // Not root: a folder without write permission.
    batch(&out, 1, 200).assert().success();
    let old = snapshot(&out);
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o555)).unwrap();
    let assert = batch(&out, 2, 200).assert().code(1);
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o755)).unwrap();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains(&out.display().to_string()), "{stderr}");
    assert_eq!(snapshot(&out), old);
}
