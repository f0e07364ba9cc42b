//! "What changed": the parameters whose resolved values differ between scenarios.
//!
//! A resolved scenario (summary.json `manifest.resolved`) is flattened into dotted keys as
//! `--set` writes them: tables by key, named array entries by name (`events.summit.probability`),
//! distributions (`{ dist = … }`) and other arrays kept whole.

use serde_json::Value;
use std::collections::BTreeMap;

/// Keys that name or describe a scenario rather than parameterise it.
const IDENTITY: [&str; 3] = ["scenario.name", "scenario.description", "scenario.extends"];

/// One changed parameter: its key and its value in each scenario (`None` where absent).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Change {
    pub key: String,
    pub values: Vec<Option<Value>>,
    /// Set for an entry that some scenarios' named array (`[[events]]`, `[[timeline]]`) lacks:
    /// the array's key. Such a change is applied by setting the whole array.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub array: Option<String>,
}

/// A resolved scenario flattened.
#[derive(Debug, Clone, Default)]
pub struct Flat {
    /// `key → value` leaves.
    pub leaves: BTreeMap<String, Value>,
    /// Named array entries (`events.summit`) → (array key, the whole entry).
    pub entries: BTreeMap<String, (String, Value)>,
    /// Array key → the whole array.
    pub arrays: BTreeMap<String, Value>,
}

/// The resolved scenario as leaves, named entries and arrays.
pub fn flatten(resolved: &Value) -> Flat {
    let mut out = Flat::default();
    walk("", resolved, &mut out);
    out
}

fn walk(prefix: &str, v: &Value, out: &mut Flat) {
    let join = |k: &str| if prefix.is_empty() { k.to_string() } else { format!("{prefix}.{k}") };
    match v {
        Value::Object(map) if !map.contains_key("dist") => {
            for (k, x) in map {
                walk(&join(k), x, out);
            }
        }
        // An empty array holds no entries (so that adding the first entry reads as an addition).
        Value::Array(items) if items.iter().all(|i| i.get("name").is_some_and(Value::is_string)) => {
            out.arrays.insert(prefix.to_string(), v.clone());
            for item in items {
                let entry = join(item["name"].as_str().unwrap_or_default());
                out.entries.insert(entry.clone(), (prefix.to_string(), item.clone()));
                if let Value::Object(map) = item {
                    for (k, x) in map.iter().filter(|(k, _)| k.as_str() != "name") {
                        walk(&format!("{entry}.{k}"), x, out);
                    }
                }
            }
        }
        other => {
            out.leaves.insert(prefix.to_string(), other.clone());
        }
    }
}

/// The parameters that differ between any of the scenarios: entries added or removed whole,
/// then changed values, each in key order.
pub fn changes(resolved: &[&Value]) -> Vec<Change> {
    let flat: Vec<Flat> = resolved.iter().map(|r| flatten(r)).collect();
    let mut out = Vec::new();
    let mut entry_keys: Vec<&String> = flat.iter().flat_map(|f| f.entries.keys()).collect();
    entry_keys.sort();
    entry_keys.dedup();
    let mut whole: Vec<String> = Vec::new();
    for e in entry_keys {
        let found: Vec<Option<&(String, Value)>> = flat.iter().map(|f| f.entries.get(e)).collect();
        if found.iter().any(Option::is_none) {
            let array = found.iter().flatten().next().map(|(a, _)| a.clone());
            out.push(Change {
                key: e.clone(),
                values: found.iter().map(|x| x.map(|(_, v)| v.clone())).collect(),
                array,
            });
            whole.push(format!("{e}."));
        }
    }
    let mut keys: Vec<&String> = flat.iter().flat_map(|f| f.leaves.keys()).collect();
    keys.sort();
    keys.dedup();
    out.extend(
        keys.into_iter()
            .filter(|k| !IDENTITY.contains(&k.as_str()) && !whole.iter().any(|w| k.starts_with(w.as_str())))
            .filter_map(|k| {
                let values: Vec<Option<Value>> = flat.iter().map(|f| f.leaves.get(k).cloned()).collect();
                values.windows(2).any(|w| w[0] != w[1]).then(|| Change { key: k.clone(), values, array: None })
            }),
    );
    out
}

/// (label, text) pairs: an override `(label, "KEY=VALUE")` or a problem `(key, reason)`.
pub type Labelled = Vec<(String, String)>;

/// How to apply `changes` to the first scenario to get the values of `target` one at a time:
/// (label, `KEY=VALUE` override) per unit, and (key, reason) for changes that cannot be applied.
/// Entries added or removed are applied by setting their whole array (one unit per array).
pub fn overrides(changes: &[Change], target: &Value) -> (Labelled, Labelled) {
    let flat = flatten(target);
    let mut units: Labelled = Vec::new();
    let mut skipped = Vec::new();
    for c in changes {
        match (&c.array, c.values.last().cloned().flatten()) {
            (Some(array), _) => {
                let label = format!("{array} (entries added or removed)");
                if units.iter().any(|(l, _)| l == &label) {
                    continue;
                }
                let whole = flat.arrays.get(array).cloned().unwrap_or(Value::Array(Vec::new()));
                units.push((label, format!("{array}={}", toml_inline(&whole))));
            }
            (None, Some(v)) => units.push((c.key.clone(), format!("{}={}", c.key, toml_inline(&v)))),
            (None, None) => skipped.push((c.key.clone(), "absent from the other scenario".to_string())),
        }
    }
    (units, skipped)
}

/// A JSON value as an inline TOML value, for `--set KEY=VALUE`.
pub fn toml_inline(v: &Value) -> String {
    match v {
        Value::Null => "\"\"".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => {
            if n.is_f64() {
                let x = n.as_f64().unwrap_or(f64::NAN);
                let s = x.to_string();
                if s.contains(['.', 'e', 'E', 'N', 'i']) { s } else { format!("{s}.0") }
            } else {
                n.to_string()
            }
        }
        // JSON string escapes are valid in TOML basic strings.
        Value::String(s) => Value::String(s.clone()).to_string(),
        Value::Array(items) => format!("[{}]", items.iter().map(toml_inline).collect::<Vec<_>>().join(", ")),
        Value::Object(map) => {
            let fields: Vec<String> =
                map.iter().map(|(k, x)| format!("{} = {}", toml_key(k), toml_inline(x))).collect();
            format!("{{ {} }}", fields.join(", "))
        }
    }
}

fn toml_key(k: &str) -> String {
    if !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        k.to_string()
    } else {
        Value::String(k.to_string()).to_string()
    }
}

/// A value for a table cell: inline TOML, or "—" when absent.
pub fn cell(v: &Option<Value>) -> String {
    v.as_ref().map_or("—".to_string(), toml_inline)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn flattens_tables_named_entries_and_distributions() {
        let r = json!({
            "scenario": {"name": "a", "horizon_months": 24},
            "agents": {"us": {"aggression": {"dist": "uniform", "min": 0.1, "max": 0.2}}},
            "events": [{"name": "summit", "probability": 0.05, "effects": {"tension": -0.1}}],
        });
        let f = flatten(&r).leaves;
        assert_eq!(f["scenario.horizon_months"], json!(24));
        assert_eq!(f["agents.us.aggression"]["dist"], json!("uniform"));
        assert_eq!(f["events.summit.probability"], json!(0.05));
        assert_eq!(f["events.summit.effects.tension"], json!(-0.1));
    }

    #[test]
    fn reports_only_the_parameters_that_differ() {
        let a = json!({"scenario": {"name": "a"}, "economy": {"import_elasticity": 1.6, "mistrust": 0.5}});
        let b = json!({"scenario": {"name": "b"}, "economy": {"import_elasticity": 2.5, "mistrust": 0.5}});
        let c = changes(&[&a, &b]);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].key, "economy.import_elasticity");
        assert_eq!(c[0].values, vec![Some(json!(1.6)), Some(json!(2.5))]);
        assert_eq!(c[0].array, None);
    }

    #[test]
    fn an_added_entry_is_one_change_applied_by_setting_its_array() {
        let a = json!({"timeline": [], "economy": {"mistrust": 0.5}});
        let b = json!({"timeline": [{"name": "hike", "month": 2}], "economy": {"mistrust": 0.6}});
        let c = changes(&[&a, &b]);
        assert_eq!(c.iter().map(|c| c.key.as_str()).collect::<Vec<_>>(), ["timeline.hike", "economy.mistrust"]);
        assert_eq!(c[0].array.as_deref(), Some("timeline"));
        let (units, skipped) = overrides(&c, &b);
        assert!(skipped.is_empty());
        assert_eq!(units[0].1, "timeline=[{ name = \"hike\", month = 2 }]");
        assert_eq!(units[1].1, "economy.mistrust=0.6");
    }

    #[test]
    fn writes_inline_toml() {
        assert_eq!(toml_inline(&json!(2.0)), "2.0");
        assert_eq!(toml_inline(&json!(3)), "3");
        assert_eq!(toml_inline(&json!({"dist": "uniform", "min": 0.1})), "{ dist = \"uniform\", min = 0.1 }");
        assert_eq!(toml_inline(&json!(["a", 1])), "[\"a\", 1]");
    }
}
