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
}

/// The resolved scenario as `key → value` leaves.
pub fn flatten(resolved: &Value) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    walk("", resolved, &mut out);
    out
}

fn walk(prefix: &str, v: &Value, out: &mut BTreeMap<String, Value>) {
    let join = |k: &str| if prefix.is_empty() { k.to_string() } else { format!("{prefix}.{k}") };
    match v {
        Value::Object(map) if !map.contains_key("dist") => {
            for (k, x) in map {
                walk(&join(k), x, out);
            }
        }
        Value::Array(items)
            if !items.is_empty() && items.iter().all(|i| i.get("name").is_some_and(Value::is_string)) =>
        {
            for item in items {
                let name = item["name"].as_str().unwrap_or_default();
                if let Value::Object(map) = item {
                    for (k, x) in map.iter().filter(|(k, _)| k.as_str() != "name") {
                        walk(&format!("{}.{k}", join(name)), x, out);
                    }
                }
            }
        }
        other => {
            out.insert(prefix.to_string(), other.clone());
        }
    }
}

/// The parameters that differ between any of the scenarios, in key order.
pub fn changes(resolved: &[&Value]) -> Vec<Change> {
    let flat: Vec<BTreeMap<String, Value>> = resolved.iter().map(|r| flatten(r)).collect();
    let mut keys: Vec<&String> = flat.iter().flat_map(|f| f.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| !IDENTITY.contains(&k.as_str()))
        .filter_map(|k| {
            let values: Vec<Option<Value>> = flat.iter().map(|f| f.get(k).cloned()).collect();
            values.windows(2).any(|w| w[0] != w[1]).then(|| Change { key: k.clone(), values })
        })
        .collect()
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
        let f = flatten(&r);
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
    }

    #[test]
    fn writes_inline_toml() {
        assert_eq!(toml_inline(&json!(2.0)), "2.0");
        assert_eq!(toml_inline(&json!(3)), "3");
        assert_eq!(toml_inline(&json!({"dist": "uniform", "min": 0.1})), "{ dist = \"uniform\", min = 0.1 }");
        assert_eq!(toml_inline(&json!(["a", 1])), "[\"a\", 1]");
    }
}
