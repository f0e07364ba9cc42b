//! Charts of a scenario result: fans, histograms, pathway probabilities, time to pathway,
//! a trade-off scatter, and overlays across scenarios.
//!
//! Every chart kind is one file holding a type that implements [`Chart`]. A chart draws once,
//! generically over plotters' `DrawingBackend`, and [`render`] turns it into PNG and SVG bytes.
//! Nothing here touches the file system: the caller writes the returned bytes.

mod axes;
mod canvas;
mod convergence;
mod fan;
mod font;
mod frame;
mod histogram;
mod observed;
mod overlay_fan;
mod overlay_pathways;
pub mod palette;
mod pathways;
mod posterior;
mod render;
mod scale;
mod scatter;
mod sobol;
mod sweep_heatmap;
mod sweep_lines;
mod sweep_outcome;
mod time_to_pathway;
mod tornado;

pub use observed::observed_charts;
pub use posterior::posterior_charts;
pub use scale::{ci_text, display_name, fixed_signed, parameter_name};

use crate::engine::result::ScenarioResult;
use crate::model::vars::{ALL_VARS, Var};
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingAreaErrorKind, DrawingBackend};

/// An image format a chart is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChartFormat {
    Png,
    Svg,
}

impl ChartFormat {
    /// File extension without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ChartFormat::Png => "png",
            ChartFormat::Svg => "svg",
        }
    }
}

/// What to render and at which size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartOptions {
    /// Each chart is rendered once per format, in this order.
    pub formats: Vec<ChartFormat>,
    /// Image width in pixels (SVG: user units).
    pub width: u32,
    /// Image height in pixels (SVG: user units).
    pub height: u32,
}

impl Default for ChartOptions {
    /// PNG and SVG at 1600×900, a 16:9 slide.
    fn default() -> Self {
        ChartOptions { formats: vec![ChartFormat::Png, ChartFormat::Svg], width: 1600, height: 900 }
    }
}

/// Smallest image we draw (the CLI's `--chart-size` lower bound); text gets small below 640×360.
pub const MIN_SIZE: (u32, u32) = (320, 200);
/// Largest image we agree to draw (an 8000 × 8000 RGB buffer is 192 MB).
pub const MAX_SIZE: (u32, u32) = (8000, 8000);

/// A chart that could not be drawn or encoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ChartError(pub String);

/// Commands report a chart that cannot be drawn as any other failure.
impl From<ChartError> for crate::error::Error {
    fn from(e: ChartError) -> Self {
        crate::error::Error::Chart(e.0)
    }
}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        ChartError(e.to_string())
    }
}

/// The scenario's name as charts can draw it: the name itself when the chart font has a glyph
/// for every letter (DejaVu Sans covers Latin, Greek and Cyrillic with their accents), else the
/// output folder's ASCII spelling ("中美合作" → "Zhong_Mei_He_Zuo"), which the chart's [`footer`]
/// says. The briefing's text, drawn by the reader's browser, always shows the name itself.
pub(crate) fn drawable_name(meta: &crate::engine::result::RunMeta) -> String {
    if font::covers(&meta.scenario) { meta.scenario.clone() } else { meta.folder.clone() }
}

/// The scenario as a chart title names it: "Renewed tariffs". Every per-scenario chart's title
/// starts with it, so that a chart on a slide can be attributed without its footer.
pub(crate) fn scenario_title(meta: &crate::engine::result::RunMeta) -> String {
    if font::covers(&meta.scenario) { display_name(&meta.scenario) } else { meta.folder.clone() }
}

/// A scenario in a legend: its drawable name, read as words ("Renewed tariffs").
pub(crate) fn legend_name(meta: &crate::engine::result::RunMeta) -> String {
    display_name(&drawable_name(meta))
}

/// The provenance line of a scenario's chart, with the name as charts can draw it.
/// A name the font cannot draw is shown as the folder's, and the footer says so.
pub(crate) fn footer(meta: &crate::engine::result::RunMeta) -> String {
    let scenario = if font::covers(&meta.scenario) {
        meta.scenario.clone()
    } else {
        format!("{} (folder name: the chart font cannot draw this name)", meta.folder)
    };
    crate::engine::result::RunMeta { scenario, ..meta.clone() }.footer()
}

/// The overlaid fans: the variables a reader compares across scenarios first.
pub const OVERLAY_VARS: [Var; 7] =
    [Var::TariffUs, Var::TariffCn, Var::TechControlsUs, Var::Tension, Var::UsImportsFromCn, Var::GdpUs, Var::GdpCn];

/// One chart kind: what it is called, the text around it, and the plot itself.
///
/// [`render`] lays out title, subtitle, legend and footer (in [`frame`]) and hands the rest of
/// the image to [`Chart::plot`], so every chart gets the same frame by construction.
pub(crate) trait Chart {
    /// File name without extension, e.g. `fan_tariff_us`.
    fn file_stem(&self) -> String;
    fn title(&self) -> String;
    /// One line under the title saying what is shown; `None` for none.
    fn subtitle(&self) -> Option<String>;
    /// Entries drawn in a row under the subtitle; empty for none.
    fn legend(&self) -> Vec<frame::LegendEntry>;
    /// Provenance line at the bottom (scenario, hash, runs, seed, version).
    fn footer(&self) -> String;
    /// Draws axes and data into `area` (everything between legend and footer).
    fn plot<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, theme: &frame::Theme) -> Result<(), ChartError>;
}

/// Renders every per-scenario chart; returns (file name, bytes) pairs, e.g.
/// `("fan_tariff_us.png", bytes)`. Pure: no file I/O.
///
/// Charts from per-run records (histograms, scatter) are skipped when the result holds no records.
pub fn scenario_charts(result: &ScenarioResult, opts: &ChartOptions) -> Result<Vec<(String, Vec<u8>)>, ChartError> {
    let mut jobs: Vec<render::Job<'_>> = Vec::new();
    for var in ALL_VARS {
        jobs.push(render::job(fan::FanChart { result, var }));
    }
    if !result.records.is_empty() {
        for var in ALL_VARS {
            jobs.push(render::job(histogram::HistogramChart::new(result, var)));
        }
    }
    jobs.push(render::job(pathways::PathwaysChart { result }));
    jobs.push(render::job(time_to_pathway::TimeToPathwayChart { result }));
    if !result.records.is_empty() {
        jobs.push(render::job(scatter::ScatterChart { result, x: Var::TariffUs, y: Var::UsImportsFromCn }));
    }
    render::run(jobs, opts)
}

/// Overlay charts across several scenarios (written at the top of the output folder by the
/// caller): grouped pathway probabilities and one overlaid fan per [`OVERLAY_VARS`] entry.
/// Scenario `j` has palette colour `j` on every overlay. No scenarios, no charts.
pub fn overlay_charts(results: &[&ScenarioResult], opts: &ChartOptions) -> Result<Vec<(String, Vec<u8>)>, ChartError> {
    if results.is_empty() {
        return Ok(Vec::new());
    }
    let mut jobs: Vec<render::Job<'_>> = vec![render::job(overlay_pathways::OverlayPathwaysChart { results })];
    for var in OVERLAY_VARS {
        jobs.push(render::job(overlay_fan::OverlayFanChart { results, var }));
    }
    render::run(jobs, opts)
}

/// The convergence chart of a result with per-run records: each pathway's running estimate
/// against runs, with its 95% CI (written by `pathways run --precision`).
pub fn convergence_charts(result: &ScenarioResult, opts: &ChartOptions) -> Result<Vec<(String, Vec<u8>)>, ChartError> {
    let trace = crate::engine::convergence::trace(&result.records.pathway, result.pathways.len());
    render::run(vec![render::job(convergence::ConvergenceChart { result, trace })], opts)
}

/// The tornado and Sobol charts of `pathways sensitivity`. `mean` is the outcome's mean over
/// all runs, `outcome` its label (`probability`: a pathway's probability, drawn in percent),
/// `meta` whose scenario it is (title and footer).
#[allow(clippy::too_many_arguments)]
pub fn sensitivity_charts(
    tornado: &[crate::analysis::tornado::TornadoRow],
    mean: f64,
    names: &[String],
    sobol: &crate::analysis::sobol::SobolResult,
    outcome: &str,
    probability: bool,
    meta: &crate::engine::result::RunMeta,
    opts: &ChartOptions,
) -> Result<Vec<(String, Vec<u8>)>, ChartError> {
    let scenario = scenario_title(meta);
    render::run(
        vec![
            render::job(tornado::TornadoChart {
                rows: tornado,
                mean,
                outcome: outcome.to_string(),
                scenario: scenario.clone(),
                footer: footer(meta),
                percent: probability,
            }),
            render::job(sobol::SobolChart {
                names,
                result: sobol,
                outcome: outcome.to_string(),
                scenario,
                footer: footer(meta),
            }),
        ],
        opts,
    )
}

/// Charts of a sweep: for one parameter, every pathway's probability against it with confidence
/// bands; for two, a heatmap of the focus pathway's probability with its colour scale.
pub fn sweep_charts(
    sweep: &crate::analysis::sweep::result::SweepResult,
    opts: &ChartOptions,
) -> Result<Vec<(String, Vec<u8>)>, ChartError> {
    let job = match (sweep.grid.axes.len(), sweep.outcome_focus) {
        (1, None) => render::job(sweep_lines::SweepLinesChart { sweep }),
        (1, Some(outcome)) => render::job(sweep_outcome::SweepOutcomeChart { sweep, outcome }),
        _ => render::job(sweep_heatmap::SweepHeatmapChart { sweep }),
    };
    render::run(vec![job], opts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::test_fixture::{fixture, fixture_with};
    use crate::model::vars::VARS;

    fn png_size(bytes: &[u8]) -> (u32, u32) {
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "png signature");
        assert_eq!(&bytes[12..16], b"IHDR");
        let w = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
        let h = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
        (w, h)
    }

    /// Both formats at a small size: enough to exercise every chart, quick in debug builds.
    fn small() -> ChartOptions {
        ChartOptions { width: 640, height: 360, ..ChartOptions::default() }
    }

    #[test]
    fn default_options_are_both_formats_at_1600_by_900() {
        let o = ChartOptions::default();
        assert_eq!(o.formats, vec![ChartFormat::Png, ChartFormat::Svg]);
        assert_eq!((o.width, o.height), (1600, 900));
    }

    #[test]
    fn scenario_charts_produce_every_kind_in_both_formats() {
        let r = fixture(400);
        let files = scenario_charts(&r, &small()).unwrap();
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        for v in VARS {
            for ext in ["png", "svg"] {
                assert!(names.contains(&format!("fan_{}.{ext}", v.key).as_str()), "fan_{}.{ext}", v.key);
                assert!(names.contains(&format!("hist_{}.{ext}", v.key).as_str()), "hist_{}.{ext}", v.key);
            }
        }
        for stem in ["pathways", "time_to_pathway", "scatter_tariff_us_vs_us_imports_from_cn"] {
            assert!(names.contains(&format!("{stem}.png").as_str()), "{stem}.png");
            assert!(names.contains(&format!("{stem}.svg").as_str()), "{stem}.svg");
        }
        assert_eq!(files.len(), 2 * (2 * VARS.len() + 3));
    }

    #[test]
    fn png_has_the_configured_size() {
        let r = fixture(200);
        let opts = ChartOptions { formats: vec![ChartFormat::Png], width: 700, height: 420 };
        let files = scenario_charts(&r, &opts).unwrap();
        assert!(!files.is_empty());
        for (name, bytes) in &files {
            assert!(name.ends_with(".png"));
            assert_eq!(png_size(bytes), (700, 420), "{name}");
        }
    }

    #[test]
    fn svg_files_are_well_formed_and_carry_title_and_footer() {
        let r = fixture(200);
        let opts = ChartOptions { formats: vec![ChartFormat::Svg], ..ChartOptions::default() };
        for (name, bytes) in scenario_charts(&r, &opts).unwrap() {
            let svg = String::from_utf8(bytes).unwrap();
            assert!(svg.starts_with("<svg"), "{name}");
            assert!(svg.trim_end().ends_with("</svg>"), "{name}");
            assert!(svg.contains(r#"width="1600""#) && svg.contains(r#"height="900""#), "{name}");
            assert!(svg.contains("<text"), "{name}");
            assert!(svg.contains(&render::xml_escape(&r.meta.footer())), "{name} footer");
        }
    }

    #[test]
    fn records_free_results_skip_record_charts() {
        let mut r = fixture(100);
        r.records = Default::default();
        let files = scenario_charts(&r, &small()).unwrap();
        assert!(files.iter().all(|(n, _)| !n.starts_with("hist_") && !n.starts_with("scatter_")));
        assert!(files.iter().any(|(n, _)| n == "pathways.png"));
    }

    #[test]
    fn overlay_charts_produce_grouped_bars_and_fans() {
        let a = fixture(200);
        let b = fixture_with("escalation", 200, 1.0);
        let files = overlay_charts(&[&a, &b], &small()).unwrap();
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert!(names.contains(&"overlay_pathways.png") && names.contains(&"overlay_pathways.svg"));
        for v in OVERLAY_VARS {
            assert!(names.contains(&format!("overlay_fan_{}.png", v.info().key).as_str()));
            assert!(names.contains(&format!("overlay_fan_{}.svg", v.info().key).as_str()));
        }
        assert!(overlay_charts(&[], &ChartOptions::default()).unwrap().is_empty());
    }

    #[test]
    fn degenerate_results_still_draw() {
        // No pathways at all.
        let mut r = fixture(20);
        r.pathways.clear();
        r.records.pathway.fill(0);
        assert!(scenario_charts(&r, &small()).is_ok());
        // Zero runs: no records, probabilities undefined (NaN), flat series.
        let mut r = fixture(0);
        for p in &mut r.pathways {
            p.probability = crate::stats::proportion::wilson(0, 0);
        }
        let files = scenario_charts(&r, &small()).unwrap();
        assert!(files.iter().any(|(n, _)| n == "pathways.png"));
        assert!(overlay_charts(&[&r, &r], &small()).is_ok());
    }

    #[test]
    fn same_result_same_bytes() {
        // Charts render in parallel; the output must not depend on scheduling.
        let r = fixture(300);
        assert_eq!(scenario_charts(&r, &small()).unwrap(), scenario_charts(&r, &small()).unwrap());
    }

    #[test]
    fn rejects_sizes_outside_the_supported_range() {
        let r = fixture(50);
        let tiny = ChartOptions { width: 10, height: 10, ..ChartOptions::default() };
        let err = scenario_charts(&r, &tiny).unwrap_err();
        assert!(err.to_string().contains("chart size"), "{err}");
        let huge = ChartOptions { width: MAX_SIZE.0 + 1, ..ChartOptions::default() };
        assert!(scenario_charts(&r, &huge).is_err());
    }

    #[test]
    fn draws_at_the_smallest_supported_size() {
        let r = fixture(50);
        let opts = ChartOptions { formats: vec![ChartFormat::Png], width: MIN_SIZE.0, height: MIN_SIZE.1 };
        let files = scenario_charts(&r, &opts).unwrap();
        assert!(files.iter().all(|(_, png)| png_size(png) == MIN_SIZE));
    }

    #[test]
    fn text_renders_with_the_embedded_font() {
        // The title is drawn in near-black at the top left; with no font, that band stays white.
        let r = fixture(50);
        let opts = ChartOptions { formats: vec![ChartFormat::Png], width: 800, height: 450 };
        let files = scenario_charts(&r, &opts).unwrap();
        let (_, png) = files.iter().find(|(n, _)| n == "pathways.png").unwrap();
        let (info, rgb) = render::decode_png(png);
        assert_eq!((info.0, info.1), (800, 450));
        let title_band = frame::Theme::new(800, 450).title_band();
        let dark = (0..title_band)
            .flat_map(|y| (0..400).map(move |x| (x, y)))
            .filter(|&(x, y)| {
                let i = ((y * 800 + x) * 3) as usize;
                rgb[i] < 90 && rgb[i + 1] < 90 && rgb[i + 2] < 90
            })
            .count();
        assert!(dark > 200, "only {dark} dark pixels in the title band");
    }

    /// Writes every chart of the fixture to /tmp/charts/ for eyeballing and prints the render
    /// time. `cargo test --release --lib chart::tests::dump_charts -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn dump_charts() {
        let a = fixture(10_000);
        let b = fixture_with("escalation", 10_000, 1.0);
        let c = fixture_with("detente", 10_000, -0.7);
        let opts = ChartOptions::default();
        let t = std::time::Instant::now();
        let files = scenario_charts(&a, &opts).unwrap();
        let single = t.elapsed();
        let t = std::time::Instant::now();
        let overlays = overlay_charts(&[&a, &b, &c], &opts).unwrap();
        let over = t.elapsed();
        eprintln!(
            "scenario charts: {} files in {single:?}; overlays: {} files in {over:?}",
            files.len(),
            overlays.len()
        );
        for format in [ChartFormat::Png, ChartFormat::Svg] {
            let t = std::time::Instant::now();
            let n = scenario_charts(&a, &ChartOptions { formats: vec![format], ..opts.clone() }).unwrap().len();
            eprintln!("  {format:?} only: {n} files in {:?}", t.elapsed());
        }
        std::fs::create_dir_all("/tmp/charts/small").unwrap();
        for (name, bytes) in files.iter().chain(&overlays) {
            std::fs::write(format!("/tmp/charts/{name}"), bytes).unwrap();
        }
        // The smallest supported size, to check nothing overlaps when space is short.
        let small = ChartOptions { formats: vec![ChartFormat::Png], width: MIN_SIZE.0, height: MIN_SIZE.1 };
        let files =
            scenario_charts(&a, &small).unwrap().into_iter().chain(overlay_charts(&[&a, &b, &c], &small).unwrap());
        for (name, bytes) in files {
            std::fs::write(format!("/tmp/charts/small/{name}"), bytes).unwrap();
        }
    }
}
