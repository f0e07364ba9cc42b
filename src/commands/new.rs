//! `pathways new`: a commented scenario file that `extends` another, with the keys scenarios
//! most often change written out as comments holding the parent's current values.

use crate::error::{Error, Result};
use crate::model::policy::preset;
use crate::sampling::dist::Param;
use crate::scenario::format::{AgentSpec, ScenarioFile};
use crate::scenario::load::{LoadedScenario, load};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

/// What `pathways new` creates.
#[derive(Debug, Clone)]
pub struct NewOptions {
    /// The scenario's name: the file is `<dir>/<name>.toml`.
    pub name: String,
    /// The parent scenario (a path, or a name in `dir`); `baseline` when not given.
    pub from: Option<PathBuf>,
    pub dir: PathBuf,
}

/// The keys scenario authors change most, by agent (from the shipped scenarios).
const US_KEYS: [&str; 5] = ["aggression", "retaliation", "engagement", "noise", "tech_hawkishness"];
const CHINA_KEYS: [&str; 5] = ["retaliation", "retaliation_scale", "forgiveness", "engagement", "tech_hawkishness"];
const ECONOMY_KEYS: [&str; 4] = ["import_elasticity", "export_elasticity", "pass_through", "mistrust"];

/// Writes the new scenario and returns its path; refuses to overwrite an existing file.
pub fn create(opts: &NewOptions) -> Result<PathBuf> {
    let name = check_name(&opts.name)?;
    let parent_path = resolve_parent(opts.from.as_deref(), &opts.dir)?;
    let parent = load(&parent_path, &[])?;
    crate::export::atomic::create_dir(&opts.dir)?;
    let target = opts.dir.join(format!("{name}.toml"));
    let extends = relative(&parent_path, &opts.dir)?;
    let text = render(name, &extends, schema_line(&opts.dir, &parent_path)?, &parent);
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&target).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Error::Usage(format!("{} already exists: choose another name, or delete the file first", target.display()))
        } else {
            Error::io(&target, e)
        }
    })?;
    file.write_all(text.as_bytes()).map_err(|e| Error::io(&target, e))?;
    Ok(target)
}

/// A name usable as a file and an output folder: letters, digits, `_`, `-`, `.`; `.toml` dropped.
pub fn check_name(name: &str) -> Result<&str> {
    let name = name.strip_suffix(".toml").unwrap_or(name);
    let ok = !name.is_empty()
        && name.len() <= 100
        && name.chars().all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c))
        && name.starts_with(|c: char| c.is_ascii_alphanumeric());
    if ok {
        Ok(name)
    } else {
        Err(Error::Usage(format!(
            "`{name}` cannot name a scenario file: use letters, digits, `_`, `-` and `.`, starting with a letter or digit, e.g. renewed_tariffs"
        )))
    }
}

/// `--from` as a path, or as a scenario name in `dir`.
fn resolve_parent(from: Option<&Path>, dir: &Path) -> Result<PathBuf> {
    let from = from.unwrap_or(Path::new("baseline.toml"));
    // A bare name means a scenario in `dir`; anything with a folder is a path.
    let bare = from.parent().is_none_or(|p| p.as_os_str().is_empty());
    let mut candidates = if bare { vec![dir.join(from), from.to_path_buf()] } else { vec![from.to_path_buf()] };
    if bare && from.extension().is_none() {
        candidates.insert(1, dir.join(from).with_extension("toml"));
    }
    candidates.into_iter().find(|p| p.is_file()).ok_or_else(|| {
        Error::Usage(format!("--from: no scenario `{}` (looked in . and {})", from.display(), dir.display()))
    })
}

/// `parent` relative to the folder `dir`, with `/` separators, as `extends` wants it.
fn relative(parent: &Path, dir: &Path) -> Result<String> {
    let p = std::fs::canonicalize(parent).map_err(|e| Error::io(parent, e))?;
    let d = std::fs::canonicalize(dir).map_err(|e| Error::io(dir, e))?;
    let (pc, dc): (Vec<Component>, Vec<Component>) = (p.components().collect(), d.components().collect());
    let common = pc.iter().zip(&dc).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); dc.len() - common];
    parts.extend(pc[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned()));
    Ok(parts.join("/"))
}

/// `#:schema …` pointing at the schema in `dir`, or else the one beside the parent, if any.
fn schema_line(dir: &Path, parent: &Path) -> Result<Option<String>> {
    const NAME: &str = "scenario.schema.json";
    if dir.join(NAME).is_file() {
        return Ok(Some(format!("#:schema ./{NAME}\n")));
    }
    match parent.parent().map(|d| d.join(NAME)).filter(|p| p.is_file()) {
        Some(schema) => Ok(Some(format!("#:schema {}\n", relative(&schema, dir)?))),
        None => Ok(None),
    }
}

fn render(name: &str, extends: &str, schema: Option<String>, parent: &LoadedScenario) -> String {
    let f: &ScenarioFile = &parent.file;
    let mut s = schema.unwrap_or_default();
    let _ = writeln!(
        s,
        "# {name}: what this scenario's story changes from {extends}.
#
# Every key not written here keeps the value of {extends}. Tables merge key by key;
# [[events]], [[timeline]] and [[pathways]] entries are matched by `name` (an entry written here
# replaces the parent's whole; `enabled = false` drops it). The commented lines hold the parent's
# current values: uncomment and edit what your story changes.
#
#   pathways explain <this file>   every resolved value and the file and line it comes from
#   pathways list                  policy presets, state variables and distributions
#   pathways run --watch <file>    re-run on every save

[scenario]
name = \"{name}\"
description = \"\"
extends = \"{extends}\"
# start = \"{}\"
# horizon_months = {}

[simulation]
# runs = {}
# seed = {}",
        f.scenario.start, f.scenario.horizon_months, f.simulation.runs, f.simulation.seed
    );
    agent(&mut s, parent, "us", &f.agents.us, &US_KEYS);
    agent(&mut s, parent, "china", &f.agents.china, &CHINA_KEYS);
    let _ = writeln!(s, "\n[economy]");
    f.economy.map(|k, p| {
        if ECONOMY_KEYS.contains(&k) {
            let _ = writeln!(s, "# {k} = {}", param(p));
        }
    });
    let _ = writeln!(
        s,
        "
# A scripted move (actions: `pathways list`; month 1 is the month after `start`):
# [[timeline]]
# name = \"us_tariff_hike\"
# month = 3
# actor = \"us\"
# action = \"set_tariff\"
# value = 45"
    );
    if let Some(e) = f.events.first() {
        let _ = writeln!(
            s,
            "\n# Drop one of the parent's events:\n# [[events]]\n# name = \"{}\"\n# enabled = false",
            e.name
        );
    }
    s
}

/// An agent's section: the header is live only when the parent writes the agent's `policy`
/// (an agent table without `policy` would not load).
fn agent(s: &mut String, parent: &LoadedScenario, actor: &str, spec: &AgentSpec, keys: &[&str]) {
    let written = parent.tree.locate(&["agents".into(), actor.into(), "policy".into()]).1;
    let hash = if written { "" } else { "# " };
    let _ = writeln!(s, "\n{hash}[agents.{actor}]\n# policy = \"{}\"", spec.policy);
    let written: Vec<(&str, &Param)> = spec.overrides().collect();
    for name in keys {
        match written.iter().find(|(n, _)| n == name) {
            Some((_, value)) => {
                let _ = writeln!(s, "# {name} = {}", param(value));
            }
            None => {
                if let Some(v) = preset(&spec.policy).and_then(|p| p.policy.get(name)) {
                    let _ = writeln!(s, "# {name} = {}", toml::Value::Float(v));
                }
            }
        }
    }
}

fn param(p: &Param) -> String {
    toml::Value::try_from(p).map_or_else(|_| format!("{}", p.mean()), |v| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_file_safe_names_only() {
        assert_eq!(check_name("my_story-2.toml").unwrap(), "my_story-2");
        for bad in ["", "../x", "a/b", ".hidden", "has space", "tariffs!"] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
    }

    /// The template's commented keys are a choice among the parameter tables' names: a key
    /// renamed in a table must not silently drop out of the template.
    #[test]
    fn template_keys_come_from_the_parameter_tables() {
        use crate::model::economy_params::ECONOMY_PARAMS;
        use crate::model::policy::POLICY_PARAMS;
        for k in US_KEYS.iter().chain(&CHINA_KEYS) {
            assert!(POLICY_PARAMS.iter().any(|p| p.key == *k), "{k} is not in POLICY_PARAMS");
        }
        for k in ECONOMY_KEYS {
            assert!(ECONOMY_PARAMS.iter().any(|p| p.key == k), "{k} is not in ECONOMY_PARAMS");
        }
    }
}
