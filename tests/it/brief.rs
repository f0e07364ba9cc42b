//! `pathways brief`: a well-formed, self-contained briefing whose numbers match the results.

use crate::{fixture, pathways};

/// One briefing shared by the tests in this file (made once: rendering charts takes a while).
fn brief() -> &'static tempfile::TempDir {
    static OUT: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    OUT.get_or_init(|| {
        let out = tempfile::tempdir().unwrap();
        pathways()
            .args(["brief", "--runs", "400", "--quiet", "--out"])
            .arg(out.path())
            .arg(fixture("small.toml"))
            .arg(fixture("child.toml"))
            .assert()
            .success();
        out
    })
}

#[test]
fn briefing_is_well_formed_self_contained_and_complete() {
    let out = brief();
    let html = std::fs::read_to_string(out.path().join("briefing.html")).unwrap();
    // Well formed: the page (XHTML-style, inline SVG included) parses as XML to the end.
    let mut reader = quick_xml::Reader::from_str(html.trim_start_matches("<!DOCTYPE html>"));
    let mut depth = 0i64;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("briefing.html is not well formed at {}: {e}", reader.buffer_position()),
        }
    }
    assert_eq!(depth, 0, "every element is closed");
    // Self-contained: no scripts, nothing loaded from elsewhere.
    assert!(!html.contains("<script"));
    for attr in ["src=\"http", "href=\"http", "url(http", "@import"] {
        assert!(!html.contains(attr), "external reference `{attr}`");
    }
    assert!(html.matches("<svg").count() >= 5, "charts are inlined as SVG");
    for needle in
        ["Small", "Child", "Trade war", "Other", "Key judgements", "Assumptions", "Method and reproducibility"]
    {
        assert!(html.contains(needle), "briefing.html lacks {needle}");
    }
    let md = std::fs::read_to_string(out.path().join("briefing.md")).unwrap();
    assert!(md.contains("![") && md.contains(".png)"), "Markdown links the PNG charts");
    for needle in ["## Key judgements", "Trade war", "## Assumptions"] {
        assert!(md.contains(needle), "briefing.md lacks {needle}");
    }
}

#[test]
fn key_judgement_numbers_match_summary_json() {
    let out = brief();
    let html = std::fs::read_to_string(out.path().join("briefing.html")).unwrap();
    for scenario in ["small", "child"] {
        let text = std::fs::read_to_string(out.path().join(scenario).join("summary.json")).unwrap();
        let summary: serde_json::Value = serde_json::from_str(&text).unwrap();
        let pathways_json = summary["pathways"].as_array().unwrap();
        // The briefing's percentages add to 100 (largest remainder).
        let shares: Vec<f64> = pathways_json.iter().map(|p| p["probability"].as_f64().unwrap()).collect();
        let pcts = pathways::numbers::percents_adding_to_100(&shares);
        for (p, pct) in pathways_json.iter().zip(pcts) {
            let ci = pathways::chart::ci_text(p["ci95_low"].as_f64().unwrap(), p["ci95_high"].as_f64().unwrap());
            let name = pathways::chart::display_name(p["name"].as_str().unwrap());
            let row = format!(
                "<td>{name}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>",
                pct.replace('<', "&lt;").replace('>', "&gt;"),
                ci
            );
            assert!(html.contains(&row), "{scenario}: no row {row}");
        }
    }
}

#[test]
fn assumptions_table_shows_what_differs_from_the_parent_with_its_source() {
    let out = brief();
    // Line-break hints in keys and values aside.
    let html = std::fs::read_to_string(out.path().join("briefing.html")).unwrap().replace("<wbr />", "");
    // child.toml overrides China's retaliation and the summit's probability.
    assert!(html.contains("<code>agents.china.retaliation</code></td><td>0.2</td>"), "retaliation row");
    assert!(html.contains("<code>events.summit.probability</code></td><td>0.5</td><td>0.05</td>"), "summit row");
}
