//! Observation files: CSV with a header, one observed value per row.
//!
//! ```text
//! # comment lines start with '#'
//! period,variable,value,uncertainty,source
//! 2019,us_imports_from_cn,452.2,±1%,"US Census (USITC, Shifts in U.S. Merchandise Trade 2019)"
//! 2019-09,tariff_us,21.0,0.1,"PIIE (Bown), 2019-09-01"
//! ```
//!
//! - `period`: `YYYY`, `YYYY-Qn` or `YYYY-MM` ([`Period`]).
//! - `variable`: a state variable key; `value` in that variable's unit (trade as an annual rate,
//!   so a quarter's total is multiplied by 4).
//! - `uncertainty`: one standard deviation of the measurement, either in the variable's unit
//!   (`0.1`, `±0.1`) or as a percentage of the value (`1%`, `±1%`). Must be positive.
//! - `source`: where the value comes from (required: every row cites its source).
//! - `note` (optional column): anything else a reader should know.
//!
//! Columns may come in any order. Every problem is reported with its file, line and column.

use super::period::Period;
use crate::diagnostic::{Diagnostic, Location, SourceFile, did_you_mean};
use crate::error::{Error, Result};
use crate::model::calendar::YearMonth;
use crate::model::vars::Var;
use sha2::{Digest, Sha256};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The columns a file must have, in the order the documentation lists them.
pub const REQUIRED: [&str; 5] = ["period", "variable", "value", "uncertainty", "source"];
/// Columns a file may add.
pub const OPTIONAL: [&str; 1] = ["note"];

/// Stop collecting after this many problems: the rest are usually consequences.
const MAX_PROBLEMS: usize = 50;

/// How an uncertainty was written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Uncertainty {
    /// One standard deviation in the variable's unit.
    Absolute(f64),
    /// One standard deviation as a percentage of the value.
    Percent(f64),
}

impl Uncertainty {
    /// Parses `0.3`, `±0.3`, `+-0.3`, `1%`, `±1%`.
    pub fn parse(s: &str) -> Option<Uncertainty> {
        let s = s.trim();
        let s = s.strip_prefix('±').or_else(|| s.strip_prefix("+-")).or_else(|| s.strip_prefix("+/-")).unwrap_or(s);
        let s = s.trim_start();
        let (number, percent) = match s.strip_suffix('%') {
            Some(n) => (n.trim_end(), true),
            None => (s, false),
        };
        let v: f64 = number.parse().ok().filter(|v: &f64| v.is_finite())?;
        Some(if percent { Uncertainty::Percent(v) } else { Uncertainty::Absolute(v) })
    }

    /// The standard deviation for an observed `value`.
    pub fn sd(self, value: f64) -> f64 {
        match self {
            Uncertainty::Absolute(sd) => sd,
            Uncertainty::Percent(p) => p / 100.0 * value.abs(),
        }
    }
}

impl std::fmt::Display for Uncertainty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Uncertainty::Absolute(sd) => write!(f, "±{sd}"),
            Uncertainty::Percent(p) => write!(f, "±{p}%"),
        }
    }
}

/// One observed value.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    pub period: Period,
    pub variable: Var,
    pub value: f64,
    /// As written.
    pub uncertainty: Uncertainty,
    /// One standard deviation in the variable's unit.
    pub sd: f64,
    pub source: String,
    pub note: String,
    /// `file:line` where the row is written.
    pub origin: String,
}

impl Observation {
    /// `us_imports_from_cn 2019`: how tables and charts name the observation.
    pub fn label(&self) -> String {
        format!("{} {}", self.variable.info().key, self.period)
    }
}

/// The observations of one or more files, in file order, then row order.
#[derive(Debug, Clone, Default)]
pub struct Observations {
    pub files: Vec<ObservationFile>,
    pub rows: Vec<Observation>,
}

/// A file the observations were read from.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ObservationFile {
    pub path: PathBuf,
    /// SHA-256 of the file's bytes, lowercase hex.
    pub sha256: String,
    /// Rows read from it.
    pub rows: usize,
}

/// Which observations to keep.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Only these variables (all when empty).
    pub variables: Vec<Var>,
    /// Only periods that start at or after this month.
    pub from: Option<YearMonth>,
    /// Only periods that end at or before this month.
    pub to: Option<YearMonth>,
}

impl Selection {
    pub fn keeps(&self, o: &Observation) -> bool {
        (self.variables.is_empty() || self.variables.contains(&o.variable))
            && self.from.is_none_or(|f| o.period.first() >= f)
            && self.to.is_none_or(|t| o.period.last() <= t)
    }

    /// Parses a `--from`/`--to` bound: `YYYY` (January or December of that year), `YYYY-Qn`
    /// or `YYYY-MM`; `end` picks the last month of a year or quarter.
    pub fn bound(s: &str, end: bool) -> Option<YearMonth> {
        let p = Period::parse(s)?;
        Some(if end { p.last() } else { p.first() })
    }
}

/// Reads every file in `paths` (problems in all of them are reported together) and keeps the
/// rows `selection` keeps. The same period and variable twice, in one file or across files, is
/// an error: it would count one measurement twice.
pub fn load_all(paths: &[PathBuf], selection: &Selection) -> Result<Observations> {
    let mut out = Observations::default();
    let mut problems = Vec::new();
    for path in paths {
        match read(path) {
            Ok((file, rows, row_spans)) => {
                for (o, span) in rows.into_iter().zip(row_spans) {
                    if let Some(i) = out.rows.iter().position(|p| p.period == o.period && p.variable == o.variable) {
                        problems.push(
                            Diagnostic::new(
                                Location::File { source: span.0.clone(), span: span.1.clone() },
                                Some("period".into()),
                                format!("{} is observed twice", o.label()),
                            )
                            .with_help(format!(
                                "first at {}; keep one row per period and variable",
                                out.rows[i].origin
                            )),
                        );
                        continue;
                    }
                    out.rows.push(o);
                }
                out.files.push(file);
            }
            Err(Error::Scenario(ds)) => problems.extend(ds),
            Err(e) => return Err(e),
        }
    }
    if !problems.is_empty() {
        problems.truncate(MAX_PROBLEMS);
        return Err(Error::Scenario(problems));
    }
    out.rows.retain(|o| selection.keeps(o));
    Ok(out)
}

/// Reads and checks one file: the file's record, its rows and each row's period span.
fn read(path: &Path) -> Result<(ObservationFile, Vec<Observation>, Vec<Located>)> {
    let bytes = std::fs::read(path).map_err(|e| {
        let why = if e.kind() == std::io::ErrorKind::NotFound { "no such file".to_string() } else { e.to_string() };
        Diagnostic::new(
            Location::Nowhere(Some(path.to_path_buf())),
            None,
            format!("cannot read observation file: {why}"),
        )
    })?;
    let sha256: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
    let text = String::from_utf8(bytes).map_err(|e| {
        Diagnostic::new(
            Location::Nowhere(Some(path.to_path_buf())),
            None,
            format!("not UTF-8 text (byte {} is invalid)", e.utf8_error().valid_up_to()),
        )
        .with_help("save the file as UTF-8 CSV")
    })?;
    let source = SourceFile { path: path.to_path_buf(), text: Arc::from(text.as_str()) };
    let (rows, spans) = parse(&source).map_err(Error::Scenario)?;
    let file = ObservationFile { path: path.to_path_buf(), sha256, rows: rows.len() };
    Ok((file, rows, spans.into_iter().map(|s| (source.clone(), s)).collect()))
}

/// A span in a file.
type Located = (SourceFile, Range<usize>);

/// A row's fields with where each is written.
struct Row {
    fields: Vec<String>,
    spans: Vec<Range<usize>>,
    line: usize,
    start: usize,
}

/// A file's observations and, for each, the span of its period (where a duplicate is reported).
type Parsed = (Vec<Observation>, Vec<Range<usize>>);

/// Parses the text of `source`: the observations and, for each, the span of its period.
fn parse(source: &SourceFile) -> std::result::Result<Parsed, Vec<Diagnostic>> {
    let text: &str = &source.text;
    // A byte-order mark is not part of the first column's name.
    let offset = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let at = |span: Range<usize>| Location::File { source: source.clone(), span };
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .trim(csv::Trim::All)
        .flexible(true)
        .has_headers(false)
        .from_reader(&text.as_bytes()[offset..]);
    let mut rows = Vec::new();
    for record in reader.records() {
        match record {
            Ok(r) => {
                let start = record_start(text, offset + r.position().map_or(0, |p| p.byte() as usize));
                let line = source.line_col(start).0;
                let fields: Vec<String> = r.iter().map(str::to_string).collect();
                let spans = field_spans(text, start, &fields);
                rows.push(Row { fields, spans, line, start });
            }
            Err(e) => {
                let (start, message) = match e.position() {
                    Some(p) => (offset + p.byte() as usize, e.to_string()),
                    None => (0, e.to_string()),
                };
                return Err(vec![Diagnostic::new(at(start..start), None, format!("invalid CSV: {message}"))]);
            }
        }
    }
    let mut rows = rows.into_iter();
    let Some(header) = rows.next() else {
        return Err(vec![
            Diagnostic::new(at(0..0), None, "the file holds no header line and no observations")
                .with_help(format!("start with the header `{}` (see docs/CALIBRATION.md)", REQUIRED.join(","))),
        ]);
    };
    let columns = columns(&header, &at)?;
    let mut problems = Vec::new();
    let mut out = Vec::new();
    let mut periods = Vec::new();
    for row in rows {
        if problems.len() >= MAX_PROBLEMS {
            break;
        }
        if row.fields.len() != header.fields.len() {
            let end = text[row.start..].find('\n').map_or(text.len(), |i| row.start + i);
            problems.push(
                Diagnostic::new(
                    at(row.start..end),
                    None,
                    format!("{} fields, but the header has {}", row.fields.len(), header.fields.len()),
                )
                .with_help("quote a field that contains a comma: \"US Census, 2019\""),
            );
            continue;
        }
        match observation(&row, &columns, &at, &source.path) {
            Ok(o) => {
                periods.push(row.spans[columns.period].clone());
                out.push(o);
            }
            Err(ds) => problems.extend(ds),
        }
    }
    if problems.is_empty() { Ok((out, periods)) } else { Err(problems) }
}

/// Where each column is.
struct Columns {
    period: usize,
    variable: usize,
    value: usize,
    uncertainty: usize,
    source: usize,
    note: Option<usize>,
}

fn columns(header: &Row, at: &dyn Fn(Range<usize>) -> Location) -> std::result::Result<Columns, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let known: Vec<&str> = REQUIRED.iter().chain(&OPTIONAL).copied().collect();
    for (i, name) in header.fields.iter().enumerate() {
        if !known.contains(&name.as_str()) {
            let help = match did_you_mean(name, known.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? columns: {}", known.join(", ")),
                None => format!("columns: {}", known.join(", ")),
            };
            problems.push(
                Diagnostic::new(at(header.spans[i].clone()), Some(name.clone()), format!("unknown column `{name}`"))
                    .with_help(help),
            );
        } else if header.fields[..i].contains(name) {
            problems.push(Diagnostic::new(
                at(header.spans[i].clone()),
                Some(name.clone()),
                format!("column `{name}` is given twice"),
            ));
        }
    }
    let find = |name: &str| header.fields.iter().position(|f| f == name);
    let missing: Vec<&str> = REQUIRED.iter().copied().filter(|c| find(c).is_none()).collect();
    if !missing.is_empty() {
        let end = header.spans.last().map_or(header.start, |s| s.end);
        problems.push(
            Diagnostic::new(
                at(header.start..end),
                None,
                format!("the header lacks column{} {}", if missing.len() > 1 { "s" } else { "" }, missing.join(", ")),
            )
            .with_help(format!("the header line names the columns: {}", REQUIRED.join(","))),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let get = |name: &str| find(name).expect("checked above");
    Ok(Columns {
        period: get("period"),
        variable: get("variable"),
        value: get("value"),
        uncertainty: get("uncertainty"),
        source: get("source"),
        note: find("note"),
    })
}

/// One row as an observation, or every problem in it.
fn observation(
    row: &Row,
    c: &Columns,
    at: &dyn Fn(Range<usize>) -> Location,
    path: &Path,
) -> std::result::Result<Observation, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let field = |i: usize| (row.fields[i].as_str(), row.spans[i].clone());
    let mut report = |i: usize, key: &str, message: String, help: Option<String>| {
        let mut d = Diagnostic::new(at(row.spans[i].clone()), Some(key.to_string()), message);
        d.help = help;
        problems.push(d);
    };

    let (text, _) = field(c.period);
    let period = Period::parse(text);
    if period.is_none() {
        report(
            c.period,
            "period",
            format!("`{text}` is not a period"),
            Some("write a year (2019), a quarter (2024-Q3) or a month (2019-06)".into()),
        );
    }
    let (text, _) = field(c.variable);
    let variable = Var::from_key(text);
    if variable.is_none() {
        let keys = Var::keys();
        let help = match did_you_mean(text, keys.iter().copied()) {
            Some(s) => format!("did you mean `{s}`? state variables: {}", keys.join(", ")),
            None => format!("state variables: {}", keys.join(", ")),
        };
        report(c.variable, "variable", format!("unknown state variable `{text}`"), Some(help));
    }
    let (text, _) = field(c.value);
    let value = text.parse::<f64>().ok().filter(|v| v.is_finite());
    match (value, variable) {
        (None, _) => report(c.value, "value", format!("`{text}` is not a finite number"), None),
        (Some(v), Some(var)) if v < var.info().min || v > var.info().max => {
            let info = var.info();
            report(
                c.value,
                "value",
                format!("{v} is outside the range of {} ({} to {})", info.key, info.min, info.max),
                Some(format!("{} is measured in {}", info.key, info.unit)),
            );
        }
        _ => {}
    }
    let (text, _) = field(c.uncertainty);
    let uncertainty = Uncertainty::parse(text);
    let help = "one standard deviation: in the variable's unit (0.1) or as a percentage of the value (±1%)";
    match uncertainty {
        None if text.is_empty() => report(
            c.uncertainty,
            "uncertainty",
            "missing uncertainty: no measurement is exact".into(),
            Some(format!("{help}; at least the rounding of the published figure")),
        ),
        None => report(c.uncertainty, "uncertainty", format!("`{text}` is not an uncertainty"), Some(help.into())),
        Some(u) => {
            let sd = value.map_or(1.0, |v| u.sd(v));
            if sd.is_nan() || sd <= 0.0 {
                report(
                    c.uncertainty,
                    "uncertainty",
                    format!("must be positive, got {text}{}", if value == Some(0.0) { " of 0" } else { "" }),
                    Some(help.into()),
                );
            }
        }
    }
    let (text, _) = field(c.source);
    if text.is_empty() {
        report(
            c.source,
            "source",
            "missing source".into(),
            Some("every observation cites where it comes from, e.g. \"US Census, 2019 annual\"".into()),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let (value, uncertainty) = (value.expect("checked"), uncertainty.expect("checked"));
    Ok(Observation {
        period: period.expect("checked"),
        variable: variable.expect("checked"),
        value,
        uncertainty,
        sd: uncertainty.sd(value),
        source: row.fields[c.source].clone(),
        note: c.note.map(|i| row.fields[i].clone()).unwrap_or_default(),
        origin: format!("{}:{}", path.display(), row.line),
    })
}

/// Where the record the csv reader reports at `at` really starts: the reader's position can
/// stand before blank and comment lines it skipped.
pub(crate) fn record_start(text: &str, mut at: usize) -> usize {
    while at < text.len() {
        let rest = &text[at..];
        let line_len = rest.find('\n').map_or(rest.len(), |i| i + 1);
        let line = rest[..line_len].trim_end_matches(['\n', '\r']);
        if !line.is_empty() && !line.starts_with('#') {
            break;
        }
        at += line_len;
    }
    at
}

/// The byte span of each field in `text`, searching forward from the record's start. Used only
/// to point at a field in messages: a field whose text is not found verbatim (an escaped quote)
/// points at where the search stood.
pub(crate) fn field_spans(text: &str, start: usize, fields: &[String]) -> Vec<Range<usize>> {
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let mut at = start;
    fields
        .iter()
        .map(|f| {
            let span = match text[at..line_end].find(f.as_str()) {
                Some(i) if !f.is_empty() => at + i..at + i + f.len(),
                _ => {
                    // An empty field: point at its separator (or the line end).
                    let i = text[at..line_end].find(',').map_or(line_end, |i| at + i);
                    i..i
                }
            };
            // Past the field and its separator; the reader trims Unicode spaces too (U+2005
            // is three bytes), so step on to the next character boundary.
            at = (span.end + 1).min(line_end).max(at);
            while !text.is_char_boundary(at) {
                at += 1;
            }
            span
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the fuzzer: a field followed by a trimmed multi-byte space (U+2005) put the
    /// search inside that character and panicked.
    #[test]
    fn field_spans_step_over_multibyte_spaces() {
        let text = "a\u{2005},b\u{202f}\u{2005},c\n";
        let spans = field_spans(text, 0, &["a".into(), "b".into(), "c".into()]);
        assert_eq!(&text[spans[0].clone()], "a");
        assert_eq!(&text[spans[1].clone()], "b");
        assert_eq!(&text[spans[2].clone()], "c");
    }

    fn parse_text(text: &str) -> std::result::Result<Vec<Observation>, Vec<Diagnostic>> {
        let source = SourceFile { path: "obs.csv".into(), text: Arc::from(text) };
        parse(&source).map(|(rows, _)| rows)
    }

    fn problems(text: &str) -> Vec<String> {
        parse_text(text).unwrap_err().iter().map(|d| d.to_string()).collect()
    }

    const HEADER: &str = "period,variable,value,uncertainty,source\n";

    #[test]
    fn reads_rows_with_comments_quotes_and_both_uncertainty_forms() {
        let text = format!(
            "# a comment\n{HEADER}2019,us_imports_from_cn,452.2,±1%,\"US Census, 2019\"\n\n# another\n2019-09,tariff_us,21.0,0.1,PIIE\n2024-Q3,us_exports_to_cn,135.6,1 %,Census\n"
        );
        let rows = parse_text(&text).unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].source, "US Census, 2019");
        assert!((rows[0].sd - 4.522).abs() < 1e-12);
        assert_eq!(rows[0].origin, "obs.csv:3");
        assert_eq!(rows[1].period, Period::Month(YearMonth { year: 2019, month: 9 }));
        assert_eq!((rows[1].uncertainty, rows[1].sd), (Uncertainty::Absolute(0.1), 0.1));
        assert_eq!(rows[1].origin, "obs.csv:6");
        assert_eq!(rows[2].period, Period::Quarter(2024, 3));
    }

    #[test]
    fn columns_in_any_order_and_an_optional_note() {
        let text = "source,value,variable,period,uncertainty,note\nPIIE,21.0,tariff_us,2019-09,0.1,list 4A\n";
        let rows = parse_text(text).unwrap();
        assert_eq!((rows[0].value, rows[0].note.as_str()), (21.0, "list 4A"));
    }

    #[test]
    fn each_bad_field_is_reported_at_its_line_and_column() {
        let text = format!(
            "{HEADER}2019-13,us_imports_from_cn,452.2,1%,Census\n2019,us_imports,452.2,1%,Census\n2019,tariff_us,abc,1%,PIIE\n2019,tariff_cn,21,,PIIE\n2019,tariff_cn,-3,0.1,\n"
        );
        let p = problems(&text);
        assert_eq!(
            p,
            [
                "obs.csv:2:1: `period`: `2019-13` is not a period (write a year (2019), a quarter (2024-Q3) or a month (2019-06))",
                "obs.csv:3:6: `variable`: unknown state variable `us_imports` (did you mean `us_imports_from_cn`? state variables: tariff_us, tariff_cn, tech_controls_us, tech_controls_cn, tension, cooperation, us_imports_from_cn, us_exports_to_cn, cn_self_reliance, us_price_effect, gdp_us, gdp_cn, us_tariff_revenue, us_deadweight_loss)",
                "obs.csv:4:16: `value`: `abc` is not a finite number",
                "obs.csv:5:19: `uncertainty`: missing uncertainty: no measurement is exact (one standard deviation: in the variable's unit (0.1) or as a percentage of the value (±1%); at least the rounding of the published figure)",
                "obs.csv:6:16: `value`: -3 is outside the range of tariff_cn (0 to inf) (tariff_cn is measured in %)",
                "obs.csv:6:23: `source`: missing source (every observation cites where it comes from, e.g. \"US Census, 2019 annual\")",
            ]
        );
    }

    #[test]
    fn rejects_zero_and_negative_uncertainty() {
        let p = problems(&format!(
            "{HEADER}2019,tariff_us,21,0,PIIE\n2019,tariff_cn,0,5%,PIIE\n2018,tariff_cn,1,-1,PIIE\n"
        ));
        assert_eq!(p.len(), 3, "{p:?}");
        assert!(p[0].contains("must be positive, got 0"), "{}", p[0]);
        assert!(p[1].contains("must be positive, got 5% of 0"), "{}", p[1]);
    }

    #[test]
    fn header_problems_name_the_columns() {
        let p = problems("period,variabel,value,uncertainty,source,extra\n");
        assert_eq!(p.len(), 3, "{p:?}");
        assert!(
            p[0].starts_with("obs.csv:1:8: `variabel`: unknown column `variabel` (did you mean `variable`?"),
            "{}",
            p[0]
        );
        assert!(p[1].contains("unknown column `extra`"), "{}", p[1]);
        assert!(p[2].contains("the header lacks column variable"), "{}", p[2]);
        assert!(problems("")[0].contains("no header line"));
        assert!(problems("# only a comment\n")[0].contains("no header line"));
    }

    #[test]
    fn a_row_with_too_many_fields_suggests_quoting() {
        let p = problems(&format!("{HEADER}2019,us_imports_from_cn,452.2,1%,US Census, 2019\n"));
        assert_eq!(
            p,
            ["obs.csv:2:1: 6 fields, but the header has 5 (quote a field that contains a comma: \"US Census, 2019\")"]
        );
    }

    #[test]
    fn the_same_period_and_variable_twice_is_refused_across_files() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.csv");
        let b = dir.path().join("b.csv");
        std::fs::write(&a, format!("{HEADER}2019,tariff_us,21,0.1,PIIE\n")).unwrap();
        std::fs::write(&b, format!("{HEADER}2018,tariff_us,12,0.1,PIIE\n2019,tariff_us,21,0.1,PIIE\n")).unwrap();
        let Err(Error::Scenario(ds)) = load_all(&[a.clone(), b.clone()], &Selection::default()) else { panic!() };
        assert_eq!(ds.len(), 1);
        let d = ds[0].to_string();
        assert!(d.contains("b.csv:3:1: `period`: tariff_us 2019 is observed twice"), "{d}");
        assert!(d.contains("a.csv:2"), "{d}");
        let all = load_all(&[b], &Selection::default()).unwrap();
        assert_eq!(all.rows.len(), 2);
        assert_eq!(all.files[0].rows, 2);
    }

    #[test]
    fn a_missing_file_is_invalid_input() {
        let e = load_all(&[PathBuf::from("no/such.csv")], &Selection::default()).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert_eq!(e.to_string(), "no/such.csv: cannot read observation file: no such file");
    }

    #[test]
    fn selection_keeps_variables_and_periods_inside_the_bounds() {
        let rows = parse_text(&format!(
            "{HEADER}2018,tariff_us,12,0.1,PIIE\n2019-Q4,tariff_us,21,0.1,PIIE\n2020,tariff_us,19,0.1,PIIE\n2019,tariff_cn,21,0.1,PIIE\n"
        ))
        .unwrap();
        let s = Selection {
            variables: vec![Var::TariffUs],
            from: Selection::bound("2019", false),
            to: Selection::bound("2019", true),
        };
        let kept: Vec<String> = rows.iter().filter(|o| s.keeps(o)).map(Observation::label).collect();
        assert_eq!(kept, ["tariff_us 2019-Q4"]);
    }

    #[test]
    fn shipped_data_files_load_with_every_row() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/observed");
        let paths = [dir.join("piie_tariffs.csv"), dir.join("census_trade.csv")];
        let all = load_all(&paths, &Selection::default()).unwrap();
        assert_eq!(all.files.iter().map(|f| f.rows).collect::<Vec<_>>(), [32, 26]);
        let find = |label: &str| all.rows.iter().find(|o| o.label() == label).unwrap();
        let imports = find("us_imports_from_cn 2019");
        assert_eq!((imports.value, imports.uncertainty), (452.2, Uncertainty::Percent(1.0)));
        assert_eq!(find("tariff_cn 2018-07").value, 10.1, "end-of-month level");
        assert_eq!(find("us_imports_from_cn 2024-Q3").value, 494.4, "quarter total 123.6 × 4");
        assert!(all.rows.iter().all(|o| !o.source.is_empty() && o.sd > 0.0));
    }
}
