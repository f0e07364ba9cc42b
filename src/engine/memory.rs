//! Whether a run's per-run records fit in memory: a result keeps, for `runs.csv`, every run's
//! sampled parameters, horizon state, pathway and first-entry months (about 90 bytes a run for
//! the baseline, docs/SCALING.md). A request for more than the machine has is refused before
//! the first run, instead of running for hours and then being killed.

use crate::error::{Error, Result};
use crate::model::params::Model;
use crate::model::vars::N_VARS;

/// Bytes of per-run records one run of `model` keeps (see [`crate::engine::aggregate::BlockOut`]).
pub fn record_bytes_per_run(model: &Model) -> u64 {
    let params = model.uncertain.len() * std::mem::size_of::<f32>();
    let horizon = N_VARS * std::mem::size_of::<f32>();
    let pathway = std::mem::size_of::<u8>();
    let first_entry = model.pathways.len() * std::mem::size_of::<u16>();
    let outcomes = model.outcomes.len() * std::mem::size_of::<f64>();
    (params + horizon + pathway + first_entry + outcomes) as u64
}

/// The memory the system reports as available (Linux `MemAvailable`), if it reports it.
pub fn available_bytes() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    kib.checked_mul(1024)
}

/// Refuses `runs` runs of `model` whose records would not fit in `available` bytes.
pub fn check_fits(model: &Model, runs: u64, available: Option<u64>) -> Result<()> {
    let need = record_bytes_per_run(model).saturating_mul(runs);
    match available {
        Some(have) if need > have => Err(Error::Usage(format!(
            "{runs} runs would keep about {} of per-run records (for runs.csv) in memory, more than the {} available; \
             use fewer runs (10⁶ runs already give pathway probabilities within ±0.1 point)",
            gib(need),
            gib(have)
        ))),
        _ => Ok(()),
    }
}

fn gib(bytes: u64) -> String {
    format!("{:.1} GiB", bytes as f64 / (1u64 << 30) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::load::load;

    fn model() -> Model {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small.toml");
        Model::compile(&load(&path, &[]).unwrap())
    }

    #[test]
    fn refuses_runs_whose_records_exceed_the_memory_available() {
        let m = model();
        // small.toml: one uncertain parameter, N_VARS state variables, two pathways, no outcomes.
        assert_eq!(record_bytes_per_run(&m), (4 + N_VARS * 4 + 1 + 4) as u64);
        let err = check_fits(&m, u32::MAX as u64, Some(8 << 30)).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("GiB of per-run records"), "{err}");
        assert!(check_fits(&m, 1_000_000, Some(8 << 30)).is_ok());
        assert!(check_fits(&m, u32::MAX as u64, None).is_ok(), "unknown memory: no check");
    }
}
