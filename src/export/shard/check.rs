//! Whether shard folders belong together: one study (every key that identifies it the same in
//! every manifest), and each of its shards exactly once, holding its share.

use super::manifest::{MANIFEST, ShardManifest};
use super::spec::ShardSpec;
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// Fails with every reason the shards do not belong together, if there is any.
pub fn ensure_together(problems: Vec<String>) -> Result<()> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Usage(format!("the shards do not belong together:\n  - {}", problems.join("\n  - "))))
    }
}

/// Every reason the shards (folder, manifest) of one kind cannot be merged; empty if they can.
pub fn check<M: ShardManifest>(shards: &[(PathBuf, M)]) -> Vec<String> {
    let Some((_, first)) = shards.first() else {
        return vec!["no shard folders given".into()];
    };
    let problems = disagreements(shards, |m| [m.header().shared(), m.shared()].concat());
    if !problems.is_empty() {
        return problems;
    }
    let first = first.header();
    let n = first.shards;
    let mut problems = Vec::new();
    let mut seen: Vec<Vec<&Path>> = vec![Vec::new(); n as usize];
    for (dir, m) in shards {
        let (k, items) = (m.header().shard, m.header().range());
        if k >= n {
            problems.push(format!("{}: shard {k} of {n} does not exist", dir.display()));
            continue;
        }
        if first.kind.share(ShardSpec { k, n }, first.items) != items {
            problems.push(format!(
                "{}: holds {}..{}, which is not shard {k}/{n}'s share",
                dir.display(),
                items.start,
                items.end
            ));
        }
        seen[k as usize].push(dir);
    }
    let missing: Vec<String> = (0..n).filter(|&k| seen[k as usize].is_empty()).map(|k| format!("{k}/{n}")).collect();
    if !missing.is_empty() {
        problems.push(format!("missing shard{} {}", if missing.len() > 1 { "s" } else { "" }, missing.join(", ")));
    }
    for (k, dirs) in seen.iter().enumerate() {
        if dirs.len() > 1 {
            let names: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
            problems.push(format!("shard {k}/{n} is given {} times: {}", dirs.len(), names.join(", ")));
        }
    }
    problems
}

/// Says where a shard's `keys` differ from the first shard's, naming both manifests and the key.
pub fn disagreements<T>(shards: &[(PathBuf, T)], keys: impl Fn(&T) -> Vec<(&'static str, String)>) -> Vec<String> {
    let Some((first_dir, first)) = shards.first() else {
        return Vec::new();
    };
    let expected = keys(first);
    let others: Vec<(&PathBuf, Vec<(&'static str, String)>)> = shards[1..].iter().map(|(d, m)| (d, keys(m))).collect();
    let mut problems = Vec::new();
    for (i, (key, value)) in expected.iter().enumerate() {
        for (dir, theirs) in &others {
            let their = &theirs[i].1;
            if their != value {
                problems.push(format!(
                    "{}: {key} is {their}, but {} has {value}",
                    dir.join(MANIFEST).display(),
                    first_dir.join(MANIFEST).display()
                ));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::shard::manifest::{Header, Kind, Study};
    use crate::export::shard::run::RunManifest;

    /// Run shard `k` of `n` of 3,000 runs with seed `seed`.
    fn shard(k: u32, n: u32, seed: u64) -> (PathBuf, RunManifest) {
        let spec = ShardSpec { k, n };
        let study = Study {
            file: "s.toml".into(),
            sets: vec![],
            file_sha256: "a".repeat(64),
            resolved_sha256: "b".repeat(64),
            command_line: "pathways run s.toml".into(),
            items: 3000,
        };
        let header = Header::new(Kind::Run, study, spec, Kind::Run.share(spec, 3000), b"data");
        (PathBuf::from(spec.folder()), RunManifest { header, scenario: "s".into(), seed })
    }

    #[test]
    fn every_shard_once_belongs_together_in_any_order() {
        assert_eq!(check(&[shard(2, 3, 7), shard(0, 3, 7), shard(1, 3, 7)]), Vec::<String>::new());
    }

    #[test]
    fn a_differing_key_is_named_with_both_manifests() {
        let problems = check(&[shard(0, 2, 7), shard(1, 2, 8)]);
        assert_eq!(
            problems,
            ["shard-0001-of-0002/manifest.json: seed is 8, but shard-0000-of-0002/manifest.json has 7"]
        );
        let mut other = shard(1, 2, 7);
        other.1.header.resolved_sha256 = "c".repeat(64);
        assert!(check(&[shard(0, 2, 7), other])[0].contains("resolved_sha256 is ccc"));
    }

    #[test]
    fn says_which_shards_are_missing_repeated_or_hold_another_share() {
        assert_eq!(check(&[shard(1, 3, 7)]), ["missing shards 0/3, 2/3"]);
        let twice = check(&[shard(0, 2, 7), shard(1, 2, 7), shard(1, 2, 7)]);
        assert_eq!(twice, ["shard 1/2 is given 2 times: shard-0001-of-0002, shard-0001-of-0002"]);
        let mut wrong = shard(1, 2, 7);
        wrong.1.header.first_item = 1000;
        assert_eq!(
            check(&[shard(0, 2, 7), wrong]),
            ["shard-0001-of-0002: holds 1000..3000, which is not shard 1/2's share"]
        );
    }
}
