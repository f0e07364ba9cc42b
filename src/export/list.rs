//! What `pathways list` prints: the presets with their parameters, the state variables and the distributions.

use crate::model::action::{Action, SET_ACTIONS};
use crate::model::policy::{PARAM_NAMES, PRESETS};
use crate::model::vars::VARS;
use crate::sampling::dist::DIST_NAMES;
use std::fmt::Write;

pub fn listing() -> String {
    let mut s = String::new();
    let _ = writeln!(s, "Policy presets (use as agents.us.policy / agents.china.policy; override any parameter):\n");
    let _ = write!(s, "{:<24}", "parameter");
    for p in &PRESETS {
        let _ = write!(s, "{:>11}", abbreviate(p.name));
    }
    let _ = writeln!(s);
    for name in PARAM_NAMES {
        let _ = write!(s, "{name:<24}");
        for p in &PRESETS {
            let _ = write!(s, "{:>11}", p.policy.get(name).map_or(String::new(), |v| format!("{v}")));
        }
        let _ = writeln!(s);
    }
    let _ = writeln!(s);
    for p in &PRESETS {
        let _ = writeln!(s, "  {:<22} {}", p.name, p.summary);
    }
    let _ = writeln!(s, "\nState variables:\n");
    for v in &VARS {
        let _ = writeln!(s, "  {:<20} {} ({})", v.key, v.display, v.unit);
    }
    let _ = writeln!(s, "\nActions: {}", Action::ALL.map(|a| a.key()).join(", "));
    let _ = writeln!(s, "Timeline-only actions: {}", SET_ACTIONS.join(", "));
    let _ = writeln!(s, "\nDistributions (dist = ...):");
    for d in DIST_NAMES {
        let _ = writeln!(s, "  {d:<11} {}", dist_fields(d));
    }
    s
}

fn abbreviate(name: &str) -> String {
    name.split('_').map(|w| &w[..w.len().min(4)]).collect::<Vec<_>>().join("_").chars().take(10).collect()
}

fn dist_fields(d: &str) -> &'static str {
    match d {
        "uniform" => "min, max",
        "normal" => "mean, sd, optional min and max (truncation)",
        "lognormal" => "mu, sigma (of the underlying normal), optional min/max truncation",
        "triangular" => "min, mode, max",
        "pert" => "min, mode, max (Beta-PERT, shape 4)",
        "beta" => "alpha, beta, optional min and max (default 0 and 1)",
        "discrete" => "values, optional weights",
        _ => "",
    }
}
