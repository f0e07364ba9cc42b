//! How each kind of mistake reads: the rendered diagnostics (no colour), pinned as snapshots.
//! Fixtures are run by relative path so that the snapshots hold no temporary folders.

use crate::pathways;

/// `pathways validate tests/fixtures/diagnostics/<file>`: exit 2, nothing on stdout; the stderr.
fn diagnose(file: &str) -> String {
    let assert = pathways()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .args(["validate", &format!("tests/fixtures/diagnostics/{file}")])
        .assert()
        .code(2);
    let out = assert.get_output();
    assert!(out.stdout.is_empty(), "{}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8(out.stderr.clone()).unwrap()
}

macro_rules! snapshot {
    ($name:ident, $file:literal) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(stringify!($name), diagnose($file));
        }
    };
}

snapshot!(syntax_error, "syntax_error.toml");
snapshot!(unknown_key_with_suggestion, "unknown_key.toml");
snapshot!(wrong_type, "wrong_type.toml");
snapshot!(probability_above_one, "probability_above_one.toml");
snapshot!(negative_tariff, "negative_tariff.toml");
snapshot!(nan, "nan.toml");
snapshot!(inverted_distribution_bounds, "inverted_bounds.toml");
snapshot!(unknown_preset, "unknown_preset.toml");
snapshot!(unknown_distribution, "unknown_distribution.toml");
snapshot!(unknown_state_variable_in_pathway, "unknown_state_variable.toml");
snapshot!(timeline_month_beyond_horizon, "timeline_beyond_horizon.toml");
snapshot!(extends_cycle, "cycle_a.toml");
snapshot!(missing_parent_file, "missing_parent.toml");
snapshot!(error_in_parent_points_at_the_parent, "child_of_bad_parent.toml");
snapshot!(unknown_key_and_wrong_type_do_not_hide_other_problems, "several_problems.toml");

#[test]
fn valid_files_say_ok_when_another_is_invalid() {
    let assert = pathways()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "validate",
            "tests/fixtures/small.toml",
            "tests/fixtures/diagnostics/nan.toml",
            "tests/fixtures/child.toml",
        ])
        .assert()
        .code(2);
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    // In the order `run` would run them (sorted, as every command expands its paths).
    assert_eq!(stdout, "ok  tests/fixtures/child.toml\nok  tests/fixtures/small.toml\n");
}
