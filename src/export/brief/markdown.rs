//! briefing.md: the same content as the HTML, with PNG charts beside it, for documents and wikis.

use crate::chart::{ci_text, display_name};
use crate::export::brief::content::{Briefing, Figure, readable};
use crate::export::brief::vocabulary::legend;
use crate::numbers::thousands;
use std::fmt::Write;

/// Escapes the characters that break a Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn figure(o: &mut String, f: &Figure) {
    if !f.svg.is_empty() {
        let _ = writeln!(o, "![{}]({}.png)\n", f.caption, f.stem);
    }
}

pub fn render(b: &Briefing) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# {}\n", b.title);
    let _ = writeln!(
        o,
        "pathways {} · {} scenarios · probabilities with 95% intervals of simulation noise\n",
        b.tool_version,
        b.scenarios.len()
    );

    o.push_str("## Key judgements\n\n");
    let _ = writeln!(o, "{}\n", crate::export::brief::content::NOISE_NOTE);
    for s in &b.scenarios {
        let _ = writeln!(o, "### {}\n", display_name(&s.name));
        if !s.description.is_empty() {
            let _ = writeln!(o, "_{}_\n", s.description);
        }
        if let Some(k) = s.key_judgement() {
            let _ = writeln!(o, "**{k}**\n");
        }
        o.push_str("| Pathway | Probability | 95% CI | In words |\n|---|---:|---:|---|\n");
        for j in &s.judgements {
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} |",
                display_name(&j.pathway),
                j.shown,
                ci_text(j.ci_low, j.ci_high),
                j.term
            );
        }
        o.push('\n');
    }
    let words: Vec<String> = legend().iter().map(|(r, t)| format!("{t} {r}")).collect();
    let _ = writeln!(o, "Probability words follow ICD 203: {}.\n", words.join("; "));

    o.push_str("## The scenarios compared\n\n");
    for f in &b.overview {
        figure(&mut o, f);
    }
    for s in &b.scenarios {
        let _ = writeln!(o, "## {}\n", display_name(&s.name));
        for f in &s.figures {
            figure(&mut o, f);
        }
    }

    if !b.stories.is_empty() {
        o.push_str("## How each pathway comes about\n\nFor each pathway, one representative run (the run nearest the pathway's median outcome) in the scenario where the pathway is most likely; replay any of them with `pathways trace`.\n\n");
        for st in &b.stories {
            let _ = writeln!(
                o,
                "### {}\n\n_{} · run {} · seed {}_\n",
                display_name(&st.pathway),
                readable(&st.scenario),
                st.run,
                st.seed
            );
            for l in &st.lines {
                let _ = writeln!(o, "- {l}");
            }
            o.push('\n');
        }
    }

    if !b.drivers.is_empty() {
        o.push_str("## What drives the outcome and what to watch\n\n");
        for t in &b.drivers {
            let _ = writeln!(o, "### {}\n", t.title);
            if !t.note.is_empty() {
                let _ = writeln!(o, "{}\n", t.note);
            }
            let _ = writeln!(o, "| {} |", t.header.iter().map(|h| cell(h)).collect::<Vec<_>>().join(" | "));
            let _ = writeln!(o, "|{}", "---|".repeat(t.header.len()));
            for r in &t.rows {
                let _ = writeln!(o, "| {} |", r.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | "));
            }
            o.push('\n');
        }
    }

    let _ = writeln!(
        o,
        "## Assumptions\n\nFor each scenario, the parameters whose values differ from {}'s as the model uses them (a preset's values included), grouped by part of the scenario, with the source written beside them in the scenario file.\n",
        b.scenarios.first().map_or(String::new(), |s| readable(&s.name))
    );
    for s in &b.scenarios {
        if s.assumptions.is_empty() {
            continue;
        }
        let _ = writeln!(o, "### {}\n", display_name(&s.name));
        o.push_str("| Parameter | Value | Baseline | Source |\n|---|---|---|---|\n");
        let mut section = "";
        for a in &s.assumptions {
            if a.section != section {
                section = a.section;
                let _ = writeln!(o, "| **{section}** | | | |");
            }
            let _ = writeln!(o, "| `{}` | {} | {} | {} |", a.key, cell(&a.value), cell(&a.baseline), cell(&a.source));
        }
        o.push('\n');
    }

    o.push_str("## Method and reproducibility\n\n");
    o.push_str("Each scenario is simulated month by month as many times as stated below. Each month the United States and China each choose a move from a stochastic reaction policy — retaliation, reciprocity, unprovoked aggression, unpredictability, engagement and concessions, damped by domestic economic pain. Moves drive trade, prices and GDP; stochastic events shock the state; at the horizon each run is labelled with the first pathway whose conditions it meets. Confidence intervals are 95% Wilson intervals of the Monte Carlo estimate: they measure simulation noise, not model uncertainty. See docs/MODEL.md and docs/SOURCES.md.\n\n");
    o.push_str("| Scenario | File | SHA-256 (first 16) | Runs | Seed |\n|---|---|---|---:|---:|\n");
    for s in &b.scenarios {
        let _ = writeln!(
            o,
            "| {} | `{}` | `{}` | {} | {} |",
            s.name,
            s.file,
            &s.sha256[..16.min(s.sha256.len())],
            thousands(s.runs),
            s.seed
        );
    }
    let _ = writeln!(o, "\nReproduce this pack with `{}` (pathways {}).", b.command, b.tool_version);
    o
}
