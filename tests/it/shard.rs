//! `run --shard K/N`, `merge` and `slurm`: merged shards equal the unsharded run byte for byte,
//! and shards that do not belong together are refused with the reason.

use crate::{fixture, pathways};
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;
use std::path::{Path, PathBuf};

/// 9,001 runs: not a multiple of the 1,024-run block, nor of 2, 3 or 7.
const RUNS: &str = "9001";

fn run_full(out: &Path, seed: &str, charts: &str) {
    pathways()
        .args(["run", "--runs", RUNS, "--seed", seed, "--quiet", "--threads", "2", "--charts", charts, "--out"])
        .arg(out)
        .arg(fixture("small.toml"))
        .assert()
        .success();
}

/// Runs shard `k`/`n` into `out`; returns its folder.
fn run_shard(out: &Path, scenario: &str, seed: &str, k: u32, n: u32) -> PathBuf {
    pathways()
        .args(["run", "--runs", RUNS, "--seed", seed, "--quiet", "--threads", "1", "--shard", &format!("{k}/{n}")])
        .arg("--out")
        .arg(out)
        .arg(fixture(scenario))
        .assert()
        .success();
    out.join(format!("shard-{k:04}-of-{n:04}"))
}

fn merge(dirs: &[PathBuf], out: &Path, charts: &str) -> assert_cmd::assert::Assert {
    pathways().args(["merge", "--quiet", "--charts", charts]).args(dirs).arg("--out").arg(out).assert()
}

/// Every file under `dir`: relative path → bytes.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn assert_same_tree(a: &Path, b: &Path) {
    let (ta, tb) = (tree(a), tree(b));
    assert_eq!(ta.iter().map(|f| &f.0).collect::<Vec<_>>(), tb.iter().map(|f| &f.0).collect::<Vec<_>>());
    for ((name, x), (_, y)) in ta.iter().zip(&tb) {
        assert!(x == y, "{} differs between the merged and the unsharded run", name.display());
    }
}

#[test]
fn merging_n_shards_equals_the_unsharded_run_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let full = tmp.path().join("full");
    run_full(&full, "7", "none");
    for n in [1, 2, 3, 7] {
        let shards = tmp.path().join(format!("shards{n}"));
        // Shards in reverse order: the merge sorts them.
        let dirs: Vec<PathBuf> = (0..n).rev().map(|k| run_shard(&shards, "small.toml", "7", k, n)).collect();
        let merged = tmp.path().join(format!("merged{n}"));
        merge(&dirs, &merged, "none").success();
        assert_same_tree(&full, &merged);
    }
}

/// `merge DIR` with the folder `run --shard K/N --out DIR` was given: the same as naming the
/// shard folders it holds.
#[test]
fn merge_accepts_the_folder_the_shards_were_written_into() {
    let tmp = tempfile::tempdir().unwrap();
    let full = tmp.path().join("full");
    run_full(&full, "7", "none");
    let shards = tmp.path().join("shards");
    for k in 0..3 {
        run_shard(&shards, "small.toml", "7", k, 3);
    }
    let merged = tmp.path().join("merged");
    merge(std::slice::from_ref(&shards), &merged, "none").success();
    assert_same_tree(&full, &merged);
    // A folder with the shards of two studies: which one is meant cannot be guessed.
    run_shard(&shards, "small.toml", "7", 0, 2);
    merge(&[shards], &tmp.path().join("again"), "none")
        .code(2)
        .stderr(contains("holds the shards of 2 studies").and(contains("shard-*-of-0002")));
    // A folder with neither.
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    merge(&[empty], &tmp.path().join("none"), "none").code(2).stderr(contains("nor a folder holding shard-K-of-N"));
}

#[test]
fn merged_charts_equal_the_unsharded_charts() {
    let tmp = tempfile::tempdir().unwrap();
    let full = tmp.path().join("full");
    run_full(&full, "3", "png,svg");
    let shards = tmp.path().join("shards");
    let dirs: Vec<PathBuf> = (0..2).map(|k| run_shard(&shards, "small.toml", "3", k, 2)).collect();
    let merged = tmp.path().join("merged");
    merge(&dirs, &merged, "png,svg").success();
    assert_same_tree(&full, &merged);
}

#[test]
fn merging_shards_with_outcomes_equals_the_unsharded_run_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let full = tmp.path().join("full");
    pathways()
        .args(["run", "--runs", RUNS, "--seed", "5", "--quiet", "--threads", "2", "--charts", "none", "--out"])
        .arg(&full)
        .arg(fixture("outcomes.toml"))
        .assert()
        .success();
    let shards = tmp.path().join("shards");
    let dirs: Vec<PathBuf> = (0..3).map(|k| run_shard(&shards, "outcomes.toml", "5", k, 3)).collect();
    let merged = tmp.path().join("merged");
    merge(&dirs, &merged, "none").success();
    assert_same_tree(&full, &merged);
    assert!(std::fs::read_to_string(full.join("outcomes/summary.json")).unwrap().contains("\"outcomes\""));
}

#[test]
fn a_shard_folder_holds_only_its_manifest_and_data() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = run_shard(tmp.path(), "small.toml", "7", 1, 3);
    let names: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    let mut names = names;
    names.sort();
    assert_eq!(names, ["manifest.json", "shard.bin"]);
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    assert_eq!((m["format"].as_str(), m["kind"].as_str()), (Some("pathways-shard/3"), Some("run")));
    assert_eq!((m["shard"].as_u64(), m["shards"].as_u64(), m["items"].as_u64()), (Some(1), Some(3), Some(9001)));
    assert_eq!((m["first_item"].as_u64(), m["end_item"].as_u64()), (Some(3072), Some(6144)));
}

#[test]
fn rejects_shards_with_another_seed() {
    let tmp = tempfile::tempdir().unwrap();
    let a = run_shard(&tmp.path().join("a"), "small.toml", "7", 0, 2);
    let b = run_shard(&tmp.path().join("b"), "small.toml", "8", 1, 2);
    merge(&[a, b], &tmp.path().join("out"), "none")
        .code(2)
        .stderr(contains("do not belong together"))
        .stderr(contains("shard-0001-of-0002/manifest.json: seed is 8, but"))
        .stderr(contains("has 7"));
    assert!(!tmp.path().join("out").exists());
}

#[test]
fn rejects_shards_of_another_scenario() {
    let tmp = tempfile::tempdir().unwrap();
    let a = run_shard(&tmp.path().join("a"), "small.toml", "7", 0, 2);
    let b = run_shard(&tmp.path().join("b"), "child.toml", "7", 1, 2);
    merge(&[a, b], &tmp.path().join("out"), "none").code(2).stderr(contains("file_sha256 is"));
}

#[test]
fn rejects_shards_split_another_way() {
    let tmp = tempfile::tempdir().unwrap();
    let a = run_shard(tmp.path(), "small.toml", "7", 0, 2);
    let b = run_shard(tmp.path(), "small.toml", "7", 1, 3);
    merge(&[a, b], &tmp.path().join("out"), "none").code(2).stderr(contains("shards is 3, but"));
}

#[test]
fn rejects_a_missing_shard() {
    let tmp = tempfile::tempdir().unwrap();
    let dirs: Vec<PathBuf> = [0, 2].iter().map(|&k| run_shard(tmp.path(), "small.toml", "7", k, 3)).collect();
    merge(&dirs, &tmp.path().join("out"), "none").code(2).stderr(contains("missing shard 1/3"));
}

#[test]
fn rejects_a_repeated_shard() {
    let tmp = tempfile::tempdir().unwrap();
    let mut dirs: Vec<PathBuf> = (0..2).map(|k| run_shard(tmp.path(), "small.toml", "7", k, 2)).collect();
    let copy = tmp.path().join("copy");
    std::fs::create_dir(&copy).unwrap();
    for f in ["manifest.json", "shard.bin"] {
        std::fs::copy(dirs[1].join(f), copy.join(f)).unwrap();
    }
    dirs.push(copy);
    merge(&dirs, &tmp.path().join("out"), "none").code(2).stderr(contains("shard 1/2 is given 2 times"));
}

#[test]
fn rejects_data_that_does_not_match_its_manifest() {
    let tmp = tempfile::tempdir().unwrap();
    let dirs: Vec<PathBuf> = (0..2).map(|k| run_shard(tmp.path(), "small.toml", "7", k, 2)).collect();
    let data = dirs[0].join("shard.bin");
    let mut bytes = std::fs::read(&data).unwrap();
    bytes[100] ^= 1;
    std::fs::write(&data, bytes).unwrap();
    merge(&dirs, &tmp.path().join("out"), "none").code(2).stderr(contains("does not match its manifest"));
}

#[test]
fn rejects_a_folder_that_is_not_a_shard() {
    let tmp = tempfile::tempdir().unwrap();
    merge(&[tmp.path().to_path_buf()], &tmp.path().join("out"), "none")
        .code(2)
        .stderr(contains("not a finished shard folder"));
}

#[test]
fn shard_k_must_be_below_n() {
    pathways()
        .args(["run", "--shard", "4/4", "--out"])
        .arg(tempfile::tempdir().unwrap().path())
        .arg(fixture("small.toml"))
        .assert()
        .code(2)
        .stderr(contains("K ≥ N"));
}

#[test]
fn slurm_scripts_read_like_this() {
    let opts = pathways::commands::slurm::SlurmOptions {
        scenario: "scenarios/baseline.toml".into(),
        shards: 16,
        partition: Some("compute".into()),
        time: "02:00:00".into(),
        cpus_per_task: 8,
        out: "studies/baseline".into(),
        bin: "pathways".into(),
        runs: Some(1_000_000),
        seed: Some(42),
        sets: vec!["agents.us.aggression=0.3".into()],
        merge_charts: None,
        quiet: false,
    };
    let scripts = pathways::commands::slurm::scripts(&opts, Path::new("/home/analyst/project")).unwrap();
    let text: String = scripts.iter().map(|(name, body)| format!("==> {name} <==\n{body}\n")).collect();
    insta::assert_snapshot!(text);
}

fn slurm_options() -> pathways::commands::slurm::SlurmOptions {
    pathways::commands::slurm::SlurmOptions {
        scenario: "scenarios/baseline.toml".into(),
        shards: 4,
        partition: None,
        time: "01:00:00".into(),
        cpus_per_task: 2,
        out: "study".into(),
        bin: "pathways".into(),
        runs: None,
        seed: None,
        sets: Vec::new(),
        merge_charts: None,
        quiet: false,
    }
}

/// A newline in any value would end a `#SBATCH` line and run the rest as a command: every such
/// value is refused, naming the option.
#[test]
fn slurm_refuses_values_that_would_inject_commands() {
    let injected = "x\ntouch /tmp/pwned\n#";
    let cases: Vec<(&str, pathways::commands::slurm::SlurmOptions)> = vec![
        (
            "--partition",
            pathways::commands::slurm::SlurmOptions { partition: Some(injected.into()), ..slurm_options() },
        ),
        (
            "--partition",
            pathways::commands::slurm::SlurmOptions { partition: Some("a b;id".into()), ..slurm_options() },
        ),
        (
            "--set",
            pathways::commands::slurm::SlurmOptions {
                sets: vec![format!("scenario.description={injected}")],
                ..slurm_options()
            },
        ),
        ("--bin", pathways::commands::slurm::SlurmOptions { bin: injected.into(), ..slurm_options() }),
        ("--out", pathways::commands::slurm::SlurmOptions { out: injected.into(), ..slurm_options() }),
        (
            "the scenario path",
            pathways::commands::slurm::SlurmOptions { scenario: format!("{injected}.toml").into(), ..slurm_options() },
        ),
    ];
    for (what, opts) in cases {
        let err = pathways::commands::slurm::scripts(&opts, Path::new("/work")).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().starts_with(what), "{what}: {err}");
    }
    let err = pathways::commands::slurm::scripts(&slurm_options(), Path::new("/work\r\nid")).unwrap_err();
    assert!(err.to_string().contains("working folder"), "{err}");
}

/// Values with quotes, spaces and shell syntax (but no control characters) are quoted: bash reads
/// each back as the one word it was, and the job name keeps only plain characters.
#[test]
fn slurm_quotes_hostile_values_as_single_words() {
    let hostile = ["it's $(id) `id` ; rm -rf ~", "a b\"c\\d", "*", "--x=$HOME", "-e"];
    for h in hostile {
        let opts = pathways::commands::slurm::SlurmOptions {
            scenario: format!("scen {h}.toml").into(),
            sets: vec![format!("scenario.description={h}")],
            bin: format!("/opt/{h}/pathways"),
            ..slurm_options()
        };
        let scripts = pathways::commands::slurm::scripts(&opts, Path::new("/work dir")).unwrap();
        let shards = &scripts[0].1;
        let job_line = shards.lines().find(|l| l.starts_with("#SBATCH --job-name=")).unwrap();
        assert!(
            job_line["#SBATCH --job-name=".len()..].chars().all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c)),
            "{job_line}"
        );
        // The exec line with its binary replaced by printf: bash prints the words it sees.
        let exec = shards.lines().find(|l| l.starts_with("exec ")).unwrap();
        let words = exec.trim_start_matches("exec ").replacen(
            &pathways::commands::command_line::shell_word(&opts.bin),
            "printf '%s\\n'",
            1,
        );
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(format!("SLURM_ARRAY_TASK_ID=0; {words}"))
            .output()
            .unwrap();
        let printed = String::from_utf8(out.stdout).unwrap();
        let printed: Vec<&str> = printed.lines().collect();
        assert_eq!(printed[1], opts.scenario.display().to_string(), "{exec}");
        assert_eq!(printed.last().copied(), Some(format!("scenario.description={h}").as_str()), "{exec}");
    }
}

fn sweep(out: &Path, seed: &str, extra: &[&str]) {
    pathways()
        .args(["sweep", "--param", "economy.import_elasticity=1:3:5", "--runs", "1100", "--seed", seed, "--quiet"])
        .args(["--charts", "svg", "--threads", "1", "--out"])
        .arg(out)
        .args(extra)
        .arg(fixture("small.toml"))
        .assert()
        .success();
}

#[test]
fn merged_sweep_shards_equal_the_unsharded_sweep() {
    let tmp = tempfile::tempdir().unwrap();
    let full = tmp.path().join("full");
    sweep(&full, "4", &[]);
    for n in [2, 3, 7] {
        let shards = tmp.path().join(format!("shards{n}"));
        let dirs: Vec<PathBuf> = (0..n)
            .map(|k| {
                sweep(&shards, "4", &["--shard", &format!("{k}/{n}")]);
                shards.join(format!("shard-{k:04}-of-{n:04}"))
            })
            .collect();
        let merged = tmp.path().join(format!("merged{n}"));
        merge(&dirs, &merged, "svg").success();
        assert_same_tree(&full, &merged);
    }
}

#[test]
fn rejects_sweep_shards_of_another_seed_or_a_missing_one() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    sweep(&a, "4", &["--shard", "0/3"]);
    sweep(&b, "5", &["--shard", "1/3"]);
    let dirs = [a.join("shard-0000-of-0003"), b.join("shard-0001-of-0003")];
    merge(&dirs, &tmp.path().join("out"), "none").code(2).stderr(contains("command_line is"));
    merge(&dirs[..1], &tmp.path().join("out"), "none").code(2).stderr(contains("missing shards 1/3, 2/3"));
}

fn sensitivity(out: &Path, extra: &[&str]) {
    pathways()
        .args(["sensitivity", "--runs", "40", "--bootstrap", "10", "--charts", "svg", "--threads", "1", "--out"])
        .arg(out)
        .args(extra)
        .arg(fixture("uncertain.toml"))
        .assert()
        .success();
}

#[test]
fn merged_sensitivity_shards_equal_the_unsharded_analysis() {
    let tmp = tempfile::tempdir().unwrap();
    let full = tmp.path().join("full");
    sensitivity(&full, &[]);
    let shards = tmp.path().join("shards");
    let dirs: Vec<PathBuf> = (0..3)
        .map(|k| {
            sensitivity(&shards, &["--shard", &format!("{k}/3")]);
            shards.join(format!("shard-{k:04}-of-0003"))
        })
        .collect();
    let merged = tmp.path().join("merged");
    merge(&dirs, &merged, "svg").success();
    assert_same_tree(&full, &merged);
    merge(&dirs[1..], &tmp.path().join("partial"), "none").code(2).stderr(contains("missing shard 0/3"));
}

#[test]
fn manifests_record_the_command_that_reproduces_the_result() {
    let tmp = tempfile::tempdir().unwrap();
    pathways()
        .args(["run", "--runs", "300", "--seed", "9", "--quiet", "--charts", "none", "--threads", "1"])
        .args(["--set", "scenario.description=\"it's a test\"", "--out"])
        .arg(tmp.path())
        .arg(fixture("small.toml"))
        .assert()
        .success();
    let folder = crate::set_folder(tmp.path(), "small");
    let v: serde_json::Value = serde_json::from_str(&crate::read(tmp.path(), &folder, "summary.json")).unwrap();
    let expected = format!(
        "pathways run {} --runs 300 --seed 9 --set 'scenario.description=\"it'\\''s a test\"'",
        fixture("small.toml").display()
    );
    assert_eq!(v["manifest"]["command_line"], expected.as_str());
}

/// Sets `key` of the manifest in shard folder `dir` to `value`.
fn tamper_manifest(dir: &Path, key: &str, value: &str) {
    let path = dir.join("manifest.json");
    let mut m: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    m[key] = value.into();
    std::fs::write(&path, serde_json::to_string_pretty(&m).unwrap()).unwrap();
}

/// The merge of `dirs` fails with exit 2, without panicking and writing nothing; returns what
/// it says.
fn refused(dirs: &[PathBuf], out: &Path) -> String {
    let output = merge(dirs, out, "none").code(2).get_output().clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!out.exists(), "{stderr}");
    stderr
}

/// The merge of `dirs` fails with exit 2 naming the manifest and `key`, and does not panic.
fn refuses_bad_hash(dirs: &[PathBuf], out: &Path, key: &str) {
    let stderr = refused(dirs, out);
    assert!(
        stderr.contains("manifest.json") && stderr.contains(key) && stderr.contains("64 hex digits"),
        "{key}: {stderr}"
    );
}

/// Hashes read back from a manifest are checked on read: a tampered one is named, not taken
/// for a changed scenario or corrupt data.
#[test]
fn rejects_run_shard_manifests_whose_hashes_are_not_hex() {
    let tmp = tempfile::tempdir().unwrap();
    let dirs: Vec<PathBuf> = (0..2).map(|k| run_shard(tmp.path(), "small.toml", "7", k, 2)).collect();
    let originals: Vec<String> =
        dirs.iter().map(|d| std::fs::read_to_string(d.join("manifest.json")).unwrap()).collect();
    for key in ["file_sha256", "resolved_sha256", "data_sha256"] {
        for bad in ["中文中文中文中文中文中文中文中文中文中文中文中文", "xyz", &"g".repeat(64)]
        {
            for d in &dirs {
                tamper_manifest(d, key, bad);
            }
            refuses_bad_hash(&dirs, &tmp.path().join("merged"), key);
            for (d, text) in dirs.iter().zip(&originals) {
                std::fs::write(d.join("manifest.json"), text).unwrap();
            }
        }
    }
    merge(&dirs, &tmp.path().join("merged"), "none").success();
}

#[test]
fn rejects_sweep_and_sensitivity_shard_manifests_whose_hashes_are_not_hex() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("sweep");
    sweep(&out, "4", &["--shard", "0/1"]);
    let dirs = [out.join("shard-0000-of-0001")];
    tamper_manifest(&dirs[0], "file_sha256", "中文");
    refuses_bad_hash(&dirs, &tmp.path().join("merged-sweep"), "file_sha256");
    let out = tmp.path().join("sensitivity");
    sensitivity(&out, &["--shard", "0/1"]);
    let dirs = [out.join("shard-0000-of-0001")];
    tamper_manifest(&dirs[0], "data_sha256", "xyz");
    refuses_bad_hash(&dirs, &tmp.path().join("merged-sensitivity"), "data_sha256");
}

/// A manifest names its kind; a kind this pathways does not know is refused, naming the
/// manifest and the key, before anything else of it is read.
#[test]
fn rejects_a_shard_of_an_unknown_kind() {
    let tmp = tempfile::tempdir().unwrap();
    let dirs: Vec<PathBuf> = (0..2).map(|k| run_shard(tmp.path(), "small.toml", "7", k, 2)).collect();
    tamper_manifest(&dirs[1], "kind", "calibrate");
    let stderr = refused(&dirs, &tmp.path().join("out"));
    assert!(stderr.contains("shard-0001-of-0002/manifest.json: kind: unknown variant `calibrate`"), "{stderr}");
}

#[test]
fn rejects_shards_of_different_kinds() {
    let tmp = tempfile::tempdir().unwrap();
    let run = run_shard(&tmp.path().join("run"), "small.toml", "7", 0, 2);
    let out = tmp.path().join("sensitivity");
    sensitivity(&out, &["--shard", "1/2"]);
    let dirs = [run, out.join("shard-0001-of-0002")];
    let stderr = refused(&dirs, &tmp.path().join("merged"));
    assert!(stderr.contains("do not belong together"), "{stderr}");
    assert!(stderr.contains("shard-0001-of-0002/manifest.json: kind is sensitivity, but"), "{stderr}");
    assert!(stderr.contains("shard-0000-of-0002/manifest.json has run"), "{stderr}");
}

/// Shards written by an older pathways (each kind had a format of its own) are refused with
/// what to do, not taken for damaged files.
#[test]
fn rejects_manifests_of_an_older_format_saying_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    let dirs: Vec<PathBuf> = (0..2).map(|k| run_shard(tmp.path(), "small.toml", "7", k, 2)).collect();
    let out = tmp.path().join("out");
    for old in ["pathways-shard/2", "pathways-sweep-shard/2", "pathways-sensitivity-shard/1"] {
        tamper_manifest(&dirs[0], "format", old);
        let stderr = refused(&dirs, &out);
        assert!(stderr.contains(&format!("shard-0000-of-0002/manifest.json: format is {old}")), "{stderr}");
        assert!(stderr.contains("merges pathways-shard/3") && stderr.contains("run them again"), "{stderr}");
    }
    let path = dirs[0].join("manifest.json");
    let mut m: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    m.as_object_mut().unwrap().remove("format");
    std::fs::write(&path, m.to_string()).unwrap();
    assert!(refused(&dirs, &out).contains("manifest.json: not a pathways shard manifest (no format key)"));
}
