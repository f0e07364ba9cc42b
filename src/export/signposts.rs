//! `signposts.csv`, `signposts.json` and the printed table of `pathways signposts`.

use crate::analysis::signposts::Signposts;
use crate::engine::result::{Proportion, RunMeta};
use crate::error::{Error, Result};
use crate::export::csv_table::{csv_bytes, num};
use crate::model::params::Model;
use crate::numbers::percent;
use serde::Serialize;

/// The `format` signposts.json declares.
pub const FORMAT: &str = "pathways-signposts/1";

/// How the signposts are found, as signposts.json states it.
const METHOD: &str = "single-threshold splits of each indicator (state variable at a month, event or provocation by a month) at its 5th..95th percentiles, ranked by information gain about the final pathway (or, with --outcome, the outcome's classes); 95% Wilson intervals";

/// The `signposts.json` document. Field order is the file's key order.
#[derive(Debug, Serialize)]
pub struct SignpostsDoc<'a> {
    pub format: &'static str,
    pub manifest: &'a RunMeta,
    pub method: &'static str,
    /// The `[[outcomes]]` entry whose classes are separated; `null` for the final pathways.
    pub outcome: Option<&'a str>,
    pub pathway_entropy_bits: f64,
    /// Best first.
    pub signposts: Vec<SignpostDoc<'a>>,
}

/// One signpost: an indicator, its threshold and what seeing it says about each class.
#[derive(Debug, Serialize)]
pub struct SignpostDoc<'a> {
    /// 1 for the best.
    pub rank: usize,
    pub indicator: String,
    pub description: String,
    pub month: u32,
    pub threshold: f64,
    /// `above` or `at_or_below` the threshold.
    pub seen_when: &'static str,
    pub information_gain_bits: f64,
    /// The share of runs in which it is seen.
    pub seen: Proportion,
    /// One per class, in the order of the classes.
    pub pathways: Vec<ClassDoc<'a>>,
}

/// A class's probability if the signpost is seen and if not. The class is named under
/// `pathway`, or with `--outcome` under `outcome_class`.
#[derive(Debug, Serialize)]
pub struct ClassDoc<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pathway: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome_class: Option<&'a str>,
    pub given_seen: Proportion,
    pub given_not_seen: Proportion,
}

/// The two files of an analysis of `model`'s signposts: of the final pathways, or with `outcome`
/// of that outcome's classes.
pub fn files(
    model: &Model,
    found: &Signposts,
    outcome: Option<&str>,
    meta: &RunMeta,
) -> Result<Vec<(String, Vec<u8>)>> {
    let names: Vec<&str> = found.classes.iter().map(String::as_str).collect();
    let class_column = if outcome.is_some() { "outcome_class" } else { "pathway" };

    let mut rows = Vec::new();
    for (rank, (ind, sp)) in found.found.iter().enumerate() {
        for (p, name) in names.iter().enumerate() {
            let (y, n) = (&sp.given_seen[p], &sp.given_not_seen[p]);
            rows.push(vec![
                (rank + 1).to_string(),
                ind.key(model),
                ind.describe(model, sp.threshold, sp.above),
                ind.month().to_string(),
                num(sp.threshold),
                if sp.above { "above" } else { "at_or_below" }.to_string(),
                num(sp.gain),
                num(sp.seen.p),
                name.to_string(),
                num(y.p),
                num(y.ci_low),
                num(y.ci_high),
                num(n.p),
                num(n.ci_low),
                num(n.ci_high),
            ]);
        }
    }
    let csv = csv_bytes(
        &[
            "rank",
            "indicator",
            "description",
            "month",
            "threshold",
            "seen_when",
            "information_gain_bits",
            "p_seen",
            class_column,
            "p_given_seen",
            "p_given_seen_ci95_low",
            "p_given_seen_ci95_high",
            "p_given_not_seen",
            "p_given_not_seen_ci95_low",
            "p_given_not_seen_ci95_high",
        ],
        rows,
    )?;
    let doc = SignpostsDoc {
        format: FORMAT,
        manifest: meta,
        method: METHOD,
        outcome,
        pathway_entropy_bits: found.entropy,
        signposts: found
            .found
            .iter()
            .enumerate()
            .map(|(i, (ind, sp))| SignpostDoc {
                rank: i + 1,
                indicator: ind.key(model),
                description: ind.describe(model, sp.threshold, sp.above),
                month: ind.month(),
                threshold: sp.threshold,
                seen_when: if sp.above { "above" } else { "at_or_below" },
                information_gain_bits: sp.gain,
                seen: sp.seen,
                pathways: names
                    .iter()
                    .enumerate()
                    .map(|(p, n)| ClassDoc {
                        pathway: outcome.is_none().then_some(*n),
                        outcome_class: outcome.is_some().then_some(*n),
                        given_seen: sp.given_seen[p],
                        given_not_seen: sp.given_not_seen[p],
                    })
                    .collect(),
            })
            .collect(),
    };
    let mut json_bytes = serde_json::to_vec_pretty(&doc).map_err(|e| Error::encode("JSON", e))?;
    json_bytes.push(b'\n');
    Ok(vec![("signposts.csv".into(), csv), ("signposts.json".into(), json_bytes)])
}

/// The printed table: one block per signpost, one line per pathway.
pub fn table(model: &Model, s: &Signposts) -> String {
    let mut out = String::new();
    for (rank, (ind, sp)) in s.found.iter().enumerate() {
        out.push_str(&format!(
            "{:>2}. {}  (seen in {} of runs; information gain {:.3} of {:.3} bits)\n",
            rank + 1,
            ind.describe(model, sp.threshold, sp.above),
            percent(sp.seen.p),
            sp.gain,
            s.entropy
        ));
        for (p, class) in s.classes.iter().enumerate() {
            let (y, n) = (&sp.given_seen[p], &sp.given_not_seen[p]);
            out.push_str(&format!(
                "      {:<24} if seen {:>6} [{}–{}]   if not {:>6} [{}–{}]\n",
                class,
                percent(y.p),
                percent(y.ci_low),
                percent(y.ci_high),
                percent(n.p),
                percent(n.ci_low),
                percent(n.ci_high)
            ));
        }
    }
    if s.found.is_empty() {
        out.push_str("  no indicator separates the pathways (every run ends in the same pathway?)\n");
    }
    out
}
