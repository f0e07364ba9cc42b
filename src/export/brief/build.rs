//! Assembling a briefing from the results of a run.

use crate::engine::result::ScenarioResult;
use crate::export::brief::assumptions::differences;
use crate::export::brief::content::{Briefing, Figure, Judgement, ScenarioBrief, Story, Table, long_month};
use crate::export::brief::vocabulary::term;
use crate::model::vars::Var;
use crate::numbers::percents_adding_to_100;
use crate::scenario::load::LoadedScenario;
use std::path::Path;

/// The variables whose overlaid fans the briefing shows.
pub const KEY_VARS: [Var; 4] = [Var::TariffUs, Var::TechControlsUs, Var::UsImportsFromCn, Var::GdpUs];

/// Reads an SVG chart written by the run, or nothing if it is not there.
fn figure(out: &Path, stem: &str, caption: String) -> Figure {
    let svg = std::fs::read_to_string(out.join(format!("{stem}.svg"))).unwrap_or_default();
    Figure { stem: stem.to_string(), caption, svg }
}

/// Builds the briefing. `loaded[i]` is the scenario of `results[i]`; `results[0]` is the
/// scenario the others are compared with.
pub fn build(
    results: &[ScenarioResult],
    loaded: &[LoadedScenario],
    out: &Path,
    stories: Vec<Story>,
    drivers: Vec<Table>,
    command: String,
) -> Briefing {
    let baseline = 0;
    let scenarios = results
        .iter()
        .zip(loaded)
        .map(|(r, s)| {
            let shown = percents_adding_to_100(&r.pathways.iter().map(|p| p.probability.p).collect::<Vec<_>>());
            let catch_all = r.pathways.len().saturating_sub(1);
            let mut judgements: Vec<Judgement> = r
                .pathways
                .iter()
                .zip(shown)
                .enumerate()
                .map(|(i, (p, shown))| Judgement {
                    pathway: p.name.clone(),
                    p: p.probability.p,
                    ci_low: p.probability.ci_low,
                    ci_high: p.probability.ci_high,
                    term: term(p.probability.p),
                    shown,
                    entered: if i == catch_all { None } else { p.first_entry_cdf.last().copied() },
                })
                .collect();
            judgements.sort_by(|a, b| b.p.total_cmp(&a.p));
            let assumptions = if r.meta.scenario == results[baseline].meta.scenario {
                Vec::new()
            } else {
                differences(s, &r.resolved, &results[baseline].resolved)
            };
            let name = &r.meta.scenario;
            // The charts this run wrote, in the result's own folder (a `--set` run has its own).
            let dir = &r.meta.folder;
            let figures = vec![
                figure(out, &format!("{dir}/pathways"), format!("{name}: pathway probabilities")),
                figure(out, &format!("{dir}/time_to_pathway"), format!("{name}: time to pathway")),
                figure(out, &format!("{dir}/hist_tariff_us"), format!("{name}: US tariff at the horizon")),
                figure(out, &format!("{dir}/hist_gdp_us"), format!("{name}: US GDP at the horizon")),
            ];
            ScenarioBrief {
                name: name.clone(),
                description: r.meta.description.clone(),
                file: r.meta.file.clone(),
                sha256: r.meta.sha256.clone(),
                runs: r.meta.runs,
                seed: r.meta.seed,
                horizon: long_month(r.meta.month(r.meta.horizon_months)),
                judgements,
                assumptions,
                figures,
            }
        })
        .collect();
    let mut overview = vec![figure(out, "overlay_pathways", "Pathway probabilities by scenario".into())];
    for v in KEY_VARS {
        let stem = format!("overlay_fan_{}", v.info().key);
        if out.join(format!("{stem}.svg")).is_file() {
            overview.push(figure(out, &stem, format!("{}: scenarios compared", v.info().display)));
        }
    }
    overview.retain(|f| !f.svg.is_empty());
    Briefing {
        title: "US–China relations: pathways through Trump's second term".to_string(),
        scenarios,
        overview,
        stories,
        drivers,
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        command,
    }
}
