//! The briefing's table of `[[outcomes]]`: for every scenario that declares some, each outcome's
//! headline (a probability with its 95% interval, or a median with the 90% range of runs).

use crate::engine::result::ScenarioResult;
use crate::export::brief::content::Table;
use crate::numbers::percent;

/// The table, or `None` when no scenario declares outcomes.
pub fn table(results: &[ScenarioResult]) -> Option<Table> {
    let mut rows = Vec::new();
    for r in results {
        for o in &r.outcomes {
            let value = match (o.statistic.as_str(), o.probability, o.distribution) {
                ("first", Some(p), d) => {
                    let when = d.map_or(String::new(), |d| format!("; median month {}", d.p50));
                    format!("{} [{}–{}] happen{when}", percent(p.p), percent(p.ci95_low), percent(p.ci95_high))
                }
                (_, Some(p), _) => format!("{} [{}–{}]", percent(p.p), percent(p.ci95_low), percent(p.ci95_high)),
                (_, None, Some(d)) => format!("median {:.4} [{:.4}–{:.4}]", d.p50, d.p5, d.p95),
                _ => "—".to_string(),
            };
            let what = if o.description.is_empty() { o.label.clone() } else { o.description.clone() };
            rows.push(vec![r.meta.scenario.clone(), o.name.clone(), what, value]);
        }
    }
    (!rows.is_empty()).then(|| Table {
        title: "Outcomes".into(),
        note: "Each scenario's [[outcomes]]: probabilities with their 95% interval; values as the median with the 90% range of runs.".into(),
        header: ["Scenario", "Outcome", "What", "Value"].map(String::from).to_vec(),
        rows,
    })
}
