//! The state variables: one registry of keys, display names, units and bounds, used by the
//! scenario loader, the model, every table and every chart.

use serde::Serialize;

/// A percentage, e.g. an average tariff of 20.7 means 20.7 %.
pub type Percent = f64;
/// A month index counted from the scenario's start (0 = the start month).
pub type Month = u32;

/// Number of state variables.
pub const N_VARS: usize = 14;

/// One state variable of the US–China model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Var {
    TariffUs,
    TariffCn,
    TechControlsUs,
    TechControlsCn,
    Tension,
    Cooperation,
    UsImportsFromCn,
    UsExportsToCn,
    CnSelfReliance,
    UsPriceEffect,
    GdpUs,
    GdpCn,
    UsTariffRevenue,
    UsDeadweightLoss,
}

/// What a state variable means to a reader: key in files, display name and unit.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct VarInfo {
    /// Key used in scenario files, CSV and JSON (`tariff_us`).
    pub key: &'static str,
    /// Name for charts and briefings ("US tariff on Chinese goods").
    pub display: &'static str,
    /// Unit for axis labels ("%", "$ bn/yr", "index 0–1").
    pub unit: &'static str,
    /// Smallest value the model allows.
    pub min: f64,
    /// Largest value the model allows (`f64::INFINITY` when unbounded).
    pub max: f64,
}

impl VarInfo {
    /// "US tariff on Chinese goods (%)": the label every chart axis uses.
    pub fn label(&self) -> String {
        format!("{} ({})", self.display, self.unit)
    }
}

const INDEX: &str = "index 0–1";

/// The registry, in `Var` order.
pub const VARS: [VarInfo; N_VARS] = [
    info("tariff_us", "US tariff on Chinese goods", "%", 0.0, f64::INFINITY),
    info("tariff_cn", "Chinese tariff on US goods", "%", 0.0, f64::INFINITY),
    info("tech_controls_us", "US export controls on China", INDEX, 0.0, 1.0),
    info("tech_controls_cn", "Chinese counter-controls", INDEX, 0.0, 1.0),
    info("tension", "Tension and mistrust", INDEX, 0.0, 1.0),
    info("cooperation", "Active cooperation channels", INDEX, 0.0, 1.0),
    info("us_imports_from_cn", "US goods imports from China", "$ bn/yr", 0.0, f64::INFINITY),
    info("us_exports_to_cn", "US goods exports to China", "$ bn/yr", 0.0, f64::INFINITY),
    info("cn_self_reliance", "China's self-reliance drive", INDEX, 0.0, 1.0),
    info("us_price_effect", "US consumer prices from the conflict", "% change", f64::NEG_INFINITY, f64::INFINITY),
    info("gdp_us", "US GDP vs status quo", "%", f64::NEG_INFINITY, f64::INFINITY),
    info("gdp_cn", "China GDP vs status quo", "%", f64::NEG_INFINITY, f64::INFINITY),
    info("us_tariff_revenue", "Extra US tariff revenue on Chinese goods", "$ bn/yr", f64::NEG_INFINITY, f64::INFINITY),
    info(
        "us_deadweight_loss",
        "US deadweight loss from the tariff change",
        "$ bn/yr",
        f64::NEG_INFINITY,
        f64::INFINITY,
    ),
];

const fn info(key: &'static str, display: &'static str, unit: &'static str, min: f64, max: f64) -> VarInfo {
    VarInfo { key, display, unit, min, max }
}

/// All variables in registry order.
pub const ALL_VARS: [Var; N_VARS] = [
    Var::TariffUs,
    Var::TariffCn,
    Var::TechControlsUs,
    Var::TechControlsCn,
    Var::Tension,
    Var::Cooperation,
    Var::UsImportsFromCn,
    Var::UsExportsToCn,
    Var::CnSelfReliance,
    Var::UsPriceEffect,
    Var::GdpUs,
    Var::GdpCn,
    Var::UsTariffRevenue,
    Var::UsDeadweightLoss,
];

impl Var {
    /// Position in the registry and in a [`State`].
    pub const fn index(self) -> usize {
        self as usize
    }

    /// Registry entry of this variable.
    pub fn info(self) -> &'static VarInfo {
        &VARS[self.index()]
    }

    /// The variable whose file key is `key`.
    pub fn from_key(key: &str) -> Option<Var> {
        ALL_VARS.iter().copied().find(|v| v.info().key == key)
    }

    /// All file keys, for "valid keys are …" messages.
    pub fn keys() -> Vec<&'static str> {
        VARS.iter().map(|v| v.key).collect()
    }

    /// Whether the variable moves in steps that runs share exactly: a level set by the agents'
    /// moves (drawn from a few sizes), scripts, deals and floors. Its quantiles are reported as the
    /// exact shared value where a bucket holds one; the others move continuously and are reported
    /// to the sketch's resolution.
    pub const fn is_stepped(self) -> bool {
        matches!(self, Var::TariffUs | Var::TariffCn | Var::TechControlsUs | Var::TechControlsCn)
    }

    /// Whether the variable is a 0–1 index.
    pub fn is_index(self) -> bool {
        self.info().max == 1.0
    }
}

/// The model state in one month: one value per variable, in registry order.
pub type State = [f64; N_VARS];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_order_matches_enum() {
        for v in ALL_VARS {
            assert_eq!(Var::from_key(v.info().key), Some(v));
        }
    }
}
