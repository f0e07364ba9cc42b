//! What `pathways run --precision` adds to a result: a line on stdout and the convergence chart.

use crate::chart::ChartOptions;
use crate::engine::convergence::Report;
use crate::engine::result::ScenarioResult;
use crate::error::Result;
use crate::numbers::thousands;

/// "converged: every pathway within ±1.0 points (95% CI) after 12,288 runs".
pub fn describe(c: &Report) -> String {
    if c.converged {
        format!(
            "converged: every pathway probability within ±{:.2} points (95% CI half-width ≤ {}) after {} runs",
            100.0 * c.max_half_width,
            c.precision,
            thousands(c.runs_used)
        )
    } else {
        format!(
            "not converged: stopped at --max-runs {} with a largest 95% CI half-width of {:.4} (wanted {})",
            thousands(c.runs_used),
            c.max_half_width,
            c.precision
        )
    }
}

/// Writes `convergence.{png,svg}` into a result folder being written.
pub fn write_convergence(
    r: &ScenarioResult,
    dir: &crate::export::staged::Folder<'_>,
    charts: &ChartOptions,
) -> Result<()> {
    if charts.formats.is_empty() || r.records.is_empty() {
        return Ok(());
    }
    for (name, bytes) in crate::chart::convergence_charts(r, charts)? {
        dir.write(&name, &bytes)?;
    }
    Ok(())
}
