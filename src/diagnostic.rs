//! A problem in a scenario, located in the file (and line, column, key) where it is written.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::fmt;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

/// A number as a message shows it: plainly, or in scientific notation when plain digits would
/// run long (`1e308`, not 309 digits).
#[derive(Debug, Clone, Copy)]
pub struct Num(pub f64);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let a = self.0.abs();
        if a.is_finite() && (a >= 1e15 || (a != 0.0 && a < 1e-4)) {
            write!(f, "{:e}", self.0)
        } else {
            write!(f, "{}", self.0)
        }
    }
}

/// A scenario file's text, kept so that errors can show the offending line.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: Arc<str>,
}

impl SourceFile {
    /// 1-based line and column (in characters) of byte `offset`.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, before[line_start..].chars().count() + 1)
    }
}

/// Where a value came from.
#[derive(Debug, Clone)]
pub enum Location {
    /// A span in a scenario file.
    File { source: SourceFile, span: Range<usize> },
    /// A `--set KEY=VALUE` argument.
    Set(String),
    /// Neither: a built-in default or a whole-file problem.
    Nowhere(Option<PathBuf>),
}

/// One problem in a scenario.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub location: Location,
    /// The key the problem is about, as a dotted path (`agents.us.retaliation`).
    pub key: Option<String>,
    /// What is wrong, lowercase, no trailing period.
    pub message: String,
    /// What would be valid, when that helps.
    pub help: Option<String>,
    /// A warning: something was adjusted, and the scenario still runs.
    pub warning: bool,
}

impl Diagnostic {
    pub fn new(location: Location, key: Option<String>, message: impl Into<String>) -> Self {
        Diagnostic { location, key, message: message.into(), help: None, warning: false }
    }

    /// The same problem as a warning.
    pub fn as_warning(mut self) -> Self {
        self.warning = true;
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// "scenarios/a.toml:12:5" (or "--set k=v", or the bare path).
    pub fn position(&self) -> String {
        match &self.location {
            Location::File { source, span } => {
                let (l, c) = source.line_col(span.start);
                format!("{}:{l}:{c}", source.path.display())
            }
            Location::Set(arg) => format!("--set {arg}"),
            Location::Nowhere(Some(p)) => p.display().to_string(),
            Location::Nowhere(None) => "scenario".to_string(),
        }
    }

    fn title(&self) -> String {
        match &self.key {
            Some(k) => format!("`{k}`: {}", self.message),
            None => self.message.clone(),
        }
    }

    /// Renders like a compiler error: the source line with the span underlined, then help.
    pub fn render(&self, color: bool) -> String {
        let renderer = if color { Renderer::styled() } else { Renderer::plain() };
        let level = if self.warning { Level::WARNING } else { Level::ERROR };
        let title = self.title();
        let path_string;
        let mut groups = Vec::new();
        match &self.location {
            Location::File { source, span } => {
                path_string = source.path.display().to_string();
                let span = clamp_span(&source.text, span.clone());
                groups.push(
                    level.clone().primary_title(&title).element(
                        Snippet::source(&*source.text)
                            .path(&path_string)
                            .annotation(AnnotationKind::Primary.span(span).label(&self.message)),
                    ),
                );
            }
            _ => {
                path_string = format!("{}: {title}", self.position());
                groups.push(Group::with_title(level.primary_title(&path_string)));
            }
        }
        if let Some(help) = &self.help {
            groups.push(Group::with_title(Level::HELP.secondary_title(help)));
        }
        renderer.render(&groups).to_string()
    }
}

/// Keeps a span inside the text and on character boundaries, and never empty unless the text is.
fn clamp_span(text: &str, span: Range<usize>) -> Range<usize> {
    let mut start = span.start.min(text.len());
    let mut end = span.end.min(text.len()).max(start);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    if start == end && end < text.len() {
        end += text[end..].chars().next().map_or(0, char::len_utf8);
    }
    start..end
}

/// "file:line:col: `key`: message" on one line.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let warning = if self.warning { "warning: " } else { "" };
        write!(f, "{}: {warning}{}", self.position(), self.title())?;
        if let Some(h) = &self.help {
            write!(f, " ({h})")?;
        }
        Ok(())
    }
}

/// Prints warnings to stderr, rendered like errors (in color on a terminal).
pub fn eprint_warnings(warnings: &[Diagnostic]) {
    use std::io::IsTerminal;
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for w in warnings {
        eprintln!("{}", w.render(color));
    }
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_and_tiny_numbers_show_in_scientific_notation() {
        assert_eq!(Num(1e308).to_string(), "1e308");
        assert_eq!(Num(-2.5e-7).to_string(), "-2.5e-7");
        assert_eq!(Num(1000.0).to_string(), "1000");
        assert_eq!(Num(0.25).to_string(), "0.25");
        assert_eq!(Num(f64::NEG_INFINITY).to_string(), "-inf");
    }

    #[test]
    fn line_and_column_count_from_one() {
        let s = SourceFile { path: "a.toml".into(), text: "a = 1\nbé = 2\n".into() };
        assert_eq!(s.line_col(0), (1, 1));
        assert_eq!(s.line_col(6), (2, 1));
        assert_eq!(s.line_col(10), (2, 4));
    }

    #[test]
    fn suggests_close_keys_only() {
        assert_eq!(did_you_mean("agression", ["aggression", "noise"]), Some("aggression"));
        assert_eq!(did_you_mean("zzz", ["aggression", "noise"]), None);
    }
}
