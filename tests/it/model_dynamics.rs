//! The model's dynamics as a modeller checks them: the status quo is a fixed point, grim trigger
//! holds a fixed punishment, move sizes come from their distributions, a scripted deal rolls
//! both sides back in one month, importers front-load ahead of a threatened tariff, and the
//! retaliation loop's gain is reported and kept at or below 1 in the shipped scenarios.

use pathways::model::action::{Action, Actor};
use pathways::model::agent::Decision;
use pathways::model::params::Model;
use pathways::model::policy::loop_gain;
use pathways::model::sim::{EventClock, Observer, Streams, simulate};
use pathways::model::vars::{ALL_VARS, State, Var};
use pathways::sampling::rng::{Stream, stream};
use pathways::scenario::load::{LoadedScenario, load};
use std::io::Write;
use std::path::Path;

/// An agent that never moves on its own.
const PASSIVE: &str = r#"policy = "tit_for_tat"
retaliation = 0
forgiveness = 0
engagement = 0
concession_willingness = 0
deal_willingness = 0"#;

fn scenario(toml: &str) -> LoadedScenario {
    let mut file = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
    file.write_all(toml.as_bytes()).unwrap();
    load(file.path(), &[]).unwrap_or_else(|e| panic!("{e}\n{toml}"))
}

/// Records the state every month and every move.
#[derive(Default)]
struct Path_ {
    states: Vec<State>,
    moves: Vec<(u32, Actor, Decision)>,
}

impl Observer for Path_ {
    fn month(&mut self, _m: u32, state: &State, _pathway: usize) {
        self.states.push(*state);
    }
    fn decision(&mut self, m: u32, actor: Actor, d: &Decision) {
        if d.action != Action::Hold {
            self.moves.push((m, actor, *d));
        }
    }
}

fn replay(s: &LoadedScenario, run: u64) -> Path_ {
    let model = Model::compile(s);
    let seed = s.file.simulation.seed;
    let mut params = model.base.clone();
    let mut sampled = vec![0.0; model.uncertain.len()];
    model.sample(&mut stream(seed, run, Stream::Parameters), &mut params, &mut sampled);
    let mut rec = Path_::default();
    simulate(&model, &params, &mut EventClock::default(), &mut Streams::new(seed, run), &mut rec);
    rec
}

fn v(state: &State, var: Var) -> f64 {
    state[var.index()]
}

fn quiet_world(extra_economy: &str) -> String {
    format!(
        "[scenario]\nname = \"quiet\"\nhorizon_months = 48\n[agents.us]\n{PASSIVE}\n[agents.china]\n{PASSIVE}\n\
         [economy]\n{extra_economy}\n[[pathways]]\nname = \"any\"\n"
    )
}

#[test]
fn with_no_moves_and_no_events_every_variable_stays_on_its_status_quo_path() {
    // Without trade shocks the status-quo path of trade is the trend itself.
    let s = scenario(&quiet_world("import_volatility = 0\nexport_volatility = 0"));
    let p = replay(&s, 3);
    let s0 = p.states[0];
    let growth = |g: f64| (1.0 + g / 100.0).powf(1.0 / 12.0);
    let (gm, gx) = (growth(-1.5), growth(2.6));
    for (m, state) in p.states.iter().enumerate() {
        for var in [Var::TariffUs, Var::TariffCn, Var::TechControlsUs, Var::TechControlsCn] {
            assert_eq!(v(state, var), v(&s0, var), "{var:?} month {m}");
        }
        for var in [Var::UsPriceEffect, Var::GdpUs, Var::GdpCn, Var::UsTariffRevenue, Var::UsDeadweightLoss] {
            assert!(v(state, var).abs() < 1e-9, "{var:?} month {m}: {}", v(state, var));
        }
        let trend_m = v(&s0, Var::UsImportsFromCn) * gm.powi(m as i32);
        let trend_x = v(&s0, Var::UsExportsToCn) * gx.powi(m as i32);
        assert!((v(state, Var::UsImportsFromCn) - trend_m).abs() < 1e-6 * trend_m, "imports month {m}");
        assert!((v(state, Var::UsExportsToCn) - trend_x).abs() < 1e-6 * trend_x, "exports month {m}");
    }
    assert!(p.moves.is_empty(), "{:?}", p.moves);

    // With trade shocks trade moves, but prices, GDP and welfare stay at zero: the shocks are
    // the status quo's, not the conflict's.
    let s = scenario(&quiet_world(""));
    for run in 0..20 {
        let p = replay(&s, run);
        let last = p.states.last().unwrap();
        assert_ne!(v(last, Var::UsImportsFromCn), v(&p.states[0], Var::UsImportsFromCn));
        for var in [Var::UsPriceEffect, Var::GdpUs, Var::GdpCn, Var::UsTariffRevenue, Var::UsDeadweightLoss] {
            for state in &p.states {
                assert!(v(state, var).abs() < 1e-9, "{var:?}: {}", v(state, var));
            }
        }
    }
}

#[test]
fn grim_trigger_punishes_to_a_level_and_holds_it() {
    // The US raises its tariff once by script; China's grim trigger answers and then escalates
    // to its start level plus its punishment (20 points), and no further.
    let toml = format!(
        "[scenario]\nname = \"grim\"\nhorizon_months = 72\n[agents.us]\n{PASSIVE}\n[agents.china]\n\
         policy = \"grim_trigger\"\nengagement = 0\n[[timeline]]\nname = \"provocation\"\nmonth = 2\nactor = \"us\"\n\
         action = \"escalate_tariffs\"\nvalue = 5\n[[pathways]]\nname = \"any\"\n"
    );
    let s = scenario(&toml);
    let start = 21.2;
    for run in 0..50 {
        let p = replay(&s, run);
        let path: Vec<f64> = p.states.iter().map(|st| v(st, Var::TariffCn)).collect();
        let peak = path.iter().copied().fold(f64::MIN, f64::max);
        // The answer to the provocation (5 points) plus punishment up to start + 20.
        assert!(peak <= start + 20.0 + 5.0 + 1e-9, "run {run}: peak {peak}");
        assert!(peak >= start + 20.0 - 1e-9, "run {run}: never reached its punishment level, peak {peak}");
        // Once there, it holds: the last two years are flat.
        let tail = &path[48..];
        assert!(tail.iter().all(|&x| x == tail[0]), "run {run}: {tail:?}");
        let escalations = p.moves.iter().filter(|(_, a, d)| *a == Actor::China && d.action.is_provocation()).count();
        assert!(escalations <= 12, "run {run}: {escalations} escalations");
    }
}

#[test]
fn one_month_moves_of_fifty_points_and_more_when_sizes_allow() {
    // An across-the-board mover: every escalation 60 points, every cut 55.
    let toml = "[scenario]\nname = \"big\"\nhorizon_months = 48\n[agents.us]\npolicy = \"unpredictable_hawk\"\n\
         aggression = 0.3\nthreat_share = 0\ntariff_move = 60\ncut_move = 55\nnoise = 0.3\n[[pathways]]\nname = \"any\"\n";
    let s = scenario(toml);
    let (mut rises, mut falls) = (0, 0);
    for run in 0..40 {
        let p = replay(&s, run);
        for w in p.states.windows(2) {
            let d = v(&w[1], Var::TariffUs) - v(&w[0], Var::TariffUs);
            rises += usize::from(d >= 50.0);
            falls += usize::from(d <= -50.0);
        }
        // Away from the bounds a move applies exactly the size drawn.
        for (_, actor, d) in &p.moves {
            if *actor == Actor::Us && d.action == Action::EscalateTariffs && d.applied > 0.0 {
                assert!(d.applied <= 60.0 + 1e-9);
            }
        }
    }
    assert!(rises > 0 && falls > 0, "rises {rises}, falls {falls}");
}

#[test]
fn a_scripted_deal_rolls_both_sides_back_in_one_month() {
    let toml = format!(
        "[scenario]\nname = \"deal\"\nhorizon_months = 24\n[agents.us]\n{PASSIVE}\n[agents.china]\n{PASSIVE}\n\
         [[timeline]]\nname = \"war_us\"\nmonth = 1\nactor = \"us\"\naction = \"set_tariff\"\nvalue = 60\n\
         [[timeline]]\nname = \"war_cn\"\nmonth = 1\nactor = \"china\"\naction = \"set_tariff\"\nvalue = 50\n\
         [[timeline]]\nname = \"truce\"\nmonth = 6\nactor = \"both\"\naction = \"deal\"\ntariff_us = 25\ntariff_cn = 22\npurchases = 50\n\
         [[pathways]]\nname = \"any\"\n"
    );
    let s = scenario(&toml);
    let p = replay(&s, 0);
    let at = |m: usize| (v(&p.states[m], Var::TariffUs), v(&p.states[m], Var::TariffCn));
    assert_eq!(at(5), (60.0, 50.0));
    assert_eq!(at(6), (25.0, 22.0), "both sides roll back in the deal's month");
    assert_eq!(at(24), (25.0, 22.0));
    // The deal's purchases lift US exports above a run without them.
    let without = scenario(&toml.replace("purchases = 50", "purchases = 0"));
    let q = replay(&without, 0);
    assert!(v(&p.states[12], Var::UsExportsToCn) > v(&q.states[12], Var::UsExportsToCn) + 20.0);
}

#[test]
fn importers_front_load_between_a_threat_and_its_effect() {
    // A 25-point US tariff announced in month 3 for month 9, against the same world without the
    // announcement: imports are higher in between and lower after, as the stock is used up.
    let base = format!(
        "[scenario]\nname = \"threat\"\nhorizon_months = 24\n[agents.us]\n{PASSIVE}\n[agents.china]\n{PASSIVE}\n\
         [economy]\nimport_volatility = 0\nexport_volatility = 0\n\
         [[timeline]]\nname = \"hike\"\nmonth = 9\nactor = \"us\"\naction = \"set_tariff\"\nvalue = 45.7\n"
    );
    let threat = "[[timeline]]\nname = \"announce\"\nmonth = 3\nactor = \"us\"\naction = \"threaten\"\nvalue = 25\neffective = 9\n";
    let with = scenario(&format!("{base}{threat}[[pathways]]\nname = \"any\"\n"));
    let without = scenario(&format!("{base}[[pathways]]\nname = \"any\"\n"));
    let (a, b) = (replay(&with, 0), replay(&without, 0));
    let imports = |p: &Path_, m: usize| v(&p.states[m], Var::UsImportsFromCn);
    for m in 3..9 {
        assert!(imports(&a, m) > imports(&b, m) + 1.0, "month {m}: {} vs {}", imports(&a, m), imports(&b, m));
    }
    assert!(imports(&a, 11) < imports(&b, 11), "the stock is drawn down after the effect");
}

#[test]
fn every_shipped_scenario_keeps_the_retaliation_loop_gain_at_most_one() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let s = load(&path, &[]).unwrap();
        let model = Model::compile(&s);
        let gain = loop_gain(&model.base.policies[0], &model.base.policies[1]);
        assert!(gain <= 1.0, "{}: loop gain {gain}", path.display());
    }
}

#[test]
fn explain_reports_the_loop_gain() {
    let out = crate::pathways()
        .args(["explain", "scenarios/baseline.toml"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("retaliation loop gain"), "{text}");
}

#[test]
fn all_variables_are_finite_in_a_hostile_world() {
    let toml = "[scenario]\nname = \"hostile\"\nhorizon_months = 120\n[agents.us]\npolicy = \"hawk\"\nnoise = 0.5\n\
         [agents.china]\npolicy = \"hawk\"\nnoise = 0.5\n[[pathways]]\nname = \"any\"\n";
    let s = scenario(toml);
    for run in 0..30 {
        for state in replay(&s, run).states {
            for var in ALL_VARS {
                assert!(v(&state, var).is_finite(), "{var:?}");
            }
            assert!(v(&state, Var::TariffUs) < 150.0 && v(&state, Var::TechControlsUs) < 1.0);
        }
    }
}
