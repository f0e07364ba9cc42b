//! Observation periods: a year (`2019`), a quarter (`2024-Q3`) or a month (`2019-06`), and the
//! calendar months each one covers.

use crate::model::calendar::YearMonth;
use std::fmt;

/// The calendar span an observation refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Year(i32),
    /// Year and quarter 1–4.
    Quarter(i32, u32),
    Month(YearMonth),
}

impl Period {
    /// Parses `YYYY`, `YYYY-Qn` (n = 1–4, `q` accepted) or `YYYY-MM`.
    pub fn parse(s: &str) -> Option<Period> {
        let s = s.trim();
        let year = |y: &str| (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit())).then(|| y.parse::<i32>().ok())?;
        match s.split_once('-') {
            None => year(s).map(Period::Year),
            Some((y, q)) if q.starts_with(['Q', 'q']) => {
                let n: u32 = q[1..].parse().ok().filter(|n| (1..=4).contains(n) && q.len() == 2)?;
                Some(Period::Quarter(year(y)?, n))
            }
            Some(_) => YearMonth::parse(s).map(Period::Month),
        }
    }

    /// The first calendar month of the period.
    pub fn first(self) -> YearMonth {
        match self {
            Period::Year(y) => YearMonth { year: y, month: 1 },
            Period::Quarter(y, q) => YearMonth { year: y, month: 3 * (q - 1) + 1 },
            Period::Month(m) => m,
        }
    }

    /// How many calendar months the period covers (12, 3 or 1).
    pub fn months(self) -> u32 {
        match self {
            Period::Year(_) => 12,
            Period::Quarter(..) => 3,
            Period::Month(_) => 1,
        }
    }

    /// The last calendar month of the period.
    pub fn last(self) -> YearMonth {
        self.first().plus(self.months() - 1)
    }

    /// The model months (counted from `start`, 0 = the start month) the period covers, if the
    /// whole period lies within months `0..=horizon`.
    pub fn months_from(self, start: YearMonth, horizon: u32) -> Option<(u32, u32)> {
        let first = months_between(start, self.first())?;
        let last = first + self.months() - 1;
        (last <= horizon).then_some((first, last))
    }
}

/// Months from `a` to `b`, if `b` is not before `a`.
pub fn months_between(a: YearMonth, b: YearMonth) -> Option<u32> {
    let d = (b.year - a.year) * 12 + b.month as i32 - a.month as i32;
    u32::try_from(d).ok()
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Year(y) => write!(f, "{y:04}"),
            Period::Quarter(y, q) => write!(f, "{y:04}-Q{q}"),
            Period::Month(m) => write!(f, "{m}"),
        }
    }
}

impl serde::Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(s: &str) -> YearMonth {
        YearMonth::parse(s).unwrap()
    }

    #[test]
    fn parses_years_quarters_and_months() {
        assert_eq!(Period::parse("2019"), Some(Period::Year(2019)));
        assert_eq!(Period::parse("2024-Q3"), Some(Period::Quarter(2024, 3)));
        assert_eq!(Period::parse("2024-q1"), Some(Period::Quarter(2024, 1)));
        assert_eq!(Period::parse("2019-06"), Some(Period::Month(ym("2019-06"))));
        for bad in ["19", "2019-Q5", "2019-Q0", "2019-13", "2019-6", "2019-Q12", "20190", "", "2019-06-01"] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
        for s in ["2019", "2024-Q3", "2019-06"] {
            assert_eq!(Period::parse(s).unwrap().to_string(), s);
        }
    }

    #[test]
    fn covers_its_calendar_months() {
        let q = Period::Quarter(2024, 3);
        assert_eq!((q.first(), q.last()), (ym("2024-07"), ym("2024-09")));
        let y = Period::Year(2019);
        assert_eq!((y.first(), y.last()), (ym("2019-01"), ym("2019-12")));
    }

    #[test]
    fn maps_to_model_months_only_when_inside_the_scenario() {
        let start = ym("2018-01");
        assert_eq!(Period::Year(2019).months_from(start, 24), Some((12, 23)));
        assert_eq!(Period::Year(2018).months_from(start, 24), Some((0, 11)));
        assert_eq!(Period::Month(ym("2020-01")).months_from(start, 24), Some((24, 24)));
        assert_eq!(Period::Year(2020).months_from(start, 24), None, "runs past the horizon");
        assert_eq!(Period::Year(2017).months_from(start, 24), None, "before the start");
        assert_eq!(Period::Quarter(2018, 1).months_from(ym("2018-02"), 24), None, "starts before the start");
    }
}
