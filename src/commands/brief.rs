//! `pathways brief`: from scenario files to a self-contained HTML and a Markdown briefing (its
//! content and renderers are in [`crate::export::brief`]).

use crate::chart::ChartFormat;
use crate::commands::run::RunOptions;
use crate::commands::run::run;
use crate::error::Result;
use crate::export::atomic::write_atomic;
use crate::export::brief::{build, content, drivers, html, markdown, outcomes, story};
use crate::export::shell::CommandLine;
use crate::scenario::load::load;

/// Runs the scenarios (with PNG and SVG charts) and writes `briefing.html` and `briefing.md`
/// into the output folder.
pub fn brief(opts: &RunOptions) -> Result<()> {
    let mut opts = opts.clone();
    opts.charts.formats = vec![ChartFormat::Png, ChartFormat::Svg];
    let all = run(&opts)?;
    // A briefing compares scenarios over one period: the reference and those sharing its period,
    // the reference first (a back-test of 2018–19 is run and written, but is not part of the
    // outlook).
    let refs: Vec<&crate::engine::result::ScenarioResult> = all.iter().collect();
    let (group, _) = crate::analysis::reference::group(&refs, opts.reference.as_deref())?;
    let keep: Vec<String> = group.iter().map(|r| r.meta.scenario.clone()).collect();
    let mut results: Vec<_> = all.into_iter().filter(|r| keep.contains(&r.meta.scenario)).collect();
    results.sort_by_key(|r| keep.iter().position(|k| k == &r.meta.scenario));
    let sets = crate::scenario::load::overrides(&opts.sets, opts.runs, opts.seed, None);
    let loaded = results.iter().map(|r| load(std::path::Path::new(&r.meta.file), &sets)).collect::<Result<Vec<_>>>()?;
    let stories = story::stories(&results, &loaded)?;
    let mut drivers = analyse(&results, &loaded, &opts)?;
    drivers.extend(outcomes::table(&results));
    let briefing = build::build(&results, &loaded, &opts.out, stories, drivers, reproduce(&opts));
    write_atomic(&opts.out.join("briefing.html"), html::render(&briefing).as_bytes())?;
    write_atomic(&opts.out.join("briefing.md"), markdown::render(&briefing).as_bytes())?;
    if !opts.quiet {
        println!(
            "briefing: {} and {}",
            opts.out.join("briefing.html").display(),
            opts.out.join("briefing.md").display()
        );
    }
    Ok(())
}

/// Runs the sensitivity analysis (on the reference scenario's most likely pathway) and the
/// signposts of the reference scenario, and returns their tables.
fn analyse(
    results: &[crate::engine::result::ScenarioResult],
    loaded: &[crate::scenario::load::LoadedScenario],
    opts: &RunOptions,
) -> Result<Vec<content::Table>> {
    if results.is_empty() {
        return Ok(Vec::new());
    }
    // The reference comes first (see `brief`).
    let i = 0;
    let r = &results[i];
    let outcome = r
        .pathways
        .iter()
        .max_by(|a, b| a.probability.p.total_cmp(&b.probability.p))
        .map_or("tariff_us".to_string(), |p| p.name.clone());
    let common = crate::commands::AnalysisOptions {
        out: opts.out.clone(),
        threads: opts.threads,
        sets: opts.sets.clone(),
        charts: opts.charts.clone(),
        command_line: reproduce(opts),
        quiet: true,
    };
    let scenario = std::path::PathBuf::from(&r.meta.file);
    let mut tables = Vec::new();
    let model = crate::model::params::Model::compile(&loaded[i]);
    // Sensitivity needs uncertain parameters to rank.
    if !model.uncertain.is_empty() {
        let analysis = crate::commands::sensitivity::run(&crate::commands::sensitivity::SensitivityOptions {
            scenario: scenario.clone(),
            outcome: outcome.clone(),
            base_samples: 1024,
            seed: opts.seed,
            bootstrap: 100,
            common: common.clone(),
            shard: None,
        })?;
        if let Some(a) = analysis {
            tables.extend(drivers::sensitivity_table(&a.tornado, &r.meta.scenario, &outcome));
        }
    }
    let signposts = crate::commands::signposts::run(&crate::commands::signposts::SignpostOptions {
        scenario,
        runs: opts.runs,
        seed: opts.seed,
        top: 6,
        by_month: Some(12.min(r.meta.horizon_months.saturating_sub(1)).max(1)),
        outcome: None,
        common,
    })?;
    tables.extend(drivers::signposts_table(&model, &signposts.found, &signposts.classes, &r.meta.scenario));
    Ok(tables)
}

/// The command that reproduces a pack: the scenario paths, runs, seed and overrides.
fn reproduce(opts: &RunOptions) -> String {
    let mut line = CommandLine::pathways("brief");
    for p in &opts.paths {
        line = line.arg(p.display());
    }
    line.flag_opt("--runs", opts.runs)
        .flag_opt("--seed", opts.seed)
        .sets(&opts.sets)
        .flag("--out", opts.out.display())
        .line()
}
