//! Number formatting for readers: thousands separators and percentages without false precision.

/// 1234567 → "1,234,567".
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A probability as a percentage for text: "62%", "<1%" or ">99%".
pub fn percent(p: f64) -> String {
    let pct = p * 100.0;
    if pct > 0.0 && pct < 0.5 {
        "<1%".to_string()
    } else if pct < 100.0 && pct > 99.5 {
        ">99%".to_string()
    } else {
        format!("{pct:.0}%")
    }
}

/// Whole percentages of shares that add to 1 (the pathways of a scenario), rounded so that the
/// printed numbers add to 100: each share gets its floor, and the points still missing go to the
/// largest remainders (Hamilton's largest-remainder method; ties to the earlier share). A share
/// above 0 that gets 0 reads "<1%", a share below 1 that gets 100 reads ">99%". Shares that do
/// not add to 1 (or are not finite) are rounded one by one, as [`percent`] does.
pub fn percents_adding_to_100(ps: &[f64]) -> Vec<String> {
    let total: f64 = ps.iter().sum();
    if ps.is_empty() || !total.is_finite() || (total - 1.0).abs() > 1e-9 || ps.iter().any(|p| *p < 0.0) {
        return ps.iter().map(|&p| percent(p)).collect();
    }
    let mut whole: Vec<u64> = ps.iter().map(|p| (p * 100.0).floor() as u64).collect();
    let missing = 100u64.saturating_sub(whole.iter().sum());
    let mut order: Vec<usize> = (0..ps.len()).collect();
    // Largest remainder first; a stable sort keeps ties in their order.
    order.sort_by(|&a, &b| (ps[b] * 100.0 - whole[b] as f64).total_cmp(&(ps[a] * 100.0 - whole[a] as f64)));
    for &i in order.iter().take(missing as usize) {
        whole[i] += 1;
    }
    ps.iter()
        .zip(whole)
        .map(|(&p, w)| match w {
            0 if p > 0.0 => "<1%".to_string(),
            100 if p < 1.0 => ">99%".to_string(),
            w => format!("{w}%"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn percent_has_no_false_precision() {
        assert_eq!(percent(0.623), "62%");
        assert_eq!(percent(0.001), "<1%");
        assert_eq!(percent(0.999), ">99%");
        assert_eq!(percent(0.0), "0%");
        assert_eq!(percent(1.0), "100%");
    }

    #[test]
    fn rounded_shares_add_to_100() {
        // Rounded one by one these read 33% three times (99%).
        assert_eq!(percents_adding_to_100(&[1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0]), ["34%", "33%", "33%"]);
        let ps = [0.486, 0.274, 0.216, 0.024];
        let shown = percents_adding_to_100(&ps);
        let sum: u32 = shown.iter().map(|s| s.trim_end_matches('%').parse::<u32>().unwrap()).sum();
        assert_eq!(sum, 100, "{shown:?}");
        let ps = [0.455, 0.455, 0.09];
        assert_eq!(ps.iter().map(|&p| percent(p)).collect::<Vec<_>>(), ["46%", "46%", "9%"], "one by one: 101");
        assert_eq!(percents_adding_to_100(&ps), ["46%", "45%", "9%"]);
        assert_eq!(percents_adding_to_100(&[0.997, 0.003]), [">99%", "<1%"]);
        assert_eq!(percents_adding_to_100(&[0.5, 0.2]), ["50%", "20%"], "not shares of one whole");
    }
}
