//! The uncertainty-analysis commands (`pathways sensitivity`, `pathways signposts`) and the
//! convergence output of `pathways run --precision`, each in its own file over
//! [`crate::uncertainty`].

pub mod calibrate;
pub mod converge;
pub mod score;
pub mod sensitivity;
pub mod signposts;

use crate::chart::ChartOptions;
use crate::error::{Error, Result};
use crate::export::atomic::{create_dir, write_atomic};
use crate::scenario::format::Sampling;
use crate::scenario::load::LoadedScenario;
use std::path::{Path, PathBuf};

/// Options shared by the analysis commands.
#[derive(Debug, Clone)]
pub struct AnalysisOptions {
    pub out: PathBuf,
    /// 0 = all cores.
    pub threads: usize,
    pub sets: Vec<String>,
    pub charts: ChartOptions,
    /// Recorded in manifests.
    pub command_line: String,
    /// Print nothing (the files are still written).
    pub quiet: bool,
}

/// The `--set` that selects a sampling method.
pub fn sampling_set(s: Sampling) -> String {
    let key = match s {
        Sampling::MonteCarlo => "monte_carlo",
        Sampling::LatinHypercube => "latin_hypercube",
    };
    format!("simulation.sampling=\"{key}\"")
}

/// Loads the one scenario an analysis command works on.
fn load_one(path: &Path, sets: &[String]) -> Result<LoadedScenario> {
    if !path.is_file() {
        return Err(Error::Usage(format!("{}: not a scenario file", path.display())));
    }
    let s = crate::scenario::load::load(path, sets)?;
    crate::scenario::diagnostic::eprint_warnings(&s.warnings);
    Ok(s)
}

use crate::engine::runner::thread_pool as pool;

/// Writes (name, bytes) pairs into `dir`, each atomically.
fn write_files(dir: &Path, files: Vec<(String, Vec<u8>)>) -> Result<()> {
    create_dir(dir)?;
    for (name, bytes) in files {
        write_atomic(&dir.join(name), &bytes)?;
    }
    Ok(())
}

/// CSV bytes from a header and rows.
fn csv_bytes(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let enc = |e: csv::Error| Error::Other(format!("cannot encode CSV: {e}"));
    w.write_record(header).map_err(enc)?;
    for r in rows {
        w.write_record(&r).map_err(enc)?;
    }
    w.into_inner().map_err(|e| Error::Other(format!("cannot encode CSV: {e}")))
}

/// A number for CSV: shortest round-trip form.
fn num(v: f64) -> String {
    if v.is_finite() { ryu::Buffer::new().format(v).to_string() } else { String::new() }
}
