//! Axes and numbers: calendar-month ticks, "nice" numeric ticks, and the formatting of values,
//! units and probabilities in labels.

use crate::model::calendar::YearMonth;
use crate::model::vars::VarInfo;

/// A month on a calendar axis shared by all scenarios: months since January of year 0.
pub fn month_index(ym: YearMonth) -> i64 {
    ym.year as i64 * 12 + (ym.month as i64 - 1)
}

/// "Jan 2026" for a [`month_index`].
pub fn month_label(index: i64) -> String {
    YearMonth { year: index.div_euclid(12) as i32, month: index.rem_euclid(12) as u32 + 1 }.label()
}

/// The [`month_label`] of an axis value (months are whole numbers on the axis).
pub fn month_tick_label(x: &f64) -> String {
    month_label(x.round() as i64)
}

/// Month ticks from `first` to `last` ([`month_index`] values): at most `max` of them, every
/// 1, 2, 3, 6 or 12 months or whole years, aligned so that January is always a tick.
pub fn month_ticks(first: i64, last: i64, max: usize) -> Vec<f64> {
    const STEPS: [i64; 9] = [1, 2, 3, 6, 12, 24, 36, 60, 120];
    let max = max.max(2);
    let ticks =
        |step: i64| -> Vec<f64> { (first..=last).filter(|m| m.rem_euclid(step) == 0).map(|m| m as f64).collect() };
    for step in STEPS {
        let t = ticks(step);
        if t.len() <= max && !t.is_empty() {
            return t;
        }
    }
    vec![first as f64]
}

/// Evenly spaced ticks and the axis range they span.
#[derive(Debug, Clone, PartialEq)]
pub struct Ticks {
    pub values: Vec<f64>,
    /// Decimals that show every tick exactly.
    pub decimals: usize,
    pub lo: f64,
    pub hi: f64,
}

impl Ticks {
    #[cfg(test)]
    pub fn labels(&self) -> Vec<String> {
        self.values.iter().map(|v| fixed(*v, self.decimals)).collect()
    }
}

/// Widens `[lo, hi]` to multiples of a 1–2–2.5–5 step so that at most `max` ticks fall on it.
/// A zero-width range is widened around its value first.
pub fn nice_ticks(lo: f64, hi: f64, max: usize) -> Ticks {
    let (mut lo, mut hi) = if lo.is_finite() && hi.is_finite() { (lo.min(hi), lo.max(hi)) } else { (0.0, 1.0) };
    if hi - lo < 1e-12 {
        let pad = if lo.abs() > 1e-9 { lo.abs() * 0.1 } else { 0.5 };
        lo -= pad;
        hi += pad;
    }
    let max = max.max(2);
    let raw = (hi - lo) / (max - 1) as f64;
    let mut mag = 10f64.powf(raw.log10().floor());
    loop {
        for m in [1.0, 2.0, 2.5, 5.0] {
            let step = m * mag;
            // The tolerance pulls towards the range, so 0.0 stays the lowest tick of [0, x].
            let nlo = (lo / step + 1e-9).floor() * step;
            let nhi = (hi / step - 1e-9).ceil() * step;
            let count = ((nhi - nlo) / step).round() as usize + 1;
            if count <= max {
                let decimals = decimals_of(step);
                let values = (0..count).map(|i| round_to(nlo + i as f64 * step, decimals)).collect();
                return Ticks { values, decimals, lo: round_to(nlo, decimals), hi: round_to(nhi, decimals) };
            }
        }
        mag *= 10.0;
    }
}

/// `v` rounded to `decimals` (so 3 × 0.2 is 0.6, and −0 is 0).
fn round_to(v: f64, decimals: usize) -> f64 {
    let k = 10f64.powi(decimals as i32);
    let r = (v * k).round() / k;
    if r == 0.0 { 0.0 } else { r }
}

/// Decimals needed to write multiples of `step` exactly (0.25 → 2, 5 → 0).
fn decimals_of(step: f64) -> usize {
    (0..6)
        .find(|&d| {
            let scaled = step * 10f64.powi(d as i32);
            (scaled - scaled.round()).abs() < 1e-6 * scaled.max(1.0)
        })
        .unwrap_or(6)
}

/// The minus sign charts print (U+2212, as wide as a plus; a hyphen looks lost before digits).
pub const MINUS: char = '−';

/// `v` with `decimals` digits, never "−0", thousands grouped when whole and large.
pub fn fixed(v: f64, decimals: usize) -> String {
    let s = format!("{:.decimals$}", v.abs());
    let zero = s.chars().all(|c| c == '0' || c == '.');
    let digits =
        if decimals == 0 && v.abs() >= 10_000.0 { crate::numbers::thousands(v.abs().round() as u64) } else { s };
    if v < 0.0 && !zero { format!("{MINUS}{digits}") } else { digits }
}

/// `v` with an explicit sign ("+4", "−3"); zero (after rounding) has none.
pub fn fixed_signed(v: f64, decimals: usize) -> String {
    let s = fixed(v, decimals);
    if s.starts_with(MINUS) || s.chars().all(|c| c == '0' || c == '.') { s } else { format!("+{s}") }
}

/// Decimals for showing values of a variable around `magnitude` to a reader.
pub fn value_decimals(info: &VarInfo, magnitude: f64) -> usize {
    if info.unit.starts_with("index") {
        2
    } else {
        match magnitude.abs() {
            m if m >= 100.0 => 0,
            m if m >= 10.0 => 1,
            _ => 2,
        }
    }
}

/// A number with the variable's unit for text: "23.4%", "$412 bn/yr", "0.42" for indices.
pub fn with_unit(number: &str, info: &VarInfo) -> String {
    let unit = info.unit;
    if unit.starts_with("index") {
        number.to_string()
    } else if unit.starts_with('%') {
        // "0.4%", not "0.4% change": the axis label carries the full unit.
        format!("{number}%")
    } else if let Some(rest) = unit.strip_prefix("$ ") {
        match number.strip_prefix(MINUS) {
            Some(abs) => format!("{MINUS}${abs} {rest}"),
            None => format!("${number} {rest}"),
        }
    } else {
        format!("{number} {unit}")
    }
}

/// Several values of one variable with a common number of decimals and the unit.
pub fn values_with_unit(values: &[f64], info: &VarInfo) -> Vec<String> {
    let magnitude = values.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let d = value_decimals(info, magnitude);
    values.iter().map(|v| with_unit(&fixed(*v, d), info)).collect()
}

/// A 95% interval of a probability for text: "60–64%", or "0.2–1.5%" below 10%.
pub fn ci_text(lo: f64, hi: f64) -> String {
    let d = if hi < 0.1 { 1 } else { 0 };
    format!("{}–{}%", fixed(lo * 100.0, d), fixed(hi * 100.0, d))
}

/// A pathway name for readers: "trade_war" → "Trade war"; names with spaces keep their case
/// after the first letter.
pub fn display_name(name: &str) -> String {
    let spaced = name.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// An uncertain parameter's dotted key as readers name it: `agents.us.aggression` → "US
/// aggression", `economy.import_elasticity` → "Import elasticity",
/// `events.leaders_summit.probability` → "Leaders summit probability", `initial.tariff_us` →
/// "Initial US tariff on Chinese goods". Keys of another shape read as their words.
pub fn parameter_name(key: &str) -> String {
    let words = |s: &str| s.replace('_', " ");
    let parts: Vec<&str> = key.split('.').collect();
    let named = match parts.as_slice() {
        ["agents", "us", p] => format!("US {}", words(p)),
        ["agents", "china", p] => format!("China {}", words(p)),
        ["agents", actor, p] => format!("{} {}", words(actor), words(p)),
        ["economy", p] => words(p),
        ["initial", v] => match crate::model::vars::Var::from_key(v) {
            Some(var) => format!("initial {}", var.info().display),
            None => format!("initial {}", words(v)),
        },
        ["events" | "timeline" | "pathways", name, field] => format!("{} {}", words(name), words(field)),
        _ => words(key),
    };
    display_name(&named)
}

/// How many tick labels of about `label_px` pixels fit along `axis_px` pixels without crowding.
pub fn max_ticks(axis_px: u32, label_px: u32) -> usize {
    (axis_px as f64 / (label_px.max(1) as f64 * 1.6)).floor().max(2.0) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::vars::Var;

    #[test]
    fn month_labels_round_trip() {
        let jan = YearMonth { year: 2026, month: 1 };
        assert_eq!(month_label(month_index(jan)), "Jan 2026");
        assert_eq!(month_label(month_index(jan) + 13), "Feb 2027");
        assert_eq!(month_tick_label(&(month_index(jan) as f64 - 1.0)), "Dec 2025");
    }

    #[test]
    fn month_ticks_align_to_january_and_respect_the_limit() {
        let jan26 = month_index(YearMonth { year: 2026, month: 1 });
        let t = month_ticks(jan26, jan26 + 48, 9);
        assert_eq!(t.len(), 9, "every six months");
        assert_eq!(month_tick_label(&t[1]), "Jul 2026");
        let t = month_ticks(jan26, jan26 + 48, 6);
        assert_eq!(
            t.iter().map(month_tick_label).collect::<Vec<_>>(),
            ["Jan 2026", "Jan 2027", "Jan 2028", "Jan 2029", "Jan 2030"]
        );
        let t = month_ticks(jan26 + 2, jan26 + 4, 8);
        assert_eq!(t.len(), 3, "short horizons tick every month");
        assert!(month_ticks(jan26, jan26 + 1200, 5).len() <= 5);
    }

    #[test]
    fn nice_ticks_cover_the_range_with_round_steps() {
        let t = nice_ticks(3.2, 47.9, 8);
        assert_eq!(t.values, [0.0, 10.0, 20.0, 30.0, 40.0, 50.0]);
        assert_eq!((t.lo, t.hi, t.decimals), (0.0, 50.0, 0));
        let t = nice_ticks(0.12, 0.83, 8);
        assert!(t.lo <= 0.12 && t.hi >= 0.83 && t.values.len() <= 8);
        assert_eq!(t.decimals, 1);
        assert_eq!(nice_ticks(0.0, 1.0, 6).values, [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        let t = nice_ticks(-0.3, 0.2, 6);
        assert!(t.values.contains(&0.0), "{t:?}");
        assert!(t.labels().iter().all(|l| l != "−0" && l != "−0.0"));
        assert!(
            t.labels().contains(&"−0.3".to_string()) || t.labels().contains(&"−0.4".to_string()),
            "{:?}",
            t.labels()
        );
    }

    #[test]
    fn nice_ticks_widen_a_flat_range() {
        let t = nice_ticks(5.0, 5.0, 6);
        assert!(t.lo < 5.0 && t.hi > 5.0);
        let t = nice_ticks(0.0, 0.0, 6);
        assert!(t.lo < 0.0 && t.hi > 0.0);
    }

    #[test]
    fn pathway_keys_read_as_words() {
        assert_eq!(display_name("trade_war"), "Trade war");
        assert_eq!(display_name("Managed competition"), "Managed competition");
        assert_eq!(display_name("détente"), "Détente");
        assert_eq!(display_name(""), "");
    }

    #[test]
    fn parameter_keys_read_as_names() {
        assert_eq!(parameter_name("agents.us.aggression"), "US aggression");
        assert_eq!(parameter_name("agents.china.retaliation_scale"), "China retaliation scale");
        assert_eq!(parameter_name("economy.import_elasticity"), "Import elasticity");
        assert_eq!(parameter_name("events.leaders_summit.probability"), "Leaders summit probability");
        assert_eq!(parameter_name("initial.tariff_us"), "Initial US tariff on Chinese goods");
        assert_eq!(parameter_name("odd"), "Odd");
    }

    #[test]
    fn values_carry_units_the_way_readers_write_them() {
        assert_eq!(with_unit("23.4", Var::TariffUs.info()), "23.4%");
        assert_eq!(with_unit("412", Var::UsImportsFromCn.info()), "$412 bn/yr");
        assert_eq!(with_unit("0.42", Var::Tension.info()), "0.42");
        assert_eq!(with_unit("1.2", Var::UsPriceEffect.info()), "1.2%");
        assert_eq!(values_with_unit(&[5.0, 123.4], Var::UsImportsFromCn.info()), ["$5 bn/yr", "$123 bn/yr"]);
        assert_eq!(fixed(-0.0001, 2), "0.00");
        assert_eq!(fixed(-1.5, 1), "−1.5");
        assert_eq!(fixed(-12345.0, 0), "−12,345");
        assert_eq!(with_unit(&fixed(-3.0, 0), Var::UsImportsFromCn.info()), "−$3 bn/yr");
        assert_eq!(fixed(12345.0, 0), "12,345");
        assert_eq!(
            (fixed_signed(4.2, 0), fixed_signed(-3.0, 0), fixed_signed(0.2, 0)),
            ("+4".into(), "−3".into(), "0".into())
        );
        assert_eq!(ci_text(0.6012, 0.6433), "60–64%");
        assert_eq!(ci_text(0.002, 0.015), "0.2–1.5%");
    }
}
