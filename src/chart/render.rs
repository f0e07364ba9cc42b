//! From a [`Chart`] to bytes: one drawing routine, two backends. PNG draws into an in-memory RGB
//! buffer and encodes it; SVG draws into a string. Charts render in parallel, output in order.

use super::canvas::Canvas;
use super::frame::{Theme, draw_chart};
use super::{Chart, ChartError, ChartFormat, ChartOptions, MAX_SIZE, MIN_SIZE, font};
use plotters::prelude::*;
use rayon::prelude::*;

/// A chart with its type erased, ready to render in any format.
pub(crate) struct Job<'a>(Box<dyn Renderable + Send + Sync + 'a>);

/// Wraps a chart for [`run`].
pub(crate) fn job<'a, C: Chart + Send + Sync + 'a>(chart: C) -> Job<'a> {
    Job(Box::new(chart))
}

/// The object-safe face of [`Chart`] (whose `plot` is generic over the backend).
trait Renderable {
    fn stem(&self) -> String;
    fn render(&self, format: ChartFormat, theme: &Theme) -> Result<Vec<u8>, ChartError>;
}

impl<C: Chart> Renderable for C {
    fn stem(&self) -> String {
        self.file_stem()
    }

    fn render(&self, format: ChartFormat, theme: &Theme) -> Result<Vec<u8>, ChartError> {
        match format {
            ChartFormat::Png => png(self, theme),
            ChartFormat::Svg => svg(self, theme),
        }
    }
}

/// Renders every job in every requested format; (file name, bytes) in job order, then format order.
pub(crate) fn run(jobs: Vec<Job<'_>>, opts: &ChartOptions) -> Result<Vec<(String, Vec<u8>)>, ChartError> {
    check_size(opts)?;
    font::ensure_registered()?;
    let theme = Theme::new(opts.width, opts.height);
    let tasks: Vec<(&Job<'_>, ChartFormat)> =
        jobs.iter().flat_map(|j| opts.formats.iter().map(move |f| (j, *f))).collect();
    tasks
        .par_iter()
        .map(|(job, format)| {
            let name = format!("{}.{}", job.0.stem(), format.extension());
            let bytes =
                job.0.render(*format, &theme).map_err(|e| ChartError(format!("cannot draw chart {name}: {e}")))?;
            Ok((name, bytes))
        })
        .collect()
}

fn check_size(opts: &ChartOptions) -> Result<(), ChartError> {
    let (w, h) = (opts.width, opts.height);
    if w < MIN_SIZE.0 || h < MIN_SIZE.1 || w > MAX_SIZE.0 || h > MAX_SIZE.1 {
        return Err(ChartError(format!(
            "chart size {w}×{h} is outside {}×{} to {}×{} pixels",
            MIN_SIZE.0, MIN_SIZE.1, MAX_SIZE.0, MAX_SIZE.1
        )));
    }
    Ok(())
}

fn png<C: Chart>(chart: &C, theme: &Theme) -> Result<Vec<u8>, ChartError> {
    let (w, h) = (theme.width, theme.height);
    let mut rgb = vec![0u8; w as usize * h as usize * 3];
    {
        let root = Canvas::new(&mut rgb, (w, h), font::faces()?).into_drawing_area();
        draw_chart(root, chart, theme)?;
    }
    encode_png(&rgb, w, h).map_err(|e| ChartError(format!("png encoding failed: {e}")))
}

fn encode_png(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::with_capacity(rgb.len() / 8);
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    // Charts are mostly flat colour: the fast deflate is a fraction of the time and barely larger.
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(rgb)?;
    writer.finish()?;
    Ok(out)
}

fn svg<C: Chart>(chart: &C, theme: &Theme) -> Result<Vec<u8>, ChartError> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (theme.width, theme.height)).into_drawing_area();
        draw_chart(root, chart, theme)?;
    }
    Ok(out.into_bytes())
}

/// Text as plotters' SVG backend escapes it, for tests that look for labels.
#[cfg(test)]
pub fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&apos;")
}

/// Decodes a PNG: ((width, height), RGB bytes).
#[cfg(test)]
pub fn decode_png(bytes: &[u8]) -> ((u32, u32), Vec<u8>) {
    let decoder = png::Decoder::new(bytes);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgb);
    buf.truncate(info.buffer_size());
    ((info.width, info.height), buf)
}

/// One chart as an SVG string, for tests that read its text.
#[cfg(test)]
pub fn svg_string<C: Chart>(chart: &C, opts: &ChartOptions) -> String {
    font::ensure_registered().unwrap();
    String::from_utf8(svg(chart, &Theme::new(opts.width, opts.height)).unwrap()).unwrap()
}

/// Whether the SVG has a text element reading exactly `text`.
#[cfg(test)]
pub fn has_text(svg: &str, text: &str) -> bool {
    svg.split("<text").skip(1).any(|t| {
        let body = t.split_once('>').map_or("", |(_, b)| b);
        body.split("</text>").next().unwrap_or("").trim() == xml_escape(text)
    })
}
