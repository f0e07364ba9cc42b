//! Semantic checks on a deserialized scenario: ranges, names and cross-references. Every problem
//! is reported (not just the first), each at the value's own location.

use crate::diagnostic::{Diagnostic, Num, did_you_mean};
use crate::model::action::{Action, Actor, SCRIPT_ACTIONS};
use crate::model::calendar::YearMonth;
use crate::model::economy_params::ECONOMY_PARAMS;
use crate::model::param_table::Range;
use crate::model::policy::{MOVE_PARAMS, POLICY_PARAMS, preset, preset_names};
use crate::model::vars::Var;
use crate::sampling::dist::{DistSpec, Param};
use crate::scenario::load::LoadedScenario;

/// Stop collecting after this many problems: the rest are usually consequences.
const MAX_PROBLEMS: usize = 50;

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
            self.error(path, format!("{} is not allowed: use a finite number", Num(v)), None);
        } else if !range.contains(v) {
            let why = if v > range.hi { range.why } else { range.why_low };
            self.error(path, format!("must {}, got {}", range.what(), Num(v)), why.map(String::from));
        }
    }

    /// Refuses control characters in a name (none at all) or a description (newlines and tabs
    /// allowed): they end up in file names, CSV headers, charts and terminals, where an escape
    /// sequence or a NUL does damage.
    fn text(&mut self, path: Vec<String>, s: &str, description: bool) {
        let allowed = |c: char| description && (c == '\n' || c == '\t');
        if let Some(c) = s.chars().find(|&c| c.is_control() && !allowed(c)) {
            let what = if description { "a description" } else { "a name" };
            self.error(
                path,
                format!("{what} must not contain control characters, found {}", c.escape_unicode()),
                Some("write it as plain text".into()),
            );
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
                let below = if range.open { lo <= range.lo } else { lo < range.lo };
                if below || hi > range.hi {
                    // Refused, not clipped: a clipped distribution piles probability on the
                    // limit, which the analyst did not write.
                    let help = if hi.is_infinite() || lo.is_infinite() {
                        "this distribution is unbounded and would draw values outside the valid range, so it is refused (not clipped): give it `min` and `max` (normal and lognormal take them) to truncate it, or use uniform, triangular, pert or beta".to_string()
                    } else {
                        format!(
                            "its draws would leave the valid range, so it is refused (not clipped): make its range [{}, {}] fit inside",
                            Num(lo),
                            Num(hi)
                        )
                    };
                    self.error(
                        path,
                        format!("values must {}, but this distribution reaches {}–{}", range.what(), Num(lo), Num(hi)),
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
pub(crate) fn support(d: &DistSpec) -> (f64, f64) {
    match d {
        DistSpec::Uniform { min, max } | DistSpec::Triangular { min, max, .. } | DistSpec::Pert { min, max, .. } => {
            (*min, *max)
        }
        DistSpec::Normal { min, max, .. } => (min.unwrap_or(f64::NEG_INFINITY), max.unwrap_or(f64::INFINITY)),
        DistSpec::Lognormal { min, max, .. } => (min.unwrap_or(0.0), max.unwrap_or(f64::INFINITY)),
        DistSpec::Beta { min, max, .. } => (min.unwrap_or(0.0), max.unwrap_or(1.0)),
        DistSpec::Discrete { values, .. } => (
            values.iter().copied().fold(f64::INFINITY, f64::min),
            values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        ),
    }
}

/// The valid range of a state variable's level (its initial value); an event's effect on it
/// may span the same width either way. Exhaustive, so that a new variable must choose.
fn var_range(v: Var) -> Range {
    match v {
        Var::TariffUs | Var::TariffCn => Range::TARIFF,
        Var::TechControlsUs | Var::TechControlsCn | Var::Tension | Var::Cooperation | Var::CnSelfReliance => {
            Range::UNIT
        }
        Var::UsImportsFromCn | Var::UsExportsToCn => Range::TRADE_BN,
        Var::UsPriceEffect | Var::GdpUs | Var::GdpCn => Range::PERCENT_CHANGE,
        Var::UsTariffRevenue | Var::UsDeadweightLoss => Range::WELFARE_BN,
    }
}

/// The months a scenario may span.
pub const HORIZON: std::ops::RangeInclusive<u32> = 1..=600;

/// The runs a scenario may have.
pub const RUNS: std::ops::RangeInclusive<u64> = 1..=u32::MAX as u64;

/// The pathways a scenario may define.
pub const MAX_PATHWAYS: usize = 200;

/// The range rule of a numeric key, as `(minimum, maximum, minimum excluded)`, for the JSON
/// Schema: `section` is `scenario`, `simulation`, `initial`, `agents`, `economy` or `events`.
/// `None` for keys without a rule (or not numeric).
pub fn range_of(section: &str, key: &str) -> Option<(f64, f64, bool)> {
    let range = match (section, key) {
        ("scenario", "horizon_months") => return Some((*HORIZON.start() as f64, *HORIZON.end() as f64, false)),
        ("simulation", "runs") => return Some((*RUNS.start() as f64, *RUNS.end() as f64, false)),
        ("initial", k) => var_range(Var::from_key(k)?),
        ("agents", k) => POLICY_PARAMS.iter().chain(&MOVE_PARAMS).find(|p| p.key == k)?.range,
        ("economy", k) => ECONOMY_PARAMS.iter().find(|p| p.key == k)?.range,
        ("events", "probability") => Range::UNIT,
        _ => return None,
    };
    Some(range.bounds())
}

/// Checks everything; an empty list means the scenario is valid.
pub fn validate(s: &LoadedScenario) -> Vec<Diagnostic> {
    let mut c = Checker { s, problems: Vec::new() };
    let f = &s.file;

    // The name is free text (its output folder is derived from it, see engine::folder); it is
    // shown in charts and tables, so it must be a visible line of text.
    let name = &f.scenario.name;
    if name.trim().is_empty() || name.chars().any(char::is_control) || name.chars().count() > 200 {
        c.error(
            p(&["scenario", "name"]),
            "the scenario name must be one line of visible text, at most 200 characters".to_string(),
            Some("any language and punctuation, e.g. \"Renewed tariffs\" or \"中美合作\"".into()),
        );
    }
    c.text(p(&["scenario", "description"]), &f.scenario.description, true);
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
    if !RUNS.contains(&f.simulation.runs) {
        c.error(
            p(&["simulation", "runs"]),
            format!("must be between {} and {}, got {}", RUNS.start(), RUNS.end(), f.simulation.runs),
            None,
        );
    }

    let init = f.initial.to_state();
    for (v, value) in crate::model::vars::ALL_VARS.iter().zip(init) {
        c.number(p(&["initial", v.info().key]), value, var_range(*v));
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
        for (info, param) in POLICY_PARAMS.iter().zip(&spec.params) {
            if let Some(param) = param {
                c.param(p(&["agents", actor.key(), info.key]), param, info.range);
            }
        }
        for (info, param) in MOVE_PARAMS.iter().zip(&spec.moves) {
            if let Some(param) = param {
                c.param(p(&["agents", actor.key(), info.key]), param, info.range);
            }
        }
    }

    for (info, param) in ECONOMY_PARAMS.iter().zip(&f.economy.0) {
        c.param(p(&["economy", info.key]), param, info.range);
    }
    use crate::model::economy_params::E;
    if let (Param::Const(floor), Param::Const(max)) = (&f.economy[E::TariffFloorUs], &f.economy[E::MaxTariff])
        && floor > max
    {
        c.error(
            p(&["economy", "max_tariff"]),
            format!("must be at least the US tariff floor ({}), got {}", Num(*floor), Num(*max)),
            None,
        );
    }

    check_events(&mut c, horizon);
    check_timeline(&mut c, horizon);
    check_pathways(&mut c);
    for d in crate::scenario::outcome::check(s) {
        c.report(d);
    }
    // Correlations name compiled uncertain parameters: check them once the rest is sound.
    if c.problems.is_empty() {
        c.problems.extend(correlation_diagnostics(s));
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
    let mut all: Vec<&str> = Action::UNILATERAL.iter().map(|a| a.key()).collect();
    all.extend_from_slice(extra);
    match did_you_mean(key, all.iter().copied()) {
        Some(s) => format!("did you mean `{s}`? valid actions: {}", all.join(", ")),
        None => format!("valid actions: {}", all.join(", ")),
    }
}

/// Checks the names of a section's entries (unique, not empty, plain text) and their
/// descriptions (`(name, description)` per entry).
fn duplicate_names<'a>(c: &mut Checker, section: &str, names: impl Iterator<Item = (&'a str, &'a str)>) {
    let mut seen: Vec<&str> = Vec::new();
    for (i, (name, description)) in names.enumerate() {
        let i = i.to_string();
        c.text(p(&[section, &i, "description"]), description, true);
        if name.is_empty() {
            c.error(p(&[section, &i, "name"]), "name must not be empty".into(), None);
        } else if name.chars().any(char::is_control) {
            c.text(p(&[section, &i, "name"]), name, false);
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
    duplicate_names(c, "events", events.iter().map(|e| (e.name.as_str(), e.description.as_str())));
    for (i, e) in events.iter().enumerate() {
        let i = i.to_string();
        match (&e.probability, e.month) {
            (Some(prob), None) => c.param(p(&["events", &i, "probability"]), prob, Range::UNIT),
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
            let Some(var) = Var::from_key(key) else {
                let path = p(&["events", &i, "effects", key]);
                let loc = c.s.tree.locate(&path).0.location(&c.s.sources, true);
                let d = Diagnostic::new(loc, Some(c.s.key(&path)), format!("unknown state variable `{key}`"))
                    .with_help(unknown_var_help(key));
                c.report(d);
                continue;
            };
            c.param(p(&["events", &i, "effects", key]), param, var_range(var).delta());
        }
        for (actor, action) in &e.next {
            if Actor::from_key(actor).is_none() {
                c.error(
                    p(&["events", &i, "next", actor]),
                    format!("unknown actor `{actor}`"),
                    Some("actors: us, china".into()),
                );
            } else if !Action::UNILATERAL.iter().any(|a| a.key() == action) {
                c.error(
                    p(&["events", &i, "next", actor]),
                    format!("unknown action `{action}`"),
                    Some(action_help(action, &[])),
                );
            } else if actor == "us" && action == Action::DivertPurchases.key() {
                c.error(
                    p(&["events", &i, "next", actor]),
                    "only China diverts state-directed purchases".into(),
                    Some("the US answers by non-tariff means with `regulate`".into()),
                );
            }
        }
    }
}

fn check_timeline(c: &mut Checker, horizon: u32) {
    let moves = &c.s.file.timeline;
    duplicate_names(c, "timeline", moves.iter().map(|t| (t.name.as_str(), t.description.as_str())));
    for (i, t) in moves.iter().enumerate() {
        let i = i.to_string();
        if t.month == 0 || t.month > horizon {
            c.error(
                p(&["timeline", &i, "month"]),
                format!("month {} is beyond the scenario's horizon (moves happen in months 1–{horizon})", t.month),
                Some("raise `scenario.horizon_months` or move this earlier".into()),
            );
        }
        let action = t.action.as_str();
        let is_deal = action == "deal";
        let unilateral = Action::UNILATERAL.iter().any(|a| a.key() == action);
        if !unilateral && !SCRIPT_ACTIONS.contains(&action) {
            c.error(
                p(&["timeline", &i, "action"]),
                format!("unknown action `{action}`"),
                Some(action_help(action, &SCRIPT_ACTIONS)),
            );
        }
        match (is_deal, t.actor.as_str()) {
            (true, "both") => {}
            (true, _) => c.error(
                p(&["timeline", &i, "actor"]),
                format!("a deal is struck by both sides, not by `{}`", t.actor),
                Some("write actor = \"both\"".into()),
            ),
            (false, a) if Actor::from_key(a).is_none() => c.error(
                p(&["timeline", &i, "actor"]),
                format!("unknown actor `{a}`"),
                Some("actors: us, china (and both, for a deal)".into()),
            ),
            (false, "us") if action == Action::DivertPurchases.key() => c.error(
                p(&["timeline", &i, "action"]),
                "only China diverts state-directed purchases".into(),
                Some("the US answers by non-tariff means with `regulate`".into()),
            ),
            _ => {}
        }
        let deal_keys = [("tariff_us", t.tariff_us), ("tariff_cn", t.tariff_cn), ("purchases", t.purchases)];
        for (key, v) in deal_keys {
            match v {
                Some(_) if !is_deal => {
                    c.error(p(&["timeline", &i, key]), format!("`{key}` belongs to a `deal`, not to `{action}`"), None)
                }
                Some(v) => c.number(
                    p(&["timeline", &i, key]),
                    v,
                    if key == "purchases" { Range::TRADE_BN } else { Range::TARIFF },
                ),
                None => {}
            }
        }
        if let Some(term) = t.term {
            if !is_deal {
                c.error(p(&["timeline", &i, "term"]), format!("`term` belongs to a `deal`, not to `{action}`"), None);
            } else if term == 0 {
                c.error(p(&["timeline", &i, "term"]), "a deal's term must be at least 1 month".into(), None);
            }
        }
        let needs_effective = action == "threaten" || action == "postpone_threat";
        match t.effective {
            Some(_) if !needs_effective => c.error(
                p(&["timeline", &i, "effective"]),
                format!("`effective` belongs to `threaten` or `postpone_threat`, not to `{action}`"),
                None,
            ),
            Some(due) if due <= t.month => c.error(
                p(&["timeline", &i, "effective"]),
                format!("month {due} is not after the move's month {}", t.month),
                Some("a threat takes effect in a later month".into()),
            ),
            None if needs_effective => {
                c.error(p(&["timeline", &i]), format!("`{action}` needs `effective`, the month it takes effect"), None)
            }
            _ => {}
        }
        match &t.value {
            None if action.starts_with("set_") => {
                c.error(p(&["timeline", &i]), format!("`{action}` needs a `value`"), None)
            }
            None if action == "threaten" => {
                c.error(p(&["timeline", &i]), "`threaten` needs a `value`: the tariff points threatened".into(), None)
            }

            Some(_) if is_deal || action.ends_with("_threat") => {
                c.error(p(&["timeline", &i, "value"]), format!("`{action}` takes no `value`"), None)
            }
            Some(v) => c.param(p(&["timeline", &i, "value"]), v, timeline_value_range(action)),
            None => {}
        }
    }
}

/// The valid range of a scripted move's `value`: a level for `set_*`, a step otherwise.
fn timeline_value_range(action: &str) -> Range {
    match action {
        "set_tech_controls" => Range::UNIT,
        "set_tariff" => Range::TARIFF,
        "tighten_tech" | "loosen_tech" => Range::UNIT,
        "divert_purchases" => Range::TRADE_BN,
        _ => Range::TARIFF,
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
    if pathways.len() > MAX_PATHWAYS {
        c.error(p(&["pathways"]), format!("at most {MAX_PATHWAYS} pathways, got {}", pathways.len()), None);
    }
    duplicate_names(c, "pathways", pathways.iter().map(|pw| (pw.name.as_str(), pw.description.as_str())));
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
                    c.number(bp, v, Range::FINITE);
                }
            }
            match (bound.min, bound.max) {
                (None, None) => c.error(path, "give `min`, `max` or both".into(), None),
                (Some(a), Some(b)) if a > b => {
                    c.error(path, format!("`min` ({}) is greater than `max` ({})", Num(a), Num(b)), None)
                }
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
/// The correlation problems of a scenario that passed every other check, as diagnostics at the
/// offending entries.
fn correlation_diagnostics(s: &crate::scenario::load::LoadedScenario) -> Vec<crate::diagnostic::Diagnostic> {
    if s.file.correlations.is_empty() {
        return Vec::new();
    }
    let model = crate::model::params::Model::compile(s);
    let names: Vec<String> = model.uncertain.iter().map(|u| u.path.clone()).collect();
    match crate::sampling::correlation::build(&s.file.correlations, &names) {
        Ok(_) => Vec::new(),
        Err(problems) => problems
            .into_iter()
            .map(|p| {
                let d = s.diag(&p.at, p.message);
                match p.help {
                    Some(h) => d.with_help(h),
                    None => d,
                }
            })
            .collect(),
    }
}
