//! The library's error type and the exit code each kind of error maps to.

use crate::diagnostic::Diagnostic;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One or more problems in a scenario (exit code 2).
    #[error("{}", .0.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"))]
    Scenario(Vec<Diagnostic>),
    /// A bad command-line argument (exit code 2).
    #[error("{0}")]
    Usage(String),
    /// A file or folder could not be read or written (exit code 1).
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    /// A chart could not be drawn (exit code 1).
    #[error("cannot draw a chart: {0}")]
    Chart(String),
    /// A document could not be encoded as JSON or CSV (exit code 1): a value the format cannot
    /// hold, which is a bug, since every value written is checked finite first.
    #[error("cannot encode {what}: {source}")]
    Encode { what: &'static str, source: Box<dyn std::error::Error + Send + Sync> },
    /// The system refused a resource the command needs: worker threads, the Ctrl-C handler, a
    /// file watcher (exit code 1).
    #[error("cannot {what}: {source}")]
    System { what: String, source: Box<dyn std::error::Error + Send + Sync> },
    /// A check the command line asked for failed, e.g. `score --require-coverage` (exit code 1).
    #[error("{0}")]
    CheckFailed(String),
    /// Something that should not happen did (exit code 1): a worker thread panicked, a value
    /// the program built had the wrong shape.
    #[error("internal error: {0}")]
    Internal(String),
    /// Stopped by Ctrl-C before it finished; nothing was replaced (exit code 130, as shells
    /// report a command ended by SIGINT).
    #[error("interrupted: the output folder was left as it was")]
    Interrupted,
}

impl Error {
    /// 2 for invalid input (scenario or arguments), 1 for any other failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Scenario(_) | Error::Usage(_) => 2,
            Error::Io { .. }
            | Error::Chart(_)
            | Error::Encode { .. }
            | Error::System { .. }
            | Error::CheckFailed(_)
            | Error::Internal(_) => 1,
            Error::Interrupted => 130,
        }
    }

    /// Encoding `what` (a file name, or "JSON" / "CSV") failed.
    pub fn encode(what: &'static str, source: impl std::error::Error + Send + Sync + 'static) -> Error {
        Error::Encode { what, source: Box::new(source) }
    }

    /// Starting `what` ("start worker threads", "catch Ctrl-C") failed.
    pub fn system(what: impl Into<String>, source: impl std::error::Error + Send + Sync + 'static) -> Error {
        Error::System { what: what.into(), source: Box::new(source) }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io { path: path.into(), source }
    }

    /// The message for a terminal: scenario problems rendered with their source lines.
    pub fn render(&self, color: bool) -> String {
        match self {
            Error::Scenario(ds) => ds.iter().map(|d| d.render(color)).collect::<Vec<_>>().join("\n\n"),
            other => format!("error: {other}"),
        }
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Scenario(vec![d])
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::encode("JSON", e)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
