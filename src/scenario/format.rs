//! The scenario file format, as serde types. Unknown keys are rejected everywhere.
//!
//! A value written here is what the user wrote (after `extends` and `--set` are merged);
//! [`crate::scenario::validate`] checks ranges and names, and [`crate::model::params`]
//! compiles the result into what the engine runs.

use crate::scenario::dist::Param;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
    pub economy: Economy,
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

/// One agent: a preset policy plus any of its parameters overridden.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AgentSpec {
    /// Name of a policy preset (`pathways list` shows them).
    pub policy: String,
    /// Chance per month of an unprovoked tariff escalation (scaled by tension and pain).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aggression: Option<Param>,
    /// Chance of answering the other side's escalation in kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retaliation: Option<Param>,
    /// Size of a retaliatory tariff step relative to the step that provoked it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retaliation_scale: Option<Param>,
    /// Chance of answering de-escalation or engagement in kind; also how fast grievance fades.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forgiveness: Option<Param>,
    /// Weight of accumulated grievance in unprovoked escalation (1 = grim trigger).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grudge: Option<Param>,
    /// Chance per month of a random action (unpredictability).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub noise: Option<Param>,
    /// Domestic pain (% prices or GDP) at which escalation propensity halves.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pain_tolerance: Option<Param>,
    /// Chance per month of tightening technology controls unprovoked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tech_hawkishness: Option<Param>,
    /// Chance per month of starting dialogue or cooperation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub engagement: Option<Param>,
    /// Chance per month of conceding under full pressure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub concession_willingness: Option<Param>,
    /// Strength of the push for technological self-reliance (China; 0–1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_reliance_drive: Option<Param>,
    /// Tariff change of one escalation or de-escalation (percentage points).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tariff_step: Option<Param>,
    /// Change in export-control breadth of one tightening or loosening (index points).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tech_step: Option<Param>,
}

impl AgentSpec {
    fn preset(name: &str) -> AgentSpec {
        AgentSpec { policy: name.into(), ..AgentSpec::default() }
    }
}

/// `[economy]`: how trade, prices, GDP, tension and cooperation respond. Defaults and their
/// sources are in docs/MODEL.md; [`crate::model::economy`] holds the equations. `P` is [`Param`]
/// as written in a file, or `f64` once sampled for a run.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
#[schemars(rename = "Economy", bound = "P: JsonSchema + Serialize, Economy<P>: Default")]
pub struct Economy<P = Param> {
    /// Elasticity of US imports from China to the US tariff wedge (eq. 6).
    pub import_elasticity: P,
    /// Elasticity of US exports to China to China's tariff wedge (eq. 7).
    pub export_elasticity: P,
    /// Share of the gap to the target trade level closed each month (eq. 8).
    pub trade_adjustment: P,
    /// Status-quo growth of US imports from China (% per year).
    pub trend_growth_imports: P,
    /// Status-quo growth of US exports to China (% per year).
    pub trend_growth_exports: P,
    /// Share of US exports lost per index point of added US export controls.
    pub controlled_export_share: P,
    /// Share of US imports lost per index point of added Chinese counter-controls.
    pub counter_control_import_share: P,
    /// Share of US exports lost per index point of added Chinese self-reliance.
    pub self_reliance_substitution: P,
    /// Monthly growth of China's self-reliance at full drive (eq. 5).
    pub self_reliance_rate: P,
    /// Share of trade lost per index point of tension above its start (de-risking).
    pub tension_trade_effect: P,
    /// Purchases of US goods added by one Chinese concession ($ bn/yr).
    pub purchase_step: P,
    /// Share of outstanding purchase commitments that lapses each month.
    pub purchase_decay: P,
    /// Share of the extra US duty that reaches US consumer prices (eq. 9).
    pub pass_through: P,
    /// US consumer-price effect of Chinese counter-controls (% per index point).
    pub supply_chain_price: P,
    /// Share of the gap to the target price effect closed each month.
    pub price_adjustment: P,
    /// US personal consumption ($ bn/yr), the base of the price effect.
    pub us_consumption_bn: P,
    /// US GDP ($ bn/yr).
    pub us_gdp_bn: P,
    /// China's GDP ($ bn/yr).
    pub cn_gdp_bn: P,
    /// Share of lost bilateral trade that is lost value added (eq. 10).
    pub trade_loss_gdp_share: P,
    /// US GDP loss (%) per index point of tension above its start.
    pub uncertainty_gdp_us: P,
    /// China's GDP loss (%) per index point of tension above its start.
    pub uncertainty_gdp_cn: P,
    /// China's GDP loss (%) per index point of added US controls, before self-reliance.
    pub tech_gdp_cn: P,
    /// Share of the gap to the target GDP effect closed each month (eq. 11).
    pub gdp_adjustment: P,
    /// Structural level of tension that tension reverts to (index 0–1, eq. 3).
    pub mistrust: P,
    /// Share of the gap to `mistrust` closed each month.
    pub tension_reversion: P,
    /// Tension added by one tariff escalation of 10 points.
    pub tension_per_escalation: P,
    /// Tension added by one tightening of controls by 0.1.
    pub tension_per_tech: P,
    /// Tension removed by one de-escalation or loosening.
    pub tension_per_deescalation: P,
    /// Tension removed by one engagement.
    pub tension_per_engagement: P,
    /// Tension removed by one concession.
    pub tension_per_concession: P,
    /// Cooperation added by one engagement (eq. 4).
    pub cooperation_per_engagement: P,
    /// Cooperation added by one concession.
    pub cooperation_per_concession: P,
    /// Cooperation removed by one escalation or tightening.
    pub cooperation_per_escalation: P,
    /// Share of cooperation that lapses each month without upkeep.
    pub cooperation_decay: P,
    /// Lowest US tariff that de-escalation can reach (%).
    pub tariff_floor_us: P,
    /// Lowest Chinese tariff that de-escalation can reach (%).
    pub tariff_floor_cn: P,
    /// Highest tariff that escalation can reach (%).
    pub max_tariff: P,
}

impl Default for Economy<Param> {
    fn default() -> Self {
        let c = Param::Const;
        Economy {
            import_elasticity: c(1.6),
            export_elasticity: c(2.0),
            trade_adjustment: c(0.2),
            trend_growth_imports: c(2.0),
            trend_growth_exports: c(2.0),
            controlled_export_share: c(0.15),
            counter_control_import_share: c(0.05),
            self_reliance_substitution: c(0.3),
            self_reliance_rate: c(0.02),
            tension_trade_effect: c(0.1),
            purchase_step: c(8.0),
            purchase_decay: c(0.05),
            pass_through: c(0.9),
            supply_chain_price: c(0.3),
            price_adjustment: c(0.3),
            us_consumption_bn: c(19_800.0),
            us_gdp_bn: c(29_200.0),
            cn_gdp_bn: c(18_700.0),
            trade_loss_gdp_share: c(0.3),
            uncertainty_gdp_us: c(0.5),
            uncertainty_gdp_cn: c(0.8),
            tech_gdp_cn: c(0.5),
            gdp_adjustment: c(0.2),
            mistrust: c(0.55),
            tension_reversion: c(0.05),
            tension_per_escalation: c(0.06),
            tension_per_tech: c(0.05),
            tension_per_deescalation: c(0.03),
            tension_per_engagement: c(0.04),
            tension_per_concession: c(0.03),
            cooperation_per_engagement: c(0.08),
            cooperation_per_concession: c(0.03),
            cooperation_per_escalation: c(0.04),
            cooperation_decay: c(0.04),
            tariff_floor_us: c(3.1),
            tariff_floor_cn: c(7.5),
            max_tariff: c(150.0),
        }
    }
}

impl<P> Economy<P> {
    /// Applies `f` to every parameter with its name, in declaration order.
    pub fn map<Q>(&self, mut f: impl FnMut(&'static str, &P) -> Q) -> Economy<Q> {
        Economy {
            import_elasticity: f("import_elasticity", &self.import_elasticity),
            export_elasticity: f("export_elasticity", &self.export_elasticity),
            trade_adjustment: f("trade_adjustment", &self.trade_adjustment),
            trend_growth_imports: f("trend_growth_imports", &self.trend_growth_imports),
            trend_growth_exports: f("trend_growth_exports", &self.trend_growth_exports),
            controlled_export_share: f("controlled_export_share", &self.controlled_export_share),
            counter_control_import_share: f("counter_control_import_share", &self.counter_control_import_share),
            self_reliance_substitution: f("self_reliance_substitution", &self.self_reliance_substitution),
            self_reliance_rate: f("self_reliance_rate", &self.self_reliance_rate),
            tension_trade_effect: f("tension_trade_effect", &self.tension_trade_effect),
            purchase_step: f("purchase_step", &self.purchase_step),
            purchase_decay: f("purchase_decay", &self.purchase_decay),
            pass_through: f("pass_through", &self.pass_through),
            supply_chain_price: f("supply_chain_price", &self.supply_chain_price),
            price_adjustment: f("price_adjustment", &self.price_adjustment),
            us_consumption_bn: f("us_consumption_bn", &self.us_consumption_bn),
            us_gdp_bn: f("us_gdp_bn", &self.us_gdp_bn),
            cn_gdp_bn: f("cn_gdp_bn", &self.cn_gdp_bn),
            trade_loss_gdp_share: f("trade_loss_gdp_share", &self.trade_loss_gdp_share),
            uncertainty_gdp_us: f("uncertainty_gdp_us", &self.uncertainty_gdp_us),
            uncertainty_gdp_cn: f("uncertainty_gdp_cn", &self.uncertainty_gdp_cn),
            tech_gdp_cn: f("tech_gdp_cn", &self.tech_gdp_cn),
            gdp_adjustment: f("gdp_adjustment", &self.gdp_adjustment),
            mistrust: f("mistrust", &self.mistrust),
            tension_reversion: f("tension_reversion", &self.tension_reversion),
            tension_per_escalation: f("tension_per_escalation", &self.tension_per_escalation),
            tension_per_tech: f("tension_per_tech", &self.tension_per_tech),
            tension_per_deescalation: f("tension_per_deescalation", &self.tension_per_deescalation),
            tension_per_engagement: f("tension_per_engagement", &self.tension_per_engagement),
            tension_per_concession: f("tension_per_concession", &self.tension_per_concession),
            cooperation_per_engagement: f("cooperation_per_engagement", &self.cooperation_per_engagement),
            cooperation_per_concession: f("cooperation_per_concession", &self.cooperation_per_concession),
            cooperation_per_escalation: f("cooperation_per_escalation", &self.cooperation_per_escalation),
            cooperation_decay: f("cooperation_decay", &self.cooperation_decay),
            tariff_floor_us: f("tariff_floor_us", &self.tariff_floor_us),
            tariff_floor_cn: f("tariff_floor_cn", &self.tariff_floor_cn),
            max_tariff: f("max_tariff", &self.max_tariff),
        }
    }

    /// Every parameter by name, mutable, in declaration order.
    pub fn fields_mut(&mut self) -> [(&'static str, &mut P); 37] {
        [
            ("import_elasticity", &mut self.import_elasticity),
            ("export_elasticity", &mut self.export_elasticity),
            ("trade_adjustment", &mut self.trade_adjustment),
            ("trend_growth_imports", &mut self.trend_growth_imports),
            ("trend_growth_exports", &mut self.trend_growth_exports),
            ("controlled_export_share", &mut self.controlled_export_share),
            ("counter_control_import_share", &mut self.counter_control_import_share),
            ("self_reliance_substitution", &mut self.self_reliance_substitution),
            ("self_reliance_rate", &mut self.self_reliance_rate),
            ("tension_trade_effect", &mut self.tension_trade_effect),
            ("purchase_step", &mut self.purchase_step),
            ("purchase_decay", &mut self.purchase_decay),
            ("pass_through", &mut self.pass_through),
            ("supply_chain_price", &mut self.supply_chain_price),
            ("price_adjustment", &mut self.price_adjustment),
            ("us_consumption_bn", &mut self.us_consumption_bn),
            ("us_gdp_bn", &mut self.us_gdp_bn),
            ("cn_gdp_bn", &mut self.cn_gdp_bn),
            ("trade_loss_gdp_share", &mut self.trade_loss_gdp_share),
            ("uncertainty_gdp_us", &mut self.uncertainty_gdp_us),
            ("uncertainty_gdp_cn", &mut self.uncertainty_gdp_cn),
            ("tech_gdp_cn", &mut self.tech_gdp_cn),
            ("gdp_adjustment", &mut self.gdp_adjustment),
            ("mistrust", &mut self.mistrust),
            ("tension_reversion", &mut self.tension_reversion),
            ("tension_per_escalation", &mut self.tension_per_escalation),
            ("tension_per_tech", &mut self.tension_per_tech),
            ("tension_per_deescalation", &mut self.tension_per_deescalation),
            ("tension_per_engagement", &mut self.tension_per_engagement),
            ("tension_per_concession", &mut self.tension_per_concession),
            ("cooperation_per_engagement", &mut self.cooperation_per_engagement),
            ("cooperation_per_concession", &mut self.cooperation_per_concession),
            ("cooperation_per_escalation", &mut self.cooperation_per_escalation),
            ("cooperation_decay", &mut self.cooperation_decay),
            ("tariff_floor_us", &mut self.tariff_floor_us),
            ("tariff_floor_cn", &mut self.tariff_floor_cn),
            ("max_tariff", &mut self.max_tariff),
        ]
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
    /// `us` or `china`.
    pub actor: String,
    /// An agent action, or `set_tariff` / `set_tech_controls`.
    pub action: String,
    /// Step size for an action, level for a `set_*` action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
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

/// `[simulation] sampling`: how the per-run uncertain parameters are drawn.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Sampling {
    /// Independent draws per run.
    #[default]
    MonteCarlo,
    /// Stratified within each fixed block of runs: one draw per stratum and parameter.
    LatinHypercube,
}

/// One `[[correlations]]` entry: a pair `{ a = "agents.us.aggression", b = "economy.import_elasticity",
/// rho = 0.5 }`, or a matrix over named parameters `{ params = [..], matrix = [[..], ..] }`.
/// Correlations are Spearman rank correlations, induced by Iman–Conover.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrelationSpec {
    /// First parameter of a pair, as a dotted path (`agents.us.aggression`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub a: Option<String>,
    /// Second parameter of a pair.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub b: Option<String>,
    /// Spearman rank correlation of the pair, between −1 and 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = -1.0, max = 1.0))]
    pub rho: Option<f64>,
    /// Parameters of a correlation matrix, as dotted paths.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<Vec<String>>,
    /// A symmetric, positive semi-definite matrix of Spearman correlations with ones on the
    /// diagonal, in the order of `params`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matrix: Option<Vec<Vec<f64>>>,
}
