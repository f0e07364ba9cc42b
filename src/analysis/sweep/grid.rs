//! Sweep grids: `KEY=START:STOP:COUNT` (evenly spaced, both ends included) or `KEY=A,B,C`, one
//! axis per parameter, at most two axes.

use crate::error::{Error, Result};

/// Most values one axis may take (a 2-D grid of 1,000 × 1,000 points is already a lot).
pub const MAX_VALUES: usize = 1000;

/// One swept parameter and its values, with the text each value is set as (`--set KEY=TEXT`).
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    pub key: String,
    pub values: Vec<f64>,
    /// TOML for each value: as written for lists; for ranges, integers when the range is written
    /// in integers and every step is whole (`1:12:12`), floats otherwise.
    pub texts: Vec<String>,
}

/// The grid: one or two axes; points in row-major order (the last axis varies fastest).
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub axes: Vec<Axis>,
}

impl Grid {
    /// Builds a grid from `KEY=GRID` arguments, checking there are one or two distinct keys.
    pub fn parse(params: &[String]) -> Result<Grid> {
        let axes = params.iter().map(|p| parse_param(p)).collect::<Result<Vec<_>>>()?;
        Grid::new(axes)
    }

    pub fn new(axes: Vec<Axis>) -> Result<Grid> {
        match axes.len() {
            0 => return Err(usage("a sweep needs a parameter: --param KEY=START:STOP:COUNT or --param KEY=A,B,C")),
            1 | 2 => {}
            n => return Err(usage(&format!("a sweep has one or two parameters, not {n}"))),
        }
        if axes.len() == 2 && axes[0].key == axes[1].key {
            return Err(usage(&format!("`{}` is swept twice; give each parameter once", axes[0].key)));
        }
        Ok(Grid { axes })
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.axes.iter().map(|a| a.values.len()).product()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Point `i`'s value index on each axis.
    pub fn point(&self, i: usize) -> Vec<usize> {
        let mut rest = i;
        let mut idx = vec![0; self.axes.len()];
        for (a, axis) in self.axes.iter().enumerate().rev() {
            idx[a] = rest % axis.values.len();
            rest /= axis.values.len();
        }
        idx
    }

    /// Point `i`'s overrides, `KEY=VALUE` per axis.
    pub fn sets(&self, i: usize) -> Vec<String> {
        self.point(i).iter().zip(&self.axes).map(|(&j, a)| format!("{}={}", a.key, a.texts[j])).collect()
    }
}

fn usage(msg: &str) -> Error {
    Error::Usage(format!("--param: {msg}"))
}

/// Parses `KEY=GRID`.
pub fn parse_param(arg: &str) -> Result<Axis> {
    let Some((key, grid)) = arg.split_once('=') else {
        return Err(usage(&format!("`{arg}` is not KEY=GRID, e.g. agents.us.aggression=0:0.6:7")));
    };
    let key = key.trim();
    if key.is_empty() {
        return Err(usage(&format!("`{arg}` has no key before `=`")));
    }
    parse_grid(key, grid.trim())
}

/// Parses a grid for `key`: `START:STOP:COUNT` or `A,B,C`.
pub fn parse_grid(key: &str, grid: &str) -> Result<Axis> {
    let bad = |msg: String| usage(&format!("`{key}={grid}`: {msg}"));
    if grid.is_empty() {
        return Err(bad("no values; use START:STOP:COUNT or A,B,C".into()));
    }
    let number = |s: &str| -> Result<f64> {
        let s = s.trim();
        match s.parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(x),
            _ => Err(bad(format!("`{s}` is not a number"))),
        }
    };
    let (values, texts) = if grid.contains(':') {
        let parts: Vec<&str> = grid.split(':').collect();
        let [start, stop, count] = parts[..] else {
            return Err(bad("a range is START:STOP:COUNT, e.g. 0:0.6:7".into()));
        };
        let (a, b) = (number(start)?, number(stop)?);
        let n: usize =
            count.trim().parse().map_err(|_| bad(format!("the count `{}` is not a whole number", count.trim())))?;
        if n < 2 {
            return Err(bad(format!("a range needs a count of at least 2, not {n} (for one value write it alone)")));
        }
        if n > MAX_VALUES {
            return Err(bad(format!("{n} values is more than the {MAX_VALUES} a sweep axis takes")));
        }
        if a == b {
            return Err(bad("the range starts and stops at the same value".into()));
        }
        let step = (b - a) / (n - 1) as f64;
        let integral = [start, stop].iter().all(|s| !s.contains(['.', 'e', 'E'])) && step.fract() == 0.0;
        let values: Vec<f64> = (0..n).map(|i| tidy(a + step * i as f64)).collect();
        let texts = values.iter().map(|&v| if integral { format!("{v:.0}") } else { float_text(v) }).collect();
        (values, texts)
    } else {
        let items: Vec<&str> = grid.split(',').map(str::trim).collect();
        if items.iter().any(|s| s.is_empty()) {
            return Err(bad("an empty value in the list".into()));
        }
        let values = items.iter().map(|s| number(s)).collect::<Result<Vec<_>>>()?;
        if values.len() > MAX_VALUES {
            return Err(bad(format!("{} values is more than the {MAX_VALUES} a sweep axis takes", values.len())));
        }
        for (i, v) in values.iter().enumerate() {
            if values[..i].contains(v) {
                return Err(bad(format!("{v} is listed twice")));
            }
        }
        (values, items.iter().map(|s| s.to_string()).collect())
    };
    Ok(Axis { key: key.to_string(), values, texts })
}

/// Rounds away the last bits of range arithmetic (0.1 × 3 = 0.30000000000000004 → 0.3).
fn tidy(x: f64) -> f64 {
    if x == 0.0 {
        return 0.0;
    }
    let digits = 12 - x.abs().log10().ceil() as i32;
    let f = 10f64.powi(digits.clamp(-300, 300));
    (x * f).round() / f
}

/// A float TOML reads as a float: `1.0`, not `1`.
fn float_text(v: f64) -> String {
    let s = v.to_string();
    if s.contains(['.', 'e', 'E', 'i', 'N']) { s } else { format!("{s}.0") }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(arg: &str) -> String {
        parse_param(arg).unwrap_err().to_string()
    }

    #[test]
    fn parses_a_range_with_both_ends() {
        let a = parse_param("agents.us.aggression=0:0.6:7").unwrap();
        assert_eq!(a.key, "agents.us.aggression");
        assert_eq!(a.values, vec![0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
        assert_eq!(a.texts[3], "0.3");
        assert_eq!(a.texts[0], "0.0");
    }

    #[test]
    fn integer_ranges_set_integers() {
        let a = parse_param("events.summit.month=1:12:12").unwrap();
        assert_eq!(a.texts, (1..=12).map(|m| m.to_string()).collect::<Vec<_>>());
        assert_eq!(parse_param("x=1:2:3").unwrap().texts, vec!["1.0", "1.5", "2.0"]);
    }

    #[test]
    fn parses_a_list_keeping_its_text() {
        let a = parse_param("economy.import_elasticity=1.5, 2.5,3.5").unwrap();
        assert_eq!(a.values, vec![1.5, 2.5, 3.5]);
        assert_eq!(a.texts, vec!["1.5", "2.5", "3.5"]);
        assert_eq!(parse_param("x=0.2").unwrap().values, vec![0.2]);
    }

    #[test]
    fn rejects_bad_grids_saying_why() {
        assert!(err("agents.us.aggression").contains("not KEY=GRID"));
        assert!(err("=0:1:3").contains("no key"));
        assert!(err("x=").contains("no values"));
        assert!(err("x=0:1").contains("START:STOP:COUNT"));
        assert!(err("x=0:1:2:3").contains("START:STOP:COUNT"));
        assert!(err("x=0:1:1").contains("at least 2"));
        assert!(err("x=0:1:2.5").contains("not a whole number"));
        assert!(err("x=0:1:100000").contains("more than"));
        assert!(err("x=a:1:3").contains("`a` is not a number"));
        assert!(err("x=0:inf:3").contains("not a number"));
        assert!(err("x=1:1:3").contains("same value"));
        assert!(err("x=0.1,,0.2").contains("empty value"));
        assert!(err("x=0.1,0.1").contains("listed twice"));
        assert!(err("x=0.1,high").contains("`high` is not a number"));
    }

    #[test]
    fn a_grid_has_one_or_two_distinct_parameters() {
        let e =
            |ps: &[&str]| Grid::parse(&ps.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap_err().to_string();
        assert!(e(&[]).contains("needs a parameter"));
        assert!(e(&["a=1,2", "b=1,2", "c=1,2"]).contains("one or two"));
        assert!(e(&["a=1,2", "a=3,4"]).contains("swept twice"));
    }

    #[test]
    fn points_run_row_major() {
        let g = Grid::parse(&["a=1,2".to_string(), "b=0:1:3".to_string()]).unwrap();
        assert_eq!(g.len(), 6);
        assert_eq!(g.point(0), vec![0, 0]);
        assert_eq!(g.point(4), vec![1, 1]);
        assert_eq!(g.sets(5), vec!["a=2".to_string(), "b=1.0".to_string()]);
    }
}
