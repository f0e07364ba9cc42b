//! Loading a scenario: read the file and its `extends` chain, merge them key by key, apply
//! `--set` overrides, deserialize, and validate. Every problem comes back as a [`Diagnostic`]
//! located in the file where the offending value is written.

use crate::diagnostic::{Diagnostic, Location, SourceFile, did_you_mean};
use crate::error::{Error, Result};
use crate::read::{MAX_SCENARIO_BYTES, read_text};
use crate::scenario::format::{Sampling, ScenarioFile};
use crate::scenario::tree::{Node, NodeVal, Origin};
use crate::scenario::validate;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A scenario ready to compile into a model.
#[derive(Debug, Clone)]
pub struct LoadedScenario {
    pub file: ScenarioFile,
    /// The merged values with their origins.
    pub tree: Node,
    /// The scenario file first, then its parents.
    pub sources: Vec<SourceFile>,
    /// SHA-256 of the scenario file's bytes (lowercase hex).
    pub sha256: String,
    /// The `--set` overrides it was loaded with, as given.
    pub sets: Vec<String>,
    /// The posterior sample `[simulation] posterior` names, read and checked.
    pub posterior: Option<Arc<crate::scenario::posterior::Posterior>>,
    /// What loading adjusted (inherited events beyond a shortened horizon, dropped): commands
    /// print these, and the scenario runs.
    pub warnings: Vec<Diagnostic>,
}

impl LoadedScenario {
    pub fn path(&self) -> &Path {
        &self.sources[0].path
    }

    /// The location of the value at `path` (keys and array indices).
    pub fn locate(&self, path: &[String]) -> Location {
        locate(&self.tree, &self.sources, path)
    }

    /// The readable key of `path`: array indices replaced by entry names (`events.summit.month`).
    pub fn key(&self, path: &[String]) -> String {
        display_key(&self.tree, path)
    }

    /// A diagnostic about the value at `path`.
    pub fn diag(&self, path: &[String], message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.locate(path), Some(self.key(path)), message)
    }
}

/// The longest `extends` chain (the scenario and its ancestors). Judgement: the shipped ones are
/// two files long; a chain of dozens is a mistake or an attack, and each file costs a merge.
pub const MAX_EXTENDS_DEPTH: usize = 32;

/// Loads, merges, overrides, deserializes and validates the scenario at `path`.
pub fn load(path: &Path, sets: &[String]) -> Result<LoadedScenario> {
    let mut sources: Vec<SourceFile> = Vec::new();
    let mut trees: Vec<Node> = Vec::new();
    let mut sha256 = String::new();
    let mut next: Option<(PathBuf, Option<Location>)> = Some((path.to_path_buf(), None));
    let mut seen: Vec<PathBuf> = Vec::new();

    while let Some((file, referenced_at)) = next.take() {
        let text = read_text(&file, MAX_SCENARIO_BYTES).map_err(|why| {
            let loc = referenced_at.clone().unwrap_or(Location::Nowhere(Some(file.clone())));
            let what = if referenced_at.is_some() { "parent scenario" } else { "scenario file" };
            let key = referenced_at.as_ref().map(|_| "scenario.extends".to_string());
            let d = Diagnostic::new(loc, key, format!("cannot read {what} {}: {why}", file.display()));
            if referenced_at.is_some() {
                d.with_help("`extends` is relative to the folder of the file that writes it")
            } else {
                d
            }
        })?;
        if sources.is_empty() {
            sha256 = hex(&Sha256::digest(text.as_bytes()));
        }
        let canonical = std::fs::canonicalize(&file).unwrap_or_else(|_| file.clone());
        if let Some(loc) = &referenced_at
            && seen.contains(&canonical)
        {
            let chain: Vec<String> = sources.iter().map(|s| s.path.display().to_string()).collect();
            return Err(Diagnostic::new(loc.clone(), Some("scenario.extends".into()), "`extends` forms a cycle")
                .with_help(format!("chain: {} → {}", chain.join(" → "), file.display()))
                .into());
        }
        if let Some(loc) = &referenced_at
            && seen.len() >= MAX_EXTENDS_DEPTH
        {
            return Err(Diagnostic::new(
                loc.clone(),
                Some("scenario.extends".into()),
                format!("`extends` chains more than {MAX_EXTENDS_DEPTH} files"),
            )
            .with_help("a scenario inherits from a few parents at most: point it at the one it means to vary")
            .into());
        }
        seen.push(canonical);
        let source = SourceFile { path: file.clone(), text: Arc::from(text) };
        let index = sources.len();
        sources.push(source.clone());
        let tree = parse(&source, index)?;
        if let Some(parent) = tree.child("scenario").and_then(|s| s.child("extends")) {
            let loc = parent.location(&sources, false);
            let NodeVal::Leaf(toml::Value::String(rel)) = &parent.val else {
                return Err(
                    Diagnostic::new(loc, Some("scenario.extends".into()), "`extends` must be a file name").into()
                );
            };
            let dir = file.parent().unwrap_or(Path::new("."));
            next = Some((dir.join(rel), Some(loc)));
        }
        trees.push(tree);
    }

    // Merge from the root ancestor down to the scenario itself.
    let mut tree = trees.pop().expect("at least the scenario itself");
    while let Some(child) = trees.pop() {
        tree.merge(child, None);
    }
    for arg in sets {
        apply_set(&mut tree, arg)?;
    }
    tree.drop_disabled();
    let warnings = drop_beyond_horizon(&mut tree, &sources);
    // `extends` is resolved; the merged scenario no longer has a parent.
    if let Some(Node { val: NodeVal::Table(entries), .. }) = tree_child_mut(&mut tree, "scenario") {
        entries.retain(|(k, _)| k != "extends");
    }

    let (file, mut problems) = deserialize(&tree, &sources)?;
    let mut loaded = LoadedScenario { file, tree, sources, sha256, sets: sets.to_vec(), posterior: None, warnings };
    problems.extend(validate::validate(&loaded));
    if !problems.is_empty() {
        return Err(Error::Scenario(problems));
    }
    loaded.posterior = crate::scenario::posterior::load(&loaded)?.map(Arc::new);
    Ok(loaded)
}

/// Deserializes the merged tree. An unknown key, a wrong type or an unknown distribution is
/// reported and then left out (its default stands in), so that the problems after it, and the
/// semantic checks, are reported in the same go; a missing key stops there.
fn deserialize(tree: &Node, sources: &[SourceFile]) -> Result<(ScenarioFile, Vec<Diagnostic>)> {
    let mut problems = Vec::new();
    let mut trimmed = tree.clone();
    let mut removed: Vec<Vec<String>> = Vec::new();
    loop {
        let err = match serde_path_to_error::deserialize(trimmed.to_value()) {
            Ok(file) => return Ok((file, problems)),
            Err(e) => e,
        };
        let (d, path, skippable) = serde_diagnostic(tree, sources, &err);
        // A required key left out above: already reported as what it was.
        let consequence = !skippable && removed.iter().any(|r| r.starts_with(&path));
        if !consequence {
            problems.push(d);
        }
        if !skippable || problems.len() >= 50 || !trimmed.remove(&path) {
            return Err(Error::Scenario(problems));
        }
        removed.push(path);
    }
}

/// Drops the fixed-month events and scripted moves, and clips the event windows, that lie
/// beyond a horizon written somewhere else than they are: a child (or `--set`) that shortens the
/// horizon cannot edit what it inherits except entry by entry, so what falls outside is dropped
/// with a warning rather than refused. A month written in the same file as the horizon is still
/// an error, which validation reports.
fn drop_beyond_horizon(tree: &mut Node, sources: &[SourceFile]) -> Vec<Diagnostic> {
    let Some(h) = tree.child("scenario").and_then(|s| s.child("horizon_months")) else {
        return Vec::new();
    };
    let horizon = match &h.val {
        NodeVal::Leaf(toml::Value::Integer(v)) if (1..=i64::from(*validate::HORIZON.end())).contains(v) => *v,
        _ => return Vec::new(),
    };
    let (h_origin, h_at) = (h.origin.clone(), Diagnostic::new(h.location(sources, false), None, "").position());
    let same_place = |o: &Origin| match (o, &h_origin) {
        (Origin::File { source: a, .. }, Origin::File { source: b, .. }) => a == b,
        (Origin::Set(_), Origin::Set(_)) => true,
        _ => false,
    };
    let int = |n: Option<&Node>| match n.map(|n| &n.val) {
        Some(NodeVal::Leaf(toml::Value::Integer(v))) => Some(*v),
        _ => None,
    };
    let mut warnings = Vec::new();
    for (section, what) in [("events", "event"), ("timeline", "scripted move")] {
        let Some(Node { val: NodeVal::Array(items), .. }) = tree_child_mut(tree, section) else { continue };
        items.retain_mut(|item| {
            let name = item.name().unwrap_or("?").to_string();
            if let (Some(m), Some(month)) = (item.child("month"), int(item.child("month")))
                && month > horizon
                && !same_place(&m.origin)
            {
                warnings.push(
                    Diagnostic::new(
                        m.location(sources, false),
                        Some(format!("{section}.{name}.month")),
                        format!("month {month} is beyond the horizon of {horizon} months (set at {h_at}): this {what} is dropped"),
                    )
                    .as_warning(),
                );
                return false;
            }
            let window = item.child("window").filter(|w| !same_place(&w.origin));
            let (first, last) = match window.map(|w| &w.val) {
                Some(NodeVal::Array(ends)) if ends.len() == 2 => (int(ends.first()), int(ends.get(1))),
                _ => (None, None),
            };
            if let (Some(first), Some(last)) = (first, last)
                && last > horizon
            {
                let w = window.expect("matched above");
                let (loc, key) = (w.location(sources, false), Some(format!("{section}.{name}.window")));
                if first > horizon {
                    let msg = format!("window [{first}, {last}] lies beyond the horizon of {horizon} months (set at {h_at}): this {what} is dropped");
                    warnings.push(Diagnostic::new(loc, key, msg).as_warning());
                    return false;
                }
                let msg = format!("window [{first}, {last}] ends beyond the horizon of {horizon} months (set at {h_at}): it is cut to [{first}, {horizon}]");
                warnings.push(Diagnostic::new(loc, key, msg).as_warning());
                if let Some(NodeVal::Array(ends)) = item.child_mut("window").map(|w| &mut w.val)
                    && let Some(Node { val: NodeVal::Leaf(v), .. }) = ends.get_mut(1)
                {
                    *v = toml::Value::Integer(horizon);
                }
            }
            true
        });
    }
    warnings
}

fn tree_child_mut<'a>(tree: &'a mut Node, key: &str) -> Option<&'a mut Node> {
    match &mut tree.val {
        NodeVal::Table(entries) => entries.iter_mut().find(|(k, _)| k == key).map(|(_, n)| n),
        _ => None,
    }
}

fn parse(source: &SourceFile, index: usize) -> Result<Node> {
    let syntax = |e: toml::de::Error| {
        let span = e.span().unwrap_or(0..0);
        let message = e.message().trim().trim_end_matches('.').to_string();
        Diagnostic::new(Location::File { source: source.clone(), span }, None, format!("invalid TOML: {message}"))
    };
    let spanned = toml::de::DeTable::parse(&source.text).map_err(syntax)?;
    // The values from the same parse (lexing the text once, not twice: half of loading).
    let value = <toml::Table as serde::Deserialize>::deserialize(toml::de::Deserializer::from(spanned.clone()))
        .map_err(syntax)?;
    Ok(Node::from_file(&toml::Value::Table(value), &spanned, index))
}

/// The overrides a scenario is loaded with: the `--set` arguments as given, then the ones `--runs`,
/// `--seed` and `--sampling` stand for (`simulation.runs=…`, …), so that these flags win over a
/// `--set` of the same key. The one place a command turns its flags into overrides.
pub fn overrides(sets: &[String], runs: Option<u64>, seed: Option<u64>, sampling: Option<Sampling>) -> Vec<String> {
    let mut all = sets.to_vec();
    all.extend(runs.map(|r| format!("simulation.runs={r}")));
    all.extend(seed.map(|s| format!("simulation.seed={s}")));
    all.extend(sampling.map(|s| format!("simulation.sampling=\"{}\"", s.name())));
    all
}

/// Applies one `--set KEY=VALUE`; VALUE is parsed as TOML, or taken as a string if it is not.
fn apply_set(tree: &mut Node, arg: &str) -> Result<()> {
    let Some((key, raw)) = arg.split_once('=') else {
        return Err(Error::Usage(format!("--set {arg}: expected KEY=VALUE, e.g. --set agents.us.aggression=0.3")));
    };
    let key = key.trim();
    let raw = raw.trim();
    let value = toml::from_str::<toml::Table>(&format!("v = {raw}"))
        .ok()
        .and_then(|mut t| t.remove("v"))
        .unwrap_or_else(|| toml::Value::String(raw.to_string()));
    let path: Vec<&str> = key.split('.').collect();
    if path.iter().any(|s| s.is_empty()) {
        return Err(Error::Usage(format!("--set {arg}: `{key}` is not a dotted key like agents.us.aggression")));
    }
    tree.set(&path, value, Origin::Set(arg.to_string()))
        .map_err(|m| Diagnostic::new(Location::Set(arg.to_string()), Some(key.to_string()), m).into())
}

/// Finds where the value at `path` is written.
pub fn locate(tree: &Node, sources: &[SourceFile], path: &[String]) -> Location {
    let (node, _) = tree.locate(path);
    match node.location(sources, false) {
        Location::Nowhere(None) => match sources.first() {
            Some(s) => Location::Nowhere(Some(s.path.clone())),
            None => Location::Nowhere(None),
        },
        loc => loc,
    }
}

/// `events.3.month` → `events.summit.month`.
pub fn display_key(tree: &Node, path: &[String]) -> String {
    let mut node = Some(tree);
    let mut out = Vec::with_capacity(path.len());
    for seg in path {
        let next = node.and_then(|n| match &n.val {
            NodeVal::Array(items) => seg.parse::<usize>().ok().and_then(|i| items.get(i)),
            NodeVal::Table(_) => n.child(seg),
            NodeVal::Leaf(_) => None,
        });
        let label = match (node.map(|n| &n.val), next) {
            (Some(NodeVal::Array(_)), Some(entry)) => entry.name().unwrap_or(seg).to_string(),
            _ => seg.clone(),
        };
        out.push(label);
        node = next;
    }
    out.join(".")
}

/// Turns a serde error into a diagnostic at the offending key or value.
fn serde_diagnostic(
    tree: &Node,
    sources: &[SourceFile],
    err: &serde_path_to_error::Error<toml::de::Error>,
) -> (Diagnostic, Vec<String>, bool) {
    use serde_path_to_error::Segment;
    let mut path: Vec<String> = err
        .path()
        .iter()
        .filter_map(|s| match s {
            Segment::Seq { index } => Some(index.to_string()),
            Segment::Map { key } => Some(key.clone()),
            _ => None,
        })
        .collect();
    let raw = err.inner().message().trim().trim_end_matches('.').to_string();
    let quoted: Vec<&str> = raw.split('`').skip(1).step_by(2).collect();

    if let Some(rest) = raw.strip_prefix("unknown field ") {
        let unknown = quoted.first().copied().unwrap_or(rest);
        let (parent, _) = tree.locate(&path);
        if path.last().map(String::as_str) != Some(unknown) && parent.child(unknown).is_some() {
            path.push(unknown.to_string());
        }
        let (node, _) = tree.locate(&path);
        let loc = fallback(node.location(sources, true), sources);
        let expected: Vec<&str> = quoted.iter().skip(1).copied().collect();
        let help = match did_you_mean(unknown, expected.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("valid keys here: {}", expected.join(", ")),
        };
        let d =
            Diagnostic::new(loc, Some(display_key(tree, &path)), format!("unknown key `{unknown}`")).with_help(help);
        return (d, path, true);
    }
    if raw.starts_with("unknown variant ") {
        let unknown = quoted.first().copied().unwrap_or("");
        let expected: Vec<&str> = quoted.iter().skip(1).copied().collect();
        let (node, _) = tree.locate(&path);
        let target = node.child("dist").unwrap_or(node);
        let loc = fallback(target.location(sources, false), sources);
        let help = match did_you_mean(unknown, expected.iter().copied()) {
            Some(s) => format!("did you mean `{s}`? valid: {}", expected.join(", ")),
            None => format!("valid: {}", expected.join(", ")),
        };
        let d = Diagnostic::new(loc, Some(display_key(tree, &path)), format!("unknown distribution `{unknown}`"))
            .with_help(help);
        // Leave out the whole parameter, not just its `dist`.
        if path.last().is_some_and(|k| k == "dist") {
            path.pop();
        }
        return (d, path, true);
    }
    let (node, _) = tree.locate(&path);
    let loc = fallback(node.location(sources, false), sources);
    let wrong_type = raw.starts_with("invalid type") || raw.starts_with("invalid value");
    let message = if let Some(field) = raw.strip_prefix("missing field ") {
        format!("missing key {field}")
    } else if wrong_type {
        format!("wrong type: {}", readable_types(&raw))
    } else {
        raw.clone()
    };
    (Diagnostic::new(loc, Some(display_key(tree, &path)), message), path, wrong_type)
}

fn fallback(loc: Location, sources: &[SourceFile]) -> Location {
    match loc {
        Location::Nowhere(None) => Location::Nowhere(sources.first().map(|s| s.path.clone())),
        l => l,
    }
}

/// serde's Rust type names → words an analyst reads.
fn readable_types(msg: &str) -> String {
    let msg = msg.trim_start_matches("invalid type: ").trim_start_matches("invalid value: ");
    msg.replace("expected f64", "expected a number")
        .replace("expected u32", "expected a whole number ≥ 0")
        .replace("expected u64", "expected a whole number ≥ 0")
        .replace("expected a boolean", "expected true or false")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod override_tests {
    use super::*;

    /// `--runs`, `--seed` and `--sampling` come after the `--set`s, in that order, so a flag wins
    /// over a `--set` of the same key; sampling is set as the TOML string the file would hold.
    #[test]
    fn flags_become_overrides_after_the_sets() {
        let sets = ["simulation.seed=1".to_string()];
        assert_eq!(
            overrides(&sets, Some(300), Some(7), Some(Sampling::LatinHypercube)),
            [
                "simulation.seed=1",
                "simulation.runs=300",
                "simulation.seed=7",
                "simulation.sampling=\"latin_hypercube\""
            ]
        );
        assert_eq!(overrides(&sets, None, None, None), sets);
        // Each reads back as what the flag asked for.
        let small = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small.toml");
        let f = load(&small, &overrides(&sets, Some(300), Some(7), Some(Sampling::LatinHypercube))).unwrap().file;
        assert_eq!((f.simulation.runs, f.simulation.seed, f.simulation.sampling), (300, 7, Sampling::LatinHypercube));
    }
}
