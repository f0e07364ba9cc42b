//! The monthly state update: what the agents' moves do, then how trade, prices, GDP, tension,
//! cooperation and self-reliance respond. Equation numbers refer to docs/MODEL.md.

use crate::model::action::{Action, Actor};
use crate::model::agent::Decision;
use crate::model::vars::{State, Var};
use crate::scenario::format::Economy;

const TARIFF: [usize; 2] = [Var::TariffUs.index(), Var::TariffCn.index()];
const CONTROLS: [usize; 2] = [Var::TechControlsUs.index(), Var::TechControlsCn.index()];

/// Reference move sizes: a 10-point tariff step or a 0.1 control step counts as one move in the
/// tension and cooperation equations; a smaller or larger move counts in proportion (up to 3).
pub const TARIFF_UNIT: f64 = 10.0;
pub const CONTROL_UNIT: f64 = 0.1;

fn size(step: f64, unit: f64) -> f64 {
    (step / unit).clamp(0.0, 3.0)
}

/// Size-weighted counts of this month's moves by kind, for the tension and cooperation equations.
#[derive(Debug, Default, Clone, Copy)]
pub struct MoveCounts {
    pub escalations: f64,
    pub tightenings: f64,
    pub deescalations: f64,
    pub engagements: f64,
    pub concessions: f64,
}

/// Per-run values that carry from month to month besides the state.
#[derive(Debug, Clone, Copy)]
pub struct Memory {
    /// China's outstanding purchase commitments ($ bn/yr), added to US exports (eq. 7).
    pub purchases: f64,
    /// Status-quo trend levels of imports and exports this month, and their monthly growth
    /// factors: compounding month by month spares a `powf` per month.
    trend: [f64; 2],
    growth: [f64; 2],
    /// The last tariff levels seen and their demand wedges (eq. 6–7): tariffs change only on
    /// moves, so the `powf` is recomputed only then.
    wedge_at: [f64; 2],
    wedge: [f64; 2],
}

impl Memory {
    pub fn new(e: &Economy<f64>, s0: &State) -> Memory {
        Memory {
            purchases: 0.0,
            trend: [s0[Var::UsImportsFromCn.index()], s0[Var::UsExportsToCn.index()]],
            growth: [
                (1.0 + e.trend_growth_imports / 100.0).powf(1.0 / 12.0),
                (1.0 + e.trend_growth_exports / 100.0).powf(1.0 / 12.0),
            ],
            wedge_at: [f64::NAN; 2],
            wedge: [1.0; 2],
        }
    }

    /// ((1 + t/100) / (1 + t0/100))^(−elasticity) for side `i`, cached on `t`.
    #[inline]
    fn wedge(&mut self, i: usize, t: f64, t0: f64, elasticity: f64) -> f64 {
        if self.wedge_at[i] != t {
            self.wedge_at[i] = t;
            self.wedge[i] = ((1.0 + t / 100.0) / (1.0 + t0 / 100.0)).powf(-elasticity);
        }
        self.wedge[i]
    }
}

/// Applies one side's move to the tariff and control levels (eq. 1–2).
pub fn apply_move(
    s: &mut State,
    mem: &mut Memory,
    e: &Economy<f64>,
    actor: Actor,
    d: &Decision,
    counts: &mut MoveCounts,
) {
    let t = TARIFF[actor.index()];
    let floor = match actor {
        Actor::Us => e.tariff_floor_us,
        Actor::China => e.tariff_floor_cn,
    };
    let c = CONTROLS[actor.index()];
    match d.action {
        Action::EscalateTariffs => {
            s[t] = (s[t] + d.step).min(e.max_tariff.max(s[t]));
            counts.escalations += size(d.step, TARIFF_UNIT);
        }
        Action::DeescalateTariffs => {
            s[t] = (s[t] - d.step).max(floor.min(s[t]));
            counts.deescalations += size(d.step, TARIFF_UNIT);
        }
        Action::TightenTech => {
            s[c] = (s[c] + d.step).min(1.0);
            counts.tightenings += size(d.step, CONTROL_UNIT);
        }
        Action::LoosenTech => {
            s[c] = (s[c] - d.step).max(0.0);
            counts.deescalations += size(d.step, CONTROL_UNIT);
        }
        Action::Engage => counts.engagements += 1.0,
        Action::Concede => {
            // A concession is half a tariff step of relief; China's also buys US goods.
            s[t] = (s[t] - d.step / 2.0).max(floor.min(s[t]));
            if actor == Actor::China {
                mem.purchases += e.purchase_step;
            }
            counts.concessions += 1.0;
        }
        Action::Hold => {}
    }
}

/// Sets a level directly (scripted `set_tariff` / `set_tech_controls`), returning the equivalent
/// move so that the other side can react to it.
pub fn set_level(s: &mut State, actor: Actor, tariff: bool, value: f64, counts: &mut MoveCounts) -> (Action, f64) {
    let i = if tariff { TARIFF[actor.index()] } else { CONTROLS[actor.index()] };
    let old = s[i];
    s[i] = if tariff { value.max(0.0) } else { value.clamp(0.0, 1.0) };
    let delta = s[i] - old;
    let action = match (tariff, delta > 0.0, delta < 0.0) {
        (true, true, _) => Action::EscalateTariffs,
        (true, _, true) => Action::DeescalateTariffs,
        (false, true, _) => Action::TightenTech,
        (false, _, true) => Action::LoosenTech,
        _ => Action::Hold,
    };
    let weight = size(delta.abs(), if tariff { TARIFF_UNIT } else { CONTROL_UNIT });
    match action {
        Action::EscalateTariffs => counts.escalations += weight,
        Action::TightenTech => counts.tightenings += weight,
        Action::DeescalateTariffs | Action::LoosenTech => counts.deescalations += weight,
        _ => {}
    }
    (action, delta.abs())
}

/// One month of the economy and the relationship's climate (eq. 3–11), after the moves.
/// `s0` is the start state (the status-quo reference); `month` counts from the start;
/// `china_drive` is China's `self_reliance_drive`.
#[inline]
pub fn evolve(
    s: &mut State,
    s0: &State,
    mem: &mut Memory,
    e: &Economy<f64>,
    counts: &MoveCounts,
    month: u32,
    china_drive: f64,
) {
    use Var::*;
    // Reads see the state after this month's moves; values updated below are used as updated.
    let cur = *s;
    let g = |v: Var| cur[v.index()];
    let g0 = |v: Var| s0[v.index()];

    // (3) Tension: raised by hostile moves, lowered by friendly ones, pulled toward the
    // structural level of mistrust.
    let tension = g(Tension) + e.tension_per_escalation * counts.escalations + e.tension_per_tech * counts.tightenings
        - e.tension_per_deescalation * counts.deescalations
        - e.tension_per_engagement * counts.engagements
        - e.tension_per_concession * counts.concessions
        + e.tension_reversion * (e.mistrust - g(Tension));
    // (4) Cooperation channels decay unless maintained by engagement and concessions.
    let cooperation = g(Cooperation) * (1.0 - e.cooperation_decay)
        + e.cooperation_per_engagement * counts.engagements
        + e.cooperation_per_concession * counts.concessions
        - e.cooperation_per_escalation * (counts.escalations + counts.tightenings);
    // (5) China's self-reliance grows with its drive, faster under broader US controls.
    let sr = g(CnSelfReliance);
    let self_reliance = sr + e.self_reliance_rate * china_drive * (0.5 + g(TechControlsUs)) * (1.0 - sr);
    let tension = tension.clamp(0.0, 1.0);
    let self_reliance = self_reliance.clamp(0.0, 1.0);
    s[Tension.index()] = tension;
    s[Cooperation.index()] = cooperation.clamp(0.0, 1.0);
    s[CnSelfReliance.index()] = self_reliance;

    // (6) US imports: constant-elasticity response to the tariff wedge, cut by China's
    // counter-controls and by tension (de-risking), on the status-quo trend.
    debug_assert!(month > 0);
    mem.trend[0] *= mem.growth[0];
    mem.trend[1] *= mem.growth[1];
    let [trend_imp, trend_exp] = mem.trend;
    let d_tension = tension - g0(Tension);
    let risk = (1.0 - e.tension_trade_effect * d_tension).clamp(0.0, 2.0);
    let wedge_us = mem.wedge(0, g(TariffUs), g0(TariffUs), e.import_elasticity);
    let counter = (1.0 - e.counter_control_import_share * (g(TechControlsCn) - g0(TechControlsCn))).clamp(0.0, 2.0);
    let imports_target = trend_imp * wedge_us * counter * risk;
    // (7) US exports: the same for China's tariff, cut by US export controls on controlled goods
    // and by China's substitution of domestic products; plus purchase commitments.
    let wedge_cn = mem.wedge(1, g(TariffCn), g0(TariffCn), e.export_elasticity);
    let controls = (1.0 - e.controlled_export_share * (g(TechControlsUs) - g0(TechControlsUs))).clamp(0.0, 2.0);
    let substitution = (1.0 - e.self_reliance_substitution * (self_reliance - g0(CnSelfReliance))).clamp(0.0, 2.0);
    let exports_target = trend_exp * wedge_cn * controls * substitution * risk + mem.purchases;
    mem.purchases *= 1.0 - e.purchase_decay;
    // (8) Trade adjusts part of the way to its target each month.
    let imports = g(UsImportsFromCn) + e.trade_adjustment * (imports_target - g(UsImportsFromCn));
    let exports = g(UsExportsToCn) + e.trade_adjustment * (exports_target - g(UsExportsToCn));
    let imports = imports.max(0.0);
    let exports = exports.max(0.0);
    s[UsImportsFromCn.index()] = imports;
    s[UsExportsToCn.index()] = exports;

    // (9) US consumer prices: the extra duty on imports from China, passed through, as a share of
    // consumption, plus supply-chain costs of China's counter-controls.
    let duty = (g(TariffUs) - g0(TariffUs)) / 100.0 * imports;
    let price_target = g0(UsPriceEffect)
        + e.pass_through * duty / e.us_consumption_bn * 100.0
        + e.supply_chain_price * (g(TechControlsCn) - g0(TechControlsCn));
    s[UsPriceEffect.index()] = g(UsPriceEffect) + e.price_adjustment * (price_target - g(UsPriceEffect));

    // (10) GDP vs the status quo: value added lost with bilateral trade, plus the drag of
    // uncertainty (tension above its starting level); for China also the technology controls,
    // softened by self-reliance.
    let lost_trade = (trend_imp - imports) + (trend_exp - exports);
    let gdp_us_target =
        g0(GdpUs) - e.trade_loss_gdp_share * lost_trade / e.us_gdp_bn * 100.0 - e.uncertainty_gdp_us * d_tension;
    let gdp_cn_target = g0(GdpCn)
        - e.trade_loss_gdp_share * lost_trade / e.cn_gdp_bn * 100.0
        - e.uncertainty_gdp_cn * d_tension
        - e.tech_gdp_cn * (g(TechControlsUs) - g0(TechControlsUs)) * (1.0 - self_reliance);
    // (11) GDP adjusts part of the way each month.
    s[GdpUs.index()] = g(GdpUs) + e.gdp_adjustment * (gdp_us_target - g(GdpUs));
    s[GdpCn.index()] = g(GdpCn) + e.gdp_adjustment * (gdp_cn_target - g(GdpCn));
}

/// Adds an event's effect to a variable, keeping it within the variable's bounds.
pub fn shock(s: &mut State, var: usize, delta: f64) {
    let info = &crate::model::vars::VARS[var];
    s[var] = (s[var] + delta).clamp(info.min, info.max);
}
