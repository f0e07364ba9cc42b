//! `sweep.csv` (and `sweep.json`): one row per grid point: the parameter values, then the headline columns
//! (pathway probabilities with 95% intervals, horizon median and 90% interval of key variables).

use crate::analysis::sweep::result::{SweepOutcome, SweepPoint, SweepResult};
use crate::error::Result;
use crate::export::headline::{KEY_VARS, csv, header as header_of};
use serde::Serialize;

pub fn render(s: &SweepResult) -> Result<Vec<u8>> {
    let mut header: Vec<String> = s.grid.axes.iter().map(|a| a.key.clone()).collect();
    header.extend(header_of(&s.pathways));
    // Outcome columns: the headline (probability or mean) and its interval.
    if let Some(first) = s.points.first() {
        for o in &first.outcomes {
            header.extend([o.name.clone(), format!("{}_low", o.name), format!("{}_high", o.name)]);
        }
    }
    let rows: Vec<Vec<String>> = s
        .points
        .iter()
        .map(|pt| {
            let mut row: Vec<String> = pt.values.iter().map(f64::to_string).collect();
            for q in &pt.pathways {
                row.extend([q.p.to_string(), q.ci_low.to_string(), q.ci_high.to_string()]);
            }
            for v in KEY_VARS {
                let st = pt.horizon[v.index()];
                row.extend([st.p5.to_string(), st.p50.to_string(), st.p95.to_string()]);
            }
            for o in &pt.outcomes {
                row.extend([o.value.to_string(), o.low.to_string(), o.high.to_string()]);
            }
            row
        })
        .collect();
    csv(&header, &rows)
}

/// `sweep.json`: the same numbers with the sweep's provenance (scenario, seed, runs, grid).
pub fn render_json(s: &SweepResult, scenario_file: &str, command_line: &str) -> Result<Vec<u8>> {
    let doc = SweepDoc {
        format: FORMAT,
        manifest: SweepManifestDoc {
            scenario: &s.scenario,
            scenario_file,
            seed: s.seed,
            runs_per_point: s.runs,
            tool_version: &s.tool_version,
            command_line,
            common_random_numbers: "every point runs with the same seed: run i draws from the same streams at every point",
        },
        params: s.grid.axes.iter().map(|a| ParamDoc { key: &a.key, values: &a.values }).collect(),
        focus_pathway: &s.pathways[s.focus],
        points: s.points.iter().map(|pt| point_doc(s, pt)).collect(),
        focus_outcome: s.outcome_focus.map(|j| s.points.first().map(|p| p.outcomes[j].name.as_str())),
    };
    let mut bytes = serde_json::to_vec_pretty(&doc).map_err(|e| crate::Error::encode("sweep.json", e))?;
    bytes.push(b'\n');
    Ok(bytes)
}

fn point_doc<'a>(s: &'a SweepResult, pt: &'a SweepPoint) -> PointDoc<'a> {
    let pathways = s.pathways.iter().zip(&pt.pathways);
    PointDoc {
        values: &pt.values,
        pathways: pathways
            .map(|(name, q)| PathwayDoc { name, probability: q.p, ci95_low: q.ci_low, ci95_high: q.ci_high })
            .collect(),
        horizon: Horizon(
            KEY_VARS
                .iter()
                .map(|v| {
                    let st = pt.horizon[v.index()];
                    (v.info().key, Band { p5: st.p5, p50: st.p50, p95: st.p95 })
                })
                .collect(),
        ),
        outcomes: pt.outcomes.iter().collect(),
    }
}

/// The `format` sweep.json declares.
pub const FORMAT: &str = "pathways-sweep/1";

/// `sweep.json` as types; field order is the file's key order.
#[derive(Debug, Serialize)]
pub struct SweepDoc<'a> {
    pub format: &'a str,
    pub manifest: SweepManifestDoc<'a>,
    pub params: Vec<ParamDoc<'a>>,
    pub focus_pathway: &'a str,
    pub points: Vec<PointDoc<'a>>,
    /// Written when the sweep focuses an outcome (null if the sweep has no points).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub focus_outcome: Option<Option<&'a str>>,
}

#[derive(Debug, Serialize)]
pub struct SweepManifestDoc<'a> {
    pub scenario: &'a str,
    pub scenario_file: &'a str,
    pub seed: u64,
    pub runs_per_point: u64,
    pub tool_version: &'a str,
    pub command_line: &'a str,
    pub common_random_numbers: &'a str,
}

/// One grid axis: the parameter and its values.
#[derive(Debug, Serialize)]
pub struct ParamDoc<'a> {
    pub key: &'a str,
    pub values: &'a [f64],
}

#[derive(Debug, Serialize)]
pub struct PointDoc<'a> {
    pub values: &'a [f64],
    pub pathways: Vec<PathwayDoc<'a>>,
    pub horizon: Horizon<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub outcomes: Vec<&'a SweepOutcome>,
}

#[derive(Debug, Serialize)]
pub struct PathwayDoc<'a> {
    pub name: &'a str,
    pub probability: f64,
    pub ci95_low: f64,
    pub ci95_high: f64,
}

/// The horizon's 90% band of the key variables, keyed by variable in [`KEY_VARS`] order.
#[derive(Debug)]
pub struct Horizon<'a>(Vec<(&'a str, Band)>);

impl Serialize for Horizon<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

#[derive(Debug, Serialize)]
pub struct Band {
    pub p5: f64,
    pub p50: f64,
    pub p95: f64,
}
