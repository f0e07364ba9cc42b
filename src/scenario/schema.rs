//! `pathways schema`: the JSON Schema of the scenario format, generated from the serde types in
//! [`crate::scenario::format`] with their doc comments and defaults, plus the ranges that
//! [`crate::scenario::validate`] enforces, so that editors (Taplo / Even Better TOML) complete
//! keys and flag bad values as they are typed.

use crate::model::action::{Action, Actor, SET_ACTIONS};
use crate::model::policy::preset_names;
use crate::model::vars::Var;
use crate::scenario::format::ScenarioFile;
use crate::scenario::validate::range_of;
use serde_json::{Map, Value};

/// Where the committed copy lives, relative to the repository; scenario files point at it with
/// a first line `#:schema ./scenario.schema.json`.
pub const SCHEMA_FILE: &str = "scenarios/scenario.schema.json";

/// The schema's definitions that hold ranged keys, and the section of [`range_of`] they use.
const RANGED: [(&str, &str); 6] = [
    ("ScenarioSection", "scenario"),
    ("SimulationSection", "simulation"),
    ("Initial", "initial"),
    ("AgentSpec", "agents"),
    ("Economy", "economy"),
    ("EventSpec", "events"),
];

/// The schema as pretty-printed JSON with a trailing newline (JSON Schema draft 7, which Taplo
/// reads).
pub fn schema_json() -> String {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    let mut schema = generator.into_root_schema_for::<ScenarioFile>().to_value();
    if let Some(root) = schema.as_object_mut() {
        root.insert("title".into(), "pathways scenario".into());
        root.insert(
            "description".into(),
            "A pathways scenario file. Run `pathways list` for presets, state variables and distributions.".into(),
        );
    }
    for (def, section) in RANGED {
        if let Some(Value::Object(props)) = schema.pointer_mut(&format!("/definitions/{def}/properties")) {
            for (key, prop) in props.iter_mut() {
                if let (Some(range), Value::Object(prop)) = (range_of(section, key), prop) {
                    add_range(prop, range);
                }
            }
        }
    }
    partial_files(&mut schema);
    names(&mut schema);
    if let Some(Value::Object(props)) = schema.pointer_mut("/definitions/ScenarioSection/properties") {
        for (key, pattern) in [("name", "^[A-Za-z0-9_-][A-Za-z0-9_.-]*$"), ("start", "^[0-9]{4}-[0-9]{2}$")] {
            if let Some(Value::Object(p)) = props.get_mut(key) {
                p.insert("pattern".into(), pattern.into());
            }
        }
    }
    strip_null(&mut schema);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema is plain JSON");
    text.push('\n');
    text
}

/// The names the model knows (presets, actors, actions, state variables) as enums, from the
/// same registries that validation checks against, so that editors complete them.
fn names(schema: &mut Value) {
    let actors: Vec<&str> = Actor::ALL.iter().map(|a| a.key()).collect();
    let actions: Vec<&str> = Action::ALL.iter().map(|a| a.key()).collect();
    let mut timeline_actions = actions.clone();
    timeline_actions.extend(SET_ACTIONS);
    let vars = Var::keys();
    let one_of = |names: &[&str]| serde_json::json!({ "enum": names });
    let mut set = |pointer: &str, key: &str, value: Value| {
        if let Some(Value::Object(p)) = schema.pointer_mut(pointer) {
            p.insert(key.into(), value);
        }
    };
    set("/definitions/AgentSpec/properties/policy", "enum", preset_names().into());
    set("/definitions/TimelineSpec/properties/actor", "enum", actors.clone().into());
    set("/definitions/TimelineSpec/properties/action", "enum", timeline_actions.into());
    set("/definitions/TimelineSpec/properties/month", "minimum", 1.into());
    set("/definitions/EventSpec/properties/month", "minimum", 1.into());
    set("/definitions/EventSpec/properties/effects", "propertyNames", one_of(&vars));
    set("/definitions/EventSpec/properties/next", "propertyNames", one_of(&actors));
    set("/definitions/EventSpec/properties/next", "additionalProperties", one_of(&actions));
    set("/definitions/PathwaySpec/properties/when", "propertyNames", one_of(&vars));
    set("/definitions/OutcomeSpec/properties/variable", "enum", vars.clone().into());
}

/// A file that `extends` another may leave out what its parent gives: an agent's `policy`, and
/// all of an `[[events]]` or `[[timeline]]` entry but its `name` (e.g. `enabled = false`). The
/// merged scenario is checked in full by `pathways validate`.
fn partial_files(schema: &mut Value) {
    let partial = [
        ("AgentSpec", vec![]),
        ("EventSpec", vec!["name"]),
        ("TimelineSpec", vec!["name"]),
        ("OutcomeSpec", vec!["name"]),
    ];
    for (def, required) in partial {
        if let Some(Value::Object(d)) = schema.pointer_mut(&format!("/definitions/{def}")) {
            if required.is_empty() {
                d.remove("required");
            } else {
                d.insert("required".into(), required.into());
            }
        }
    }
}

/// `minimum`/`maximum` (draft 7: `exclusiveMinimum` as a number); they constrain numbers only,
/// so a distribution table beside them is unaffected.
fn add_range(prop: &mut Map<String, Value>, (lo, hi, open): (f64, f64, bool)) {
    if lo.is_finite() {
        prop.insert(if open { "exclusiveMinimum" } else { "minimum" }.into(), number(lo));
    }
    if hi.is_finite() {
        prop.insert("maximum".into(), number(hi));
    }
}

/// Whole numbers print without `.0`.
fn number(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 1e15 { Value::from(v as i64) } else { Value::from(v) }
}

/// TOML has no null: `Option` fields are simply left out, so `null` alternatives are dropped.
fn strip_null(v: &mut Value) {
    match v {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.remove(0);
                    map.insert("type".into(), only);
                }
            }
            if let Some(Value::Array(options)) = map.get_mut("anyOf") {
                options.retain(|o| o.get("type").is_none_or(|t| t != "null"));
                if options.len() == 1
                    && let Value::Object(only) = options.remove(0)
                {
                    map.remove("anyOf");
                    for (k, val) in only {
                        map.entry(k).or_insert(val);
                    }
                }
            }
            map.values_mut().for_each(strip_null);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_null),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> Value {
        serde_json::from_str(&schema_json()).unwrap()
    }

    #[test]
    fn probabilities_are_ranged_0_to_1() {
        let s = schema();
        let retaliation = s.pointer("/definitions/AgentSpec/properties/retaliation").unwrap();
        assert_eq!(retaliation["minimum"], 0);
        assert_eq!(retaliation["maximum"], 1);
        assert!(retaliation["description"].as_str().unwrap().contains("escalation"), "{retaliation}");
    }

    #[test]
    fn param_is_a_number_or_a_distribution() {
        let s = schema();
        let p = s.pointer("/definitions/Economy/properties/import_elasticity").unwrap();
        let any = p["anyOf"].as_array().unwrap();
        assert_eq!(any[0]["type"], "number");
        assert!(any[1]["$ref"].as_str().unwrap().ends_with("DistSpec"), "{p}");
        assert_eq!(p["default"], 1.6);
        assert_eq!(p["minimum"], 0);
    }

    #[test]
    fn names_are_enums_from_the_registries() {
        let s = schema();
        let presets = s.pointer("/definitions/AgentSpec/properties/policy/enum").unwrap();
        assert!(presets.as_array().unwrap().contains(&"measured_retaliation".into()));
        let vars = s.pointer("/definitions/PathwaySpec/properties/when/propertyNames/enum").unwrap();
        assert!(vars.as_array().unwrap().contains(&"tariff_us".into()));
    }

    #[test]
    fn no_null_alternatives() {
        assert!(!schema_json().contains("\"null\""));
    }
}
