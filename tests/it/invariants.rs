//! Model invariants over many randomly generated scenarios: tariffs never negative, indices
//! within [0, 1], trade never negative, everything finite.

use pathways::engine::rng::{Stream, stream};
use pathways::model::params::Model;
use pathways::model::policy::preset_names;
use pathways::model::sim::{EventClock, Observer, Streams, simulate};
use pathways::model::vars::{ALL_VARS, State, Var};
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
effects = {{ tension = {shock_t}, cooperation = {shock_c}, tariff_us = {{ dist = "normal", mean = 0, sd = 30 }}, us_imports_from_cn = -500 }}
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
