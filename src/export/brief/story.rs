//! One concrete story per pathway: a representative run's trace condensed to a few lines.

use crate::engine::result::ScenarioResult;
use crate::engine::trace::{Trace, TracedMove, trace};
use crate::error::Result;
use crate::export::brief::content::{Story, readable};
use crate::export::trace::note_text;
use crate::model::action::Action;
use crate::model::agent::Cause;
use crate::model::calendar::YearMonth;
use crate::model::sim::Note;
use crate::scenario::load::LoadedScenario;

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

/// One month of a story: when, what happened in words, and how busy it was.
struct Line {
    month: u32,
    text: String,
    weight: usize,
}

/// "Mar 2025: US raises tariffs 10 points to 45% (unprovoked); China answers +8 points
/// (retaliation)". Every move and event of the run is told: the busiest months in full, the
/// months between them summarised ("Jun 2026 – Mar 2027, in brief: 3 US tariff rises (to 101%),
/// US recession"), so that the levels a story quotes add up. `events` maps event names to the
/// words used for them.
pub fn condense(t: &Trace, start: YearMonth, events: &[(String, String)]) -> Vec<String> {
    let event_words = |e: &String| events.iter().find(|(n, _)| n == e).map_or_else(|| readable(e), |(_, d)| d.clone());
    let mut lines: Vec<Line> = Vec::new();
    for m in t.months.iter().skip(1) {
        let mut parts: Vec<String> = m.events.iter().map(event_words).collect();
        for mv in &m.moves {
            if let Some(text) = describe(mv, &m.state) {
                parts.push(text);
            }
        }
        for n in &m.notes {
            if let Some(text) = note_words(n, start) {
                parts.push(text);
            }
        }
        if !parts.is_empty() {
            let text = format!("{}: {}", start.plus(m.month).label(), parts.join("; "));
            lines.push(Line { month: m.month, text, weight: parts.len() });
        }
    }
    let mut text: Vec<String> = if lines.len() <= MAX_LINES {
        lines.into_iter().map(|l| l.text).collect()
    } else {
        // Keep the busiest months (ties: the earliest) and summarise each stretch between them.
        let mut order: Vec<usize> = (0..lines.len()).collect();
        order.sort_by(|&a, &b| lines[b].weight.cmp(&lines[a].weight).then(a.cmp(&b)));
        let mut keep: Vec<bool> = vec![false; lines.len()];
        for &i in order.iter().take(MAX_LINES - MAX_LINES / 3) {
            keep[i] = true;
        }
        let mut out = Vec::new();
        let mut i = 0;
        while i < lines.len() {
            if keep[i] {
                out.push(lines[i].text.clone());
                i += 1;
                continue;
            }
            let first = i;
            while i < lines.len() && !keep[i] {
                i += 1;
            }
            out.push(summary(t, start, lines[first].month, lines[i - 1].month, &event_words));
        }
        out
    };
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

/// The moves and events of months `from..=to`, counted by kind, with the tariff level each side
/// reached: "Jun 2026 – Mar 2027, in brief: 3 US tariff rises (to 101%), 2 Chinese tariff cuts
/// (to 19%), US recession".
fn summary(t: &Trace, start: YearMonth, from: u32, to: u32, event_words: &dyn Fn(&String) -> String) -> String {
    let months: Vec<&crate::engine::trace::TracedMonth> =
        t.months.iter().filter(|m| (from..=to).contains(&m.month)).collect();
    let mut parts: Vec<String> = Vec::new();
    for actor in [crate::model::action::Actor::Us, crate::model::action::Actor::China] {
        let who = if actor == crate::model::action::Actor::Us { "US" } else { "Chinese" };
        let key = if actor == crate::model::action::Actor::Us { "tariff_us" } else { "tariff_cn" };
        let moves: Vec<(&TracedMove, f64)> = months
            .iter()
            .flat_map(|m| {
                let level = m.state.get(key).and_then(|x| x.as_f64()).unwrap_or(f64::NAN);
                m.moves.iter().filter(move |mv| mv.actor == actor).map(move |mv| (mv, level))
            })
            .collect();
        let count = |pred: &dyn Fn(&TracedMove) -> bool| moves.iter().filter(|(mv, _)| pred(mv)).count();
        let rise = |mv: &TracedMove| mv.size > 0.0 && matches!(mv.action, Action::EscalateTariffs | Action::Deal);
        let cut = |mv: &TracedMove| {
            mv.size < 0.0 && matches!(mv.action, Action::DeescalateTariffs | Action::Concede | Action::Deal)
        };
        let (rises, cuts) = (count(&rise), count(&cut));
        if rises + cuts > 0 {
            // The level at the end of the stretch, whatever the order of the moves within it.
            let level = months.last().and_then(|m| m.state.get(key)).and_then(|x| x.as_f64()).unwrap_or(f64::NAN);
            let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
            let what = match (rises, cuts) {
                (r, 0) => plural(r, "rise", "rises"),
                (0, c) => plural(c, "cut", "cuts"),
                (r, c) => format!("{} and {}", plural(r, "rise", "rises"), plural(c, "cut", "cuts")),
            };
            parts.push(format!("{who} tariff {what} (to {level:.0}%)"));
        }
        // (singular, plural, action)
        let others: [(&str, &str, Action); 7] = [
            ("tightening of controls", "tightenings of controls", Action::TightenTech),
            ("loosening of controls", "loosenings of controls", Action::LoosenTech),
            ("threat", "threats", Action::Threaten),
            ("purchase diversion", "purchase diversions", Action::DivertPurchases),
            ("regulatory action", "regulatory actions", Action::Regulate),
            ("concession", "concessions", Action::Concede),
            ("overture", "overtures", Action::Engage),
        ];
        for (one, many, action) in others {
            let n = count(&|mv: &TracedMove| mv.action == action && !(action == Action::Concede && mv.size < 0.0));
            if n > 0 {
                parts.push(format!("{n} {who} {}", if n > 1 { many } else { one }));
            }
        }
    }
    for m in &months {
        parts.extend(m.events.iter().map(event_words));
        parts.extend(m.notes.iter().filter_map(|n| note_words(n, start)).filter(|w| w.starts_with("deal")));
    }
    let span = if from == to {
        start.plus(from).label()
    } else {
        format!("{} – {}", start.plus(from).label(), start.plus(to).label())
    };
    format!("{span}, in brief: {}", parts.join(", "))
}

/// Threat and deal notes a reader needs: postponements, withdrawals, deals.
fn note_words(n: &Note, start: YearMonth) -> Option<String> {
    match n {
        Note::ThreatAnnounced { .. } | Note::ThreatEnacted { .. } => None,
        other => Some(note_text(other, start)),
    }
}

/// "1 point", "12 points": the size of a change, rounded.
fn points(change: f64) -> String {
    let n = format!("{:.0}", change.abs());
    if n == "1" { "1 point".into() } else { format!("{n} points") }
}

fn describe(mv: &TracedMove, state: &serde_json::Map<String, serde_json::Value>) -> Option<String> {
    let who = mv.actor.display();
    let key = |k: &str| state.get(k).and_then(|x| x.as_f64()).unwrap_or(f64::NAN);
    let tariff = if who == "US" { key("tariff_us") } else { key("tariff_cn") };
    let what = match mv.action {
        Action::Hold => return None,
        Action::EscalateTariffs => format!("{who} raises tariffs {} to {:.0}%", points(mv.size), tariff),
        Action::DeescalateTariffs => format!("{who} cuts tariffs {} to {:.0}%", points(mv.size), tariff),
        Action::TightenTech => format!("{who} tightens export controls"),
        Action::LoosenTech => format!("{who} loosens export controls"),
        Action::Engage => format!("{who} opens dialogue"),
        Action::Concede if mv.size < 0.0 => {
            format!("{who} makes a concession and cuts tariffs {} to {:.0}%", points(mv.size), tariff)
        }
        Action::Concede => format!("{who} makes a concession"),
        Action::Threaten => format!("{who} threatens a {:.0}-point tariff rise", mv.size),
        Action::DivertPurchases => {
            format!("{who} diverts ${:.0} bn a year of purchases from US suppliers", mv.size.abs())
        }
        Action::Regulate => format!("{who} takes regulatory action against the other side's firms"),
        Action::Deal => format!("{who} agrees a deal that sets its tariff to {:.0}%", tariff),
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
        Cause::DealCollapse => "the deal collapses",
        Cause::Deal | Cause::Inertia => return Some(what),
    };
    Some(format!("{what} ({why})"))
}
