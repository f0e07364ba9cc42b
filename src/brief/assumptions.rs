//! The assumptions table: the resolved parameters in which a scenario differs from the baseline,
//! with the source comment written next to each in the scenario file.

use crate::scenario::load::LoadedScenario;
use crate::scenario::tree::{Node, NodeVal, Origin};
use serde_json::Value;

/// One assumption that differs from the baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct Assumption {
    /// Dotted key, e.g. `agents.us.aggression` or `timeline.across_the_board`.
    pub key: String,
    /// The value in this scenario, as written in TOML-like form.
    pub value: String,
    /// The value in the baseline ("—" if absent).
    pub baseline: String,
    /// The comment that gives the source, if the file has one at the value.
    pub source: String,
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

/// The assumptions of `scenario` that differ from `baseline` (both resolved), with sources.
pub fn differences(scenario: &LoadedScenario, resolved: &Value, baseline: &Value) -> Vec<Assumption> {
    let base: Vec<(String, Value)> = leaves(baseline);
    let mut out = Vec::new();
    for (key, value) in leaves(resolved) {
        if key.starts_with("scenario.") || key.starts_with("simulation.") {
            continue;
        }
        let before = base.iter().find(|(k, _)| *k == key).map(|(_, v)| v);
        if before == Some(&value) {
            continue;
        }
        out.push(Assumption {
            source: source_comment(scenario, &key),
            key,
            value: show(&value),
            baseline: before.map_or("—".to_string(), show),
        });
    }
    out
}

/// The comment at the line where `key` is written in the scenario (trailing `# …`, else the
/// comment block just above), following named entries by name.
fn source_comment(s: &LoadedScenario, key: &str) -> String {
    let mut node = &s.tree;
    for seg in key.split('.') {
        let next = match &node.val {
            NodeVal::Table(_) => node.child(seg),
            NodeVal::Array(items) => items.iter().find(|n| n.name() == Some(seg)),
            NodeVal::Leaf(_) => None,
        };
        match next {
            Some(n) => node = n,
            None => break,
        }
    }
    comment_at(s, node)
}

fn comment_at(s: &LoadedScenario, node: &Node) -> String {
    let Origin::File { source, span, .. } = &node.origin else {
        return String::new();
    };
    let text = &s.sources[*source].text;
    let start = span.start.min(text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = &text[line_start..line_end];
    if let Some(i) = trailing_comment(line) {
        return clean(&line[i + 1..]);
    }
    // Otherwise the comment lines right above.
    let mut above: Vec<&str> =
        text[..line_start].lines().rev().take_while(|l| l.trim_start().starts_with('#')).collect();
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

    #[test]
    fn finds_trailing_comments_outside_strings() {
        assert_eq!(trailing_comment("a = \"x # y\" # source"), Some(12));
        assert_eq!(trailing_comment("a = 1"), None);
    }
}
