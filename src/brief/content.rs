//! What a briefing says, independent of how it is rendered (HTML or Markdown).

use crate::brief::assumptions::Assumption;

/// A chart in the briefing: its file stem under the output folder, and a caption.
#[derive(Debug, Clone)]
pub struct Figure {
    /// Path under the output folder without extension, e.g. `overlay_pathways` or
    /// `baseline/time_to_pathway`.
    pub stem: String,
    pub caption: String,
    /// The SVG text, for inlining in HTML (empty when the chart was not rendered).
    pub svg: String,
}

/// One pathway's probability in one scenario, in words and numbers.
#[derive(Debug, Clone)]
pub struct Judgement {
    pub pathway: String,
    pub p: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    /// ICD 203 term for `p`.
    pub term: &'static str,
}

#[derive(Debug, Clone)]
pub struct ScenarioBrief {
    pub name: String,
    pub description: String,
    pub file: String,
    pub sha256: String,
    pub runs: u64,
    pub seed: u64,
    /// "Jan 2029".
    pub horizon: String,
    /// Sorted by probability, most likely first.
    pub judgements: Vec<Judgement>,
    /// Differences from the baseline (empty for the baseline itself).
    pub assumptions: Vec<Assumption>,
    pub figures: Vec<Figure>,
}

/// One concrete run that shows how a pathway comes about.
#[derive(Debug, Clone)]
pub struct Story {
    pub pathway: String,
    pub scenario: String,
    pub run: u64,
    pub seed: u64,
    pub lines: Vec<String>,
}

/// A ranked driver or an indicator to watch, as a row of text cells.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub title: String,
    pub note: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone)]
pub struct Briefing {
    pub title: String,
    pub scenarios: Vec<ScenarioBrief>,
    /// Charts comparing scenarios.
    pub overview: Vec<Figure>,
    pub stories: Vec<Story>,
    /// Sensitivity rankings and signposts, where they were run.
    pub drivers: Vec<Table>,
    pub tool_version: String,
    /// The command that reproduces the pack.
    pub command: String,
}

impl ScenarioBrief {
    /// "Under renewed tariffs, a trade war by Jan 2029 is likely (62%, 95% CI 61–63%)."
    pub fn key_judgement(&self, j: &Judgement) -> String {
        let under = if self.name == "baseline" { "the baseline".to_string() } else { readable(&self.name) };
        // ICD 203's "chance" terms read as nouns: "has almost no chance", "has a roughly even chance".
        let verb = match j.term {
            "roughly even chance" => "has a roughly even chance",
            "almost no chance" => "has almost no chance",
            t => return self.sentence(&under, j, &format!("is {t}")),
        };
        self.sentence(&under, j, verb)
    }

    fn sentence(&self, under: &str, j: &Judgement, verb: &str) -> String {
        format!(
            "Under {under}, {} by {} {verb} ({}, 95% CI {}).",
            readable(&j.pathway).to_lowercase(),
            self.horizon,
            crate::export::format::percent(j.p),
            crate::chart::ci_text(j.ci_low, j.ci_high)
        )
    }
}

/// A name for running text: "renewed_tariffs" → "renewed tariffs".
pub fn readable(name: &str) -> String {
    name.replace('_', " ")
}
