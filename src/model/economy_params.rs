//! The economy's parameters: how trade, prices, welfare, GDP, the relationship's climate and
//! deals respond. One table holds each parameter's key, default, range, unit and meaning;
//! docs/MODEL.md gives every default's source and [`crate::model::economy`] the equations.

use crate::model::param_table::{ParamInfo, Range, keys};
use std::ops::{Index, IndexMut};

/// The economy's parameters, in [`ECONOMY_PARAMS`] order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum E {
    ImportElasticity,
    ExportElasticity,
    TradeAdjustment,
    TrendGrowthImports,
    TrendGrowthExports,
    ImportVolatility,
    ExportVolatility,
    TradeShockPersistence,
    Frontloading,
    InventoryDrawdown,
    ReroutingShare,
    ControlledExportShare,
    CounterControlImportShare,
    SelfRelianceSubstitution,
    SelfRelianceRate,
    TensionTradeEffect,
    PurchaseStep,
    PurchaseDecay,
    DiversionDecay,
    RegulationTradeEffect,
    PassThrough,
    SupplyChainPrice,
    PriceAdjustment,
    UsConsumptionBn,
    UsGdpBn,
    CnGdpBn,
    TariffDispersionUs,
    TariffDispersionCn,
    ValueAddedShare,
    UncertaintyGdpUs,
    UncertaintyGdpCn,
    TechGdpCn,
    GdpAdjustment,
    Mistrust,
    TensionReversion,
    TensionPerEscalation,
    TensionPerTech,
    TensionPerNontariff,
    TensionPerDeescalation,
    TensionPerEngagement,
    TensionPerConcession,
    CooperationPerEngagement,
    CooperationPerConcession,
    CooperationPerEscalation,
    CooperationDecay,
    TariffFloorUs,
    TariffFloorCn,
    MaxTariff,
    DealRollback,
    DealPurchases,
    DealCompliance,
    DealTerm,
    DealBreakdown,
    DealRestraint,
}

/// Number of economy parameters.
pub const N_ECONOMY: usize = 54;

const PM: &str = "per month";

/// The table, in [`E`] order. Defaults are the January 2025 baseline's (sources in
/// docs/MODEL.md).
pub const ECONOMY_PARAMS: [ParamInfo; N_ECONOMY] = [
    ParamInfo::new(
        "import_elasticity",
        1.6,
        Range::ELASTICITY,
        "",
        "Elasticity of US imports from China to the US tariff wedge (eq. 6).",
    ),
    ParamInfo::new(
        "export_elasticity",
        1.0,
        Range::ELASTICITY,
        "",
        "Elasticity of US exports to China to China's tariff wedge (eq. 7).",
    ),
    ParamInfo::new(
        "trade_adjustment",
        0.2,
        Range::UNIT,
        PM,
        "Share of the gap to the target trade level closed each month (eq. 8).",
    ),
    ParamInfo::new(
        "trend_growth_imports",
        -1.5,
        Range::GROWTH,
        "%/yr",
        "Status-quo growth of US imports from China (% per year, above −100).",
    ),
    ParamInfo::new(
        "trend_growth_exports",
        2.6,
        Range::GROWTH,
        "%/yr",
        "Status-quo growth of US exports to China (% per year, above −100).",
    ),
    ParamInfo::new(
        "import_volatility",
        0.1,
        Range::VOLATILITY,
        "log sd",
        "Standard deviation of the log demand shock on US imports from China (business cycle, pandemics): a stationary AR(1) (eq. 6).",
    ),
    ParamInfo::new(
        "export_volatility",
        0.1,
        Range::VOLATILITY,
        "log sd",
        "Standard deviation of the log demand shock on US exports to China (eq. 7).",
    ),
    ParamInfo::new(
        "trade_shock_persistence",
        0.9,
        Range::UNIT,
        "",
        "Month-to-month autocorrelation of the trade demand shocks.",
    ),
    ParamInfo::new(
        "frontloading",
        0.5,
        Range::COEFFICIENT,
        "",
        "Extra orders placed each month a tariff threat is pending, as a share of the imports the threatened tariff would remove (eq. 8b).",
    ),
    ParamInfo::new(
        "inventory_drawdown",
        0.25,
        Range::UNIT,
        PM,
        "Share of the front-loaded stock used up each month once no threat is pending, in place of new imports.",
    ),
    ParamInfo::new(
        "rerouting_share",
        0.2,
        Range::UNIT,
        "",
        "Share of the tariff-induced fall in US imports from China that is Chinese output rerouted through third countries (eq. 10).",
    ),
    ParamInfo::new(
        "controlled_export_share",
        0.15,
        Range::UNIT,
        "",
        "Share of US exports lost per index point of added US export controls.",
    ),
    ParamInfo::new(
        "counter_control_import_share",
        0.05,
        Range::UNIT,
        "",
        "Share of US imports lost per index point of added Chinese counter-controls.",
    ),
    ParamInfo::new(
        "self_reliance_substitution",
        0.3,
        Range::UNIT,
        "",
        "Share of US exports lost per index point of Chinese self-reliance above its status-quo path.",
    ),
    ParamInfo::new(
        "self_reliance_rate",
        0.02,
        Range::UNIT,
        PM,
        "Monthly growth of China's self-reliance at full drive (eq. 5).",
    ),
    ParamInfo::new(
        "tension_trade_effect",
        0.1,
        Range::UNIT,
        "",
        "Share of trade lost per index point of tension above its status-quo path (de-risking).",
    ),
    ParamInfo::new(
        "purchase_step",
        8.0,
        Range::TRADE_BN,
        "$ bn/yr",
        "Purchases of US goods added by one Chinese concession.",
    ),
    ParamInfo::new(
        "purchase_decay",
        0.05,
        Range::UNIT,
        PM,
        "Share of outstanding concession purchases that lapses each month.",
    ),
    ParamInfo::new(
        "diversion_decay",
        0.03,
        Range::UNIT,
        PM,
        "Share of diverted state-directed purchases that returns to US suppliers each month.",
    ),
    ParamInfo::new(
        "regulation_trade_effect",
        0.01,
        Range::UNIT,
        "",
        "Share of the target's sales to the regulator lost per regulatory action (entity listings, investigations); fades like diversions.",
    ),
    ParamInfo::new(
        "pass_through",
        0.9,
        Range::COEFFICIENT,
        "",
        "Share of the extra US duty that reaches US consumer prices (eq. 9).",
    ),
    ParamInfo::new(
        "supply_chain_price",
        0.3,
        Range::PERCENT_PER_POINT,
        "% per index point",
        "US consumer-price effect of Chinese counter-controls (critical-mineral licensing).",
    ),
    ParamInfo::new(
        "price_adjustment",
        0.3,
        Range::UNIT,
        PM,
        "Share of the gap to the target price effect closed each month.",
    ),
    ParamInfo::new(
        "us_consumption_bn",
        19_800.0,
        Range::ECONOMY_BN,
        "$ bn/yr",
        "US personal consumption in the scenario's era, the base of the price effect.",
    ),
    ParamInfo::new("us_gdp_bn", 29_200.0, Range::ECONOMY_BN, "$ bn/yr", "US GDP in the scenario's era."),
    ParamInfo::new("cn_gdp_bn", 18_700.0, Range::ECONOMY_BN, "$ bn/yr", "China's GDP in the scenario's era."),
    ParamInfo::new(
        "tariff_dispersion_us",
        1.5,
        Range::DISPERSION,
        "",
        "Deadweight loss of the US tariff relative to a uniform tariff of the same average (1 / share of trade covered).",
    ),
    ParamInfo::new("tariff_dispersion_cn", 1.7, Range::DISPERSION, "", "The same for China's tariff on US goods."),
    ParamInfo::new(
        "value_added_share",
        0.3,
        Range::UNIT,
        "",
        "Share of a lost bilateral export that is lost value added once output is reallocated (eq. 10).",
    ),
    ParamInfo::new(
        "uncertainty_gdp_us",
        0.5,
        Range::PERCENT_PER_POINT,
        "% per index point",
        "US GDP loss per index point of tension above its status-quo path.",
    ),
    ParamInfo::new(
        "uncertainty_gdp_cn",
        0.8,
        Range::PERCENT_PER_POINT,
        "% per index point",
        "China's GDP loss per index point of tension above its status-quo path.",
    ),
    ParamInfo::new(
        "tech_gdp_cn",
        0.5,
        Range::PERCENT_PER_POINT,
        "% per index point",
        "China's GDP loss per index point of added US controls, before self-reliance.",
    ),
    ParamInfo::new(
        "gdp_adjustment",
        0.2,
        Range::UNIT,
        PM,
        "Share of the gap to the target GDP effect closed each month (eq. 11).",
    ),
    ParamInfo::new(
        "mistrust",
        0.55,
        Range::UNIT,
        "index",
        "Structural level of tension that tension reverts to (eq. 3).",
    ),
    ParamInfo::new("tension_reversion", 0.05, Range::UNIT, PM, "Share of the gap to `mistrust` closed each month."),
    ParamInfo::new(
        "tension_per_escalation",
        0.06,
        Range::COEFFICIENT,
        "index",
        "Tension added by a 10-point tariff escalation (in proportion to size).",
    ),
    ParamInfo::new(
        "tension_per_tech",
        0.05,
        Range::COEFFICIENT,
        "index",
        "Tension added by a 0.1 tightening of controls (in proportion to size).",
    ),
    ParamInfo::new(
        "tension_per_nontariff",
        0.03,
        Range::COEFFICIENT,
        "index",
        "Tension added by a purchase diversion or regulatory action.",
    ),
    ParamInfo::new(
        "tension_per_deescalation",
        0.03,
        Range::COEFFICIENT,
        "index",
        "Tension removed by a 10-point tariff cut or a 0.1 loosening (in proportion to size).",
    ),
    ParamInfo::new("tension_per_engagement", 0.04, Range::COEFFICIENT, "index", "Tension removed by one engagement."),
    ParamInfo::new("tension_per_concession", 0.03, Range::COEFFICIENT, "index", "Tension removed by one concession."),
    ParamInfo::new(
        "cooperation_per_engagement",
        0.08,
        Range::COEFFICIENT,
        "index",
        "Cooperation added by one engagement (eq. 4).",
    ),
    ParamInfo::new(
        "cooperation_per_concession",
        0.03,
        Range::COEFFICIENT,
        "index",
        "Cooperation added by one concession.",
    ),
    ParamInfo::new(
        "cooperation_per_escalation",
        0.04,
        Range::COEFFICIENT,
        "index",
        "Cooperation removed by one escalation, tightening or non-tariff retaliation.",
    ),
    ParamInfo::new(
        "cooperation_decay",
        0.04,
        Range::UNIT,
        PM,
        "Share of cooperation that lapses each month without upkeep.",
    ),
    ParamInfo::new(
        "tariff_floor_us",
        3.1,
        Range::TARIFF,
        "%",
        "US tariff that cuts approach but do not pass (the pre-war average).",
    ),
    ParamInfo::new("tariff_floor_cn", 7.5, Range::TARIFF, "%", "Chinese tariff that cuts approach but do not pass."),
    ParamInfo::new("max_tariff", 150.0, Range::TARIFF_STEP, "%", "Tariff that escalations approach but do not pass."),
    ParamInfo::new(
        "deal_rollback",
        0.3,
        Range::UNIT,
        "",
        "Share of each side's tariff above its floor that a deal the agents strike removes.",
    ),
    ParamInfo::new(
        "deal_purchases",
        25.0,
        Range::TRADE_BN,
        "$ bn/yr",
        "Extra purchases of US goods China commits to in a deal.",
    ),
    ParamInfo::new(
        "deal_compliance",
        0.575,
        Range::UNIT,
        "",
        "Share of a deal's committed purchases actually delivered.",
    ),
    ParamInfo::new("deal_term", 24.0, Range::MONTHS, "months", "Months over which a deal's purchase commitment runs."),
    ParamInfo::new(
        "deal_breakdown",
        0.02,
        Range::UNIT,
        PM,
        "Chance per month that a deal collapses and the US restores the tariffs it cut.",
    ),
    ParamInfo::new(
        "deal_restraint",
        0.7,
        Range::UNIT,
        "",
        "How much a deal in force damps both sides' unprovoked escalation (0 none, 1 all).",
    ),
];

/// Names of the parameters, in table order.
pub const ECONOMY_NAMES: [&str; N_ECONOMY] = keys(&ECONOMY_PARAMS);

/// One value per economy parameter: [`crate::sampling::dist::Param`] as written in a scenario
/// file, or `f64` once sampled for a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Economy<T = f64>(pub [T; N_ECONOMY]);

impl<T> Index<E> for Economy<T> {
    type Output = T;
    #[inline]
    fn index(&self, e: E) -> &T {
        &self.0[e as usize]
    }
}

impl<T> IndexMut<E> for Economy<T> {
    #[inline]
    fn index_mut(&mut self, e: E) -> &mut T {
        &mut self.0[e as usize]
    }
}

impl<T> Economy<T> {
    /// Applies `f` to every parameter with its key, in table order.
    pub fn map<Q>(&self, mut f: impl FnMut(&'static str, &T) -> Q) -> Economy<Q> {
        Economy(std::array::from_fn(|i| f(ECONOMY_NAMES[i], &self.0[i])))
    }

    /// Every parameter with its key, in table order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &T)> {
        ECONOMY_NAMES.iter().copied().zip(self.0.iter())
    }

    pub fn get(&self, key: &str) -> Option<&T> {
        ECONOMY_NAMES.iter().position(|n| *n == key).map(|i| &self.0[i])
    }
}

impl Economy<f64> {
    /// The table's defaults.
    pub fn defaults() -> Economy<f64> {
        Economy(std::array::from_fn(|i| ECONOMY_PARAMS[i].default))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_order_matches_the_enum() {
        assert_eq!(E::DealRestraint as usize + 1, N_ECONOMY);
        let all = [
            E::ImportElasticity,
            E::ExportElasticity,
            E::TradeAdjustment,
            E::TrendGrowthImports,
            E::TrendGrowthExports,
            E::ImportVolatility,
            E::ExportVolatility,
            E::TradeShockPersistence,
            E::Frontloading,
            E::InventoryDrawdown,
            E::ReroutingShare,
            E::ControlledExportShare,
            E::CounterControlImportShare,
            E::SelfRelianceSubstitution,
            E::SelfRelianceRate,
            E::TensionTradeEffect,
            E::PurchaseStep,
            E::PurchaseDecay,
            E::DiversionDecay,
            E::RegulationTradeEffect,
            E::PassThrough,
            E::SupplyChainPrice,
            E::PriceAdjustment,
            E::UsConsumptionBn,
            E::UsGdpBn,
            E::CnGdpBn,
            E::TariffDispersionUs,
            E::TariffDispersionCn,
            E::ValueAddedShare,
            E::UncertaintyGdpUs,
            E::UncertaintyGdpCn,
            E::TechGdpCn,
            E::GdpAdjustment,
            E::Mistrust,
            E::TensionReversion,
            E::TensionPerEscalation,
            E::TensionPerTech,
            E::TensionPerNontariff,
            E::TensionPerDeescalation,
            E::TensionPerEngagement,
            E::TensionPerConcession,
            E::CooperationPerEngagement,
            E::CooperationPerConcession,
            E::CooperationPerEscalation,
            E::CooperationDecay,
            E::TariffFloorUs,
            E::TariffFloorCn,
            E::MaxTariff,
            E::DealRollback,
            E::DealPurchases,
            E::DealCompliance,
            E::DealTerm,
            E::DealBreakdown,
            E::DealRestraint,
        ];
        assert_eq!(all.len(), N_ECONOMY);
        for (i, e) in all.iter().enumerate() {
            assert_eq!(*e as usize, i);
            assert_eq!(ECONOMY_NAMES[i], crate::model::param_table::snake_case(&format!("{e:?}")));
        }
        let mut names = ECONOMY_NAMES.to_vec();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), N_ECONOMY, "keys are unique");
    }

    #[test]
    fn every_default_lies_in_its_range() {
        for p in &ECONOMY_PARAMS {
            assert!(p.range.contains(p.default), "{} = {}", p.key, p.default);
        }
    }
}
