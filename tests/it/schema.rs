//! The JSON Schema that editors use is the one the code generates, and every shipped scenario
//! points at it.

use crate::pathways;
use std::path::Path;

#[test]
fn committed_schema_matches_the_generated_one() {
    let generated = pathways().arg("schema").assert().success().get_output().stdout.clone();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/scenario.schema.json");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == String::from_utf8(generated).unwrap(),
        "scenarios/scenario.schema.json is out of date: regenerate it with\n    cargo run -- schema > scenarios/scenario.schema.json"
    );
}

#[test]
fn every_shipped_scenario_points_at_the_schema() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(
                text.starts_with("#:schema ./scenario.schema.json\n"),
                "{} must begin with `#:schema ./scenario.schema.json`",
                path.display()
            );
        }
    }
}

/// The economy and policy parameters each come from one table (`ECONOMY_PARAMS`,
/// `POLICY_PARAMS`): every name in it reaches the JSON Schema with the table's range, default
/// and description, `explain` (each value of a resolved scenario), `list` (the presets' policy
/// parameters) and validation, which refuses a value outside the table's range.
#[test]
fn every_table_parameter_reaches_schema_explain_list_and_validation() {
    use pathways::model::economy_params::ECONOMY_PARAMS;
    use pathways::model::param_table::ParamInfo;
    use pathways::model::policy::POLICY_PARAMS;
    use serde_json::Value;

    let schema: Value = serde_json::from_str(&pathways::scenario::schema::schema_json()).unwrap();
    let baseline = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.toml");
    let explained =
        pathways::export::explain::explain(&pathways::scenario::load::load(&baseline, &[]).unwrap()).unwrap();
    let listed = pathways::export::list::listing();
    let number = |v: f64| if v.fract() == 0.0 { Value::from(v as i64) } else { Value::from(v) };
    let check = |table: &[ParamInfo], definition: &str, section: &str| {
        for p in table {
            let prop = &schema["definitions"][definition]["properties"][p.key];
            assert!(prop.is_object(), "{section}.{}: not in the schema's {definition}", p.key);
            assert_eq!(prop["description"], p.doc, "{section}.{}: schema description", p.key);
            let (lo, hi, open) = (p.range.lo, p.range.hi, p.range.open);
            let lower = if open { "exclusiveMinimum" } else { "minimum" };
            assert_eq!(prop.get(lower).cloned(), lo.is_finite().then(|| number(lo)), "{section}.{}: {lower}", p.key);
            assert_eq!(
                prop.get("maximum").cloned(),
                hi.is_finite().then(|| number(hi)),
                "{section}.{}: maximum",
                p.key
            );
            assert!(
                explained.lines().any(|l| l.starts_with(&format!("{} = ", p.key))),
                "{section}.{}: not in explain's output",
                p.key
            );
            // A value outside the table's range is refused, naming the key.
            let outside = if hi.is_finite() { hi + 1.0 } else { lo - 1.0 };
            let key = format!("{section}.{}", p.key);
            match pathways::scenario::load::load(&baseline, &[format!("{key}={outside:?}")]) {
                Err(pathways::error::Error::Scenario(ds)) => {
                    assert!(ds.iter().any(|d| d.key.as_deref() == Some(&key)), "{key}={outside}: {ds:?}")
                }
                other => panic!("{key}={outside} is outside {lo}..{hi} but was not refused: {:?}", other.err()),
            }
        }
    };
    check(&ECONOMY_PARAMS, "Economy", "economy");
    check(&POLICY_PARAMS, "AgentSpec", "agents.us");
    for p in &POLICY_PARAMS {
        assert!(listed.lines().any(|l| l.starts_with(&format!("{:<24}", p.key))), "{}: not in list's output", p.key);
    }
    if let Some(d) = schema["definitions"]["Economy"]["properties"].as_object() {
        assert_eq!(d.len(), ECONOMY_PARAMS.len(), "the schema's economy lists a parameter the table does not");
    }
}
