//! The documentation keeps up with the model: every parameter a scenario can set is explained in
//! docs/MODEL.md, where its source or judgement is given.

use pathways::model::economy_params::ECONOMY_NAMES;
use pathways::model::policy::{MOVE_NAMES, PARAM_NAMES};

#[test]
fn model_md_names_every_parameter() {
    let doc = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/MODEL.md")).unwrap();
    let missing: Vec<&str> = ECONOMY_NAMES
        .iter()
        .chain(PARAM_NAMES.iter())
        .chain(MOVE_NAMES.iter())
        .copied()
        .filter(|k| !doc.contains(&format!("`{k}`")))
        .collect();
    assert!(missing.is_empty(), "docs/MODEL.md does not mention: {missing:?}");
}
