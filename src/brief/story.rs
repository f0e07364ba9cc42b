//! One concrete story per pathway: a representative run's trace condensed to a few lines.

use crate::brief::content::{Story, readable};
use crate::engine::result::ScenarioResult;
use crate::error::Result;
use crate::model::action::Action;
use crate::model::agent::Cause;
use crate::model::calendar::YearMonth;
use crate::scenario::load::LoadedScenario;
use crate::trace::{Trace, TracedMove, trace};

/// Lines a story keeps before its ending (the busiest months of the run, in order).
const MAX_LINES: usize = 7;

/// For each pathway, the representative run of the scenario where that pathway is most likely.
pub fn stories(results: &[ScenarioResult], loaded: &[LoadedScenario]) -> Result<Vec<Story>> {
    let Some(first) = results.first() else { return Ok(Vec::new()) };
    let mut out = Vec::new();
    for (p, pathway) in first.pathways.iter().enumerate() {
        let best = results
            .iter()
            .enumerate()
            .filter(|(_, r)| r.pathways.get(p).is_some_and(|q| q.name == pathway.name))
            .max_by(|a, b| a.1.pathways[p].probability.p.total_cmp(&b.1.pathways[p].probability.p));
        let Some((i, r)) = best else { continue };
        let Some(run) = r.pathways[p].representative_run else { continue };
        let t = trace(&loaded[i], run)?;
        let names: Vec<(String, String)> =
            loaded[i].file.events.iter().map(|e| (e.name.clone(), short(&e.description, &e.name))).collect();
        out.push(Story {
            pathway: pathway.name.clone(),
            scenario: r.meta.scenario.clone(),
            run,
            seed: t.seed,
            lines: condense(&t, r.meta.start, &names),
        });
    }
    Ok(out)
}

/// An event's name for a story: its description up to the first colon or comma, else its name.
fn short(description: &str, name: &str) -> String {
    let cut = description.split([':', ',', ';']).next().unwrap_or("").trim();
    if cut.is_empty() { readable(name) } else { cut.to_string() }
}

/// "Mar 2025: US raises tariffs 10 points to 45% (unprovoked); China answers +8 points (retaliation)".
/// `events` maps event names to the words used for them.
pub fn condense(t: &Trace, start: YearMonth, events: &[(String, String)]) -> Vec<String> {
    let mut lines: Vec<(usize, String)> = Vec::new();
    for m in t.months.iter().skip(1) {
        let mut parts: Vec<String> = m
            .events
            .iter()
            .map(|e| events.iter().find(|(n, _)| n == e).map_or_else(|| readable(e), |(_, d)| d.clone()))
            .collect();
        for mv in &m.moves {
            if let Some(text) = describe(mv, &m.state) {
                parts.push(text);
            }
        }
        if !parts.is_empty() {
            lines.push((parts.len(), format!("{}: {}", start.plus(m.month).label(), parts.join("; "))));
        }
    }
    // Keep the busiest months (ties: the earliest), shown in time order.
    if lines.len() > MAX_LINES {
        let mut order: Vec<usize> = (0..lines.len()).collect();
        order.sort_by(|&a, &b| lines[b].0.cmp(&lines[a].0).then(a.cmp(&b)));
        let mut keep: Vec<usize> = order.into_iter().take(MAX_LINES).collect();
        keep.sort_unstable();
        lines = keep.into_iter().map(|i| lines[i].clone()).collect();
    }
    let mut text: Vec<String> = lines.into_iter().map(|(_, l)| l).collect();
    if let Some(last) = t.months.last() {
        let v = |k: &str| last.state.get(k).and_then(|x| x.as_f64()).unwrap_or(f64::NAN);
        text.push(format!(
            "{}: ends in {} — US tariff {:.0}%, China's {:.0}%, US controls {:.2}, tension {:.2}, US imports from China ${:.0} bn",
            start.plus(last.month).label(),
            readable(&t.pathway),
            v("tariff_us"),
            v("tariff_cn"),
            v("tech_controls_us"),
            v("tension"),
            v("us_imports_from_cn"),
        ));
    }
    text
}

fn describe(mv: &TracedMove, state: &serde_json::Map<String, serde_json::Value>) -> Option<String> {
    let who = mv.actor.display();
    let key = |k: &str| state.get(k).and_then(|x| x.as_f64()).unwrap_or(f64::NAN);
    let tariff = if who == "US" { key("tariff_us") } else { key("tariff_cn") };
    let what = match mv.action {
        Action::Hold => return None,
        Action::EscalateTariffs => format!("{who} raises tariffs {:.0} points to {:.0}%", mv.size, tariff),
        Action::DeescalateTariffs => format!("{who} cuts tariffs {:.0} points to {:.0}%", mv.size.abs(), tariff),
        Action::TightenTech => format!("{who} tightens export controls"),
        Action::LoosenTech => format!("{who} loosens export controls"),
        Action::Engage => format!("{who} opens dialogue"),
        Action::Concede => format!("{who} makes a concession"),
        Action::Threaten => format!("{who} threatens a {:.0}-point tariff rise", mv.size),
        Action::DivertPurchases => format!("{who} diverts purchases from US suppliers"),
        Action::Regulate => format!("{who} takes regulatory action against the other side's firms"),
        Action::Deal => format!("{who} strikes a deal: tariff to {:.0}%", tariff),
    };
    let why = match mv.cause {
        Cause::Script => "scripted",
        Cause::Event => "after the event",
        Cause::Noise => "unpredictably",
        Cause::Retaliation => "in retaliation",
        Cause::Reciprocity => "in reciprocity",
        Cause::Aggression => "unprovoked",
        Cause::TechHawkishness => "tech hawkishness",
        Cause::Engagement => "outreach",
        Cause::Pressure => "under pressure",
        Cause::Punishment => "punishment",
        Cause::Threat => "a threat falling due",
        Cause::Deal | Cause::Inertia => return Some(what),
        Cause::DealCollapse => "the deal collapses",
    };
    Some(format!("{what} ({why})"))
}
