//! `[[correlations]]`: the target rank-correlation matrix between uncertain parameters, built
//! from pairs and matrices, checked for unknown names, impossible values and joint consistency
//! (positive semi-definiteness), each problem placed at the entry that causes it.

use super::iman_conover::pearson_for_spearman;
use super::linalg::{cholesky_psd, is_psd};
use crate::diagnostic::did_you_mean;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One `[[correlations]]` entry: a pair `{ a = "agents.us.aggression", b = "economy.import_elasticity",
/// rho = 0.5 }`, or a matrix over named parameters `{ params = [..], matrix = [[..], ..] }`.
/// Correlations are Spearman rank correlations, induced by Iman–Conover.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrelationSpec {
    /// First parameter of a pair, as a dotted path (`agents.us.aggression`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub a: Option<String>,
    /// Second parameter of a pair.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub b: Option<String>,
    /// Spearman rank correlation of the pair, between −1 and 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = -1.0, max = 1.0))]
    pub rho: Option<f64>,
    /// Parameters of a correlation matrix, as dotted paths.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<Vec<String>>,
    /// A symmetric, positive semi-definite matrix of Spearman correlations with ones on the
    /// diagonal, in the order of `params`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matrix: Option<Vec<Vec<f64>>>,
}

/// A validated correlation target over all `k` uncertain parameters (identity where unset).
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub k: usize,
    /// Spearman rank correlations, k × k row-major.
    pub spearman: Vec<f64>,
    /// Lower Cholesky factor of the matching normal-score (Pearson) correlations.
    pub factor: Vec<f64>,
}

/// A problem with one entry: where (a path under the scenario root), what, and how to fix it.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub at: Vec<String>,
    pub message: String,
    pub help: Option<String>,
}

/// (row, column, Spearman correlation).
type Pair = (usize, usize, f64);

fn at(i: usize, rest: &[&str]) -> Vec<String> {
    let mut p = vec!["correlations".to_string(), i.to_string()];
    p.extend(rest.iter().map(|s| s.to_string()));
    p
}

fn unknown(name: &str, names: &[String], path: Vec<String>) -> Problem {
    let help = match did_you_mean(name, names.iter().map(String::as_str)) {
        Some(s) => format!("did you mean `{s}`? uncertain parameters: {}", names.join(", ")),
        None if names.is_empty() => "the scenario has no uncertain parameters (give one a `dist`)".to_string(),
        None => format!("uncertain parameters: {}", names.join(", ")),
    };
    Problem { at: path, message: format!("`{name}` is not an uncertain parameter of this scenario"), help: Some(help) }
}

/// Builds the target over the uncertain parameters `names` (in model order). `Ok(None)` when
/// there are no correlations.
pub fn build(specs: &[CorrelationSpec], names: &[String]) -> Result<Option<Target>, Vec<Problem>> {
    if specs.is_empty() {
        return Ok(None);
    }
    let k = names.len();
    let mut s = vec![0.0; k * k];
    for i in 0..k {
        s[i * k + i] = 1.0;
    }
    let mut set = vec![false; k * k];
    let mut problems = Vec::new();
    // (entry index, the pairs it set)
    let mut accepted: Vec<(usize, Vec<Pair>)> = Vec::new();
    let index = |name: &str| names.iter().position(|n| n == name);

    for (e, spec) in specs.iter().enumerate() {
        let before = problems.len();
        // (row, column, value, where the value is written)
        let mut entries: Vec<(usize, usize, f64, Vec<String>)> = Vec::new();
        match spec {
            CorrelationSpec { a: Some(a), b: Some(b), rho: Some(rho), params: None, matrix: None } => {
                let ia = index(a);
                let ib = index(b);
                if ia.is_none() {
                    problems.push(unknown(a, names, at(e, &["a"])));
                }
                if ib.is_none() {
                    problems.push(unknown(b, names, at(e, &["b"])));
                }
                if !rho.is_finite() || rho.abs() > 1.0 {
                    problems.push(Problem {
                        at: at(e, &["rho"]),
                        message: format!("a correlation must lie between -1 and 1, got {rho}"),
                        help: None,
                    });
                }
                if let (Some(ia), Some(ib)) = (ia, ib) {
                    if ia == ib {
                        problems.push(Problem {
                            at: at(e, &["b"]),
                            message: format!("`{a}` cannot be correlated with itself"),
                            help: Some("name two different uncertain parameters".into()),
                        });
                    } else {
                        entries.push((ia, ib, *rho, at(e, &["rho"])));
                    }
                }
            }
            CorrelationSpec { a: None, b: None, rho: None, params: Some(params), matrix: Some(matrix) } => {
                let idx: Vec<Option<usize>> = params.iter().map(|p| index(p)).collect();
                for (j, (p, i)) in params.iter().zip(&idx).enumerate() {
                    if i.is_none() {
                        problems.push(unknown(p, names, at(e, &["params", &j.to_string()])));
                    }
                    if params[..j].contains(p) {
                        problems.push(Problem {
                            at: at(e, &["params", &j.to_string()]),
                            message: format!("`{p}` is listed twice"),
                            help: None,
                        });
                    }
                }
                let m = params.len();
                if matrix.len() != m || matrix.iter().any(|r| r.len() != m) {
                    problems.push(Problem {
                        at: at(e, &["matrix"]),
                        message: format!("`matrix` must be {m} × {m}, one row and column per entry of `params`"),
                        help: None,
                    });
                    continue;
                }
                for r in 0..m {
                    for c in 0..m {
                        let v = matrix[r][c];
                        let here = at(e, &["matrix", &r.to_string(), &c.to_string()]);
                        let message = if !v.is_finite() || v.abs() > 1.0 {
                            Some(format!("a correlation must lie between -1 and 1, got {v}"))
                        } else if r == c && v != 1.0 {
                            Some(format!("the diagonal of a correlation matrix is 1, got {v}"))
                        } else if (v - matrix[c][r]).abs() > 1e-12 {
                            Some(format!(
                                "the matrix must be symmetric: row {r} column {c} is {v}, row {c} column {r} is {}",
                                matrix[c][r]
                            ))
                        } else {
                            None
                        };
                        if let Some(message) = message {
                            problems.push(Problem { at: here, message, help: None });
                        } else if r > c
                            && let (Some(ia), Some(ib)) = (idx[r], idx[c])
                        {
                            entries.push((ia, ib, v, at(e, &["matrix", &r.to_string(), &c.to_string()])));
                        }
                    }
                }
            }
            _ => {
                problems.push(Problem {
                    at: at(e, &[]),
                    message: "a correlation needs either `a`, `b` and `rho`, or `params` and `matrix`".into(),
                    help: Some(
                        "e.g. { a = \"agents.us.aggression\", b = \"economy.import_elasticity\", rho = 0.5 }".into(),
                    ),
                });
            }
        }
        if problems.len() > before {
            continue;
        }
        let mut applied = Vec::new();
        for (a, b, v, path) in entries {
            if set[a * k + b] && s[a * k + b] != v {
                problems.push(Problem {
                    at: path,
                    message: format!(
                        "the correlation of `{}` and `{}` is already set to {} by an earlier entry",
                        names[a],
                        names[b],
                        s[a * k + b]
                    ),
                    help: None,
                });
                continue;
            }
            s[a * k + b] = v;
            s[b * k + a] = v;
            set[a * k + b] = true;
            set[b * k + a] = true;
            applied.push((a, b, v));
        }
        accepted.push((e, applied));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if !is_psd(&s, k) {
        // Blame the latest entry without which the rest would be consistent.
        let without = |skip: usize| {
            let mut m = vec![0.0; k * k];
            for i in 0..k {
                m[i * k + i] = 1.0;
            }
            for (e, pairs) in &accepted {
                if *e != skip {
                    for &(a, b, v) in pairs {
                        m[a * k + b] = v;
                        m[b * k + a] = v;
                    }
                }
            }
            is_psd(&m, k)
        };
        let blame = accepted.iter().rev().map(|(e, _)| *e).find(|&e| without(e)).unwrap_or(specs.len() - 1);
        return Err(vec![Problem {
            at: at(blame, &[]),
            message: "the correlations cannot hold together: the correlation matrix is not positive semi-definite".into(),
            help: Some(
                "pairs not listed are uncorrelated; e.g. if a–b and b–c are strongly positive, a–c cannot be zero or negative: weaken or add one".into(),
            ),
        }]);
    }
    Ok(Some(Target { k, factor: score_factor(&s, k), spearman: s }))
}

/// The Cholesky factor of the normal-score correlations for Spearman matrix `s`. The elementwise
/// conversion can leave a valid Spearman matrix slightly indefinite; it is then shrunk towards
/// the identity just enough to factor.
fn score_factor(s: &[f64], k: usize) -> Vec<f64> {
    let r: Vec<f64> = s.iter().map(|&v| pearson_for_spearman(v)).collect();
    let mut shrink = 0.0;
    loop {
        let m: Vec<f64> = (0..k * k).map(|i| if i / k == i % k { 1.0 } else { r[i] * (1.0 - shrink) }).collect();
        if let Ok(l) = cholesky_psd(&m, k) {
            return l;
        }
        shrink += 0.01;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Vec<String> {
        ["agents.us.aggression", "economy.import_elasticity", "economy.export_elasticity"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    fn pair(a: &str, b: &str, rho: f64) -> CorrelationSpec {
        CorrelationSpec { a: Some(a.into()), b: Some(b.into()), rho: Some(rho), params: None, matrix: None }
    }

    #[test]
    fn pairs_fill_a_symmetric_matrix() {
        let t = build(&[pair("agents.us.aggression", "economy.import_elasticity", 0.5)], &names()).unwrap().unwrap();
        assert_eq!(t.spearman[1], 0.5);
        assert_eq!(t.spearman[3], 0.5);
        assert_eq!(t.spearman[2], 0.0);
    }

    #[test]
    fn rejects_unknown_names_with_a_suggestion() {
        let e = build(&[pair("agents.us.agression", "economy.import_elasticity", 0.5)], &names()).unwrap_err();
        assert_eq!(e[0].at, vec!["correlations", "0", "a"]);
        assert!(e[0].help.as_ref().unwrap().contains("did you mean `agents.us.aggression`"));
    }

    #[test]
    fn rejects_rho_above_one() {
        let e = build(&[pair("agents.us.aggression", "economy.import_elasticity", 1.5)], &names()).unwrap_err();
        assert_eq!(e[0].at, vec!["correlations", "0", "rho"]);
    }

    #[test]
    fn rejects_a_matrix_that_is_not_positive_semi_definite_at_the_entry_that_breaks_it() {
        let n = names();
        let specs = [pair(&n[0], &n[1], 0.9), pair(&n[1], &n[2], 0.9), pair(&n[0], &n[2], -0.9)];
        let e = build(&specs, &n).unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].at, vec!["correlations", "2"]);
        assert!(e[0].message.contains("positive semi-definite"));
        // Two strong pairs leave the unlisted third pair at zero, which is impossible too.
        let e = build(&specs[..2], &n).unwrap_err();
        assert_eq!(e[0].at, vec!["correlations", "1"]);
        assert!(build(&[pair(&n[0], &n[1], 0.9), pair(&n[1], &n[2], 0.3)], &n).is_ok());
    }

    #[test]
    fn matrix_form_is_checked_for_shape_symmetry_and_diagonal() {
        let n = names();
        let spec = |m: Vec<Vec<f64>>| CorrelationSpec {
            a: None,
            b: None,
            rho: None,
            params: Some(vec![n[0].clone(), n[2].clone()]),
            matrix: Some(m),
        };
        assert!(build(&[spec(vec![vec![1.0, 0.3], vec![0.3, 1.0]])], &n).unwrap().is_some());
        let e = build(&[spec(vec![vec![1.0, 0.3], vec![0.2, 1.0]])], &n).unwrap_err();
        assert!(e[0].message.contains("symmetric"));
        let e = build(&[spec(vec![vec![0.9, 0.3], vec![0.3, 1.0]])], &n).unwrap_err();
        assert_eq!(e[0].at, vec!["correlations", "0", "matrix", "0", "0"]);
        assert!(build(&[spec(vec![vec![1.0]])], &n).is_err());
    }
}
