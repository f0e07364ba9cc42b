//! Writing a result folder (tables, charts, runs.csv) and the overlay charts that compare
//! several results.

use crate::chart::{ChartOptions, overlay_charts, scenario_charts};
use crate::engine::result::ScenarioResult;
use crate::error::Result;
use crate::export::EXPORTERS;
use crate::export::atomic::{create_dir, write_atomic};
use crate::export::staged::Folder;
use std::path::Path;

/// Writes a result's files and charts into a result folder of a [`crate::export::staged::Transaction`] (see
/// [`crate::export::staged`]): the old folder, if any, stays whole until the transaction commits.
/// The tables, the charts and runs.csv are written in parallel on the current thread pool.
pub fn write_result(r: &ScenarioResult, folder: &Folder<'_>, charts: &ChartOptions) -> Result<()> {
    let (runs, (figures, tables)) = rayon::join(
        || write_runs_csv(r, folder),
        || {
            rayon::join(
                || -> Result<()> {
                    if charts.formats.is_empty() {
                        return Ok(());
                    }
                    for (name, bytes) in scenario_charts(r, charts)? {
                        folder.write(&name, &bytes)?;
                    }
                    Ok(())
                },
                || -> Result<()> {
                    for e in &EXPORTERS {
                        folder.write(e.file_name, &(e.render)(r)?)?;
                    }
                    Ok(())
                },
            )
        },
    );
    // Ctrl-C first: the other errors it causes are its consequence.
    crate::cancel::check()?;
    runs?;
    figures?;
    tables
}

fn write_runs_csv(r: &ScenarioResult, folder: &Folder<'_>) -> Result<()> {
    use std::io::Write;
    let path = folder.path().join("runs.csv");
    let file = std::fs::File::create(&path).map_err(|e| folder.error(&path, e))?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    crate::export::runs_csv::write_to(r, &mut out, &|e| folder.error(&path, e))?;
    out.flush().map_err(|e| folder.error(&path, e))
}

/// Writes the charts that compare several scenarios at the top of the output folder: the
/// reference (`reference`, or picked as [`crate::analysis::reference::pick`] does) and the
/// scenarios sharing its period.
pub fn write_overlays(
    results: &[ScenarioResult],
    out: &Path,
    charts: &ChartOptions,
    reference: Option<&str>,
) -> Result<()> {
    write_files(out, overlay_files(results, charts, reference)?)
}

/// The overlay charts of [`write_overlays`], as (file name, bytes); none for fewer than two
/// comparable scenarios.
pub fn overlay_files(
    results: &[ScenarioResult],
    charts: &ChartOptions,
    reference: Option<&str>,
) -> Result<Vec<(String, Vec<u8>)>> {
    if results.len() < 2 || charts.formats.is_empty() {
        return Ok(Vec::new());
    }
    let refs: Vec<&ScenarioResult> = results.iter().collect();
    let (group, _) = crate::analysis::reference::group(&refs, reference)?;
    if group.len() < 2 {
        return Ok(Vec::new());
    }
    Ok(overlay_charts(&group, charts)?)
}

fn write_files(dir: &Path, files: Vec<(String, Vec<u8>)>) -> Result<()> {
    create_dir(dir)?;
    for (name, bytes) in files {
        write_atomic(&dir.join(name), &bytes)?;
    }
    Ok(())
}
