//! `signposts.csv`, `signposts.json` and the printed table of `pathways signposts`.

use crate::analysis::signposts::Signposts;
use crate::engine::result::RunMeta;
use crate::error::{Error, Result};
use crate::export::csv_table::{csv_bytes, num};
use crate::model::params::Model;
use crate::numbers::percent;

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
    let json = serde_json::json!({
        "format": "pathways-signposts/1",
        "manifest": meta,
        "method": "single-threshold splits of each indicator (state variable at a month, event or provocation by a month) at its 5th..95th percentiles, ranked by information gain about the final pathway (or, with --outcome, the outcome's classes); 95% Wilson intervals",
        "outcome": outcome,
        "pathway_entropy_bits": found.entropy,
        "signposts": found.found.iter().enumerate().map(|(i, (ind, sp))| serde_json::json!({
            "rank": i + 1,
            "indicator": ind.key(model),
            "description": ind.describe(model, sp.threshold, sp.above),
            "month": ind.month(),
            "threshold": sp.threshold,
            "seen_when": if sp.above { "above" } else { "at_or_below" },
            "information_gain_bits": sp.gain,
            "seen": sp.seen,
            "pathways": names.iter().enumerate().map(|(p, n)| serde_json::json!({
                class_column: n, "given_seen": sp.given_seen[p], "given_not_seen": sp.given_not_seen[p],
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    });
    let mut json_bytes = serde_json::to_vec_pretty(&json).map_err(|e| Error::encode("JSON", e))?;
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
