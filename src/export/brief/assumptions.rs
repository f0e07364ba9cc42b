//! The assumptions table: the resolved parameters in which a scenario differs from the baseline,
//! with the source comment written next to each in the scenario file.
//!
//! Values are compared as the model uses them: an agent's parameters are its preset's unless
//! written, so a scenario that switches preset differs in every parameter the presets set apart,
//! and one that writes the preset's own value does not differ at all. An event or scripted move
//! that only one of the two has is one row, not one per key.

use crate::model::policy::{PARAM_NAMES, preset};
use crate::scenario::load::LoadedScenario;
use crate::scenario::tree::{Node, NodeVal, Origin};
use serde_json::Value;

/// One assumption that differs from the baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct Assumption {
    /// The part of the scenario: "Agents", "Economy", "Starting state", "Events", "Timeline", …
    pub section: &'static str,
    /// Dotted key, e.g. `agents.us.aggression` or `timeline.across_the_board`.
    pub key: String,
    /// The value in this scenario, as written in TOML-like form.
    pub value: String,
    /// The value in the baseline ("not in the baseline" for an entry it lacks).
    pub baseline: String,
    /// The comment that gives the source, if the file has one at the value or above its entry.
    pub source: String,
}

/// The section a dotted key belongs to, as the table groups rows.
fn section(key: &str) -> &'static str {
    match key.split('.').next().unwrap_or_default() {
        "agents" => "Agents",
        "economy" => "Economy",
        "initial" => "Starting state",
        "events" => "Events",
        "timeline" => "Timeline",
        "pathways" => "Pathways",
        "correlations" => "Correlations",
        _ => "Other",
    }
}

/// The resolved scenario with every agent parameter filled in from its preset where the
/// scenario does not write it.
pub fn with_presets(resolved: &Value) -> Value {
    let mut v = resolved.clone();
    if let Some(Value::Object(agents)) = v.get_mut("agents") {
        for spec in agents.values_mut() {
            let Value::Object(spec) = spec else { continue };
            let Some(p) = spec.get("policy").and_then(Value::as_str).and_then(preset) else { continue };
            for name in PARAM_NAMES {
                if !spec.contains_key(name)
                    && let Some(x) = p.policy.get(name)
                {
                    spec.insert(name.to_string(), serde_json::json!(x));
                }
            }
        }
    }
    v
}

/// Flattens a resolved scenario into (dotted key, value) leaves. Named entries are keyed by name,
/// and a distribution table counts as one leaf.
pub fn leaves(v: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    walk(v, String::new(), &mut out);
    out
}

fn walk(v: &Value, prefix: String, out: &mut Vec<(String, Value)>) {
    let join = |k: &str| if prefix.is_empty() { k.to_string() } else { format!("{prefix}.{k}") };
    match v {
        Value::Object(map) if !map.contains_key("dist") => {
            for (k, child) in map {
                if matches!(k.as_str(), "description" | "name" | "enabled") && prefix.contains('.') {
                    continue;
                }
                walk(child, join(k), out);
            }
        }
        Value::Array(items) if items.iter().all(|i| i.get("name").is_some()) && !items.is_empty() => {
            for item in items {
                let name = item["name"].as_str().unwrap_or("?");
                walk(item, join(name), out);
            }
        }
        other => out.push((prefix, other.clone())),
    }
}

/// A value as an analyst reads it: numbers plainly, distributions as `pert(0.02, 0.06, 0.12)`.
pub fn show(v: &Value) -> String {
    match v {
        Value::Object(m) if m.contains_key("dist") => {
            let args: Vec<String> =
                m.iter().filter(|(k, _)| k.as_str() != "dist").map(|(k, x)| format!("{k} {}", show(x))).collect();
            format!("{}({})", m["dist"].as_str().unwrap_or("?"), args.join(", "))
        }
        Value::Object(m) => {
            let parts: Vec<String> = m.iter().map(|(k, x)| format!("{k} = {}", show(x))).collect();
            format!("{{ {} }}", parts.join(", "))
        }
        Value::Array(a) => format!("[{}]", a.iter().map(show).collect::<Vec<_>>().join(", ")),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "—".to_string(),
    }
}

/// The named entries (`events.summit`, `timeline.hike`) of a resolved scenario, with their values.
fn entries(v: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    if let Value::Object(map) = v {
        for (section, items) in map {
            if let Value::Array(items) = items {
                for item in items {
                    if let Some(name) = item.get("name").and_then(Value::as_str) {
                        out.push((format!("{section}.{name}"), item.clone()));
                    }
                }
            }
        }
    }
    out
}

/// An entry as one line: its keys and values, description and name left out.
fn show_entry(entry: &Value) -> String {
    match entry {
        Value::Object(m) => m
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "name" | "description" | "enabled"))
            .map(|(k, x)| format!("{k} {}", show(x)))
            .collect::<Vec<_>>()
            .join(", "),
        other => show(other),
    }
}

/// The assumptions of `scenario` that differ from `baseline` (both resolved), with sources,
/// by section.
pub fn differences(scenario: &LoadedScenario, resolved: &Value, baseline: &Value) -> Vec<Assumption> {
    let (mine, theirs) = (with_presets(resolved), with_presets(baseline));
    let (my_entries, their_entries) = (entries(&mine), entries(&theirs));
    let base: Vec<(String, Value)> = leaves(&theirs);
    let mut out = Vec::new();
    // Entries only one of them has: one row each.
    for (key, entry) in &my_entries {
        if !their_entries.iter().any(|(k, _)| k == key) {
            out.push(Assumption {
                section: section(key),
                source: source_comment(scenario, key),
                key: key.clone(),
                value: show_entry(entry),
                baseline: "not in the baseline".into(),
            });
        }
    }
    for (key, entry) in &their_entries {
        if !my_entries.iter().any(|(k, _)| k == key) {
            out.push(Assumption {
                section: section(key),
                source: String::new(),
                key: key.clone(),
                value: "left out".into(),
                baseline: show_entry(entry),
            });
        }
    }
    let whole = |key: &str| out_of(&my_entries, &their_entries, key);
    for (key, value) in leaves(&mine) {
        if key.starts_with("scenario.") || key.starts_with("simulation.") || whole(&key) {
            continue;
        }
        let before = base.iter().find(|(k, _)| *k == key).map(|(_, v)| v);
        if before == Some(&value) {
            continue;
        }
        out.push(Assumption {
            section: section(&key),
            source: source_comment(scenario, &key),
            key,
            value: show(&value),
            baseline: before.map_or("not in the baseline".to_string(), show),
        });
    }
    // Grouped by section in the scenario file's order of sections, keys in order within.
    const ORDER: [&str; 8] =
        ["Starting state", "Agents", "Economy", "Events", "Timeline", "Pathways", "Correlations", "Other"];
    out.sort_by_key(|a| ORDER.iter().position(|s| *s == a.section));
    out
}

/// Whether `key` lies inside an entry only one side has (it is reported whole).
fn out_of(mine: &[(String, Value)], theirs: &[(String, Value)], key: &str) -> bool {
    let inside = |e: &String| key.starts_with(&format!("{e}."));
    mine.iter().any(|(e, _)| inside(e) && !theirs.iter().any(|(k, _)| k == e))
}

/// The comment at the line where `key` is written in the scenario (trailing `# …`, else the
/// comment block just above), following named entries by name. A value without one takes its
/// entry's (the block above `[[timeline]]`, the entry's `description`), and an entry reported
/// whole gathers the comments of its keys.
fn source_comment(s: &LoadedScenario, key: &str) -> String {
    let segments: Vec<&str> = key.split('.').collect();
    let mut path = vec![&s.tree];
    for &seg in &segments {
        let node = path[path.len() - 1];
        let next = match &node.val {
            NodeVal::Table(_) => node.child(seg),
            NodeVal::Array(items) => items.iter().find(|n| n.name() == Some(seg)),
            NodeVal::Leaf(_) => None,
        };
        match next {
            Some(n) => path.push(n),
            None => break,
        }
    }
    // Not written in any file: an agent parameter is its preset's, anything else a default.
    if path.len() <= segments.len() {
        if let ["agents", actor, _] = segments.as_slice() {
            let policy = s.tree.child("agents").and_then(|a| a.child(actor)).and_then(|a| a.child("policy"));
            if let Some(NodeVal::Leaf(toml::Value::String(p))) = policy.map(|p| &p.val) {
                return format!("preset {p}");
            }
        }
        return "built-in default".to_string();
    }
    let node = path[path.len() - 1];
    // An entry of a named array reported whole: its description, then its keys' comments
    // ("value: …").
    if let NodeVal::Table(children) = &node.val
        && node.name().is_some()
    {
        let mut parts: Vec<String> = children
            .iter()
            .filter_map(|(k, c)| match (k.as_str(), &c.val) {
                ("description", NodeVal::Leaf(toml::Value::String(d))) => Some(d.clone()),
                _ => None,
            })
            .collect();
        parts.extend(
            children
                .iter()
                .filter(|(k, _)| k != "name" && k != "description")
                .map(|(k, c)| (k, trailing(s, c)))
                .filter(|(_, c)| !c.is_empty())
                .map(|(k, c)| format!("{k}: {c}")),
        );
        if !parts.is_empty() {
            return parts.join("; ");
        }
    }
    let own = comment_at(s, node);
    if !own.is_empty() {
        return own;
    }
    // A value without a comment: the innermost enclosing entry's.
    for parent in path.iter().rev().skip(1) {
        if parent.name().is_some() {
            let c = comment_at(s, parent);
            if !c.is_empty() {
                return c;
            }
            if let Some(d) = parent.child("description").and_then(|d| match &d.val {
                NodeVal::Leaf(toml::Value::String(t)) => Some(t.clone()),
                _ => None,
            }) {
                return d;
            }
        }
    }
    String::new()
}

/// The file text where `node` is written and the byte range of its line; `None` for a value
/// that comes from no file (a `--set`, a preset).
fn line_of<'a>(s: &'a LoadedScenario, node: &Node) -> Option<(&'a str, std::ops::Range<usize>)> {
    let Origin::File { source, span, .. } = &node.origin else {
        return None;
    };
    let text: &str = &s.sources[*source].text;
    let start = span.start.min(text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    Some((text, line_start..line_end))
}

/// The comment at the end of the line where `node` is written, if any.
fn trailing(s: &LoadedScenario, node: &Node) -> String {
    let Some((text, line)) = line_of(s, node) else {
        return String::new();
    };
    let line = &text[line];
    trailing_comment(line).map_or(String::new(), |i| clean(&line[i + 1..]))
}

fn comment_at(s: &LoadedScenario, node: &Node) -> String {
    let Some((text, range)) = line_of(s, node) else {
        return String::new();
    };
    let (line, line_start) = (&text[range.clone()], range.start);
    if let Some(i) = trailing_comment(line) {
        return clean(&line[i + 1..]);
    }
    // Otherwise the comment lines right above.
    let mut above: Vec<&str> = text[..line_start]
        .lines()
        .rev()
        .take_while(|l| l.trim_start().starts_with('#'))
        // Rules drawn with dashes are layout, not words.
        .filter(|l| l.chars().any(char::is_alphanumeric))
        .collect();
    above.reverse();
    clean(&above.iter().map(|l| l.trim_start().trim_start_matches('#').trim()).collect::<Vec<_>>().join(" "))
}

/// Byte index of a `#` that starts a comment outside a string on this line.
fn trailing_comment(line: &str) -> Option<usize> {
    let mut in_str = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => in_str = !in_str,
            '#' if !in_str => return Some(i),
            _ => {}
        }
    }
    None
}

fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn flattens_named_entries_and_keeps_distributions_whole() {
        let v = json!({
            "agents": { "us": { "policy": "hawk", "aggression": { "dist": "uniform", "min": 0.1, "max": 0.2 } } },
            "events": [ { "name": "summit", "probability": 0.03 } ],
        });
        let keys: Vec<String> = leaves(&v).into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["agents.us.policy", "agents.us.aggression", "events.summit.probability"]);
        assert_eq!(show(&leaves(&v)[1].1), "uniform(min 0.1, max 0.2)");
    }

    fn loaded(name: &str) -> (LoadedScenario, Value) {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(format!("{name}.toml"));
        let s = crate::scenario::load::load(&path, &[]).unwrap();
        let v = serde_json::to_value(&s.file).unwrap();
        (s, v)
    }

    #[test]
    fn compares_values_as_the_model_uses_them() {
        let (_, baseline) = loaded("baseline");
        let (s, renewed) = loaded("renewed_tariffs");
        let rows = differences(&s, &renewed, &baseline);
        let keys: Vec<&str> = rows.iter().map(|a| a.key.as_str()).collect();
        // China's retaliation_scale is written (0.8) but is its preset's value: no difference.
        assert!(!keys.contains(&"agents.china.retaliation_scale"), "{keys:?}");
        assert!(keys.contains(&"agents.china.tech_hawkishness"), "{keys:?}");
        // A scripted move the baseline lacks: one row, with its source.
        let hike: Vec<&Assumption> = rows.iter().filter(|a| a.key.starts_with("timeline.us_fentanyl_tariff")).collect();
        assert_eq!(hike.len(), 1, "{hike:?}");
        assert_eq!(hike[0].section, "Timeline");
        assert!(hike[0].value.contains("value 30.7") && hike[0].baseline == "not in the baseline", "{:?}", hike[0]);
        assert!(hike[0].source.contains("Truth Social"), "{:?}", hike[0]);
        assert!(rows.iter().all(|a| !a.source.is_empty() || a.value == "left out"), "every row has a source: {rows:?}");

        // Another preset: every parameter the presets set apart, with the baseline's preset value.
        let (s, managed) = loaded("managed_competition");
        let rows = differences(&s, &managed, &baseline);
        let noise = rows.iter().find(|a| a.key == "agents.us.noise").expect("noise differs");
        assert_eq!((noise.value.as_str(), noise.baseline.as_str()), ("0.0", "0.1"));
        assert_eq!(noise.source, "preset measured_retaliation", "a value no file writes comes from the preset");
        assert!(rows.iter().all(|a| a.baseline != "—"));
        let sections: Vec<&str> = rows.iter().map(|a| a.section).collect();
        let mut grouped = sections.clone();
        grouped.dedup();
        assert_eq!(
            grouped.len(),
            {
                let mut u = grouped.clone();
                u.sort();
                u.dedup();
                u.len()
            },
            "grouped: {sections:?}"
        );
    }

    #[test]
    fn finds_trailing_comments_outside_strings() {
        assert_eq!(trailing_comment("a = \"x # y\" # source"), Some(12));
        assert_eq!(trailing_comment("a = 1"), None);
    }
}
