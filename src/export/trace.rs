//! A traced run as text (the month-by-month story) and as JSON.

use crate::engine::trace::{Trace, TracedMove};
use crate::error::{Error, Result};
use crate::model::action::Action;
use crate::model::sim::Note;
use crate::model::vars::{VARS, Var};
use std::fmt::Write as _;

/// The state variables printed in each month of the story.
const STORY_VARS: [Var; 7] =
    [Var::TariffUs, Var::TariffCn, Var::TechControlsUs, Var::Tension, Var::UsImportsFromCn, Var::GdpUs, Var::GdpCn];

/// The trace as a story for a reader.
pub fn story(t: &Trace) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} · run {} · seed {}", t.scenario, t.run, t.seed);
    if !t.parameters.is_empty() {
        let ps: Vec<String> = t.parameters.iter().map(|(k, v)| format!("{k} = {v:.4}")).collect();
        let _ = writeln!(out, "sampled: {}", ps.join(", "));
    }
    for m in &t.months {
        let _ = writeln!(out, "\n{} (month {}) · {}", m.date, m.month, m.pathway);
        for e in &m.events {
            let _ = writeln!(out, "  event  {e}");
        }
        for mv in &m.moves {
            let _ = writeln!(out, "  {:<6} {}", mv.actor.display(), describe(mv));
        }
        for n in &m.notes {
            let _ = writeln!(out, "  note   {}", note_text(n, t.start));
        }
        let vals: Vec<String> = STORY_VARS
            .iter()
            .map(|v| {
                let x = m.state[v.info().key].as_f64().unwrap_or(f64::NAN);
                format!("{} {}", v.info().key, if v.is_index() { format!("{x:.2}") } else { format!("{x:.1}") })
            })
            .collect();
        let _ = writeln!(out, "  state  {}", vals.join("  "));
    }
    let _ = writeln!(out, "\nPathway reached: {}", t.pathway);
    out
}

/// A signed number with a true minus sign: "+5.0", "−2.5".
fn signed(x: f64, decimals: usize) -> String {
    let text = format!("{:.decimals$}", x.abs());
    if x < 0.0 { format!("−{text}") } else { format!("+{text}") }
}

fn describe(mv: &TracedMove) -> String {
    let what = mv.action.key();
    // The change the move made: a concession near the floor moves the tariff less than asked.
    let size = match mv.action {
        Action::EscalateTariffs | Action::DeescalateTariffs | Action::Concede | Action::Deal if mv.size != 0.0 => {
            format!(" {} pts", signed(mv.size, 1))
        }
        Action::TightenTech | Action::LoosenTech if mv.size != 0.0 => format!(" {}", signed(mv.size, 2)),
        Action::Threaten => format!(" +{:.1} pts", mv.size),
        Action::DivertPurchases => format!(" {} $ bn/yr of US exports", signed(mv.size, 1)),
        _ => String::new(),
    };
    let cause = serde_json::to_value(mv.cause).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    format!("{what}{size}  ({cause})")
}

/// A note for a reader: "US threat of +10.0 pts falls due (Apr 2025)".
pub fn note_text(n: &Note, start: crate::model::calendar::YearMonth) -> String {
    match *n {
        Note::ThreatAnnounced { actor, size, due } => {
            format!("{} announces +{size:.1} pts, due {}", actor.display(), start.plus(due).label())
        }
        Note::ThreatPostponed { actor, due } => {
            format!("{}'s threat postponed to {}", actor.display(), start.plus(due).label())
        }
        Note::ThreatWithdrawn { actor } => format!("{} withdraws its threat", actor.display()),
        Note::ThreatEnacted { actor, size } => format!("{}'s threat of +{size:.1} pts falls due", actor.display()),
        Note::DealStruck => "deal struck".into(),
        Note::DealBreached { actor } => format!("deal ends: {} escalates", actor.display()),
        Note::DealCollapsed => "deal collapses: the US restores its tariffs".into(),
    }
}

/// The trace as JSON.
pub fn json(t: &Trace) -> Result<String> {
    let mut doc = serde_json::to_value(t).map_err(|e| Error::encode("the trace", e))?;
    let final_state: serde_json::Map<String, serde_json::Value> =
        VARS.iter().zip(t.final_state).map(|(i, x)| (i.key.to_string(), serde_json::json!(x))).collect();
    doc["final_state"] = final_state.into();
    doc["parameters"] = t.parameters.iter().map(|(k, v)| (k.clone(), serde_json::json!(v))).collect();
    serde_json::to_string_pretty(&doc).map_err(|e| Error::encode("the trace", e))
}
