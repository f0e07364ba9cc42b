//! Semantic checks on a deserialized scenario: ranges, names and cross-references. Every problem
//! is reported (not just the first), each at the value's own location.

use crate::model::action::{Action, Actor, SET_ACTIONS};
use crate::model::calendar::YearMonth;
use crate::model::policy::{PARAM_NAMES, UNIT_PARAMS, preset, preset_names};
use crate::model::vars::Var;
use crate::scenario::diagnostic::{Diagnostic, did_you_mean};
use crate::scenario::dist::{DistSpec, Param};
use crate::scenario::load::LoadedScenario;

/// Stop collecting after this many problems: the rest are usually consequences.
const MAX_PROBLEMS: usize = 50;

/// Range rule for a numeric value.
#[derive(Clone, Copy)]
enum Range {
    /// A probability or 0–1 weight.
    Unit,
    NonNegative,
    Positive,
    /// Any finite number.
    Finite,
}

impl Range {
    fn bounds(self) -> (f64, f64, bool) {
        match self {
            Range::Unit => (0.0, 1.0, false),
            Range::NonNegative => (0.0, f64::INFINITY, false),
            Range::Positive => (0.0, f64::INFINITY, true),
            Range::Finite => (f64::NEG_INFINITY, f64::INFINITY, false),
        }
    }

    fn what(self) -> &'static str {
        match self {
            Range::Unit => "lie between 0 and 1",
            Range::NonNegative => "be zero or positive",
            Range::Positive => "be positive",
            Range::Finite => "be a finite number",
        }
    }

    fn contains(self, v: f64) -> bool {
        let (lo, hi, open) = self.bounds();
        v.is_finite() && v <= hi && if open { v > lo } else { v >= lo }
    }
}

struct Checker<'a> {
    s: &'a LoadedScenario,
    problems: Vec<Diagnostic>,
}

fn p(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|s| s.to_string()).collect()
}

impl Checker<'_> {
    fn report(&mut self, d: Diagnostic) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(d);
        }
    }

    fn error(&mut self, path: Vec<String>, message: String, help: Option<String>) {
        let mut d = self.s.diag(&path, message);
        d.help = help;
        self.report(d);
    }

    fn number(&mut self, path: Vec<String>, v: f64, range: Range) {
        if v.is_nan() || v.is_infinite() {
            self.error(path, format!("{v} is not allowed: use a finite number"), None);
        } else if !range.contains(v) {
            let help = match range {
                Range::Unit => Some("probabilities and 0–1 weights lie between 0 and 1".to_string()),
                _ => None,
            };
            self.error(path, format!("must {}, got {v}", range.what()), help);
        }
    }

    fn param(&mut self, path: Vec<String>, param: &Param, range: Range) {
        match param {
            Param::Const(v) => self.number(path, *v, range),
            Param::Dist(d) => {
                if let Err(m) = d.check() {
                    self.error(path, format!("invalid {} distribution: {m}", dist_name(d)), None);
                    return;
                }
                let (lo, hi) = support(d);
                let (rlo, rhi, _) = range.bounds();
                if lo < rlo || hi > rhi {
                    let help = if hi.is_infinite() || lo.is_infinite() {
                        "an unbounded distribution can leave the valid range: give `min` and `max` to truncate it, or use uniform, triangular, pert or beta".to_string()
                    } else {
                        format!("make the distribution's range [{lo}, {hi}] fit inside the valid range")
                    };
                    self.error(
                        path,
                        format!("values must {}, but this distribution reaches {lo}–{hi}", range.what()),
                        Some(help),
                    );
                }
            }
        }
    }
}

fn dist_name(d: &DistSpec) -> &'static str {
    match d {
        DistSpec::Uniform { .. } => "uniform",
        DistSpec::Normal { .. } => "normal",
        DistSpec::Lognormal { .. } => "lognormal",
        DistSpec::Triangular { .. } => "triangular",
        DistSpec::Pert { .. } => "pert",
        DistSpec::Beta { .. } => "beta",
        DistSpec::Discrete { .. } => "discrete",
    }
}

/// The smallest and largest values a distribution can produce.
fn support(d: &DistSpec) -> (f64, f64) {
    match d {
        DistSpec::Uniform { min, max } | DistSpec::Triangular { min, max, .. } | DistSpec::Pert { min, max, .. } => {
            (*min, *max)
        }
        DistSpec::Normal { min, max, .. } => (min.unwrap_or(f64::NEG_INFINITY), max.unwrap_or(f64::INFINITY)),
        DistSpec::Lognormal { .. } => (0.0, f64::INFINITY),
        DistSpec::Beta { min, max, .. } => (min.unwrap_or(0.0), max.unwrap_or(1.0)),
        DistSpec::Discrete { values, .. } => (
            values.iter().copied().fold(f64::INFINITY, f64::min),
            values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        ),
    }
}

/// The range rule of each economy parameter.
fn economy_range(name: &str) -> Range {
    match name {
        "trend_growth_imports" | "trend_growth_exports" => Range::Finite,
        "import_elasticity"
        | "export_elasticity"
        | "purchase_step"
        | "uncertainty_gdp_us"
        | "uncertainty_gdp_cn"
        | "tech_gdp_cn"
        | "supply_chain_price"
        | "tariff_floor_us"
        | "tariff_floor_cn"
        | "pass_through"
        | "tension_per_escalation"
        | "tension_per_tech"
        | "tension_per_deescalation"
        | "tension_per_engagement"
        | "tension_per_concession"
        | "cooperation_per_engagement"
        | "cooperation_per_concession"
        | "cooperation_per_escalation" => Range::NonNegative,
        "us_consumption_bn" | "us_gdp_bn" | "cn_gdp_bn" | "max_tariff" => Range::Positive,
        _ => Range::Unit,
    }
}

fn initial_range(v: Var) -> Range {
    if v.is_index() {
        Range::Unit
    } else if v.info().min == 0.0 {
        Range::NonNegative
    } else {
        Range::Finite
    }
}

/// The months a scenario may span.
const HORIZON: std::ops::RangeInclusive<u32> = 1..=600;

/// The range rule of a numeric key, as `(minimum, maximum, minimum excluded)`, for the JSON
/// Schema: `section` is `scenario`, `simulation`, `initial`, `agents`, `economy` or `events`.
/// `None` for keys without a rule (or not numeric).
pub fn range_of(section: &str, key: &str) -> Option<(f64, f64, bool)> {
    let range = match (section, key) {
        ("scenario", "horizon_months") => return Some((*HORIZON.start() as f64, *HORIZON.end() as f64, false)),
        ("simulation", "runs") => return Some((1.0, u32::MAX as f64, false)),
        ("initial", k) => initial_range(Var::from_key(k)?),
        ("agents", k) if PARAM_NAMES.contains(&k) => policy_range(k),
        ("economy", k) => economy_range(k),
        ("events", "probability") => Range::Unit,
        _ => return None,
    };
    Some(range.bounds())
}

fn policy_range(name: &str) -> Range {
    match name {
        "pain_tolerance" | "tariff_step" => Range::Positive,
        "retaliation_scale" => Range::NonNegative,
        n if UNIT_PARAMS.contains(&n) => Range::Unit,
        _ => Range::Finite,
    }
}

/// Checks everything; an empty list means the scenario is valid.
pub fn validate(s: &LoadedScenario) -> Vec<Diagnostic> {
    let mut c = Checker { s, problems: Vec::new() };
    let f = &s.file;

    // The name is free text (its output folder is derived from it, see export::folder); it is
    // shown in charts and tables, so it must be a visible line of text.
    let name = &f.scenario.name;
    if name.trim().is_empty() || name.chars().any(char::is_control) || name.chars().count() > 200 {
        c.error(
            p(&["scenario", "name"]),
            "the scenario name must be one line of visible text, at most 200 characters".to_string(),
            Some("any language and punctuation, e.g. \"Renewed tariffs\" or \"中美合作\"".into()),
        );
    }
    if YearMonth::parse(&f.scenario.start).is_none() {
        c.error(
            p(&["scenario", "start"]),
            format!("`{}` is not a month", f.scenario.start),
            Some("write the month as YYYY-MM, e.g. 2025-01".into()),
        );
    }
    let horizon = f.scenario.horizon_months;
    if !HORIZON.contains(&horizon) {
        let (lo, hi) = (HORIZON.start(), HORIZON.end());
        c.error(
            p(&["scenario", "horizon_months"]),
            format!("must be between {lo} and {hi} months, got {horizon}"),
            None,
        );
    }
    if f.simulation.runs == 0 || f.simulation.runs > u32::MAX as u64 {
        c.error(
            p(&["simulation", "runs"]),
            format!("must be between 1 and {}, got {}", u32::MAX, f.simulation.runs),
            None,
        );
    }

    let init = f.initial.to_state();
    for (v, value) in crate::model::vars::ALL_VARS.iter().zip(init) {
        c.number(p(&["initial", v.info().key]), value, initial_range(*v));
    }

    for actor in Actor::ALL {
        let spec = if actor == Actor::Us { &f.agents.us } else { &f.agents.china };
        if preset(&spec.policy).is_none() {
            let help = match did_you_mean(&spec.policy, preset_names()) {
                Some(s) => format!("did you mean `{s}`? valid presets: {}", preset_names().join(", ")),
                None => format!("valid presets: {}", preset_names().join(", ")),
            };
            c.error(p(&["agents", actor.key(), "policy"]), format!("unknown preset `{}`", spec.policy), Some(help));
        }
        for (name, param) in crate::model::params::agent_overrides(spec) {
            c.param(p(&["agents", actor.key(), name]), param, policy_range(name));
        }
    }
    debug_assert_eq!(PARAM_NAMES.len(), 13);

    f.economy.map(|name, param| c.param(p(&["economy", name]), param, economy_range(name)));
    if let (Param::Const(floor), Param::Const(max)) = (&f.economy.tariff_floor_us, &f.economy.max_tariff)
        && floor > max
    {
        c.error(
            p(&["economy", "max_tariff"]),
            format!("must be at least the US tariff floor ({floor}), got {max}"),
            None,
        );
    }

    check_events(&mut c, horizon);
    check_timeline(&mut c, horizon);
    check_pathways(&mut c);
    // Correlations name compiled uncertain parameters: check them once the rest is sound.
    if c.problems.is_empty() {
        c.problems.extend(crate::uncertainty::correlation::diagnostics(s));
    }
    c.problems
}

fn unknown_var_help(key: &str) -> String {
    match did_you_mean(key, Var::keys()) {
        Some(s) => format!("did you mean `{s}`? state variables: {}", Var::keys().join(", ")),
        None => format!("state variables: {}", Var::keys().join(", ")),
    }
}

fn action_help(key: &str, extra: &[&str]) -> String {
    let mut all: Vec<&str> = Action::ALL.iter().map(|a| a.key()).collect();
    all.extend_from_slice(extra);
    match did_you_mean(key, all.iter().copied()) {
        Some(s) => format!("did you mean `{s}`? valid actions: {}", all.join(", ")),
        None => format!("valid actions: {}", all.join(", ")),
    }
}

fn duplicate_names<'a>(c: &mut Checker, section: &str, names: impl Iterator<Item = &'a str>) {
    let mut seen: Vec<&str> = Vec::new();
    for (i, name) in names.enumerate() {
        let i = i.to_string();
        if name.is_empty() {
            c.error(p(&[section, &i, "name"]), "name must not be empty".into(), None);
        } else if seen.contains(&name) {
            c.error(
                p(&[section, &i, "name"]),
                format!("a second entry is named `{name}`"),
                Some("names must be unique within a section".into()),
            );
        }
        seen.push(name);
    }
}

fn check_events(c: &mut Checker, horizon: u32) {
    let events = &c.s.file.events;
    duplicate_names(c, "events", events.iter().map(|e| e.name.as_str()));
    for (i, e) in events.iter().enumerate() {
        let i = i.to_string();
        match (&e.probability, e.month) {
            (Some(prob), None) => c.param(p(&["events", &i, "probability"]), prob, Range::Unit),
            (None, Some(m)) => {
                if m == 0 || m > horizon {
                    c.error(
                        p(&["events", &i, "month"]),
                        format!("month {m} is outside the scenario (1–{horizon})"),
                        None,
                    );
                }
            }
            (Some(_), Some(_)) => {
                c.error(p(&["events", &i, "month"]), "give either `probability` or `month`, not both".into(), None)
            }
            (None, None) => {
                c.error(p(&["events", &i]), "an event needs `probability` (per month) or a fixed `month`".into(), None)
            }
        }
        if let Some([a, b]) = e.window
            && (a > b || b > horizon)
        {
            c.error(
                p(&["events", &i, "window"]),
                format!("window [{a}, {b}] must be ordered and within months 0–{horizon}"),
                None,
            );
        }
        for (key, param) in &e.effects {
            if Var::from_key(key).is_none() {
                let path = p(&["events", &i, "effects", key]);
                let loc = c.s.tree.locate(&path).0.location(&c.s.sources, true);
                let d = Diagnostic::new(loc, Some(c.s.key(&path)), format!("unknown state variable `{key}`"))
                    .with_help(unknown_var_help(key));
                c.report(d);
            } else {
                c.param(p(&["events", &i, "effects", key]), param, Range::Finite);
            }
        }
        for (actor, action) in &e.next {
            if Actor::from_key(actor).is_none() {
                c.error(
                    p(&["events", &i, "next", actor]),
                    format!("unknown actor `{actor}`"),
                    Some("actors: us, china".into()),
                );
            } else if Action::from_key(action).is_none() {
                c.error(
                    p(&["events", &i, "next", actor]),
                    format!("unknown action `{action}`"),
                    Some(action_help(action, &[])),
                );
            }
        }
    }
}

fn check_timeline(c: &mut Checker, horizon: u32) {
    let moves = &c.s.file.timeline;
    duplicate_names(c, "timeline", moves.iter().map(|t| t.name.as_str()));
    for (i, t) in moves.iter().enumerate() {
        let i = i.to_string();
        if t.month == 0 || t.month > horizon {
            c.error(
                p(&["timeline", &i, "month"]),
                format!("month {} is beyond the scenario's horizon (moves happen in months 1–{horizon})", t.month),
                Some("raise `scenario.horizon_months` or move this earlier".into()),
            );
        }
        if Actor::from_key(&t.actor).is_none() {
            c.error(
                p(&["timeline", &i, "actor"]),
                format!("unknown actor `{}`", t.actor),
                Some("actors: us, china".into()),
            );
        }
        let is_set = SET_ACTIONS.contains(&t.action.as_str());
        if Action::from_key(&t.action).is_none() && !is_set {
            c.error(
                p(&["timeline", &i, "action"]),
                format!("unknown action `{}`", t.action),
                Some(action_help(&t.action, &SET_ACTIONS)),
            );
        }
        match t.value {
            None if is_set => c.error(p(&["timeline", &i]), format!("`{}` needs a `value`", t.action), None),
            Some(v) if t.action == "set_tech_controls" => c.number(p(&["timeline", &i, "value"]), v, Range::Unit),
            Some(v) if t.action == "set_tariff" => c.number(p(&["timeline", &i, "value"]), v, Range::NonNegative),
            Some(v) => c.number(p(&["timeline", &i, "value"]), v, Range::Positive),
            None => {}
        }
    }
}

fn check_pathways(c: &mut Checker) {
    let pathways = &c.s.file.pathways;
    if pathways.is_empty() {
        c.error(
            p(&["pathways"]),
            "a scenario needs `[[pathways]]`, the last one a catch-all with no conditions".into(),
            None,
        );
        return;
    }
    if pathways.len() > 200 {
        c.error(p(&["pathways"]), format!("at most 200 pathways, got {}", pathways.len()), None);
    }
    duplicate_names(c, "pathways", pathways.iter().map(|pw| pw.name.as_str()));
    let last = pathways.len() - 1;
    for (i, pw) in pathways.iter().enumerate() {
        let is = i.to_string();
        if pw.when.is_empty() && i != last {
            c.error(
                p(&["pathways", &is]),
                format!(
                    "`{}` has no conditions, so it catches every run and the pathways after it are never reached",
                    pw.name
                ),
                Some("move the catch-all class to the end".into()),
            );
        }
        for (key, bound) in &pw.when {
            let path = p(&["pathways", &is, "when", key]);
            if Var::from_key(key).is_none() {
                let loc = c.s.tree.locate(&path).0.location(&c.s.sources, true);
                let d = Diagnostic::new(loc, Some(c.s.key(&path)), format!("unknown state variable `{key}`"))
                    .with_help(unknown_var_help(key));
                c.report(d);
                continue;
            }
            for (side, v) in [("min", bound.min), ("max", bound.max)] {
                if let Some(v) = v {
                    let mut bp = path.clone();
                    bp.push(side.into());
                    c.number(bp, v, Range::Finite);
                }
            }
            match (bound.min, bound.max) {
                (None, None) => c.error(path, "give `min`, `max` or both".into(), None),
                (Some(a), Some(b)) if a > b => c.error(path, format!("`min` ({a}) is greater than `max` ({b})"), None),
                _ => {}
            }
        }
    }
    if !pathways[last].when.is_empty() {
        c.error(
            p(&["pathways", &last.to_string()]),
            format!("the last pathway, `{}`, must be a catch-all with no conditions", pathways[last].name),
            Some("add e.g. [[pathways]] name = \"managed_competition\" with no `when`".into()),
        );
    }
}
