//! The monthly state update: what the agents' moves do, then how trade, prices, welfare, GDP,
//! tension, cooperation and self-reliance respond. Equation numbers refer to docs/MODEL.md.

use crate::model::action::{Action, Actor};
use crate::model::agent::{Cause, Decision};
use crate::model::economy_params::{E, Economy};
use crate::model::param_table::{Bounds, toward_index};
use crate::model::vars::{State, Var};
use rand::Rng;
use rand_distr::{Distribution, StandardNormal};

const TARIFF: [usize; 2] = [Var::TariffUs.index(), Var::TariffCn.index()];
const CONTROLS: [usize; 2] = [Var::TechControlsUs.index(), Var::TechControlsCn.index()];

/// The two bilateral flows, by index in [`Memory`]'s arrays: US imports from China (China's
/// sales, taxed by the US tariff) and US exports to China (taxed by China's).
const IMPORTS: usize = 0;
const EXPORTS: usize = 1;

/// Reference move sizes: a 10-point tariff move or a 0.1 control move counts as one move in the
/// tension and cooperation equations; a smaller or larger move counts in proportion (up to 3).
pub const TARIFF_UNIT: f64 = 10.0;
pub const CONTROL_UNIT: f64 = 0.1;

fn weight(size: f64, unit: f64) -> f64 {
    (size.abs() / unit).clamp(0.0, 3.0)
}

/// Size-weighted counts of this month's moves by kind, for the tension and cooperation equations.
#[derive(Debug, Default, Clone, Copy)]
pub struct MoveCounts {
    /// Tariff escalations; an announced threat counts half of what it threatens.
    pub escalations: f64,
    pub tightenings: f64,
    /// Purchase diversions and regulatory actions.
    pub nontariff: f64,
    pub deescalations: f64,
    pub engagements: f64,
    pub concessions: f64,
}

/// An announced escalation waiting for its deadline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Threat {
    /// Tariff points threatened.
    pub size: f64,
    /// The month it takes effect unless postponed or withdrawn.
    pub due: u32,
    /// Whether it answers the other side's threat: it is then postponed and withdrawn with it
    /// (China's 2018 counter-lists were announced as conditional on the US lists).
    pub counter: bool,
}

impl Memory {
    /// Side `actor`'s threat is put off to `due`: a counter-threat of the other side follows.
    pub fn postpone_threat(&mut self, actor: Actor, due: u32) {
        if let Some(t) = &mut self.threats[actor.index()] {
            t.due = due;
        }
        if let Some(t) = &mut self.threats[actor.other().index()]
            && t.counter
        {
            t.due = due;
        }
    }

    /// Side `actor`'s threat is withdrawn: a counter-threat of the other side goes with it.
    /// Returns whether there was one.
    pub fn withdraw_threat(&mut self, actor: Actor) -> bool {
        let had = self.threats[actor.index()].take().is_some();
        if had && self.threats[actor.other().index()].is_some_and(|t| t.counter) {
            self.threats[actor.other().index()] = None;
        }
        had
    }
}

/// A deal in force.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DealState {
    /// Tariff points each side cut when the deal was struck (what a collapse restores).
    pub cut: [f64; 2],
    /// Extra purchases of US goods committed ($ bn/yr) and the months they still run.
    pub purchases: f64,
    pub months_left: u32,
}

/// Per-run values that carry from month to month besides the state.
#[derive(Debug, Clone)]
pub struct Memory {
    /// China's outstanding concession purchases ($ bn/yr), added to US exports (eq. 7).
    pub purchases: f64,
    /// US exports diverted by China's state-directed purchase shifts ($ bn/yr).
    pub diverted: f64,
    /// Share of each flow lost to the importer's regulatory actions.
    pub regulation: [f64; 2],
    /// A threat each side has pending.
    pub threats: [Option<Threat>; 2],
    pub deal: Option<DealState>,
    /// Status-quo trend levels of the flows this month, and their monthly growth factors:
    /// compounding month by month spares a `powf` per month.
    trend: [f64; 2],
    growth: [f64; 2],
    /// Relative demand shocks of the flows (eq. 6–7): the status-quo level is multiplied by
    /// `shock_factor` = max(0.1, 1 + shock).
    shock: [f64; 2],
    shock_factor: [f64; 2],
    /// Innovation scale of the shocks: volatility · √(1 − persistence²).
    shock_scale: [f64; 2],
    /// The flows relative to their status-quo level, adjusted toward their targets (eq. 8): as
    /// they are, and as they would be at the start's tariffs (for the deadweight loss). On the
    /// status-quo path both stay at 1.
    ratio: [f64; 2],
    ratio_at_start_tariffs: [f64; 2],
    /// Goods bought ahead of a threatened tariff and not yet used ($ bn).
    stock: [f64; 2],
    /// The status-quo paths of tension, cooperation and self-reliance: what they do with no
    /// moves and no events. Effects on trade and GDP count departures from these.
    tension_sq: f64,
    cooperation_sq: f64,
    self_reliance_sq: f64,
    /// 1 / consumption and 1 / GDP, once per run.
    per_consumption: f64,
    per_gdp: [f64; 2],
    /// The last tariff levels seen and their demand wedges (eq. 6–7): tariffs change only on
    /// moves, so the `powf` is recomputed only then.
    wedge_at: [f64; 2],
    wedge: [f64; 2],
    /// The same for a pending threat: (tariff, threatened points) and the share of the flow the
    /// threatened tariff would remove (eq. 8b).
    threat_at: [(f64, f64); 2],
    threat_loss: [f64; 2],
}

impl Memory {
    pub fn new(e: &Economy, s0: &State) -> Memory {
        let flows = [s0[Var::UsImportsFromCn.index()], s0[Var::UsExportsToCn.index()]];
        let persistence = e[E::TradeShockPersistence];
        let innovation = (1.0 - persistence * persistence).max(0.0).sqrt();
        Memory {
            purchases: 0.0,
            diverted: 0.0,
            regulation: [0.0; 2],
            threats: [None; 2],
            deal: None,
            trend: flows,
            growth: [
                (1.0 + e[E::TrendGrowthImports] / 100.0).powf(1.0 / 12.0),
                (1.0 + e[E::TrendGrowthExports] / 100.0).powf(1.0 / 12.0),
            ],
            shock: [0.0; 2],
            shock_factor: [1.0; 2],
            shock_scale: [e[E::ImportVolatility] * innovation, e[E::ExportVolatility] * innovation],
            ratio: [1.0; 2],
            ratio_at_start_tariffs: [1.0; 2],
            stock: [0.0; 2],
            tension_sq: s0[Var::Tension.index()],
            cooperation_sq: s0[Var::Cooperation.index()],
            self_reliance_sq: s0[Var::CnSelfReliance.index()],
            per_consumption: 1.0 / e[E::UsConsumptionBn],
            per_gdp: [1.0 / e[E::UsGdpBn], 1.0 / e[E::CnGdpBn]],
            wedge_at: [f64::NAN; 2],
            wedge: [1.0; 2],
            threat_at: [(f64::NAN, f64::NAN); 2],
            threat_loss: [0.0; 2],
        }
    }

    /// 1 − w(t + Δ)/w(t): the share of flow `i` a threatened rise of Δ points would remove,
    /// cached on (t, Δ).
    #[inline]
    fn threat_loss(&mut self, i: usize, t: f64, size: f64, elasticity: f64) -> f64 {
        if self.threat_at[i] != (t, size) {
            self.threat_at[i] = (t, size);
            self.threat_loss[i] = 1.0 - wedge(t + size, t, elasticity);
        }
        self.threat_loss[i]
    }

    /// Whether the trade shocks move at all (a scenario may switch them off).
    pub fn has_shocks(&self) -> bool {
        self.shock_scale[0] > 0.0 || self.shock_scale[1] > 0.0
    }

    /// Advances the flows' relative demand shocks one month (eq. 6–7): a stationary AR(1),
    /// u ← ρ·u + σ·√(1 − ρ²)·ε, starting at 0 in the start month (its level is observed). The
    /// level scales by 1 + u (kept above 0.1, seven standard deviations away at σ = 0.14): no
    /// exponential in the hot loop.
    // Forced inline: as a call of its own (with the normal draws inlined into it) its entry and
    // exit cost about 1 % of the engine's instructions.
    #[inline(always)]
    pub fn shock_trade<R: Rng + ?Sized>(&mut self, e: &Economy, rng: &mut R) {
        let rho = e[E::TradeShockPersistence];
        for i in 0..2 {
            let eps: f64 = StandardNormal.sample(rng);
            self.shock[i] = rho * self.shock[i] + self.shock_scale[i] * eps;
            self.shock_factor[i] = (1.0 + self.shock[i]).max(0.1);
        }
    }

    /// ((1 + t/100) / (1 + t0/100))^(−elasticity) for flow `i`, cached on `t`.
    #[inline]
    fn wedge(&mut self, i: usize, t: f64, t0: f64, elasticity: f64) -> f64 {
        if self.wedge_at[i] != t {
            self.wedge_at[i] = t;
            self.wedge[i] = wedge(t, t0, elasticity);
        }
        self.wedge[i]
    }

    /// The US exports China has committed to buy this month under a deal ($ bn/yr, delivered
    /// at the compliance rate).
    fn deal_purchases(&self, e: &Economy) -> f64 {
        match self.deal {
            Some(d) if d.months_left > 0 => d.purchases * e[E::DealCompliance],
            _ => 0.0,
        }
    }
}

/// The constant-elasticity demand response to a tariff change from `t0` to `t` (%).
#[inline]
fn wedge(t: f64, t0: f64, elasticity: f64) -> f64 {
    ((1.0 + t / 100.0) / (1.0 + t0 / 100.0)).powf(-elasticity)
}

/// The tariff floor and ceiling of a side.
fn tariff_bounds(e: &Economy, actor: Actor) -> (f64, f64) {
    let floor = match actor {
        Actor::Us => e[E::TariffFloorUs],
        Actor::China => e[E::TariffFloorCn],
    };
    (floor, e[E::MaxTariff])
}

/// Escalations slow down in the last 25 points below `max_tariff`, cuts in the last 2 points
/// above the floor (judgement: near the prohibitive level each extra point matters less; the
/// floor is the pre-war MFN level, which cuts approach but do not pass).
const TARIFF_KNEE_HI: f64 = 25.0;
const TARIFF_KNEE_LO: f64 = 2.0;

/// Moves a side's tariff by `delta` points, approaching its floor and ceiling with diminishing
/// steps (eq. 1); returns the change made.
fn move_tariff(s: &mut State, e: &Economy, actor: Actor, delta: f64) -> f64 {
    let t = TARIFF[actor.index()];
    let (lo, hi) = tariff_bounds(e, actor);
    let knee_hi = TARIFF_KNEE_HI.min((hi - lo) / 2.0);
    let knee_lo = TARIFF_KNEE_LO.min((hi - lo) / 2.0);
    let bounds = Bounds { lo, hi, knee_hi, knee_lo };
    let old = s[t];
    s[t] = bounds.shift(old, delta);
    s[t] - old
}

/// When a move is made, for dating a threat's deadline: the month, and the side's
/// `threat_delay`.
#[derive(Debug, Clone, Copy)]
pub struct When {
    pub month: u32,
    pub threat_delay: f64,
}

/// Applies one side's move (eq. 1–2), setting `d.applied` to the change it made.
pub fn apply_move(
    s: &mut State,
    mem: &mut Memory,
    e: &Economy,
    actor: Actor,
    d: &mut Decision,
    counts: &mut MoveCounts,
    when: When,
) {
    let When { month, threat_delay } = when;
    let c = CONTROLS[actor.index()];
    match d.action {
        Action::EscalateTariffs => {
            d.applied = move_tariff(s, e, actor, d.size);
            counts.escalations += weight(d.applied, TARIFF_UNIT);
        }
        Action::DeescalateTariffs => {
            d.applied = move_tariff(s, e, actor, -d.size);
            counts.deescalations += weight(d.applied, TARIFF_UNIT);
        }
        Action::TightenTech => {
            let old = s[c];
            s[c] = toward_index(old, d.size);
            d.applied = s[c] - old;
            counts.tightenings += weight(d.applied, CONTROL_UNIT);
        }
        Action::LoosenTech => {
            let old = s[c];
            s[c] = toward_index(old, -d.size);
            d.applied = s[c] - old;
            counts.deescalations += weight(d.applied, CONTROL_UNIT);
        }
        Action::Engage => counts.engagements += 1.0,
        Action::Concede => {
            // Relief on the side's own tariff; China's concessions also buy US goods.
            d.applied = move_tariff(s, e, actor, -d.size);
            if actor == Actor::China {
                mem.purchases += e[E::PurchaseStep];
            }
            counts.concessions += 1.0;
        }
        Action::Threaten => {
            if d.size > 0.0 {
                let own = month.saturating_add(threat_delay.round().max(1.0) as u32);
                // A counter-threat takes effect with the threat it answers: in 2018–19 China's
                // counter-lists took effect on the day the US lists did (PIIE dates).
                let theirs = mem.threats[actor.other().index()].map(|t| t.due).filter(|&due| due > month);
                let (due, counter) = match (d.cause, theirs) {
                    (Cause::Retaliation, Some(due)) => (due, true),
                    _ => (own, false),
                };
                mem.threats[actor.index()] = Some(Threat { size: d.size, due, counter });
                counts.escalations += 0.5 * weight(d.size, TARIFF_UNIT);
            }
        }
        Action::DivertPurchases => {
            // State-directed purchases move to other suppliers: US exports fall by the size.
            mem.diverted += d.size;
            d.applied = -d.size;
            counts.nontariff += 1.0;
        }
        Action::Regulate => {
            // The regulator buys less from the other side's firms.
            let flow = match actor {
                Actor::Us => IMPORTS,
                Actor::China => EXPORTS,
            };
            let before = mem.regulation[flow];
            mem.regulation[flow] = toward_index(before, e[E::RegulationTradeEffect] * d.size);
            d.applied = -(mem.regulation[flow] - before);
            counts.nontariff += 1.0;
        }
        Action::Hold | Action::Deal => {}
    }
}

/// Sets a level directly (scripted `set_tariff` / `set_tech_controls`), returning the equivalent
/// move so that the other side can react to it.
pub fn set_level(s: &mut State, actor: Actor, tariff: bool, value: f64, counts: &mut MoveCounts) -> Decision {
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
    let w = weight(delta, if tariff { TARIFF_UNIT } else { CONTROL_UNIT });
    match action {
        Action::EscalateTariffs => counts.escalations += w,
        Action::TightenTech => counts.tightenings += w,
        Action::DeescalateTariffs | Action::LoosenTech => counts.deescalations += w,
        _ => {}
    }
    Decision { action, size: delta.abs(), applied: delta, cause: Cause::Script }
}

/// The terms of a deal being struck: each side's new tariff (`None`: the deal's rollback share
/// of its tariff above the floor is removed), the purchases committed and their term.
#[derive(Debug, Clone, Copy)]
pub struct DealTerms {
    pub levels: [Option<f64>; 2],
    /// `None`: the run's `deal_purchases` and `deal_term`.
    pub purchases: Option<f64>,
    pub term: Option<u32>,
}

/// Strikes a deal (eq. 1c): both sides' tariffs roll back in the same month, pending threats
/// are withdrawn and China's purchases start. Returns each side's move.
pub fn strike_deal(
    s: &mut State,
    mem: &mut Memory,
    e: &Economy,
    terms: &DealTerms,
    cause: Cause,
    counts: &mut MoveCounts,
) -> [Decision; 2] {
    let mut moves = [Decision::HOLD; 2];
    let mut cut = [0.0; 2];
    for actor in Actor::ALL {
        let a = actor.index();
        let t = TARIFF[a];
        let (floor, _) = tariff_bounds(e, actor);
        let old = s[t];
        let new = match terms.levels[a] {
            Some(level) => level.max(0.0),
            None if old > floor => floor + (1.0 - e[E::DealRollback]) * (old - floor),
            None => old,
        };
        s[t] = new;
        cut[a] = old - new;
        moves[a] = Decision { action: Action::Deal, size: cut[a].abs(), applied: new - old, cause };
        counts.deescalations += weight(cut[a].max(0.0), TARIFF_UNIT);
        counts.escalations += weight(cut[a].min(0.0), TARIFF_UNIT);
        counts.engagements += 1.0;
    }
    mem.threats = [None; 2];
    let purchases = terms.purchases.unwrap_or(e[E::DealPurchases]);
    let months_left = terms.term.unwrap_or(e[E::DealTerm].round().max(1.0) as u32);
    mem.deal = Some(DealState { cut, purchases, months_left });
    moves
}

/// A deal collapses (eq. 1c): the US restores the tariff cut it made. Returns its move.
pub fn collapse_deal(s: &mut State, mem: &mut Memory, counts: &mut MoveCounts) -> Option<Decision> {
    let deal = mem.deal.take()?;
    let t = TARIFF[Actor::Us.index()];
    let restore = deal.cut[Actor::Us.index()].max(0.0);
    s[t] += restore;
    counts.escalations += weight(restore, TARIFF_UNIT);
    Some(Decision { action: Action::EscalateTariffs, size: restore, applied: restore, cause: Cause::DealCollapse })
}

/// One month of the economy and the relationship's climate (eq. 3–12), after the moves.
/// `s0` is the start state; `china_drive` is China's `self_reliance_drive`.
#[inline]
pub fn evolve(s: &mut State, s0: &State, mem: &mut Memory, e: &Economy, counts: &MoveCounts, china_drive: f64) {
    use Var::*;
    // Reads see the state after this month's moves; the new values are written at the end (read
    // in place, not from a copy of the state).
    let cur: &State = s;
    let g = |v: Var| cur[v.index()];
    let g0 = |v: Var| s0[v.index()];

    // (3) Tension: pulled toward the structural level of mistrust, raised by hostile moves and
    // lowered by friendly ones, which approach the index's bounds with diminishing steps.
    let reversion = e[E::TensionReversion];
    let moves = e[E::TensionPerEscalation] * counts.escalations
        + e[E::TensionPerTech] * counts.tightenings
        + e[E::TensionPerNontariff] * counts.nontariff
        - e[E::TensionPerDeescalation] * counts.deescalations
        - e[E::TensionPerEngagement] * counts.engagements
        - e[E::TensionPerConcession] * counts.concessions;
    let reverted = g(Tension) + reversion * (e[E::Mistrust] - g(Tension));
    let tension = toward_index(reverted, moves).clamp(0.0, 1.0);
    mem.tension_sq += reversion * (e[E::Mistrust] - mem.tension_sq);
    // (4) Cooperation channels decay unless maintained by engagement and concessions.
    let decay = e[E::CooperationDecay];
    let upkeep = e[E::CooperationPerEngagement] * counts.engagements
        + e[E::CooperationPerConcession] * counts.concessions
        - e[E::CooperationPerEscalation] * (counts.escalations + counts.tightenings + counts.nontariff);
    let cooperation = toward_index(g(Cooperation) * (1.0 - decay), upkeep).clamp(0.0, 1.0);
    mem.cooperation_sq *= 1.0 - decay;
    // (5) China's self-reliance grows with its drive, faster under broader US controls; its
    // status-quo path grows under the start's controls.
    let rate = e[E::SelfRelianceRate] * china_drive;
    let sr = g(CnSelfReliance);
    let self_reliance = (sr + rate * (0.5 + g(TechControlsUs)) * (1.0 - sr)).clamp(0.0, 1.0);
    mem.self_reliance_sq += rate * (0.5 + g0(TechControlsUs)) * (1.0 - mem.self_reliance_sq);

    // (6)–(7) Targets: the status-quo level (trend × demand shock) times the tariff wedge and
    // the other frictions, each measured against its status-quo path.
    mem.trend[IMPORTS] *= mem.growth[IMPORTS];
    mem.trend[EXPORTS] *= mem.growth[EXPORTS];
    let level = [mem.trend[IMPORTS] * mem.shock_factor[IMPORTS], mem.trend[EXPORTS] * mem.shock_factor[EXPORTS]];
    let risk = (1.0 - e[E::TensionTradeEffect] * (tension - mem.tension_sq)).clamp(0.0, 2.0);
    let counter = (1.0 - e[E::CounterControlImportShare] * (g(TechControlsCn) - g0(TechControlsCn))).clamp(0.0, 2.0);
    let controls = (1.0 - e[E::ControlledExportShare] * (g(TechControlsUs) - g0(TechControlsUs))).clamp(0.0, 2.0);
    let substitution = (1.0 - e[E::SelfRelianceSubstitution] * (self_reliance - mem.self_reliance_sq)).clamp(0.0, 2.0);
    let frictions = [
        counter * risk * (1.0 - mem.regulation[IMPORTS]),
        controls * substitution * risk * (1.0 - mem.regulation[EXPORTS]),
    ];
    let wedges = [
        mem.wedge(IMPORTS, g(TariffUs), g0(TariffUs), e[E::ImportElasticity]),
        mem.wedge(EXPORTS, g(TariffCn), g0(TariffCn), e[E::ExportElasticity]),
    ];
    let adjust = e[E::TradeAdjustment];
    let mut flows = [0.0; 2];
    let mut base = [0.0; 2];
    let mut at_start_tariffs = [0.0; 2];
    for i in [IMPORTS, EXPORTS] {
        // (8) Trade adjusts part of the way to its target each month, as a ratio to its
        // status-quo level; so does the same flow at the start's tariffs.
        mem.ratio[i] += adjust * (frictions[i] * wedges[i] - mem.ratio[i]);
        mem.ratio_at_start_tariffs[i] += adjust * (frictions[i] - mem.ratio_at_start_tariffs[i]);
        base[i] = level[i] * mem.ratio[i];
        at_start_tariffs[i] = level[i] * mem.ratio_at_start_tariffs[i];
        // (8b) Front-loading: while the buyer's side threatens a tariff rise, importers order
        // ahead a share of what the new tariff would remove; once no threat is pending they live
        // off that stock in place of new orders.
        let threatener = if i == IMPORTS { Actor::Us } else { Actor::China };
        let extra = match mem.threats[threatener.index()] {
            Some(threat) => {
                let t = cur[TARIFF[threatener.index()]];
                let elasticity = if i == IMPORTS { e[E::ImportElasticity] } else { e[E::ExportElasticity] };
                let lost = base[i] * mem.threat_loss(i, t, threat.size, elasticity);
                let orders = e[E::Frontloading] * lost.max(0.0);
                mem.stock[i] += orders / 12.0;
                orders
            }
            None if mem.stock[i] > 0.0 => {
                let used = e[E::InventoryDrawdown] * mem.stock[i];
                mem.stock[i] -= used;
                -12.0 * used
            }
            None => 0.0,
        };
        flows[i] = base[i] + extra;
    }
    // China's state-directed purchases: concessions and a deal add, diversions subtract.
    flows[EXPORTS] += mem.purchases + mem.deal_purchases(e) - mem.diverted;
    let imports = flows[IMPORTS].max(0.0);
    let exports = flows[EXPORTS].max(0.0);
    mem.purchases *= 1.0 - e[E::PurchaseDecay];
    let fade = 1.0 - e[E::DiversionDecay];
    mem.diverted *= fade;
    mem.regulation[IMPORTS] *= fade;
    mem.regulation[EXPORTS] *= fade;
    if let Some(deal) = &mut mem.deal {
        deal.months_left = deal.months_left.saturating_sub(1);
    }

    // (9) US consumer prices: the extra duty on imports from China, passed through, as a share of
    // consumption, plus supply-chain costs of China's counter-controls.
    let duty = (g(TariffUs) - g0(TariffUs)) / 100.0 * imports;
    let price_target = g0(UsPriceEffect)
        + e[E::PassThrough] * duty * mem.per_consumption * 100.0
        + e[E::SupplyChainPrice] * (g(TechControlsCn) - g0(TechControlsCn));
    let price = g(UsPriceEffect) + e[E::PriceAdjustment] * (price_target - g(UsPriceEffect));

    // (10) Welfare: the extra duty collected, and the deadweight loss of the tariff change
    // relative to the start (Harberger with a tariff in place): (t0 + Δt/2) times the trade the
    // change removed, times the dispersion of the tariff across products.
    let deadweight = |i: usize, t: f64, t0: f64, dispersion: f64| {
        dispersion * (t0 + (t - t0) / 2.0) / 100.0 * (at_start_tariffs[i] - base[i])
    };
    let dwl_us = deadweight(IMPORTS, g(TariffUs), g0(TariffUs), e[E::TariffDispersionUs]);
    let dwl_cn = deadweight(EXPORTS, g(TariffCn), g0(TariffCn), e[E::TariffDispersionCn]);

    // (11) GDP against the status quo: the value added of each side's lost exports (China's net
    // of goods rerouted through third countries), its deadweight loss, the drag of uncertainty
    // (tension above its status-quo path), and for China the controls, softened by self-reliance.
    let va = e[E::ValueAddedShare];
    let lost_us_exports = level[EXPORTS] - exports;
    let lost_cn_exports = (1.0 - e[E::ReroutingShare]) * (level[IMPORTS] - imports);
    let d_tension = tension - mem.tension_sq;
    let gdp_us_target =
        g0(GdpUs) - (va * lost_us_exports + dwl_us) * mem.per_gdp[0] * 100.0 - e[E::UncertaintyGdpUs] * d_tension;
    let gdp_cn_target = g0(GdpCn)
        - (va * lost_cn_exports + dwl_cn) * mem.per_gdp[1] * 100.0
        - e[E::UncertaintyGdpCn] * d_tension
        - e[E::TechGdpCn] * (g(TechControlsUs) - g0(TechControlsUs)) * (1.0 - self_reliance);
    // (12) GDP adjusts part of the way each month.
    let gdp_us = g(GdpUs) + e[E::GdpAdjustment] * (gdp_us_target - g(GdpUs));
    let gdp_cn = g(GdpCn) + e[E::GdpAdjustment] * (gdp_cn_target - g(GdpCn));

    s[Tension.index()] = tension;
    s[Cooperation.index()] = cooperation;
    s[CnSelfReliance.index()] = self_reliance;
    s[UsImportsFromCn.index()] = imports;
    s[UsExportsToCn.index()] = exports;
    s[UsPriceEffect.index()] = price;
    s[UsTariffRevenue.index()] = g0(UsTariffRevenue) + duty;
    s[UsDeadweightLoss.index()] = g0(UsDeadweightLoss) + dwl_us;
    s[GdpUs.index()] = gdp_us;
    s[GdpCn.index()] = gdp_cn;
}

/// Adds an event's effect to a variable, keeping it within the variable's bounds: 0–1 indices
/// approach their bounds with diminishing steps, other variables are clamped.
pub fn shock(s: &mut State, var: usize, delta: f64) {
    let info = &crate::model::vars::VARS[var];
    s[var] = if info.min == 0.0 && info.max == 1.0 {
        toward_index(s[var], delta)
    } else {
        (s[var] + delta).clamp(info.min, info.max)
    };
}
