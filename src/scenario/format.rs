//! The scenario file format, as serde types. Unknown keys are rejected everywhere.
//!
//! A value written here is what the user wrote (after `extends` and `--set` are merged);
//! [`crate::scenario::validate`] checks ranges and names, and [`crate::model::params`]
//! compiles the result into what the engine runs.

pub use crate::model::economy_params::Economy;
use crate::model::economy_params::{ECONOMY_NAMES, ECONOMY_PARAMS, N_ECONOMY};
use crate::model::param_table::ParamInfo;
use crate::model::policy::{MOVE_NAMES, MOVE_PARAMS, N_MOVES, N_POLICY, PARAM_NAMES, POLICY_PARAMS};
/// Defined with the sampling designs that read them; part of the file format too.
pub use crate::sampling::correlation::CorrelationSpec;
pub use crate::sampling::design::Sampling;
use crate::sampling::dist::Param;
use schemars::JsonSchema;
use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;

/// A whole scenario file.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// Identity and time frame, and the parent scenario this file `extends`.
    pub scenario: ScenarioSection,
    /// How many runs and from which seed.
    #[serde(default)]
    pub simulation: SimulationSection,
    /// The state in the start month.
    #[serde(default)]
    pub initial: Initial,
    /// The two agents: a policy preset each, with any parameter overridden.
    #[serde(default)]
    pub agents: Agents,
    /// How trade, prices, GDP, tension and cooperation respond.
    #[serde(default)]
    pub economy: Economy<Param>,
    /// Stochastic and fixed-month events, matched by `name` across `extends`.
    #[serde(default)]
    pub events: Vec<EventSpec>,
    /// Scripted moves, matched by `name` across `extends`.
    #[serde(default)]
    pub timeline: Vec<TimelineSpec>,
    /// Outcome classes, first match wins; the last one has no conditions.
    #[serde(default)]
    pub pathways: Vec<PathwaySpec>,
    /// Rank correlations between uncertain parameters (see [`CorrelationSpec`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub correlations: Vec<CorrelationSpec>,
    /// Statistics computed per run over windows of months, matched by `name` across `extends`
    /// (see [`crate::scenario::outcome`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outcomes: Vec<crate::scenario::outcome::OutcomeSpec>,
}

/// `[scenario]`: identity and time frame.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScenarioSection {
    /// Short identifier, used as the output folder name.
    pub name: String,
    /// One line on the scenario's story.
    #[serde(default)]
    pub description: String,
    /// First simulated month, "YYYY-MM".
    #[serde(default = "default_start")]
    pub start: String,
    /// Months simulated after `start`.
    #[serde(default = "default_horizon")]
    pub horizon_months: u32,
    /// Parent scenario, relative to this file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
}

fn default_start() -> String {
    "2025-01".into()
}
fn default_horizon() -> u32 {
    48
}

/// `[simulation]`: how many runs and from which seed.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SimulationSection {
    /// Monte Carlo runs of the scenario.
    #[serde(default = "default_runs")]
    pub runs: u64,
    /// Random seed: the same seed gives the same results.
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// How the uncertain parameters are drawn per run.
    #[serde(default)]
    pub sampling: Sampling,
    /// A posterior sample (posterior.csv from `pathways calibrate`), relative to this file: each
    /// run draws one weighted row and takes its parameters jointly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub posterior: Option<String>,
}

fn default_runs() -> u64 {
    10_000
}
fn default_seed() -> u64 {
    2025
}

impl Default for SimulationSection {
    fn default() -> Self {
        SimulationSection { runs: default_runs(), seed: default_seed(), sampling: Sampling::default(), posterior: None }
    }
}

/// `[initial]`: the state in the start month. Defaults are January 2025 (see docs/MODEL.md).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Initial {
    /// US average tariff on Chinese goods (%, trade-weighted).
    pub tariff_us: f64,
    /// China's average tariff on US goods (%, trade-weighted).
    pub tariff_cn: f64,
    /// Breadth of US export controls on China (index 0–1).
    pub tech_controls_us: f64,
    /// Breadth of China's counter-controls (index 0–1).
    pub tech_controls_cn: f64,
    /// Tension and mistrust (index 0–1).
    pub tension: f64,
    /// Active cooperation channels (index 0–1).
    pub cooperation: f64,
    /// US goods imports from China ($ bn/yr).
    pub us_imports_from_cn: f64,
    /// US goods exports to China ($ bn/yr).
    pub us_exports_to_cn: f64,
    /// China's technological self-reliance (index 0–1).
    pub cn_self_reliance: f64,
    /// US consumer-price effect of the conflict (% change vs the status quo).
    pub us_price_effect: f64,
    /// US GDP vs the status quo (%).
    pub gdp_us: f64,
    /// China's GDP vs the status quo (%).
    pub gdp_cn: f64,
    /// Extra US tariff revenue on Chinese goods vs the start ($ bn/yr).
    pub us_tariff_revenue: f64,
    /// US deadweight loss from tariff changes since the start ($ bn/yr).
    pub us_deadweight_loss: f64,
}

impl Default for Initial {
    fn default() -> Self {
        Initial {
            tariff_us: 20.7,
            tariff_cn: 21.2,
            tech_controls_us: 0.45,
            tech_controls_cn: 0.25,
            tension: 0.6,
            cooperation: 0.2,
            us_imports_from_cn: 438.7,
            us_exports_to_cn: 143.2,
            cn_self_reliance: 0.4,
            us_price_effect: 0.0,
            gdp_us: 0.0,
            gdp_cn: 0.0,
            us_tariff_revenue: 0.0,
            us_deadweight_loss: 0.0,
        }
    }
}

impl Initial {
    /// The values in registry order.
    pub fn to_state(&self) -> crate::model::vars::State {
        [
            self.tariff_us,
            self.tariff_cn,
            self.tech_controls_us,
            self.tech_controls_cn,
            self.tension,
            self.cooperation,
            self.us_imports_from_cn,
            self.us_exports_to_cn,
            self.cn_self_reliance,
            self.us_price_effect,
            self.gdp_us,
            self.gdp_cn,
            self.us_tariff_revenue,
            self.us_deadweight_loss,
        ]
    }
}

/// `[agents.us]` and `[agents.china]`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Agents {
    /// The United States (default preset `unpredictable_hawk`).
    #[serde(default = "default_us")]
    pub us: AgentSpec,
    /// China (default preset `measured_retaliation`).
    #[serde(default = "default_china")]
    pub china: AgentSpec,
}

impl Default for Agents {
    fn default() -> Self {
        Agents { us: default_us(), china: default_china() }
    }
}

fn default_us() -> AgentSpec {
    AgentSpec::preset("unpredictable_hawk")
}
fn default_china() -> AgentSpec {
    AgentSpec::preset("measured_retaliation")
}

/// One agent: a preset policy plus any of its parameters and move sizes overridden. The keys
/// come from the tables in [`crate::model::policy`] (see [`AGENT_KEYS`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AgentSpec {
    /// Name of a policy preset (`pathways list` shows them).
    pub policy: String,
    /// Overridden policy parameters, in [`POLICY_PARAMS`] order: drawn once per run when a
    /// distribution.
    pub params: [Option<Param>; N_POLICY],
    /// Overridden move sizes, in [`MOVE_PARAMS`] order: drawn afresh for every move.
    pub moves: [Option<Param>; N_MOVES],
}

impl AgentSpec {
    fn preset(name: &str) -> AgentSpec {
        AgentSpec { policy: name.into(), ..AgentSpec::default() }
    }

    /// The value written for policy parameter `key`, if any.
    pub fn param(&self, key: &str) -> Option<&Param> {
        PARAM_NAMES.iter().position(|n| *n == key).and_then(|i| self.params[i].as_ref())
    }

    /// The overridden policy parameters with their keys.
    pub fn overrides(&self) -> impl Iterator<Item = (&'static str, &Param)> {
        PARAM_NAMES.iter().copied().zip(&self.params).filter_map(|(k, p)| p.as_ref().map(|p| (k, p)))
    }

    /// The overridden move sizes with their keys.
    pub fn move_overrides(&self) -> impl Iterator<Item = (&'static str, &Param)> {
        MOVE_NAMES.iter().copied().zip(&self.moves).filter_map(|(k, p)| p.as_ref().map(|p| (k, p)))
    }
}

/// Every key of an agent section: `policy`, the policy parameters, the move sizes.
pub const AGENT_KEYS: [&str; 1 + N_POLICY + N_MOVES] = {
    let mut keys = [""; 1 + N_POLICY + N_MOVES];
    keys[0] = "policy";
    let mut i = 0;
    while i < N_POLICY {
        keys[1 + i] = PARAM_NAMES[i];
        i += 1;
    }
    let mut j = 0;
    while j < N_MOVES {
        keys[1 + N_POLICY + j] = MOVE_NAMES[j];
        j += 1;
    }
    keys
};

impl<'de> Deserialize<'de> for AgentSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = AgentSpec;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an agent table: `policy` and any of its parameters")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AgentSpec, A::Error> {
                let mut spec = AgentSpec::default();
                let mut policy = None;
                while let Some(key) = map.next_key::<String>()? {
                    if key == "policy" {
                        policy = Some(map.next_value::<String>()?);
                    } else if let Some(i) = PARAM_NAMES.iter().position(|n| *n == key) {
                        spec.params[i] = Some(map.next_value()?);
                    } else if let Some(i) = MOVE_NAMES.iter().position(|n| *n == key) {
                        spec.moves[i] = Some(map.next_value()?);
                    } else {
                        return Err(de::Error::unknown_field(&key, &AGENT_KEYS));
                    }
                }
                spec.policy = policy.ok_or_else(|| de::Error::missing_field("policy"))?;
                Ok(spec)
            }
        }
        d.deserialize_map(V)
    }
}

impl Serialize for AgentSpec {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("policy", &self.policy)?;
        for (k, p) in self.overrides().chain(self.move_overrides()) {
            m.serialize_entry(k, p)?;
        }
        m.end()
    }
}

impl JsonSchema for AgentSpec {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "AgentSpec".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut props = serde_json::Map::new();
        props.insert(
            "policy".into(),
            serde_json::json!({ "type": "string", "description": "Name of a policy preset (`pathways list` shows them)." }),
        );
        table_properties(&mut props, &POLICY_PARAMS, generator, false);
        table_properties(&mut props, &MOVE_PARAMS, generator, false);
        schemars::json_schema!({
            "type": "object",
            "description": "One agent: a preset policy plus any of its parameters and move sizes overridden.",
            "properties": props,
            "required": ["policy"],
            "additionalProperties": false,
        })
    }
}

/// A table's keys as schema properties: a number or a distribution, with the table's doc and,
/// when `defaults`, its default.
fn table_properties(
    props: &mut serde_json::Map<String, serde_json::Value>,
    table: &[ParamInfo],
    generator: &mut schemars::SchemaGenerator,
    defaults: bool,
) {
    for info in table {
        let mut prop = generator.subschema_for::<Param>().to_value();
        if let Some(obj) = prop.as_object_mut() {
            obj.insert("description".into(), info.doc.into());
            if defaults {
                obj.insert("default".into(), info.default.into());
            }
        }
        props.insert(info.key.into(), prop);
    }
}

/// `[economy]`: how trade, prices, welfare, GDP, tension, cooperation and deals respond. The
/// parameters are those of [`ECONOMY_PARAMS`]; a file writes only those it changes.
impl Default for Economy<Param> {
    fn default() -> Self {
        Economy(std::array::from_fn(|i| Param::Const(ECONOMY_PARAMS[i].default)))
    }
}

impl<'de> Deserialize<'de> for Economy<Param> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Economy<Param>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an economy table")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Economy<Param>, A::Error> {
                let mut economy = Economy::<Param>::default();
                while let Some(key) = map.next_key::<String>()? {
                    match ECONOMY_NAMES.iter().position(|n| *n == key) {
                        Some(i) => economy.0[i] = map.next_value()?,
                        None => return Err(de::Error::unknown_field(&key, &ECONOMY_NAMES)),
                    }
                }
                Ok(economy)
            }
        }
        d.deserialize_map(V)
    }
}

impl Serialize for Economy<Param> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(N_ECONOMY))?;
        for (k, p) in self.iter() {
            m.serialize_entry(k, p)?;
        }
        m.end()
    }
}

impl JsonSchema for Economy<Param> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Economy".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut props = serde_json::Map::new();
        table_properties(&mut props, &ECONOMY_PARAMS, generator, true);
        schemars::json_schema!({
            "type": "object",
            "description": "How trade, prices, welfare, GDP, tension, cooperation and deals respond (docs/MODEL.md).",
            "properties": props,
            "additionalProperties": false,
        })
    }
}

/// `[[events]]`: a stochastic shock or a fixed-month event.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EventSpec {
    /// Identifies the entry: a child's entry of the same name replaces this one.
    pub name: String,
    /// One line for people; not used by the model.
    #[serde(default)]
    pub description: String,
    /// `false` drops the entry (typically one inherited through `extends`).
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Chance per month inside the window (give this or `month`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probability: Option<Param>,
    /// Fixed month at which the event happens (give this or `probability`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month: Option<u32>,
    /// First and last month (inclusive) in which the event can happen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<[u32; 2]>,
    /// Whether the event can happen at most once per run.
    #[serde(default)]
    pub once: bool,
    /// Additive changes to state variables when the event fires.
    #[serde(default)]
    pub effects: BTreeMap<String, Param>,
    /// Actions forced on agents in the event's own month, replacing their choice (`us = "engage"`).
    #[serde(default)]
    pub next: BTreeMap<String, String>,
}

fn yes() -> bool {
    true
}

/// `[[timeline]]`: a scripted move.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TimelineSpec {
    /// Identifies the entry: a child's entry of the same name replaces this one.
    pub name: String,
    /// One line for people; not used by the model.
    #[serde(default)]
    pub description: String,
    /// `false` drops the entry (typically one inherited through `extends`).
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Month of the move, counted from `start` (1 = the month after).
    pub month: u32,
    /// `us` or `china`; `both` for a `deal`.
    pub actor: String,
    /// An agent action, or `set_tariff`, `set_tech_controls`, `postpone_threat`,
    /// `cancel_threat` or `deal` (with `actor = "both"`).
    pub action: String,
    /// Size of a move (tariff points of a threat), level for a `set_*` action: a number, or a
    /// distribution drawn once per run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Param>,
    /// `threaten`: the month the threatened tariff takes effect; `postpone_threat`: the new month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<u32>,
    /// `deal`: the US tariff the deal sets (default: the deal's rollback of the current one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tariff_us: Option<f64>,
    /// `deal`: China's tariff the deal sets (default: the deal's rollback of the current one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tariff_cn: Option<f64>,
    /// `deal`: extra US exports China commits to buy ($ bn/yr; default `economy.deal_purchases`),
    /// delivered at `economy.deal_compliance`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purchases: Option<f64>,
    /// `deal`: months the purchase commitment runs (default `economy.deal_term`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term: Option<u32>,
}

/// `[[pathways]]`: an outcome class defined by bounds on state variables.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PathwaySpec {
    /// Identifies the entry: a child's entry of the same name replaces this one.
    pub name: String,
    /// One line for people; not used by the model.
    #[serde(default)]
    pub description: String,
    /// `false` drops the entry (typically one inherited through `extends`).
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Conditions, all of which must hold; none makes this the catch-all class.
    #[serde(default)]
    pub when: BTreeMap<String, Bound>,
}

/// `{ min = 35 }`, `{ max = 0.3 }` or both.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Bound {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
}
