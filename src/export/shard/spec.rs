//! Which part of a study a shard holds, and the name of its folder: shard K of N gets the K-th
//! of N contiguous ranges of the study's items (whole blocks of runs, grid points or base
//! samples), written to `shard-K-of-N/`.

use crate::engine::aggregate::BLOCK;
use crate::error::{Error, Result};

/// Which part of a study a process runs: shard `k` (0-based, as `SLURM_ARRAY_TASK_ID` and
/// `JOB_COMPLETION_INDEX`) of `n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShardSpec {
    pub k: u32,
    pub n: u32,
}

impl ShardSpec {
    /// Parses `K/N`.
    pub fn parse(s: &str) -> Result<ShardSpec> {
        let bad = |why: &str| Error::Usage(format!("--shard: `{s}` {why} (use K/N with 0 ≤ K < N, e.g. 0/4)"));
        let (k, n) = s.split_once('/').ok_or_else(|| bad("is not K/N"))?;
        let k: u32 = k.trim().parse().map_err(|_| bad("has no whole number K"))?;
        let n: u32 = n.trim().parse().map_err(|_| bad("has no whole number N"))?;
        if n == 0 {
            return Err(bad("has N = 0"));
        }
        if k >= n {
            return Err(bad("has K ≥ N"));
        }
        Ok(ShardSpec { k, n })
    }

    /// The run indices of this shard among `runs`: whole blocks, split as evenly as possible
    /// (the last block of the study may be partial).
    pub fn range(&self, runs: u64) -> std::ops::Range<u64> {
        let blocks = runs.div_ceil(BLOCK);
        let first = blocks * self.k as u64 / self.n as u64;
        let last = blocks * (self.k as u64 + 1) / self.n as u64;
        (first * BLOCK).min(runs)..(last * BLOCK).min(runs)
    }

    /// This shard's items among `count` (e.g. a sweep's grid points): contiguous, as even as
    /// possible.
    pub fn slice(&self, count: u64) -> std::ops::Range<u64> {
        count * self.k as u64 / self.n as u64..count * (self.k as u64 + 1) / self.n as u64
    }

    /// The shard folder's name, e.g. `shard-0003-of-0016`; sorts by K.
    pub fn folder(&self) -> String {
        format!("shard-{:04}-of-{:04}", self.k, self.n)
    }
}

/// N of a folder named like `shard-0003-of-0016` (as [`ShardSpec::folder`] writes it), or `None`.
pub fn folder_n(name: &str) -> Option<String> {
    let rest = name.strip_prefix("shard-")?;
    let (k, n) = rest.split_once("-of-")?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(k) && digits(n)).then(|| n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_block_aligned_and_cover_every_run_once() {
        for runs in [1, 1000, 1024, 1025, 3000, 10_000] {
            for n in [1, 2, 3, 7, 20] {
                let mut next = 0;
                for k in 0..n {
                    let r = ShardSpec { k, n }.range(runs);
                    assert_eq!(r.start, next, "runs {runs}, {k}/{n}");
                    assert!(r.start.is_multiple_of(BLOCK) || r.start == runs);
                    next = r.end;
                }
                assert_eq!(next, runs);
            }
        }
    }

    #[test]
    fn a_folder_name_gives_its_n_back() {
        let spec = ShardSpec { k: 3, n: 16 };
        assert_eq!(folder_n(&spec.folder()).as_deref(), Some("0016"));
        for other in ["shard-3-of-", "shard-a-of-2", "shards-1-of-2", "shard-1-2"] {
            assert_eq!(folder_n(other), None, "{other}");
        }
    }

    #[test]
    fn parses_k_of_n_and_rejects_k_at_or_above_n() {
        assert_eq!(ShardSpec::parse("3/4").unwrap(), ShardSpec { k: 3, n: 4 });
        assert!(ShardSpec::parse("4/4").unwrap_err().to_string().contains("K ≥ N"));
        assert!(ShardSpec::parse("1/0").is_err());
        assert!(ShardSpec::parse("2").is_err());
    }
}
