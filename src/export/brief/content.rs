//! What a briefing says, independent of how it is rendered (HTML or Markdown).

use crate::export::brief::assumptions::Assumption;

/// Said at the top of a briefing, before any number.
pub const NOISE_NOTE: &str = "Probabilities are shares of the simulated runs under each scenario's assumptions, at the scenario's horizon. The 95% intervals show simulation noise only (how precisely the runs estimate each share), not the uncertainty of the model or of its assumptions.";

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
    /// Share of runs in the pathway at the horizon.
    pub p: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    /// ICD 203 term for `p`.
    pub term: &'static str,
    /// `p` as the scenario's table prints it: whole percentages that add to 100 over its pathways.
    pub shown: String,
    /// Share of runs that have been in the pathway at some month up to the horizon; `None` for
    /// the catch-all, which every run starts in.
    pub entered: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct ScenarioBrief {
    pub name: String,
    pub description: String,
    pub file: String,
    pub sha256: String,
    pub runs: u64,
    pub seed: u64,
    /// "January 2029".
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
    /// The key judgement: the most likely pathway first, then its probability in ICD 203 words,
    /// then how many runs entered it at some point. "Under renewed tariffs, trade war is the most
    /// likely of the 4 pathways in January 2029: likely (62%, 95% CI 61–63%); 71% of runs have
    /// been in it at some point by then."
    pub fn key_judgement(&self) -> Option<String> {
        let top = self.judgements.first()?;
        let under = if self.name == "baseline" { "the baseline".to_string() } else { readable(&self.name) };
        let numbers = format!("{}, 95% CI {}", top.shown, crate::chart::ci_text(top.ci_low, top.ci_high));
        // ICD 203 words as analysts use them: a judgement of the pathway, with the words below
        // "roughly even chance" saying that the most likely pathway is still less likely than not.
        let words = match top.term {
            "roughly even chance" => format!(": a roughly even chance ({numbers})"),
            t if top.p < 0.45 => format!(" ({numbers}), though still less likely than not (“{t}” in ICD 203 terms)"),
            t => format!(": {t} ({numbers})"),
        };
        let of = match self.judgements.len() {
            1 => "the only pathway".to_string(),
            n => format!("the most likely of the {n} pathways"),
        };
        let mut s =
            format!("Under {under}, {} is {of} in {}{words}", readable(&top.pathway).to_lowercase(), self.horizon);
        if let Some(e) = top.entered
            && e - top.p >= 0.005
        {
            s += &format!("; {} of runs have been in it at some point by then", crate::numbers::percent(e));
        }
        s.push('.');
        Some(s)
    }
}

/// "January 2029": a month as running text writes it.
pub fn long_month(ym: crate::model::calendar::YearMonth) -> String {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    format!("{} {}", NAMES[(ym.month.clamp(1, 12) - 1) as usize], ym.year)
}

/// A name for running text: "renewed_tariffs" → "renewed tariffs".
pub fn readable(name: &str) -> String {
    name.replace('_', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brief(name: &str, judgements: &[(&str, f64, Option<f64>)]) -> ScenarioBrief {
        let ps: Vec<f64> = judgements.iter().map(|j| j.1).collect();
        let shown = crate::numbers::percents_adding_to_100(&ps);
        ScenarioBrief {
            name: name.into(),
            description: String::new(),
            file: String::new(),
            sha256: String::new(),
            runs: 10_000,
            seed: 1,
            horizon: "January 2029".into(),
            judgements: judgements
                .iter()
                .zip(shown)
                .map(|(&(pathway, p, entered), shown)| Judgement {
                    pathway: pathway.into(),
                    p,
                    ci_low: p - 0.01,
                    ci_high: p + 0.01,
                    term: crate::export::brief::vocabulary::term(p),
                    shown,
                    entered,
                })
                .collect(),
            assumptions: Vec::new(),
            figures: Vec::new(),
        }
    }

    #[test]
    fn the_most_likely_pathway_comes_first_and_is_never_called_unlikely_alone() {
        let b = brief(
            "cooperation",
            &[("cooperation", 0.43, Some(0.5)), ("managed_competition", 0.40, None), ("trade_war", 0.17, Some(0.2))],
        );
        let k = b.key_judgement().unwrap();
        assert!(
            k.starts_with("Under cooperation, cooperation is the most likely of the 3 pathways in January 2029 (43%, 95% CI 42–44%), though still less likely than not (“unlikely” in ICD 203 terms)"),
            "{k}"
        );
        assert!(k.contains("50% of runs have been in it at some point by then"), "{k}");
    }

    #[test]
    fn the_share_in_a_pathway_is_dated_and_the_share_that_entered_it_is_given() {
        let b = brief("baseline", &[("trade_war", 0.49, Some(0.63)), ("other", 0.51, None)]);
        // Sorted most likely first by the caller; here the catch-all is second on purpose.
        let k = b.key_judgement().unwrap();
        assert_eq!(
            k,
            "Under the baseline, trade war is the most likely of the 2 pathways in January 2029: a roughly even chance (49%, 95% CI 48–50%); 63% of runs have been in it at some point by then."
        );
        let b = brief("renewed_tariffs", &[("trade_war", 0.88, Some(0.881)), ("other", 0.12, None)]);
        let k = b.key_judgement().unwrap();
        assert!(k.contains("trade war is the most likely of the 2 pathways in January 2029: very likely (88%"), "{k}");
        assert!(!k.contains("at some point"), "entered ≈ in: nothing to add: {k}");
    }
}
