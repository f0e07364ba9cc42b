//! Model invariants over many randomly generated scenarios: tariffs never negative, indices
//! within [0, 1], trade never negative, everything finite.

use pathways::model::params::Model;
use pathways::model::policy::preset_names;
use pathways::model::sim::{EventClock, Observer, Streams, simulate};
use pathways::model::vars::{ALL_VARS, State, Var};
use pathways::sampling::rng::{Stream, stream};
use pathways::scenario::load::load;
use proptest::prelude::*;

struct Check;

impl Observer for Check {
    fn month(&mut self, m: u32, s: &State, _pathway: usize) {
        for v in ALL_VARS {
            let x = s[v.index()];
            assert!(x.is_finite(), "month {m}: {} = {x}", v.info().key);
            assert!(x >= v.info().min && x <= v.info().max, "month {m}: {} = {x} out of bounds", v.info().key);
        }
        assert!(s[Var::TariffUs.index()] >= 0.0 && s[Var::TariffCn.index()] >= 0.0);
        assert!(s[Var::UsImportsFromCn.index()] >= 0.0 && s[Var::UsExportsToCn.index()] >= 0.0);
    }
}

fn scenario() -> impl Strategy<Value = String> {
    let presets = preset_names();
    let n = presets.len();
    (
        (0..n, 0..n),
        (0.0..1.0f64, 0.0..1.0f64, 0.0..1.0f64, 0.0..3.0f64),
        (0.0..6.0f64, 0.0..6.0f64, -20.0..20.0f64, 0.0..1.0f64),
        (0.0..1.0f64, -1.0..1.0f64, 0.0..200.0f64, 1u32..36),
    )
        .prop_map(move |((us, cn), (aggr, noise, tech, scale), (e_imp, e_exp, growth, shock_p), (shock_t, shock_c, level, month))| {
            format!(
                r#"[scenario]
name = "random"
horizon_months = 36
[agents.us]
policy = "{}"
aggression = {aggr}
noise = {noise}
tech_hawkishness = {tech}
retaliation_scale = {scale}
tariff_move = {{ dist = "triangular", min = 1, mode = 10, max = 60 }}
[agents.china]
policy = "{}"
noise = {noise}
[economy]
import_elasticity = {e_imp}
export_elasticity = {e_exp}
trend_growth_imports = {growth}
trade_adjustment = {{ dist = "uniform", min = 0.0, max = 1.0 }}
[[events]]
name = "shock"
probability = {shock_p}
effects = {{ tension = {shock_t}, cooperation = {shock_c}, tariff_us = {{ dist = "normal", mean = 0, sd = 30, min = -200, max = 200 }}, us_imports_from_cn = -500 }}
[[timeline]]
name = "set"
month = {month}
actor = "china"
action = "set_tariff"
value = {level}
[[pathways]]
name = "all"
"#,
                presets[us], presets[cn]
            )
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn state_stays_within_bounds(text in scenario(), seed in any::<u64>()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("random.toml");
        std::fs::write(&path, &text).unwrap();
        let loaded = load(&path, &[]).unwrap_or_else(|e| panic!("{e}\n{text}"));
        let model = Model::compile(&loaded);
        let mut params = model.base.clone();
        let mut sampled = vec![0.0; model.uncertain.len()];
        let mut clock = EventClock::default();
        for run in 0..40 {
            model.sample(&mut stream(seed, run, Stream::Parameters), &mut params, &mut sampled);
            simulate(&model, &params, &mut clock, &mut Streams::new(seed, run), &mut Check);
        }
    }
}

/// Stepped variables take few values (tariff levels): a quantile whose runs share one value is
/// that value, as runs.csv writes it, not the midpoint of a sketch bucket (20.625 for 20.7); the
/// extremes are exact.
#[test]
fn quantiles_of_stepped_variables_are_values_runs_take() {
    let tmp = tempfile::tempdir().unwrap();
    // Moves of 5 points (10-point cuts: a concession cuts half), answers in the same size, no
    // non-tariff answers, no partial punishment steps and no deals: tariff levels stay on a
    // 5-point lattice (the scripted hike too: 20.7 → 40.7).
    let lattice = [
        "agents.us.tariff_move=5",
        "agents.us.cut_move=10",
        "agents.china.tariff_move=5",
        "agents.china.cut_move=10",
        "agents.china.retaliation_scale=1",
        "agents.us.nontariff_share=0",
        "agents.china.nontariff_share=0",
        "agents.us.deal_willingness=0",
        "agents.china.deal_willingness=0",
        "agents.us.punishment=0",
        "timeline.tariff_hike.value=40.7",
    ];
    let mut cmd = crate::pathways();
    cmd.args(["run", "--runs", "2000", "--quiet", "--charts", "none", "--out"]).arg(tmp.path());
    for set in lattice {
        cmd.args(["--set", set]);
    }
    cmd.arg(crate::fixture("small.toml")).assert().success();
    // A `--set` run writes its own folder.
    let folder = crate::set_folder(tmp.path(), "small");
    let runs = crate::read(tmp.path(), &folder, "runs.csv");
    let mut rdr = csv::Reader::from_reader(runs.as_bytes());
    let col = rdr.headers().unwrap().iter().position(|h| h == "tariff_us").unwrap();
    let taken: Vec<f64> = rdr.records().map(|r| r.unwrap()[col].parse().unwrap()).collect();
    let series = crate::read(tmp.path(), &folder, "timeseries.csv");
    let mut rdr = csv::Reader::from_reader(series.as_bytes());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(&header[9..], ["min", "max"]);
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).filter(|r| &r[1] == "tariff_us").collect();
    // The start month: every run at the initial tariff.
    assert!((4..=10).all(|i| rows[0][i] == rows[0][2]), "{:?}", rows[0]);
    assert_eq!(&rows[0][6], "20.7", "the initial tariff, exactly");
    // The horizon: the min and the max are values runs end at; a percentile whose exact value
    // (nearest rank over runs.csv) has no other run value within 1.6% (a sketch bucket) is
    // reported exactly. Tariff levels here lie on the 5-point lattice set up above, so
    // some percentiles are such values.
    let last = rows.last().unwrap();
    // runs.csv keeps a run's values in single precision: equal to that precision.
    for i in [9, 10] {
        let q: f64 = last[i].parse().unwrap();
        assert!(
            taken.iter().any(|t| (t - q).abs() <= 1e-6 * q.abs().max(1.0)),
            "{} = {q} is no run's value",
            header[i]
        );
    }
    let mut sorted = taken.clone();
    sorted.sort_by(f64::total_cmp);
    let mut isolated = 0;
    for (i, p) in [(4, 0.05), (5, 0.25), (6, 0.5), (7, 0.75), (8, 0.95)] {
        let exact = sorted[((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len()) - 1];
        let alone = sorted.iter().all(|&x| x == exact || (x - exact).abs() > exact.abs() / 64.0);
        if alone {
            isolated += 1;
            assert_eq!(last[i].parse::<f64>().unwrap(), exact, "{} is a value of its own", header[i]);
        }
    }
    assert!(isolated > 0, "no percentile fell on an isolated tariff level: the check checked nothing");
}
