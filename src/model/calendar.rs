//! Calendar months: the scenario's `start` ("2025-01") and month arithmetic for labels.

use serde::{Serialize, Serializer};
use std::fmt;

/// A calendar month, e.g. January 2025.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    pub year: i32,
    /// 1–12.
    pub month: u32,
}

const MONTH_ABBR: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

impl YearMonth {
    /// Parses "YYYY-MM".
    pub fn parse(s: &str) -> Option<YearMonth> {
        let (y, m) = s.split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        let year: i32 = y.parse().ok()?;
        let month: u32 = m.parse().ok()?;
        (1..=12).contains(&month).then_some(YearMonth { year, month })
    }

    /// The month `n` months after this one.
    pub fn plus(self, n: u32) -> YearMonth {
        let idx = self.year * 12 + (self.month as i32 - 1) + n as i32;
        YearMonth { year: idx.div_euclid(12), month: idx.rem_euclid(12) as u32 + 1 }
    }

    /// Short label for chart axes: "Jan 2026".
    pub fn label(self) -> String {
        format!("{} {}", MONTH_ABBR[(self.month - 1) as usize], self.year)
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for YearMonth {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_months_across_years() {
        let jan = YearMonth::parse("2025-01").unwrap();
        assert_eq!(jan.plus(48).to_string(), "2029-01");
        assert_eq!(jan.plus(11).label(), "Dec 2025");
        assert_eq!(YearMonth::parse("2025-13"), None);
        assert_eq!(YearMonth::parse("25-01"), None);
    }
}
