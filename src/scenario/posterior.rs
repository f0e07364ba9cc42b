//! Posterior files: a weighted joint sample of uncertain parameters (written by `pathways
//! calibrate` as posterior.csv), which a scenario names with `[simulation] posterior = "…"`.
//! Each run then draws one row, with probability proportional to its weight, and takes every
//! parameter of that row together, so the correlations the data imply are kept.
//!
//! ```text
//! # comment lines start with '#'
//! weight,agents.us.aggression,economy.import_elasticity
//! 0.00031,0.061,1.74
//! ```
//!
//! Precedence: a value written in the file that names the posterior, in a file that extends it,
//! or with `--set`, overrides the posterior's column for that parameter; values inherited from
//! the files it extends (the priors the posterior was fitted from) are replaced by it. A column
//! must name an uncertain parameter of the scenario (one with a distribution, the prior).

use crate::diagnostic::{Diagnostic, Location, SourceFile};
use crate::error::{Error, Result};
use crate::observe::file::{field_spans, record_start};
use crate::scenario::load::LoadedScenario;
use crate::scenario::tree::Origin;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The sample itself lives with the sampling designs that draw from it.
pub use crate::sampling::posterior::Posterior;

/// The header column holding each row's weight.
pub const WEIGHT: &str = "weight";

/// Reads a posterior file; problems come back with file, line and column.
pub fn read(path: &Path) -> Result<Posterior> {
    let bytes = std::fs::read(path).map_err(|e| {
        let why = if e.kind() == std::io::ErrorKind::NotFound { "no such file".to_string() } else { e.to_string() };
        Error::from(Diagnostic::new(
            Location::Nowhere(Some(path.to_path_buf())),
            None,
            format!("cannot read posterior file: {why}"),
        ))
    })?;
    let sha256: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
    let text = String::from_utf8(bytes).map_err(|_| {
        Error::from(Diagnostic::new(Location::Nowhere(Some(path.to_path_buf())), None, "not UTF-8 text"))
    })?;
    let source = SourceFile { path: path.to_path_buf(), text: Arc::from(text.as_str()) };
    let at = |span: std::ops::Range<usize>| Location::File { source: source.clone(), span };
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .trim(csv::Trim::All)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut problems = Vec::new();
    let mut header: Option<Vec<String>> = None;
    let (mut values, mut weights) = (Vec::new(), Vec::new());
    // Lines counted as the reader advances (a line_col per row would rescan the file).
    let (mut row_lines, mut counted, mut line) = (Vec::new(), 0usize, 1usize);
    for record in reader.records() {
        let r = record.map_err(|e| Error::from(Diagnostic::new(at(0..0), None, format!("invalid CSV: {e}"))))?;
        let start = record_start(&text, r.position().map_or(0, |p| p.byte() as usize));
        let fields: Vec<String> = r.iter().map(str::to_string).collect();
        let spans = field_spans(&text, start, &fields);
        let Some(head) = &header else {
            if fields.first().map(String::as_str) != Some(WEIGHT) {
                problems.push(
                    Diagnostic::new(at(spans.first().cloned().unwrap_or(start..start)), None, "the first column must be `weight`")
                        .with_help("a posterior file starts with the header weight,<parameter>,… (as pathways calibrate writes it)"),
                );
                break;
            }
            if fields.len() < 2 {
                problems.push(Diagnostic::new(at(start..start), None, "the header names no parameter after `weight`"));
                break;
            }
            for (i, name) in fields.iter().enumerate().skip(1) {
                if fields[..i].contains(name) {
                    problems.push(Diagnostic::new(
                        at(spans[i].clone()),
                        Some(name.clone()),
                        "the column is given twice",
                    ));
                }
            }
            header = Some(fields);
            continue;
        };
        line += text.as_bytes()[counted.min(start)..start].iter().filter(|&&b| b == b'\n').count();
        counted = counted.max(start);
        if fields.len() != head.len() {
            problems.push(Diagnostic::new(
                at(start..spans.last().map_or(start, |s| s.end)),
                None,
                format!("{} fields, but the header has {}", fields.len(), head.len()),
            ));
            continue;
        }
        row_lines.push(line);
        for (i, f) in fields.iter().enumerate() {
            match f.parse::<f64>() {
                Ok(v) if v.is_finite() && (i > 0 || v >= 0.0) => {
                    if i == 0 {
                        weights.push(v);
                    } else {
                        values.push(v);
                    }
                }
                _ => {
                    let what = if i == 0 { "a weight must be a number ≥ 0" } else { "must be a finite number" };
                    problems.push(Diagnostic::new(
                        at(spans[i].clone()),
                        Some(head[i].clone()),
                        format!("`{f}`: {what}"),
                    ));
                }
            }
        }
        if problems.len() >= 50 {
            break;
        }
    }
    let Some(head) = header else {
        if problems.is_empty() {
            problems.push(Diagnostic::new(at(0..0), None, "the posterior file holds no header and no rows"));
        }
        return Err(Error::Scenario(problems));
    };
    let total: f64 = weights.iter().sum();
    if problems.is_empty() && total <= 0.0 {
        problems.push(Diagnostic::new(at(0..0), None, "the posterior file holds no row with a positive weight"));
    }
    if problems.is_empty() && !total.is_finite() {
        problems.push(
            Diagnostic::new(at(0..0), Some(WEIGHT.into()), "the weights add up to more than a number can hold")
                .with_help("weights are relative: divide them all by the largest (pathways calibrate writes weights that sum to 1)"),
        );
    }
    if !problems.is_empty() {
        return Err(Error::Scenario(problems));
    }
    let mut post = Posterior::new(path.to_path_buf(), sha256, head[1..].to_vec(), values, weights);
    post.row_lines = row_lines;
    Ok(post)
}

/// The tree path of parameter `param` (`agents.us.aggression`, `events.summit.probability`):
/// named entries by their index.
fn tree_path(s: &LoadedScenario, param: &str) -> Vec<String> {
    let mut parts: Vec<String> = param.split('.').map(String::from).collect();
    if parts.first().map(String::as_str) == Some("events")
        && let Some(i) = parts.get(1).and_then(|name| s.file.events.iter().position(|e| &e.name == name))
    {
        parts[1] = i.to_string();
    }
    parts
}

/// Reads the posterior the scenario names (if it does) and checks it against the scenario:
/// every column must be an uncertain parameter; columns whose parameter is written at or below
/// the naming file (or with `--set`) are marked overridden.
pub fn load(s: &LoadedScenario) -> Result<Option<Posterior>> {
    let Some(name) = &s.file.simulation.posterior else { return Ok(None) };
    let key = ["simulation".to_string(), "posterior".to_string()];
    let (node, _) = s.tree.locate(&key);
    // Relative to the file that names it (or the working folder, for --set).
    let (path, declared_in) = match &node.origin {
        Origin::File { source, .. } => {
            let dir = s.sources[*source].path.parent().unwrap_or(Path::new("."));
            (dir.join(name), Some(*source))
        }
        _ => (PathBuf::from(name), None),
    };
    let mut post = read(&path).map_err(|e| match e {
        Error::Scenario(mut ds) if ds.len() == 1 && matches!(ds[0].location, Location::Nowhere(_)) => {
            let d = ds.remove(0);
            Error::from(Diagnostic::new(s.locate(&key), Some("simulation.posterior".into()), d.message).with_help(
                "the path is relative to the folder of the file that names it; pathways calibrate writes posterior.csv",
            ))
        }
        e => e,
    })?;
    let model = crate::model::params::Model::compile(s);
    let uncertain: Vec<&str> = model.uncertain.iter().map(|u| u.path.as_str()).collect();
    let mut problems = Vec::new();
    for (j, column) in post.columns.iter().enumerate() {
        let path = tree_path(s, column);
        let (node, found) = s.tree.locate(&path);
        let written_here = match (&node.origin, declared_in) {
            (Origin::Set(arg), _) if found => Some(format!("--set {arg}")),
            (Origin::File { source, key_span, .. }, Some(p)) if found && *source <= p => {
                let src = &s.sources[*source];
                Some(format!("{}:{}", src.path.display(), src.line_col(key_span.start).0))
            }
            _ => None,
        };
        if let Some(by) = written_here {
            post.overridden[j] = Some(by);
            continue;
        }
        if let Some(u) = model.uncertain.iter().find(|u| u.path == *column) {
            // The prior's density is zero outside its support, so a posterior value there is
            // not a posterior of this prior; it may also lie outside the parameter's valid
            // range (which the prior's support is checked to fit), where the model breaks.
            let (lo, hi) = crate::scenario::validate::support(&u.dist);
            let slack = 1e-9 * (hi - lo).abs().min(1.0);
            if let Some(i) = (0..post.rows()).find(|&i| !(lo - slack..=hi + slack).contains(&post.row(i)[j])) {
                let at = post.row_lines.get(i).map(|l| format!(" on line {l}")).unwrap_or_default();
                problems.push(
                    Diagnostic::new(
                        Location::Nowhere(Some(post.path.clone())),
                        Some(column.clone()),
                        format!(
                            "the posterior's `{column}` is {}{at}, outside its prior's range {} to {}",
                            crate::diagnostic::Num(post.row(i)[j]),
                            crate::diagnostic::Num(lo),
                            crate::diagnostic::Num(hi)
                        ),
                    )
                    .with_help(format!(
                        "a posterior cannot hold values its prior rules out; calibrate again from {}, or widen the prior there",
                        s.path().display()
                    )),
                );
                continue;
            }
        }
        if !uncertain.contains(&column.as_str()) {
            let help = if uncertain.is_empty() {
                "the scenario has no uncertain parameters".to_string()
            } else {
                format!("its uncertain parameters: {}", uncertain.join(", "))
            };
            problems.push(
                Diagnostic::new(
                    Location::Nowhere(Some(post.path.clone())),
                    Some(column.clone()),
                    format!(
                        "the posterior's column `{column}` is not an uncertain parameter of {}",
                        s.path().display()
                    ),
                )
                .with_help(format!("a posterior replaces the prior distribution of each parameter it names; {help}")),
            );
        }
    }
    if problems.is_empty() { Ok(Some(post)) } else { Err(Error::Scenario(problems)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> Result<Posterior> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("post.csv");
        std::fs::write(&p, text).unwrap();
        read(&p)
    }

    #[test]
    fn reads_weights_and_rows_and_draws_by_weight() {
        let p = read_text("# from calibrate\nweight,a.b,c.d\n1,0.5,10\n# a comment\n\n3,0.7,20\n").unwrap();
        assert_eq!(p.row_lines, [3, 6]);
        assert_eq!(p.columns, ["a.b", "c.d"]);
        assert_eq!(p.weights, [0.25, 0.75]);
        assert_eq!(p.row(1), [0.7, 20.0]);
        assert_eq!((p.draw(0.0), p.draw(0.2499), p.draw(0.25), p.draw(0.9999)), (0, 0, 1, 1));
        let (mean, p5, p95) = p.summary(1);
        assert_eq!((mean, p5, p95), (17.5, 10.0, 20.0));
    }

    #[test]
    fn bad_files_are_reported_at_line_and_column() {
        let e = read_text("weight,a\n1,0.5\n-1,x\n").unwrap_err().to_string();
        assert!(e.contains("post.csv:3:1: `weight`: `-1`: a weight must be a number ≥ 0"), "{e}");
        assert!(e.contains("post.csv:3:4: `a`: `x`: must be a finite number"), "{e}");
        let e = read_text("a,weight\n").unwrap_err().to_string();
        assert!(e.contains("the first column must be `weight`"), "{e}");
        let e = read_text("weight,a\n0,1\n").unwrap_err().to_string();
        assert!(e.contains("no row with a positive weight"), "{e}");
        let e = read_text("weight,a\n1,2,3\n").unwrap_err().to_string();
        assert!(e.contains("post.csv:2:1: 3 fields, but the header has 2"), "{e}");
        let e = read_text("weight,a\n1e308,1\n1e308,2\n").unwrap_err().to_string();
        assert!(e.contains("the weights add up to more than a number can hold"), "{e}");
    }
}
