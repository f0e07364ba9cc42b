//! The binary half of a shard: each block's output and the merged sketches, exactly as the
//! engine holds them (floats as their IEEE-754 bit patterns), so a merge loses nothing.
//!
//! Layout (all integers little-endian; see docs/SCALING.md):
//! `MAGIC`, version u32, months u32, vars u32, pathways u32, params u32, outcomes u32, blocks
//! u32, then each block (runs u64, moments, pathway counts, first-entry counts, per-run records
//! including outcome values), then the sketch cells (lo u32, len u32, n u64, min f64, max f64,
//! counts u32 × len, sole values u32 × len).

use crate::engine::aggregate::{BlockOut, Sketches};
use crate::model::params::Model;
use crate::model::vars::N_VARS;
use crate::stats::moments::Moments;
use crate::stats::sketch::Sketch;

pub const MAGIC: &[u8; 8] = b"PWSHARD\0";
/// Bumped whenever the layout changes; a merge refuses other versions. Version 2 added the
/// sketch cells' sole values; version 3 the outcome count and the per-run outcome values.
pub const VERSION: u32 = 3;

/// The dimensions every block of a shard shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    pub months: usize,
    pub vars: usize,
    pub pathways: usize,
    pub params: usize,
    pub outcomes: usize,
}

impl Shape {
    /// The dimensions of a model's shard data.
    pub fn of(model: &Model) -> Shape {
        Shape {
            months: model.horizon as usize + 1,
            vars: N_VARS,
            pathways: model.pathways.len(),
            params: model.uncertain.len(),
            outcomes: model.outcomes.len(),
        }
    }
}

/// Encodes blocks (in run order) and sketches.
pub fn encode(shape: Shape, blocks: &[BlockOut], sketches: &Sketches) -> Vec<u8> {
    let mut w = Vec::new();
    w.extend_from_slice(MAGIC);
    let dims = [shape.months, shape.vars, shape.pathways, shape.params, shape.outcomes].map(|d| d as u32);
    for x in std::iter::once(VERSION).chain(dims) {
        put_u32(&mut w, x);
    }
    put_u32(&mut w, blocks.len() as u32);
    for b in blocks {
        put_u64(&mut w, b.pathway.len() as u64);
        for m in &b.moments {
            put_u64(&mut w, m.n);
            put_u64(&mut w, m.mean.to_bits());
            put_u64(&mut w, m.m2.to_bits());
        }
        b.pathway_counts.iter().chain(&b.first_entry_counts).for_each(|&c| put_u64(&mut w, c));
        b.params.iter().chain(&b.horizon).for_each(|x| put_u32(&mut w, x.to_bits()));
        w.extend_from_slice(&b.pathway);
        b.first_entry.iter().for_each(|x| w.extend_from_slice(&x.to_le_bytes()));
        b.outcomes.iter().for_each(|x| put_u64(&mut w, x.to_bits()));
    }
    put_u32(&mut w, sketches.cells.len() as u32);
    for c in &sketches.cells {
        let (lo, counts, sole, n, min, max) = c.parts();
        put_u32(&mut w, lo as u32);
        put_u32(&mut w, counts.len() as u32);
        put_u64(&mut w, n);
        put_u64(&mut w, min.to_bits());
        put_u64(&mut w, max.to_bits());
        counts.iter().chain(sole.iter()).for_each(|&x| put_u32(&mut w, x));
    }
    w
}

/// Decodes what [`encode`] wrote, checking it has the `expected` shape.
pub fn decode(bytes: &[u8], expected: Shape) -> Result<(Vec<BlockOut>, Sketches), String> {
    let mut r = Reader { bytes, at: 0 };
    if r.take(8)? != MAGIC {
        return Err("not a pathways shard data file".into());
    }
    let version = r.u32()?;
    if version != VERSION {
        return Err(format!("data format version {version}, this pathways reads version {VERSION}"));
    }
    let shape =
        Shape { months: r.usize()?, vars: r.usize()?, pathways: r.usize()?, params: r.usize()?, outcomes: r.usize()? };
    if shape != expected {
        return Err(format!("data shaped {shape:?}, the scenario needs {expected:?}"));
    }
    let cells = shape.months * shape.vars;
    let n_blocks = r.usize()?;
    let mut blocks = Vec::with_capacity(n_blocks);
    for _ in 0..n_blocks {
        let runs = r.u64()? as usize;
        let moments = (0..cells)
            .map(|_| Ok(Moments { n: r.u64()?, mean: f64::from_bits(r.u64()?), m2: f64::from_bits(r.u64()?) }))
            .collect::<Result<_, String>>()?;
        let pathway_counts = (0..shape.pathways).map(|_| r.u64()).collect::<Result<_, _>>()?;
        let first_entry_counts = (0..shape.pathways * shape.months).map(|_| r.u64()).collect::<Result<_, _>>()?;
        let params = (0..runs * shape.params).map(|_| r.u32().map(f32::from_bits)).collect::<Result<_, _>>()?;
        let horizon = (0..runs * shape.vars).map(|_| r.u32().map(f32::from_bits)).collect::<Result<_, _>>()?;
        let pathway = r.take(runs)?.to_vec();
        let first_entry = (0..runs * shape.pathways)
            .map(|_| r.take(2).map(|b| u16::from_le_bytes([b[0], b[1]])))
            .collect::<Result<_, _>>()?;
        let outcomes = (0..runs * shape.outcomes).map(|_| r.u64().map(f64::from_bits)).collect::<Result<_, _>>()?;
        blocks.push(BlockOut {
            moments,
            sums: Default::default(),
            pathway_counts,
            first_entry_counts,
            params,
            horizon,
            pathway,
            first_entry,
            outcomes,
        });
    }
    let n_cells = r.usize()?;
    if n_cells != cells {
        return Err(format!("{n_cells} sketch cells, expected {cells}"));
    }
    let mut sketch_cells = Vec::with_capacity(cells);
    for i in 0..cells {
        let (lo, len, n) = (r.usize()?, r.usize()?, r.u64()?);
        let (min, max) = (f64::from_bits(r.u64()?), f64::from_bits(r.u64()?));
        let counts = (0..len).map(|_| r.u32()).collect::<Result<_, _>>()?;
        let sole = (0..len).map(|_| r.u32()).collect::<Result<_, _>>()?;
        let cell = Sketch::from_parts(lo, counts, sole, n, min, max).ok_or(format!("sketch cell {i} is corrupt"))?;
        sketch_cells.push(cell);
    }
    if r.at != bytes.len() {
        return Err(format!("{} unexpected bytes at the end", bytes.len() - r.at));
    }
    Ok((blocks, Sketches { cells: sketch_cells }))
}

fn put_u32(w: &mut Vec<u8>, x: u32) {
    w.extend_from_slice(&x.to_le_bytes());
}

fn put_u64(w: &mut Vec<u8>, x: u64) {
    w.extend_from_slice(&x.to_le_bytes());
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len()).ok_or("the data file is truncated")?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn u32(&mut self) -> Result<u32, String> {
        self.take(4).map(|b| u32::from_le_bytes(b.try_into().expect("4 bytes")))
    }

    fn u64(&mut self) -> Result<u64, String> {
        self.take(8).map(|b| u64::from_le_bytes(b.try_into().expect("8 bytes")))
    }

    fn usize(&mut self) -> Result<usize, String> {
        self.u32().map(|x| x as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_returns_what_was_encoded() {
        let shape = Shape { months: 2, vars: crate::model::vars::N_VARS, pathways: 3, params: 1, outcomes: 2 };
        let initial = [0.5; crate::model::vars::N_VARS];
        let mut b = BlockOut::new(1, &initial, 3, 2, 1);
        b.finish();
        b.moments[3] = Moments { n: 2, mean: 0.1 + 0.2, m2: -0.0 };
        b.pathway_counts = vec![1, 0, 1];
        b.params = vec![0.25, 0.75];
        b.horizon = vec![1.5; 2 * crate::model::vars::N_VARS];
        b.pathway = vec![0, 2];
        b.first_entry = vec![0, u16::MAX, 1, 1, 1, u16::MAX];
        b.outcomes = vec![1.5, f64::NAN, -0.0, 3.0];
        let mut sketches = Sketches::new(1);
        sketches.cells[5].insert_many(&[1.0, 2.0, -3.0]);
        let bytes = encode(shape, std::slice::from_ref(&b), &sketches);
        let (blocks, back) = decode(&bytes, shape).unwrap();
        assert_eq!(blocks[0].moments, b.moments);
        assert_eq!((blocks[0].params.clone(), blocks[0].pathway.clone()), (b.params, b.pathway));
        assert_eq!(blocks[0].first_entry, b.first_entry);
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&blocks[0].outcomes), bits(&b.outcomes), "bit for bit, NaN and −0 included");
        assert_eq!(back.cells, sketches.cells);
        assert!(decode(&bytes[..bytes.len() - 1], shape).unwrap_err().contains("truncated"));
    }
}
