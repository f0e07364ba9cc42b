//! `tornado.csv`, `sobol.csv`, `sensitivity.json` and the printed table of `pathways
//! sensitivity` (its charts are `chart`'s).

use crate::analysis::sensitivity::{SPLIT_INNER, Sensitivity, Target};
use crate::analysis::sobol::Estimate;
use crate::analysis::tornado::TornadoRow;
use crate::engine::result::RunMeta;
use crate::error::{Error, Result};
use crate::export::csv_table::{csv_bytes, num};
use crate::model::params::Model;
use serde::Serialize;
use std::fmt::Write;

/// "US tariff on Chinese goods (%) at the horizon", "probability of trade war".
pub fn label(target: Target, model: &Model) -> String {
    match target {
        Target::Var(v) => format!("{} at the horizon", v.info().label()),
        Target::Pathway(p) => {
            format!("probability of {}", crate::chart::display_name(&model.pathways[p].name).to_lowercase())
        }
        Target::Outcome(j) => {
            let o = &model.outcomes[j];
            match o.kind() {
                crate::model::outcome::Kind::Condition => format!("probability: {}", o.describe(model.start)),
                _ => o.describe(model.start),
            }
        }
    }
}

/// The analysis's three files: the tornado and Sobol indices as CSV, and all of it as JSON, for
/// `outcome` (its key as given, and `label` as charts name it), `n` base samples and `bootstrap`
/// resamples.
pub fn files(
    a: &Sensitivity,
    meta: &RunMeta,
    outcome: &str,
    label: &str,
    n: usize,
    bootstrap: usize,
) -> Result<Vec<(String, Vec<u8>)>> {
    let tornado_csv = csv_bytes(
        &["rank", "parameter", "spearman", "p10", "p90", "outcome_at_p10", "outcome_at_p90", "swing"],
        a.tornado.iter().enumerate().map(|(i, r)| {
            vec![
                (i + 1).to_string(),
                r.parameter.clone(),
                num(r.spearman),
                num(r.p10),
                num(r.p90),
                num(r.low),
                num(r.high),
                num(r.swing),
            ]
        }),
    )?;
    let sobol_csv = csv_bytes(
        &[
            "parameter",
            "first_order",
            "first_ci95_low",
            "first_ci95_high",
            "total_order",
            "total_ci95_low",
            "total_ci95_high",
        ],
        a.names.iter().zip(&a.sobol.indices).map(|(name, i)| {
            vec![
                name.clone(),
                num(i.first.value),
                num(i.first.ci_low),
                num(i.first.ci_high),
                num(i.total.value),
                num(i.total.ci_low),
                num(i.total.ci_high),
            ]
        }),
    )?;
    let doc = SensitivityDoc {
        format: FORMAT,
        manifest: meta,
        outcome,
        outcome_label: label,
        method: MethodDoc {
            design: "Saltelli (2002) with N base samples, N (k + 2) runs; the dynamics' randomness is an extra input shared by A and AB, independent in B",
            first_order: "Saltelli et al. (2010)",
            total_order: "Jansen (1999)",
            confidence_intervals: format!("95% percentile bootstrap over base samples, {bootstrap} resamples"),
            tornado: "Spearman rank correlation and mean outcome of runs at or below the 10th vs at or above the 90th percentile of the parameter, over the 2N independent points",
        },
        base_samples: n,
        variance: a.sobol.variance,
        variance_split: a.split.map(|(sp, outer)| SplitDoc {
            method: format!(
                "nested design, {outer} parameter draws × {SPLIT_INNER} runs each; one-way random-effects estimator"
            ),
            parameters: sp.parameters,
            randomness: sp.randomness,
            total_variance: sp.total,
        }),
        tornado: &a.tornado,
        sobol: a
            .names
            .iter()
            .zip(&a.sobol.indices)
            .map(|(n, i)| SobolDoc { parameter: n, first_order: i.first, total_order: i.total })
            .collect(),
    };
    Ok(vec![
        ("tornado.csv".to_string(), tornado_csv),
        ("sobol.csv".to_string(), sobol_csv),
        ("sensitivity.json".to_string(), serde_json::to_vec_pretty(&doc).map_err(|e| Error::encode("JSON", e))?),
    ])
}

/// The printed ranking: tornado and Sobol indices per parameter, the variance split if computed;
/// a `probability` outcome's swing in percentage points.
pub fn table(a: &Sensitivity, probability: bool) -> String {
    let mut out = String::new();
    if let Some((sp, _)) = a.split {
        writeln!(
            out,
            "  variance split: {:.0}% from the uncertain parameters, {:.0}% from the agents', events' and business cycle's randomness",
            100.0 * sp.parameters,
            100.0 * sp.randomness
        )
        .expect("writing to a String");
    }
    writeln!(
        out,
        "  {:<40} {:>9} {:>12} {:>17} {:>17}",
        "parameter", "spearman", "swing 10–90", "S1 (95% CI)", "ST (95% CI)"
    )
    .expect("writing to a String");
    for r in &a.tornado {
        let i = a.names.iter().position(|n| *n == r.parameter).expect("same names");
        let s = &a.sobol.indices[i];
        // A probability's swing in percentage points, as every other probability is shown.
        let swing = if probability { format!("{:+.1} pts", r.swing * 100.0) } else { format!("{:+.3}", r.swing) };
        writeln!(
            out,
            "  {:<40} {:>9.3} {:>12} {:>5.2} [{:>4.2}, {:>4.2}] {:>5.2} [{:>4.2}, {:>4.2}]",
            r.parameter,
            r.spearman,
            swing,
            s.first.value,
            s.first.ci_low,
            s.first.ci_high,
            s.total.value,
            s.total.ci_low,
            s.total.ci_high
        )
        .expect("writing to a String");
    }
    if a.sobol.indices.iter().any(|i| i.first.value < 0.0 || i.total.value < 0.0) {
        writeln!(out, "  an index below 0 is estimation noise around 0 (a true Sobol index is never negative)")
            .expect("writing to a String");
    }
    out
}

/// The `format` sensitivity.json declares.
pub const FORMAT: &str = "pathways-sensitivity/1";

/// `sensitivity.json` as types; field order is the file's key order.
#[derive(Debug, Serialize)]
pub struct SensitivityDoc<'a> {
    pub format: &'a str,
    pub manifest: &'a RunMeta,
    pub outcome: &'a str,
    pub outcome_label: &'a str,
    pub method: MethodDoc,
    pub base_samples: usize,
    pub variance: f64,
    /// Null when the variance split was not computed.
    pub variance_split: Option<SplitDoc>,
    pub tornado: &'a [TornadoRow],
    pub sobol: Vec<SobolDoc<'a>>,
}

/// How each number was estimated, for a reader of the file.
#[derive(Debug, Serialize)]
pub struct MethodDoc {
    pub design: &'static str,
    pub first_order: &'static str,
    pub total_order: &'static str,
    pub confidence_intervals: String,
    pub tornado: &'static str,
}

#[derive(Debug, Serialize)]
pub struct SplitDoc {
    pub method: String,
    pub parameters: f64,
    pub randomness: f64,
    pub total_variance: f64,
}

/// One parameter's first- and total-order indices, each with its 95% interval.
#[derive(Debug, Serialize)]
pub struct SobolDoc<'a> {
    pub parameter: &'a str,
    pub first_order: Estimate,
    pub total_order: Estimate,
}
