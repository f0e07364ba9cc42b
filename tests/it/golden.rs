//! Golden record: every shipped scenario and sweep file, run at a fixed seed with few runs, must
//! write exactly the bytes recorded in `tests/golden/outputs.sha256` (one SHA-256 per output
//! file). A refactor that changes any output byte fails here, naming the files that changed.
//!
//! After an intended change of output, bless the new record and commit it with the change:
//!
//! ```text
//! PATHWAYS_BLESS=1 cargo test --test it golden
//! ```
//!
//! What varies legitimately between machines and runs is taken out before hashing (see
//! [`normalise`]): the commands run from the repository root with relative paths, and the
//! temporary output folder, the binary's path and wall-clock seconds become placeholders.
//! Charts are hashed as written: their text is drawn with the embedded font, never the host's,
//! so PNG and SVG bytes depend only on the code (and the platform's floating point).

use crate::pathways;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const RECORD: &str = "tests/golden/outputs.sha256";
const SEED: &str = "7";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `pathways ARGS --quiet --out OUT/NAME` from the repository root, so that the paths the
/// outputs record are the relative paths given here.
fn run(out: &Path, name: &str, args: &[&str]) {
    pathways()
        .current_dir(root())
        .args(args)
        .args(["--quiet", "--out"])
        .arg(out.join(name))
        .timeout(std::time::Duration::from_secs(600))
        .assert()
        .success();
}

/// The shipped files in `folder` (relative to the repository root), in name order.
fn shipped(folder: &str) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(root().join(folder))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".toml"))
        .map(|n| format!("{folder}/{n}"))
        .collect();
    files.sort();
    files
}

/// Writes every output the record covers into `out`, one folder per command.
fn write_outputs(out: &Path) {
    let charts = ["--charts", "png,svg", "--chart-size", "640x360"];
    let seed = ["--seed", SEED];
    // Every scenario with its charts, the batch tables, the overlays and the comparison.
    run(out, "run", &[&["run", "scenarios", "--runs", "200", "--compare"][..], &seed, &charts].concat());
    // The briefing with the charts it draws itself (at their fixed size) of the pathways the
    // README names: every scenario's charts at that size cost half a minute more in a test build.
    let pathways =
        ["baseline", "cooperation", "renewed_tariffs", "tech_decoupling"].map(|s| format!("scenarios/{s}.toml"));
    let pathways: Vec<&str> = pathways.iter().map(String::as_str).collect();
    run(out, "brief", &[&["brief", "--runs", "200"][..], &pathways, &seed].concat());
    for sweep in shipped("sweeps") {
        let name = format!("sweep-{}", Path::new(&sweep).file_stem().unwrap().to_string_lossy());
        run(out, &name, &[&["sweep", &sweep, "--runs", "50"][..], &seed, &charts].concat());
    }
    let baseline = "scenarios/baseline.toml";
    let sensitivity = ["sensitivity", baseline, "--outcome", "trade_war", "--runs", "16", "--bootstrap", "20"];
    run(out, "sensitivity", &[&sensitivity[..], &seed, &charts].concat());
    run(out, "signposts", &[&["signposts", baseline, "--runs", "300"][..], &seed, &charts].concat());
    let observed = ["--observed", "data/observed/census_trade.csv"];
    let backtest = "scenarios/backtest_2018_2024.toml";
    run(out, "score", &[&["score", backtest, "--runs", "200"][..], &observed, &seed, &charts].concat());
    let calibrate = ["calibrate", backtest, "--from", "2018", "--to", "2019", "--particles", "20", "--budget", "400"];
    run(out, "calibrate", &[&calibrate[..], &["--predictive-runs", "50"], &observed, &seed, &charts].concat());
    // Shards (their manifests and data are a format too) and their merge.
    for k in ["0/2", "1/2"] {
        run(out, "shards", &[&["run", baseline, "--runs", "200", "--shard", k][..], &seed].concat());
    }
    let shards = out.join("shards").to_string_lossy().to_string();
    run(out, "merged", &[&["merge", shards.as_str()][..], &charts].concat());
}

/// `path` relative to the folder `base`, both canonical, as `calibrate` writes `extends`.
fn relative(path: &Path, base: &Path) -> String {
    let (p, b) = (path.canonicalize().unwrap(), base.canonicalize().unwrap());
    let common = p.components().zip(b.components()).take_while(|(a, b)| a == b).count();
    let up = b.components().skip(common).map(|_| "..".to_string());
    let down = p.components().skip(common).map(|c| c.as_os_str().to_string_lossy().to_string());
    up.chain(down).collect::<Vec<_>>().join("/")
}

/// The bytes of `text` with what varies between machines and runs replaced by placeholders:
/// the binary's path (`calibrate`, `score` and `signposts` record their raw command line), the
/// output folder, the path from the calibrated scenario's folder up to the repository (its
/// `extends`), and wall-clock `seconds` (in JSON and CSV).
fn normalise(text: &str, replace: &[(String, &str)]) -> String {
    let mut text = text.to_string();
    for (from, to) in replace {
        text = text.replace(from.as_str(), to);
    }
    let mut lines: Vec<String> = text.split('\n').map(String::from).collect();
    for line in &mut lines {
        if let Some(at) = line.find("\"seconds\": ") {
            let end = line[at..].find(',').map_or(line.len(), |e| at + e);
            line.replace_range(at..end, "\"seconds\": <SECONDS>");
        }
    }
    let seconds = lines.first().and_then(|h| h.split(',').position(|c| c == "seconds"));
    if let Some(col) = seconds {
        for line in lines.iter_mut().skip(1).filter(|l| !l.is_empty()) {
            let mut fields: Vec<&str> = line.split(',').collect();
            if col < fields.len() {
                fields[col] = "<SECONDS>";
            }
            *line = fields.join(",");
        }
    }
    lines.join("\n")
}

/// SHA-256 of every file under `dir`, normalised, by its `/`-separated path relative to `dir`.
fn hashes(dir: &Path) -> BTreeMap<String, String> {
    fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() { walk(&path, files) } else { files.push(path) }
        }
    }
    let mut files = Vec::new();
    walk(dir, &mut files);
    let calibrated = dir.join("calibrate/backtest_2018_2024/calibrate");
    let replace = [
        (assert_cmd::cargo::cargo_bin("pathways").to_string_lossy().to_string(), "<BIN>"),
        (format!("{}/", relative(root(), &calibrated)), "<ROOT>/"),
        (dir.to_string_lossy().to_string(), "<OUT>"),
    ];
    files
        .into_iter()
        .map(|path| {
            let rel: Vec<String> = path
                .strip_prefix(dir)
                .unwrap()
                .components()
                .map(|c| c.as_os_str().to_string_lossy().to_string())
                .collect();
            let bytes = std::fs::read(&path).unwrap();
            let bytes = match String::from_utf8(bytes) {
                Ok(text) => normalise(&text, &replace).into_bytes(),
                Err(e) => e.into_bytes(),
            };
            let hex: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
            (rel.join("/"), hex)
        })
        .collect()
}

fn parse_record(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (hash, path) = l.split_once("  ").unwrap_or_else(|| panic!("{RECORD}: not `HASH  PATH`: {l}"));
            (path.to_string(), hash.to_string())
        })
        .collect()
}

fn format_record(hashes: &BTreeMap<String, String>) -> String {
    let mut text = String::from(
        "# SHA-256 of every output of tests/it/golden.rs (sha256sum format).\n\
         # Regenerate after an intended change of output: PATHWAYS_BLESS=1 cargo test --test it golden\n",
    );
    for (path, hash) in hashes {
        text.push_str(&format!("{hash}  {path}\n"));
    }
    text
}

#[test]
fn every_shipped_scenario_writes_its_golden_bytes() {
    // Inside the checkout, at a fixed depth: the calibrated scenario `calibrate` writes extends
    // the back-test by its path relative to the output folder, and that file's hash is drawn in
    // the footer of every chart of its predictive run, so a temporary folder elsewhere would
    // make those charts depend on where the checkout and the temporary folder sit.
    let base = root().join("target").join("golden");
    std::fs::create_dir_all(&base).unwrap();
    let tmp = tempfile::tempdir_in(&base).unwrap();
    write_outputs(tmp.path());
    let actual = hashes(tmp.path());
    let record = root().join(RECORD);
    if std::env::var_os("PATHWAYS_BLESS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(record.parent().unwrap()).unwrap();
        std::fs::write(&record, format_record(&actual)).unwrap();
        eprintln!("blessed {} output hashes into {RECORD}", actual.len());
        return;
    }
    let text = std::fs::read_to_string(&record)
        .unwrap_or_else(|e| panic!("{RECORD}: {e}; create it with PATHWAYS_BLESS=1 cargo test --test it golden"));
    let expected = parse_record(&text);
    let mut problems = Vec::new();
    for (path, hash) in &expected {
        match actual.get(path) {
            None => problems.push(format!("missing  {path}")),
            Some(h) if h != hash => problems.push(format!("changed  {path}")),
            Some(_) => {}
        }
    }
    for path in actual.keys().filter(|p| !expected.contains_key(*p)) {
        problems.push(format!("new      {path}"));
    }
    assert!(
        problems.is_empty(),
        "{} of {} output files differ from the golden record {RECORD}:\n  {}\n\
         If the change is intended, bless it: PATHWAYS_BLESS=1 cargo test --test it golden",
        problems.len(),
        expected.len(),
        problems.join("\n  ")
    );
}
