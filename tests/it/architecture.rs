//! The shape of the house (docs/ARCHITECTURE.md): the top-level modules of `src/` stand on
//! floors, and a module imports only from its own floor or the floors below. Read from the
//! sources, so that a `use` that climbs a floor or closes a loop fails here, naming the file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The floors, lowest first. Modules on one floor may import each other, but never in a loop.
const FLOORS: &[&[&str]] = &[
    &["error", "diagnostic", "read", "cancel", "numbers"],
    &["stats"],
    &["sampling"],
    &["model"],
    &["observe", "scenario"],
    &["engine"],
    &["analysis", "evidence", "calibrate"],
    &["chart", "export"],
    &["commands"],
    &["cli"],
];

/// One `crate::<module>` reference: where it is and what it names.
struct Import {
    file: PathBuf,
    line: usize,
    from: String,
    to: String,
}

fn floor_of(module: &str) -> Option<usize> {
    FLOORS.iter().position(|f| f.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("src/ entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level modules a line names through `crate::`: `crate::engine::…` and each item of
/// `crate::{engine::…, model}`. Comments are dropped first: doc links may point anywhere.
fn named_modules(line: &str) -> Vec<String> {
    let code = line.split("//").next().unwrap_or("");
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let after = &rest[i + "crate::".len()..];
        let preceded_by_word = rest[..i].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_');
        if !preceded_by_word {
            if let Some(group) = after.strip_prefix('{') {
                let body = group.split('}').next().unwrap_or("");
                found.extend(body.split(',').filter_map(|item| head(item.trim())));
            } else if let Some(name) = head(after) {
                found.push(name);
            }
        }
        rest = after;
    }
    found
}

/// The first path segment of `path`, if it names a module (`Error` and `Result` are re-exports).
fn head(path: &str) -> Option<String> {
    let name: String = path.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    (!name.is_empty() && name.chars().next().is_some_and(|c| c.is_lowercase()) && name != "self").then_some(name)
}

fn imports() -> Vec<Import> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let rel = file.strip_prefix(&src).expect("under src/").to_path_buf();
        let first = rel.components().next().expect("a path").as_os_str().to_string_lossy().into_owned();
        let from = first.trim_end_matches(".rs").to_string();
        if from == "lib" || from == "main" {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("readable source");
        for (n, line) in text.lines().enumerate() {
            for to in named_modules(line) {
                if to != from {
                    out.push(Import { file: rel.clone(), line: n + 1, from: from.clone(), to });
                }
            }
        }
    }
    out
}

#[test]
fn every_top_level_module_stands_on_a_floor() {
    let mut unplaced = BTreeSet::new();
    for i in imports() {
        for m in [&i.from, &i.to] {
            if floor_of(m).is_none() {
                unplaced.insert(format!("{m} (src/{})", i.file.display()));
            }
        }
    }
    assert!(unplaced.is_empty(), "modules on no floor; add them to FLOORS: {unplaced:?}");
}

#[test]
fn no_import_climbs_a_floor() {
    let climbs: Vec<String> = imports()
        .into_iter()
        .filter(|i| matches!((floor_of(&i.from), floor_of(&i.to)), (Some(a), Some(b)) if b > a))
        .map(|i| format!("src/{}:{}: {} imports crate::{}", i.file.display(), i.line, i.from, i.to))
        .collect();
    assert!(climbs.is_empty(), "imports that go up a floor:\n{}", climbs.join("\n"));
}

#[test]
fn modules_import_each_other_without_loops() {
    let mut edges: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for i in imports() {
        let at = format!("src/{}:{}", i.file.display(), i.line);
        edges.entry(i.from).or_default().entry(i.to).or_insert(at);
    }
    // Depth-first search; a module met again while still on the stack closes a loop.
    fn visit(
        m: &str,
        edges: &BTreeMap<String, BTreeMap<String, String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<String> {
        if done.contains(m) {
            return None;
        }
        if let Some(start) = stack.iter().position(|s| s == m) {
            let mut path = stack[start..].to_vec();
            path.push(m.to_string());
            let steps: Vec<String> =
                path.windows(2).map(|w| format!("{} → {} ({})", w[0], w[1], edges[&w[0]][&w[1]])).collect();
            return Some(steps.join(", "));
        }
        stack.push(m.to_string());
        for next in edges.get(m).into_iter().flat_map(|e| e.keys()) {
            if let Some(cycle) = visit(next, edges, stack, done) {
                return Some(cycle);
            }
        }
        stack.pop();
        done.insert(m.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for m in edges.keys() {
        if let Some(cycle) = visit(m, &edges, &mut Vec::new(), &mut done) {
            panic!("import loop: {cycle}");
        }
    }
}

#[test]
fn the_reader_sees_crate_paths_in_use_lists() {
    assert_eq!(named_modules("use crate::{engine::result::ScenarioResult, model};"), ["engine", "model"]);
    assert_eq!(named_modules("let m = crate::model::params::Model::compile(s); // crate::cli"), ["model"]);
    assert_eq!(named_modules("pub use crate::Result;"), Vec::<String>::new());
}
