//! `pathways run --watch`: re-runs on save, survives an invalid edit, stops on Ctrl-C.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(20);

/// Reads lines until one contains `needle`, for at most [`WAIT`]; returns what was read.
fn wait_for(lines: &mpsc::Receiver<String>, needle: &str) -> String {
    let deadline = Instant::now() + WAIT;
    let mut seen = String::new();
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match lines.recv_timeout(left) {
            Ok(l) => {
                seen.push_str(&l);
                seen.push('\n');
                if l.contains(needle) {
                    return seen;
                }
            }
            Err(_) => break,
        }
    }
    panic!("no `{needle}` within {WAIT:?}; output so far:\n{seen}");
}

#[cfg(unix)]
#[test]
fn reruns_on_save_and_keeps_results_through_an_invalid_edit() {
    let dir = tempfile::tempdir().unwrap();
    let parent = dir.path().join("parent.toml");
    let scenario = dir.path().join("s.toml");
    let small = std::fs::read_to_string(crate::fixture("small.toml")).unwrap();
    std::fs::write(&parent, small.replace("name = \"small\"", "name = \"parent\"")).unwrap();
    std::fs::write(&scenario, "[scenario]\nname = \"s\"\nextends = \"parent.toml\"\n").unwrap();
    let out = dir.path().join("out");

    let mut child = Command::new(assert_cmd::cargo::cargo_bin("pathways"))
        .args(["run", "--watch", "--runs", "200", "--charts", "none", "--out"])
        .arg(&out)
        .arg(&scenario)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, lines) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for l in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(l);
        }
    });

    let first = wait_for(&lines, "watching 2 file(s)");
    assert!(first.contains("run 1: ok") && first.contains("trade_war"), "{first}");
    assert!(out.join("s/summary.json").is_file());
    // Reading the files to run them is not a change: no re-run without a save.
    if let Ok(l) = lines.recv_timeout(Duration::from_secs(2)) {
        panic!("re-ran without a save: {l}");
    }

    // Saving the parent re-runs the child.
    std::fs::write(&parent, small.replace("name = \"small\"", "name = \"parent\"").replace("min = 35", "min = 25"))
        .unwrap();
    let second = wait_for(&lines, "watching");
    assert!(second.contains("run 2: ok") && second.contains(" pts"), "{second}");

    // An invalid edit is reported and the last good results stay.
    std::fs::write(&scenario, "[scenario]\nname = \"s\"\nextends = \"parent.toml\"\n\n[agents.us]\nnoise = 7\n")
        .unwrap();
    let third = wait_for(&lines, "watching");
    assert!(third.contains("run 3: invalid, keeping the last good results"), "{third}");
    assert!(out.join("s/summary.json").is_file());

    // Fixing it runs again, compared with the last good run.
    std::fs::write(&scenario, "[scenario]\nname = \"s\"\nextends = \"parent.toml\"\n\n[agents.us]\nnoise = 0.5\n")
        .unwrap();
    let fourth = wait_for(&lines, "watching");
    assert!(fourth.contains("run 4: ok") && fourth.contains(" pts"), "{fourth}");

    // Ctrl-C stops with exit code 0.
    Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    let deadline = Instant::now() + WAIT;
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("--watch did not stop on SIGINT");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(status.success(), "{status}; stderr:\n{stderr}");
    assert!(stderr.contains("agents.us.noise"), "the invalid edit's diagnostic: {stderr}");
}
