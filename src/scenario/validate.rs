//! Semantic checks on a deserialized scenario: ranges, names and cross-references. Every problem
//! is reported (not just the first), each at the value's own location.

use crate::model::action::{Action, Actor, SET_ACTIONS};
use crate::model::calendar::YearMonth;
use crate::model::policy::{PARAM_NAMES, UNIT_PARAMS, preset, preset_names};
use crate::model::vars::Var;
use crate::scenario::diagnostic::{Diagnostic, Num, did_you_mean};
use crate::scenario::dist::{DistSpec, Param};
use crate::scenario::load::LoadedScenario;

/// Stop collecting after this many problems: the rest are usually consequences.
const MAX_PROBLEMS: usize = 50;

/// The valid range of a numeric value: `lo..=hi`, with `lo` excluded when `open`.
///
/// Domain limits (probabilities in 0–1, growth above −100 %/yr, non-negative tariffs) are what
/// the quantity can mean. The finite upper limits (tariffs at 1,000 %, elasticities at 20, …)
/// are judgements: each lies far beyond any value an analyst means, and together they keep every
/// equation of the model finite for every month of the longest horizon (600 months), so a run
/// never writes NaN or infinity into the results. Each rule says why in [`Range::why`]. A new
/// parameter joins the table in [`economy_range`], [`policy_range`] or [`var_range`].
#[derive(Clone, Copy, Debug, PartialEq)]
struct Range {
    lo: f64,
    hi: f64,
    open: bool,
    /// Why the upper limit is where it is, shown as help when a value exceeds it.
    why: Option<&'static str>,
    /// The same for the lower limit.
    why_low: Option<&'static str>,
}

/// `lo..=hi`, the upper limit explained by `why`.
const fn closed(lo: f64, hi: f64, why: &'static str) -> Range {
    Range { lo, hi, open: false, why: Some(why), why_low: None }
}

impl Range {
    /// A probability or 0–1 weight or index.
    const UNIT: Range = Range {
        why_low: Some("probabilities and 0–1 weights lie between 0 and 1"),
        ..closed(0.0, 1.0, "probabilities and 0–1 weights lie between 0 and 1")
    };
    /// Any finite number (only compared, never computed with: pathway bounds).
    const FINITE: Range = Range { lo: f64::NEG_INFINITY, hi: f64::INFINITY, open: false, why: None, why_low: None };
    /// A tariff level or step (%): the highest bilateral tariffs of the trade war were the US's
    /// 145 % and China's 125 % of April 2025 (judgement from the announced rates); 1,000 % is
    /// prohibitive many times over, and bounds the duty term of eq. 9.
    const TARIFF: Range = closed(0.0, 1000.0, "a tariff above 1,000 % is prohibitive many times over");
    const TARIFF_STEP: Range = Range { open: true, ..Range::TARIFF };
    /// A trade flow or purchase ($ bn/yr): US imports from China were $438.7 bn in 2024 (US
    /// Census); $100,000 bn is about the world's annual output.
    const TRADE_BN: Range = closed(0.0, 100_000.0, "a trade flow above $100,000 bn a year exceeds the world's output");
    /// An economy's size ($ bn/yr), a divisor in eq. 9–10: at least $1 bn.
    const ECONOMY_BN: Range = Range {
        why_low: Some("an economy's size divides lost trade and duties: at least $1 bn a year"),
        ..closed(1.0, 100_000.0, "an economy above $100,000 bn a year exceeds the world's output")
    };
    /// A change of prices or GDP against the status quo (%).
    const PERCENT_CHANGE: Range =
        closed(-100.0, 100.0, "a change of prices or GDP beyond ±100 % of the status quo has no meaning here");
    /// Status-quo growth (% per year): −100 % would wipe the trade out in a year (the growth
    /// factor's root is undefined below it); +100 % doubles it every year.
    const GROWTH: Range = Range {
        open: true,
        why_low: Some("growth of −100 % a year or less would lose everything or more in a year"),
        ..closed(-100.0, 100.0, "at 100 % a year trade would already double every year")
    };
    /// An elasticity of trade to the tariff wedge (eq. 6–7): estimates of import demand
    /// elasticities lie around 1–3 (Fajgelbaum et al. 2020 find about 2.5); 20 would make a
    /// 10-point tariff cut trade by over 80 %.
    const ELASTICITY: Range = closed(0.0, 20.0, "trade elasticities are estimated around 1–3; 20 is already extreme");
    /// Percent of GDP or prices per index point of controls or tension.
    const PERCENT_PER_POINT: Range = closed(0.0, 100.0, "an effect of more than 100 % per index point has no meaning");
    /// A non-negative multiplier without a natural scale (pass-through, retaliation scale, tension
    /// and cooperation per move): 100 is far beyond any meaningful value.
    const COEFFICIENT: Range = closed(0.0, 100.0, "a coefficient above 100 has no meaning in this model");
    /// Domestic pain (% of prices or GDP) at which escalation halves: a divisor, so positive.
    const PAIN: Range = Range {
        open: true,
        why_low: Some("pain tolerance divides the pain, so it must be positive"),
        ..closed(0.0, 100.0, "pain is measured in % of prices or GDP")
    };

    fn bounds(self) -> (f64, f64, bool) {
        (self.lo, self.hi, self.open)
    }

    /// The same width either way: the range of a change (an event's effect) to a value in `self`.
    fn delta(self) -> Range {
        let w = self.hi - self.lo;
        Range { lo: -w, hi: w, open: false, why: self.why, why_low: self.why }
    }

    fn what(self) -> String {
        let (lo, hi) = (self.lo, self.hi);
        match (lo, hi, self.open) {
            (0.0, 1.0, false) => "lie between 0 and 1".into(),
            (_, f64::INFINITY, _) if lo == f64::NEG_INFINITY => "be a finite number".into(),
            (0.0, f64::INFINITY, false) => "be zero or positive".into(),
            (0.0, f64::INFINITY, true) => "be positive".into(),
            (0.0, _, false) => format!("be zero or positive, at most {}", Num(hi)),
            (0.0, _, true) => format!("be positive, at most {}", Num(hi)),
            (_, _, true) => format!("be above {} and at most {}", Num(lo), Num(hi)),
            _ => format!("lie between {} and {}", Num(lo), Num(hi)),
        }
    }

    fn contains(self, v: f64) -> bool {
        v.is_finite() && v <= self.hi && if self.open { v > self.lo } else { v >= self.lo }
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
            self.error(path, format!("{} is not allowed: use a finite number", Num(v)), None);
        } else if !range.contains(v) {
            let why = if v > range.hi { range.why } else { range.why_low };
            self.error(path, format!("must {}, got {}", range.what(), Num(v)), why.map(String::from));
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
fn support(d: &DistSpec) -> (f64, f64) {
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

/// The valid range of each economy parameter (a parameter not named is a 0–1 share).
fn economy_range(name: &str) -> Range {
    match name {
        "trend_growth_imports" | "trend_growth_exports" => Range::GROWTH,
        "import_elasticity" | "export_elasticity" => Range::ELASTICITY,
        "purchase_step" => Range::TRADE_BN,
        "uncertainty_gdp_us" | "uncertainty_gdp_cn" | "tech_gdp_cn" | "supply_chain_price" => Range::PERCENT_PER_POINT,
        "tariff_floor_us" | "tariff_floor_cn" => Range::TARIFF,
        "max_tariff" => Range::TARIFF_STEP,
        "pass_through"
        | "tension_per_escalation"
        | "tension_per_tech"
        | "tension_per_deescalation"
        | "tension_per_engagement"
        | "tension_per_concession"
        | "cooperation_per_engagement"
        | "cooperation_per_concession"
        | "cooperation_per_escalation" => Range::COEFFICIENT,
        "us_consumption_bn" | "us_gdp_bn" | "cn_gdp_bn" => Range::ECONOMY_BN,
        _ => Range::UNIT,
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
        ("agents", k) if PARAM_NAMES.contains(&k) => policy_range(k),
        ("economy", k) => economy_range(k),
        ("events", "probability") => Range::UNIT,
        _ => return None,
    };
    Some(range.bounds())
}

fn policy_range(name: &str) -> Range {
    match name {
        "pain_tolerance" => Range::PAIN,
        "tariff_step" => Range::TARIFF_STEP,
        "retaliation_scale" => Range::COEFFICIENT,
        n if UNIT_PARAMS.contains(&n) => Range::UNIT,
        // A new parameter is a 0–1 weight until it is given its own row above.
        _ => Range::UNIT,
    }
}

/// Checks everything; an empty list means the scenario is valid.
pub fn validate(s: &LoadedScenario) -> Vec<Diagnostic> {
    let mut c = Checker { s, problems: Vec::new() };
    let f = &s.file;

    let name = &f.scenario.name;
    if name.is_empty()
        || !name.chars().all(|ch| ch.is_ascii_alphanumeric() || "_-.".contains(ch))
        || name.starts_with('.')
    {
        c.error(
            p(&["scenario", "name"]),
            format!("`{name}` cannot name an output folder"),
            Some("use letters, digits, `_`, `-` and `.`, e.g. renewed_tariffs".into()),
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
            format!("must be at least the US tariff floor ({}), got {}", Num(*floor), Num(*max)),
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
            Some(v) => c.number(p(&["timeline", &i, "value"]), v, timeline_value_range(&t.action)),
            None => {}
        }
    }
}

/// The valid range of a scripted move's `value`: a level for `set_*`, a step otherwise.
fn timeline_value_range(action: &str) -> Range {
    match action {
        "set_tech_controls" => Range::UNIT,
        "set_tariff" => Range::TARIFF,
        "tighten_tech" | "loosen_tech" => Range { open: true, ..Range::UNIT },
        _ => Range::TARIFF_STEP,
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
