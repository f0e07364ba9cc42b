//! briefing.html: one self-contained page (inline CSS and SVG, no scripts, nothing fetched) that
//! reads on screen and prints to A4 or Letter with a page break between sections.

use crate::chart::display_name;
use crate::export::brief::content::{Briefing, Figure, Table, readable};
use crate::export::brief::vocabulary::legend;
use crate::numbers::thousands;
use std::fmt::Write;

const CSS: &str = r#"
body { font-family: "DejaVu Sans", Verdana, "Segoe UI", Arial, sans-serif; color: #1f1f1f; max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; line-height: 1.45; }
h1 { font-size: 1.9rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.4rem; border-bottom: 2px solid #0072b2; padding-bottom: 0.2rem; margin-top: 2.2rem; }
h3 { font-size: 1.1rem; margin-top: 1.4rem; }
.sub { color: #555; margin-top: 0; }
table { border-collapse: collapse; margin: 0.6rem 0 1rem; font-size: 0.9rem; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f3f6f9; }
td.num, th.num { text-align: right; white-space: nowrap; }
figure { margin: 1rem 0; break-inside: avoid; page-break-inside: avoid; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { color: #555; font-size: 0.85rem; }
.judgement { margin: 0.3rem 0; }
.story { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.85rem; background: #f7f7f7; padding: 0.6rem 0.8rem; white-space: pre-wrap; }
code { font-size: 0.85rem; }
table.assumptions { table-layout: fixed; font-size: 0.8rem; }
table.assumptions col.key { width: 25%; }
table.assumptions col.value { width: 17%; }
table.assumptions col.source { width: 41%; }
table.assumptions td { overflow-wrap: break-word; }
table.assumptions code { font-size: 0.75rem; }
table.assumptions tr.group th { background: none; border-bottom: 1px solid #999; padding-top: 0.6rem; }
footer { color: #777; font-size: 0.8rem; margin-top: 2rem; }
@media print {
  body { margin: 0; max-width: none; }
  section { break-before: page; page-break-before: always; }
  section.first { break-before: auto; page-break-before: auto; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  figure svg { max-height: 15cm; }
  table.assumptions { font-size: 0.7rem; }
  table.assumptions tr { break-inside: avoid; page-break-inside: avoid; }
}
@page { size: auto; margin: 1.5cm; }
"#;

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// An SVG as written by the chart module, without an XML declaration, ready to inline.
fn inline_svg(svg: &str) -> &str {
    match svg.find("<svg") {
        Some(i) => &svg[i..],
        None => "",
    }
}

fn figure(out: &mut String, f: &Figure) {
    if f.svg.is_empty() {
        return;
    }
    let _ = writeln!(out, "<figure>{}<figcaption>{}</figcaption></figure>", inline_svg(&f.svg), esc(&f.caption));
}

fn table(out: &mut String, t: &Table) {
    let _ = writeln!(out, "<h3>{}</h3>", esc(&t.title));
    if !t.note.is_empty() {
        let _ = writeln!(out, "<p class=\"sub\">{}</p>", esc(&t.note));
    }
    out.push_str("<table><thead><tr>");
    for h in &t.header {
        let _ = write!(out, "<th>{}</th>", esc(h));
    }
    out.push_str("</tr></thead><tbody>\n");
    for row in &t.rows {
        out.push_str("<tr>");
        for c in row {
            let _ = write!(out, "<td>{}</td>", esc(c));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
}

pub fn render(b: &Briefing) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>",
        esc(&b.title)
    );
    let _ = writeln!(
        o,
        "<header><h1>{}</h1><p class=\"sub\">pathways {} · {} scenarios · probabilities with 95% intervals of simulation noise</p></header>",
        esc(&b.title),
        esc(&b.tool_version),
        b.scenarios.len()
    );

    // Key judgements.
    let _ = writeln!(o, "<section class=\"first\" id=\"key-judgements\"><h2>Key judgements</h2>");
    let _ = writeln!(o, "<p class=\"sub\">{}</p>", esc(crate::export::brief::content::NOISE_NOTE));
    for s in &b.scenarios {
        let _ = writeln!(o, "<h3>{}</h3>", esc(&display_name(&s.name)));
        if !s.description.is_empty() {
            let _ = writeln!(o, "<p class=\"sub\">{}</p>", esc(&s.description));
        }
        if let Some(k) = s.key_judgement() {
            let _ = writeln!(o, "<p class=\"judgement\"><strong>{}</strong></p>", esc(&k));
        }
        o.push_str("<table><thead><tr><th>Pathway</th><th class=\"num\">Probability</th><th class=\"num\">95% CI</th><th>In words</th></tr></thead><tbody>\n");
        for j in &s.judgements {
            let _ = writeln!(
                o,
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                esc(&display_name(&j.pathway)),
                esc(&j.shown),
                esc(&crate::chart::ci_text(j.ci_low, j.ci_high)),
                j.term
            );
        }
        o.push_str("</tbody></table>\n");
    }
    o.push_str("<p class=\"sub\">Probability words follow ICD 203: ");
    let words: Vec<String> = legend().iter().map(|(r, t)| format!("{t} {r}")).collect();
    o.push_str(&esc(&words.join("; ")));
    o.push_str(".</p>\n</section>\n");

    // Charts.
    let _ = writeln!(o, "<section id=\"charts\"><h2>The scenarios compared</h2>");
    for f in &b.overview {
        figure(&mut o, f);
    }
    o.push_str("</section>\n");
    for s in &b.scenarios {
        let _ = writeln!(o, "<section id=\"scenario-{}\"><h2>{}</h2>", esc(&s.name), esc(&display_name(&s.name)));
        for f in &s.figures {
            figure(&mut o, f);
        }
        o.push_str("</section>\n");
    }

    // Stories.
    if !b.stories.is_empty() {
        let _ = writeln!(o, "<section id=\"stories\"><h2>How each pathway comes about</h2>");
        o.push_str("<p class=\"sub\">For each pathway, one representative run (the run nearest the pathway's median outcome) in the scenario where the pathway is most likely; replay any of them with <code>pathways trace</code>.</p>\n");
        for st in &b.stories {
            let _ = writeln!(
                o,
                "<h3>{}</h3><p class=\"sub\">{} · run {} · seed {}</p><div class=\"story\">{}</div>",
                esc(&display_name(&st.pathway)),
                esc(&readable(&st.scenario)),
                st.run,
                st.seed,
                esc(&st.lines.join("\n"))
            );
        }
        o.push_str("</section>\n");
    }

    // Drivers and signposts.
    if !b.drivers.is_empty() {
        let _ = writeln!(o, "<section id=\"drivers\"><h2>What drives the outcome and what to watch</h2>");
        for t in &b.drivers {
            table(&mut o, t);
        }
        o.push_str("</section>\n");
    }

    // Assumptions.
    let _ = writeln!(o, "<section id=\"assumptions\"><h2>Assumptions</h2>");
    let _ = writeln!(
        o,
        "<p class=\"sub\">For each scenario, the parameters whose values differ from {}'s as the model uses them (a preset's values included), grouped by part of the scenario, with the source written beside them in the scenario file.</p>",
        esc(&b.scenarios.first().map_or(String::new(), |s| readable(&s.name)))
    );
    for s in &b.scenarios {
        if s.assumptions.is_empty() {
            continue;
        }
        let _ = writeln!(o, "<h3>{}</h3>", esc(&display_name(&s.name)));
        o.push_str(
            "<table class=\"assumptions\"><colgroup><col class=\"key\" /><col class=\"value\" /><col class=\"value\" /><col class=\"source\" /></colgroup><thead><tr><th>Parameter</th><th>Value</th><th>Baseline</th><th>Source</th></tr></thead><tbody>\n",
        );
        let mut section = "";
        for a in &s.assumptions {
            if a.section != section {
                section = a.section;
                let _ = writeln!(o, "<tr class=\"group\"><th colspan=\"4\">{}</th></tr>", esc(section));
            }
            let _ = writeln!(
                o,
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                // Long keys break after their dots, not inside a word.
                esc(&a.key).replace('.', ".<wbr />"),
                esc(&a.value).replace('_', "_<wbr />"),
                esc(&a.baseline).replace('_', "_<wbr />"),
                esc(&a.source)
            );
        }
        o.push_str("</tbody></table>\n");
    }
    o.push_str("</section>\n");

    // Method.
    let _ = writeln!(o, "<section id=\"method\"><h2>Method and reproducibility</h2>");
    o.push_str("<p>Each scenario is simulated month by month as many times as stated below. Each month the United States and China each choose a move (escalate or cut tariffs, tighten or loosen export controls, engage, concede or hold) from a stochastic reaction policy — retaliation, reciprocity, unprovoked aggression, unpredictability, engagement and concessions, damped by domestic economic pain. Moves drive trade through import-demand elasticities, US prices through tariff pass-through, and GDP through lost trade and uncertainty; stochastic events (incidents, summits, crises, elections) shock the state. At the horizon each run is labelled with the first pathway whose conditions its state meets. Uncertain parameters are drawn once per run. Confidence intervals are 95% Wilson intervals of the Monte Carlo estimate; they measure simulation noise, not model uncertainty. The model and its sources are documented in docs/MODEL.md and docs/SOURCES.md of the pathways repository.</p>\n");
    o.push_str("<table><thead><tr><th>Scenario</th><th>File</th><th>SHA-256 (first 16)</th><th>Runs</th><th>Seed</th></tr></thead><tbody>\n");
    for s in &b.scenarios {
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td><code>{}</code></td><td><code>{}</code></td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(&s.name),
            esc(&s.file),
            esc(&s.sha256[..16.min(s.sha256.len())]),
            thousands(s.runs),
            s.seed
        );
    }
    o.push_str("</tbody></table>\n");
    let _ = writeln!(
        o,
        "<p>Reproduce this pack with <code>{}</code> (pathways {}).</p>",
        esc(&b.command),
        esc(&b.tool_version)
    );
    o.push_str("</section>\n");
    let _ = writeln!(
        o,
        "<footer>Generated by pathways {}. Same scenario files and seeds give the same numbers.</footer>\n</body>\n</html>",
        esc(&b.tool_version)
    );
    o
}
