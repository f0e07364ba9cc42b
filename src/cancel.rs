//! Ctrl-C: the first one asks the run to stop at its next check (between blocks of runs, chunks
//! of runs.csv, charts), so that the output folder stays as it was; the run then exits with code
//! 130 within about a second. A second Ctrl-C while it winds down is ignored by us; a third kills
//! nothing of ours half-way either, because results only ever replace the old ones by a rename.
//!
//! The request is process-wide state by nature (a signal reaches the process, not a call), so it
//! is one atomic flag; nothing else is global.

use crate::error::{Error, Result};
use std::sync::atomic::{AtomicBool, Ordering};

static REQUESTED: AtomicBool = AtomicBool::new(false);

/// Routes Ctrl-C (SIGINT, and SIGTERM) to [`requested`]; call once, before a run.
pub fn install() -> Result<()> {
    ctrlc::set_handler(|| REQUESTED.store(true, Ordering::SeqCst)).map_err(|e| Error::system("catch Ctrl-C", e))
}

/// Whether a stop was asked for.
pub fn requested() -> bool {
    REQUESTED.load(Ordering::Relaxed)
}

/// `Err(Error::Interrupted)` once a stop was asked for.
pub fn check() -> Result<()> {
    if requested() { Err(Error::Interrupted) } else { Ok(()) }
}
