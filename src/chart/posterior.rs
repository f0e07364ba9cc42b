//! Prior versus posterior of one calibrated parameter (`pathways calibrate`): the prior's
//! density as a line, the posterior's weighted histogram as bars (both as densities, so their
//! areas are 1), and the posterior's weighted mean and 90% interval marked.

use super::axes::{self, Axis, TickLabels};
use super::frame::{LegendEntry, Swatch, Theme};
use super::palette::{self, INK};
use super::scale::{fixed, nice_ticks};
use super::{Chart, ChartError};
use crate::calibrate::prior::log_density;
use crate::sampling::dist::DistSpec;
use crate::stats::sample::{weighted_mean_sd, weighted_quantile};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Bars of the posterior histogram.
const BINS: usize = 40;

pub(crate) struct PosteriorChart<'a> {
    pub name: &'a str,
    pub prior: &'a DistSpec,
    /// The posterior's values and weights.
    pub values: &'a [f64],
    pub weights: &'a [f64],
    pub footer: String,
}

impl PosteriorChart<'_> {
    fn sorted(&self) -> Vec<(f64, f64)> {
        let mut pairs: Vec<(f64, f64)> = self.values.iter().copied().zip(self.weights.iter().copied()).collect();
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
        pairs
    }

    /// Posterior mean, 5th and 95th percentile.
    fn summary(&self) -> (f64, f64, f64) {
        let s = self.sorted();
        (weighted_mean_sd(self.values, self.weights).0, weighted_quantile(&s, 0.05), weighted_quantile(&s, 0.95))
    }

    /// The plotted range: the prior's central 99% and the whole posterior sample.
    fn range(&self) -> (f64, f64) {
        let (mut lo, mut hi) = (self.prior.inverse_cdf(0.005), self.prior.inverse_cdf(0.995));
        for &v in self.values {
            lo = lo.min(v);
            hi = hi.max(v);
        }
        if lo < hi { (lo, hi) } else { (lo - 0.5, lo + 0.5) }
    }
}

/// Four significant digits.
fn short(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return format!("{v}");
    }
    let decimals = (3 - v.abs().log10().floor() as i32).max(0) as usize;
    format!("{v:.decimals$}")
}

impl Chart for PosteriorChart<'_> {
    fn file_stem(&self) -> String {
        format!("posterior_{}", self.name)
    }

    fn title(&self) -> String {
        format!("{}: prior and posterior", self.name)
    }

    fn subtitle(&self) -> Option<String> {
        let pm = self.prior.moments().0;
        let (m, lo, hi) = self.summary();
        Some(format!(
            "Prior mean {} (90% {} to {}); posterior mean {} (90% {} to {})",
            short(pm),
            short(self.prior.inverse_cdf(0.05)),
            short(self.prior.inverse_cdf(0.95)),
            short(m),
            short(lo),
            short(hi)
        ))
    }

    fn legend(&self) -> Vec<LegendEntry> {
        vec![
            LegendEntry::new("Prior density", Swatch::Line { color: palette::series(1), dashed: false }),
            LegendEntry::new("Posterior (weighted histogram)", Swatch::Bar(palette::series(0))),
            LegendEntry::new("Posterior 90% interval", Swatch::Line { color: INK, dashed: true }),
        ]
    }

    fn footer(&self) -> String {
        self.footer.clone()
    }

    fn plot<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, theme: &Theme) -> Result<(), ChartError> {
        let (lo, hi) = self.range();
        let width = (hi - lo) / BINS as f64;
        let total: f64 = self.weights.iter().sum();
        let mut bars = vec![0.0; BINS];
        for (&v, &w) in self.values.iter().zip(self.weights) {
            bars[(((v - lo) / width) as usize).min(BINS - 1)] += w / total / width;
        }
        let curve: Vec<(f64, f64)> = (0..=400)
            .map(|i| {
                let x = lo + (hi - lo) * i as f64 / 400.0;
                (x, log_density(self.prior, x).exp())
            })
            .filter(|p| p.1.is_finite())
            .collect();
        let top = bars.iter().chain(curve.iter().map(|p| &p.1)).fold(0.0f64, |a, b| a.max(*b)).max(1e-12);
        let (plot_w, plot_h) = axes::plot_size_estimate(area, theme);
        let label_w = area.estimate_text_size(&fixed(hi, 3), &theme.tick_style())?.0;
        let x_ticks = nice_ticks(lo, hi, super::scale::max_ticks(plot_w, label_w).min(10));
        let y_ticks = nice_ticks(0.0, top * 1.08, axes::max_y_ticks(theme, plot_h));
        let x_axis = Axis {
            lo: x_ticks.lo.min(lo),
            hi: x_ticks.hi.max(hi),
            ticks: x_ticks.values.clone(),
            labels: TickLabels::Fixed(x_ticks.decimals),
            desc: self.name.to_string(),
            grid: false,
        };
        let y_axis = Axis {
            lo: 0.0,
            hi: y_ticks.hi,
            ticks: y_ticks.values.clone(),
            labels: TickLabels::Fixed(y_ticks.decimals),
            desc: "Density".to_string(),
            grid: true,
        };
        let mut chart = axes::cartesian(area, theme, &x_axis, &y_axis)?;
        let color = palette::series(0);
        chart.draw_series(bars.iter().enumerate().filter(|(_, h)| **h > 0.0).map(|(i, h)| {
            let x0 = lo + i as f64 * width;
            Rectangle::new([(x0, 0.0), (x0 + width, *h)], color.mix(0.7).filled())
        }))?;
        chart.draw_series(LineSeries::new(curve, palette::series(1).stroke_width(theme.strong_line())))?;
        let (_, p5, p95) = self.summary();
        let dash = theme.px(10.0);
        for v in [p5, p95] {
            if v.is_finite() {
                chart.draw_series(DashedLineSeries::new(
                    [(v, 0.0), (v, y_ticks.hi)],
                    dash,
                    dash / 2,
                    INK.stroke_width(theme.thin_line()),
                ))?;
            }
        }
        Ok(())
    }
}

/// One prior-versus-posterior chart per parameter: `names[j]` with prior `priors[j]` and
/// posterior column j of `theta` (`n × k`) under `weights`.
pub fn posterior_charts(
    names: &[String],
    priors: &[DistSpec],
    theta: &[f64],
    weights: &[f64],
    footer: &str,
    opts: &super::ChartOptions,
) -> Result<Vec<(String, Vec<u8>)>, ChartError> {
    let k = names.len();
    let columns: Vec<Vec<f64>> = (0..k).map(|j| theta.iter().skip(j).step_by(k.max(1)).copied().collect()).collect();
    let jobs = (0..k)
        .map(|j| {
            super::render::job(PosteriorChart {
                name: &names[j],
                prior: &priors[j],
                values: &columns[j],
                weights,
                footer: footer.to_string(),
            })
        })
        .collect();
    super::render::run(jobs, opts)
}
