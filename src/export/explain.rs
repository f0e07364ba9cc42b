//! The resolved scenario for `pathways explain`: the fully resolved scenario (after `extends` and `--set`) as TOML, each
//! value annotated with where it came from (`file:line`, `--set …` or `default`), and each
//! distribution with its mean and 90% range (5th–95th percentile by the exact inverse CDF,
//! [`DistSpec::quantile`]).

use crate::error::{Error, Result};
use crate::model::params::{Model, size_dist};
use crate::model::policy::{MOVE_NAMES, P, PARAM_NAMES, loop_gain, preset};
use crate::sampling::dist::DistSpec;
use crate::scenario::load::LoadedScenario;
use crate::scenario::tree::Origin;
use std::fmt::Write;
use toml::Value;

/// Values are padded to this column before their annotation.
const COMMENT_COLUMN: usize = 44;

/// The resolved scenario as annotated TOML (which loads as the same scenario).
pub fn explain(s: &LoadedScenario) -> Result<String> {
    let Value::Table(root) = Value::try_from(&s.file).map_err(|e| Error::encode("the resolved scenario", e))? else {
        return Err(Error::Internal("the resolved scenario is not a table".into()));
    };
    let mut out = String::new();
    let chain: Vec<String> = s.sources.iter().map(|f| f.path.display().to_string()).collect();
    let _ = writeln!(out, "# {} resolved (extends: {})", chain[0], extends_line(&chain));
    let _ = writeln!(out, "# each value: where it is written, `--set …`, or `default` when written nowhere");
    let _ = writeln!(out, "# distributions: mean and 90% range (5th–95th percentile, exact inverse CDF)");
    let _ = writeln!(out, "{}", gain_line(s));
    if let Some(p) = &s.posterior {
        let drawn: Vec<&str> =
            p.columns.iter().zip(&p.overridden).filter(|(_, o)| o.is_none()).map(|(c, _)| c.as_str()).collect();
        let kept: Vec<String> = p
            .columns
            .iter()
            .zip(&p.overridden)
            .filter_map(|(c, o)| o.as_ref().map(|by| format!("{c} ({by})")))
            .collect();
        let _ = writeln!(
            out,
            "# posterior: {} ({} weighted rows, sha256 {}): each run draws one row for {}",
            p.path.display(),
            p.rows(),
            &p.sha256[..12.min(p.sha256.len())],
            if drawn.is_empty() { "no parameter".to_string() } else { drawn.join(", ") }
        );
        if !kept.is_empty() {
            let _ = writeln!(out, "# posterior columns overridden by values written here: {}", kept.join(", "));
        }
    }
    for (section, value) in &root {
        match value {
            Value::Table(t) if section == "agents" => {
                for (actor, spec) in t {
                    if let Value::Table(spec) = spec {
                        agent(&mut out, s, actor, spec);
                    }
                }
            }
            Value::Table(t) => table(&mut out, s, std::slice::from_ref(section), t),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    if let Value::Table(t) = item {
                        let _ = writeln!(out, "\n[[{section}]]");
                        keys(&mut out, s, &[section.clone(), i.to_string()], t);
                    }
                }
            }
            other => line(&mut out, s, std::slice::from_ref(section), section, other),
        }
    }
    Ok(out)
}

/// The retaliation loop's gain at the parameters' means: expected tariff points the answer to
/// the answer adds per point of escalation (docs/MODEL.md, "Retaliation loop").
fn gain_line(s: &LoadedScenario) -> String {
    let model = Model::compile(s);
    let [us, cn] = &model.base.policies;
    let full = us[P::RetaliationScale] * cn[P::RetaliationScale];
    let verdict = if loop_gain(us, cn) > 1.0 { "above 1: escalations feed a growing spiral" } else { "at most 1" };
    format!(
        "# retaliation loop gain: {} expected ({verdict}; US answers {} per point, China {}); {} if every escalation were answered in full with tariffs",
        short(loop_gain(us, cn)),
        short(us.answer_gain()),
        short(cn.answer_gain()),
        short(full),
    )
}

fn extends_line(chain: &[String]) -> String {
    if chain.len() == 1 { "none".to_string() } else { chain[1..].join(" → ") }
}

fn table(out: &mut String, s: &LoadedScenario, path: &[String], t: &toml::Table) {
    let _ = writeln!(out, "\n[{}]", path.join("."));
    keys(out, s, path, t);
}

fn keys(out: &mut String, s: &LoadedScenario, path: &[String], t: &toml::Table) {
    for (k, v) in t {
        line(out, s, &child(path, k), k, v);
    }
}

/// An agent: the parameters written anywhere, and the preset's value for the rest.
fn agent(out: &mut String, s: &LoadedScenario, actor: &str, spec: &toml::Table) {
    let path = vec!["agents".to_string(), actor.to_string()];
    let _ = writeln!(out, "\n[agents.{actor}]");
    if let Some(policy) = spec.get("policy") {
        line(out, s, &child(&path, "policy"), "policy", policy);
    }
    let name = spec.get("policy").and_then(Value::as_str).unwrap_or_default();
    for p in PARAM_NAMES {
        match spec.get(p) {
            Some(v) => line(out, s, &child(&path, p), p, v),
            None => {
                let Some(v) = preset(name).and_then(|pr| pr.policy.get(p)) else { continue };
                let text = format!("{p} = {}", Value::Float(v));
                let _ = writeln!(out, "{}", annotate(text, &format!("default (preset {name})")));
            }
        }
    }
    for (i, m) in MOVE_NAMES.iter().enumerate() {
        match spec.get(*m) {
            Some(v) => line(out, s, &child(&path, m), m, v),
            None => {
                let Some(pr) = preset(name) else { continue };
                let Ok(v) = Value::try_from(size_dist(&pr.moves[i])) else { continue };
                let text = format!("{m} = {v}");
                let _ = writeln!(out, "{}", annotate(text, &format!("default (preset {name}), drawn every move")));
            }
        }
    }
}

fn line(out: &mut String, s: &LoadedScenario, path: &[String], key: &str, v: &Value) {
    let mut note = origin(s, path);
    if let Some(p) = &s.posterior
        && let Some(j) = p.columns.iter().position(|c| *c == parameter_key(s, path))
    {
        match &p.overridden[j] {
            None => {
                let (mean, lo, hi) = p.summary(j);
                let _ = write!(
                    note,
                    " · prior, replaced per run by posterior {} (weighted mean {}, 90% {} to {})",
                    p.path.display(),
                    short(mean),
                    short(lo),
                    short(hi)
                );
                let _ = writeln!(out, "{}", annotate(format!("{} = {v}", bare_key(key)), &note));
                return;
            }
            Some(_) => {
                let _ = write!(note, " · overrides posterior {}", p.path.display());
            }
        }
    }
    if let Some(d) = v.get("dist").and_then(|_| v.clone().try_into::<DistSpec>().ok())
        && d.check().is_ok()
    {
        let mean = d.moments().0;
        let _ = write!(note, " · mean {}, 90% {} to {}", short(mean), short(d.quantile(0.05)), short(d.quantile(0.95)));
    }
    let _ = writeln!(out, "{}", annotate(format!("{} = {v}", bare_key(key)), &note));
}

/// The dotted parameter key of a tree path, with events named (`events.summit.probability`).
fn parameter_key(s: &LoadedScenario, path: &[String]) -> String {
    let mut parts = path.to_vec();
    if parts.first().map(String::as_str) == Some("events")
        && let Some(e) = parts.get(1).and_then(|i| i.parse::<usize>().ok()).and_then(|i| s.file.events.get(i))
    {
        parts[1] = e.name.clone();
    }
    parts.join(".")
}

fn annotate(text: String, note: &str) -> String {
    let width = text.chars().count();
    let pad = COMMENT_COLUMN.saturating_sub(width).max(2);
    format!("{text}{}# {note}", " ".repeat(pad))
}

/// Keys are bare words in our format; quote anything else.
fn bare_key(k: &str) -> String {
    if !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        k.to_string()
    } else {
        Value::String(k.to_string()).to_string()
    }
}

fn child(path: &[String], key: &str) -> Vec<String> {
    let mut p = path.to_vec();
    p.push(key.to_string());
    p
}

/// `file:line` of the key, `--set …`, or `default`.
pub fn origin(s: &LoadedScenario, path: &[String]) -> String {
    let (node, found) = s.tree.locate(path);
    if !found {
        return "default".into();
    }
    match &node.origin {
        Origin::File { source, key_span, .. } => {
            let src = &s.sources[*source];
            format!("{}:{}", src.path.display(), src.line_col(key_span.start).0)
        }
        Origin::Set(arg) => format!("--set {arg}"),
        Origin::Implied => "default".into(),
    }
}

/// Four significant digits, trailing zeros dropped.
fn short(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return format!("{v}");
    }
    let decimals = (3 - v.abs().log10().floor() as i32).max(0) as usize;
    let s = format!("{v:.decimals$}");
    if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_keeps_four_significant_digits() {
        assert_eq!(short(0.063333), "0.06333");
        assert_eq!(short(1.6), "1.6");
        assert_eq!(short(19800.0), "19800");
        assert_eq!(short(-2.5), "-2.5");
    }
}
