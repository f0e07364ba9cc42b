//! Words for probabilities: the ICD 203 scale (US Office of the Director of National
//! Intelligence, Intelligence Community Directive 203, "Analytic Standards", 2015), so that
//! "likely" means the same in every briefing.

/// (upper bound, term): a probability below the bound (and at or above the previous one) gets
/// the term.
pub const TERMS: [(f64, &str); 7] = [
    (0.05, "almost no chance"),
    (0.20, "very unlikely"),
    (0.45, "unlikely"),
    (0.55, "roughly even chance"),
    (0.80, "likely"),
    (0.95, "very likely"),
    (f64::INFINITY, "almost certain"),
];

/// The ICD 203 term for probability `p`.
pub fn term(p: f64) -> &'static str {
    TERMS.iter().find(|(hi, _)| p < *hi).map_or("almost certain", |(_, t)| t)
}

/// The scale as rows "term: range", for the briefing's method section.
pub fn legend() -> Vec<(String, &'static str)> {
    let mut lo = 0.0;
    TERMS
        .iter()
        .map(|&(hi, t)| {
            let range = if hi.is_finite() {
                format!("{:.0}–{:.0}%", lo * 100.0, hi * 100.0)
            } else {
                format!("{:.0}–100%", lo * 100.0)
            };
            lo = hi;
            (range, t)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icd_203_bands() {
        assert_eq!(term(0.01), "almost no chance");
        assert_eq!(term(0.10), "very unlikely");
        assert_eq!(term(0.30), "unlikely");
        assert_eq!(term(0.50), "roughly even chance");
        assert_eq!(term(0.62), "likely");
        assert_eq!(term(0.90), "very likely");
        assert_eq!(term(0.99), "almost certain");
        assert_eq!(legend()[4], ("55–80%".to_string(), "likely"));
    }
}
