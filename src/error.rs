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
    /// Anything else (exit code 1).
    #[error("{0}")]
    Other(String),
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
            Error::Io { .. } | Error::Other(_) => 1,
            Error::Interrupted => 130,
        }
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

pub type Result<T, E = Error> = std::result::Result<T, E>;
