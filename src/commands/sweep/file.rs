//! Sweep files: a sweep declared in TOML, versioned beside the scenarios.
//!
//! ```toml
//! [sweep]
//! scenario = "../scenarios/baseline.toml"   # relative to this file
//! runs = 10000                              # optional: runs per point
//! pathway = "trade_war"                     # optional: the pathway a 2-D heatmap shows
//! [[sweep.params]]
//! key = "agents.us.aggression"
//! grid = "0:0.6:7"                          # or a list: grid = [0.1, 0.2, 0.3]
//! ```

use crate::analysis::sweep::grid::{Axis, parse_grid};
use crate::error::{Error, Result};
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    sweep: SweepSpec,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SweepSpec {
    scenario: PathBuf,
    runs: Option<u64>,
    seed: Option<u64>,
    pathway: Option<String>,
    #[serde(default)]
    params: Vec<ParamSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ParamSpec {
    key: String,
    grid: GridSpec,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum GridSpec {
    Text(String),
    List(Vec<f64>),
}

/// A sweep read from a file, with the scenario path resolved against the file's folder.
#[derive(Debug, Clone)]
pub struct SweepFile {
    pub scenario: PathBuf,
    pub runs: Option<u64>,
    pub seed: Option<u64>,
    pub pathway: Option<String>,
    pub axes: Vec<Axis>,
}

/// Whether `text` declares a sweep (has a top-level `[sweep]` table) rather than a scenario.
pub fn is_sweep(text: &str) -> bool {
    text.parse::<toml::Table>().is_ok_and(|t| t.contains_key("sweep"))
}

/// Reads the sweep file at `path` (whose text is `text`).
pub fn parse(path: &Path, text: &str) -> Result<SweepFile> {
    let doc: Document =
        toml::from_str(text).map_err(|e| Error::Usage(format!("{}: not a valid sweep file: {e}", path.display())))?;
    let s = doc.sweep;
    let axes = s
        .params
        .iter()
        .map(|p| match &p.grid {
            GridSpec::Text(g) => parse_grid(&p.key, g),
            GridSpec::List(vs) => {
                let text: Vec<String> = vs.iter().map(|v| format!("{v:?}")).collect();
                parse_grid(&p.key, &text.join(","))
            }
        })
        .collect::<Result<Vec<_>>>()
        .map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?;
    let base = path.parent().unwrap_or(Path::new("."));
    Ok(SweepFile { scenario: base.join(&s.scenario), runs: s.runs, seed: s.seed, pathway: s.pathway, axes })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_two_parameter_sweep() {
        let text = r#"
[sweep]
scenario = "../scenarios/baseline.toml"
runs = 500
pathway = "trade_war"
[[sweep.params]]
key = "agents.us.aggression"
grid = "0:0.6:7"
[[sweep.params]]
key = "economy.import_elasticity"
grid = [1.5, 2.5]
"#;
        assert!(is_sweep(text));
        let s = parse(Path::new("sweeps/x.toml"), text).unwrap();
        assert_eq!(s.scenario, Path::new("sweeps/../scenarios/baseline.toml"));
        assert_eq!((s.runs, s.pathway.as_deref()), (Some(500), Some("trade_war")));
        assert_eq!(s.axes[0].values.len(), 7);
        assert_eq!(s.axes[1].texts, vec!["1.5", "2.5"]);
    }

    #[test]
    fn a_scenario_is_not_a_sweep() {
        assert!(!is_sweep("[scenario]\nname = \"x\"\n"));
    }

    #[test]
    fn rejects_unknown_keys_and_bad_grids() {
        let e = parse(Path::new("s.toml"), "[sweep]\nscenario = \"a.toml\"\nrun = 5\n").unwrap_err().to_string();
        assert!(e.contains("s.toml") && e.contains("run"), "{e}");
        let text = "[sweep]\nscenario = \"a.toml\"\n[[sweep.params]]\nkey = \"x\"\ngrid = \"0:1:1\"\n";
        assert!(parse(Path::new("s.toml"), text).unwrap_err().to_string().contains("at least 2"));
    }
}
