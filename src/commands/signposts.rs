//! `pathways signposts`: the indicators to watch. Runs the scenario (same runs as `pathways
//! run` with the same seed), records each run's indicators at checkpoint months, and ranks the
//! single-threshold splits by how much they tell about the final pathway.

use super::{AnalysisOptions, csv_bytes, load_one, num, write_files};
use crate::analysis::indicators::{Indicator, checkpoint_months, indicators, observe};
use crate::analysis::signposts::{Signpost, entropy, rank};
use crate::error::{Error, Result};
use crate::model::params::Model;
use crate::numbers::{percent, thousands};
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct SignpostOptions {
    pub scenario: PathBuf,
    pub runs: Option<u64>,
    pub seed: Option<u64>,
    /// How many indicators to report.
    pub top: usize,
    /// Only indicators observable by this month.
    pub by_month: Option<u32>,
    /// Separate the classes of this `[[outcomes]]` entry instead of the final pathways.
    pub outcome: Option<String>,
    pub common: AnalysisOptions,
}

/// The ranked signposts of a model, with their indicators.
#[derive(Debug, Clone)]
pub struct Signposts {
    pub runs: u64,
    /// Entropy of the classes (the final pathway, or the outcome's classes), in bits.
    pub entropy: f64,
    pub found: Vec<(Indicator, Signpost)>,
    /// What the signposts separate: the pathways, or an outcome's classes, in label order.
    pub classes: Vec<String>,
}

/// The classes of an outcome for signposts: a condition holds or not; a `first` outcome
/// happens within its window or not; a value lies above its median or not (the median over the
/// runs, named in the class).
pub fn outcome_classes(model: &Model, j: usize, values: &[f64]) -> (Vec<String>, Vec<u8>) {
    use crate::model::outcome::Kind;
    let o = &model.outcomes[j];
    match o.kind() {
        Kind::Condition => {
            (vec!["holds".into(), "does not hold".into()], values.iter().map(|&v| u8::from(v != 1.0)).collect())
        }
        Kind::FirstMonth => (
            vec![format!("happens by {}", model.start.plus(o.last)), "does not happen".into()],
            values.iter().map(|v| u8::from(v.is_nan())).collect(),
        ),
        Kind::Value => {
            let sorted = crate::stats::sample::sorted_finite(values.iter().copied());
            let median = crate::stats::sample::quantile_sorted(&sorted, 0.5);
            (
                vec![format!("above {median:.4}"), format!("at or below {median:.4}")],
                values.iter().map(|&v| u8::from(v.is_nan() || v <= median)).collect(),
            )
        }
    }
}

/// Runs `model` and ranks its signposts.
pub fn find(
    model: &Model,
    seed: u64,
    runs: u64,
    threads: usize,
    top: usize,
    by_month: Option<u32>,
    outcome: Option<usize>,
) -> Result<Signposts> {
    let mut months = checkpoint_months(model.horizon);
    months.retain(|&m| by_month.is_none_or(|b| m <= b));
    // An outcome is settled by the end of its window: watch only what is seen before then.
    let settled = outcome.map(|j| model.outcomes[j].last);
    months.retain(|&m| settled.is_none_or(|last| m < last));
    if months.is_empty() {
        return Err(Error::Usage(format!(
            "no checkpoint month before the horizon{}{}: signposts are read at months 1, 3, 6, 9, 12, 18, 24, 36, …",
            by_month.map_or(String::new(), |b| format!(" and by month {b}")),
            settled.map_or(String::new(), |m| format!(" and before the outcome's last month ({m})"))
        )));
    }
    let inds = indicators(model, &months);
    let (columns, mut labels, values) = observe(model, seed, runs, threads, &inds, &months, outcome)?;
    let classes = match outcome {
        Some(j) => {
            let (classes, l) = outcome_classes(model, j, &values);
            labels = l;
            classes
        }
        None => model.pathways.iter().map(|p| p.name.clone()).collect(),
    };
    let n_classes = classes.len().max(1);
    let mut counts = vec![0u64; n_classes];
    for &l in &labels {
        counts[l as usize] += 1;
    }
    let pool = super::pool(threads)?;
    let mut ranked = pool.install(|| rank(&columns, &labels, n_classes, usize::MAX));
    // One signpost per watched subject: its most informative month, the earliest among equals
    // (an event seen by month 6 says no less than the same event seen by month 12).
    ranked.sort_by(|a, b| {
        b.gain
            .total_cmp(&a.gain)
            .then(inds[a.column].month().cmp(&inds[b.column].month()))
            .then(a.column.cmp(&b.column))
    });
    let mut seen = Vec::new();
    ranked.retain(|s| {
        let subject = inds[s.column].subject();
        let fresh = !seen.contains(&subject);
        seen.push(subject);
        fresh
    });
    ranked.truncate(top);
    Ok(Signposts {
        runs,
        entropy: entropy(&counts),
        found: ranked.into_iter().map(|s| (inds[s.column], s)).collect(),
        classes,
    })
}

pub fn run(opts: &SignpostOptions) -> Result<Signposts> {
    let s = load_one(&opts.scenario, &opts.common.sets)?;
    let model = Model::compile(&s);
    let seed = opts.seed.unwrap_or(s.file.simulation.seed);
    let runs = opts.runs.unwrap_or(s.file.simulation.runs);
    let started = std::time::Instant::now();
    let outcome = match &opts.outcome {
        None => None,
        Some(name) => Some(model.outcomes.iter().position(|o| &o.name == name).ok_or_else(|| {
            let names: Vec<&str> = model.outcomes.iter().map(|o| o.name.as_str()).collect();
            Error::Usage(format!(
                "--outcome: no outcome `{name}` in the scenario (its [[outcomes]]: {})",
                if names.is_empty() { "none".to_string() } else { names.join(", ") }
            ))
        })?),
    };
    let found = find(&model, seed, runs, opts.common.threads, opts.top, opts.by_month, outcome)?;
    let meta = crate::engine::study::run_meta(&s, seed, runs, opts.common.command_line.clone());
    let names: Vec<&str> = found.classes.iter().map(String::as_str).collect();
    let class_column = if outcome.is_some() { "outcome_class" } else { "pathway" };

    let mut rows = Vec::new();
    for (rank, (ind, sp)) in found.found.iter().enumerate() {
        for (p, name) in names.iter().enumerate() {
            let (y, n) = (&sp.given_seen[p], &sp.given_not_seen[p]);
            rows.push(vec![
                (rank + 1).to_string(),
                ind.key(&model),
                ind.describe(&model, sp.threshold, sp.above),
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
        "outcome": opts.outcome,
        "pathway_entropy_bits": found.entropy,
        "signposts": found.found.iter().enumerate().map(|(i, (ind, sp))| serde_json::json!({
            "rank": i + 1,
            "indicator": ind.key(&model),
            "description": ind.describe(&model, sp.threshold, sp.above),
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
    let dir = opts.common.out.join(&meta.folder).join("signposts");
    write_files(&dir, vec![("signposts.csv".into(), csv), ("signposts.json".into(), json_bytes)])?;
    if opts.common.quiet {
        return Ok(found);
    }

    println!(
        "{}: indicators to watch, from {} runs in {:.1} s → {}",
        meta.scenario,
        thousands(runs),
        started.elapsed().as_secs_f64(),
        dir.display()
    );
    if let Some(j) = outcome {
        println!("  separating: {}", model.outcomes[j].describe(model.start));
    }
    println!("{}", table(&model, &found));
    Ok(found)
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
