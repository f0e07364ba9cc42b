//! A shard folder, `shard-K-of-N/`: the kind's data file and `manifest.json`. The data is
//! written first and the manifest last, each atomically, so that a folder with a manifest is
//! complete. Read back, the manifest's format is checked first, then its header (so that an
//! error names the key at fault), then the kind's own keys; the data must match the hash its
//! manifest records.

use super::manifest::{FORMAT, Header, MANIFEST, ShardManifest, sha256_hex};
use crate::error::{Error, Result};
use crate::export::atomic::{create_dir, write_atomic};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Writes `OUT/shard-K-of-N/` (K and N from the manifest's header): `data`, then the manifest;
/// returns the folder.
pub fn write<M: ShardManifest>(out: &Path, manifest: &M, data: &[u8]) -> Result<PathBuf> {
    let h = manifest.header();
    debug_assert_eq!(h.kind, M::KIND, "a manifest's header names its own kind");
    let dir = out.join(h.spec().folder());
    create_dir(&dir)?;
    write_atomic(&dir.join(h.kind.data_file()), data)?;
    let mut json = serde_json::to_vec_pretty(manifest)?;
    json.push(b'\n');
    write_atomic(&dir.join(MANIFEST), &json)?;
    Ok(dir)
}

/// The header of the manifest in shard folder `dir`, whatever its kind.
pub fn read_header(dir: &Path) -> Result<Header> {
    read(dir).map(|(_, header, _)| header)
}

/// The manifest in shard folder `dir`, which must be of kind `M::KIND`.
pub fn read_manifest<M: ShardManifest>(dir: &Path) -> Result<M> {
    let (path, header, doc) = read(dir)?;
    if header.kind != M::KIND {
        return Err(Error::Usage(format!(
            "{}: kind is {}, not {}",
            path.display(),
            header.kind.name(),
            M::KIND.name()
        )));
    }
    from_doc(&path, &doc)
}

/// The data file of the shard folder `dir` whose manifest's header is `h`, checked against the
/// hash `h` records.
pub fn read_data(dir: &Path, h: &Header) -> Result<Vec<u8>> {
    let path = dir.join(h.kind.data_file());
    let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
    if sha256_hex(&bytes) != h.data_sha256 {
        return Err(Error::Usage(format!(
            "{}: the data does not match its manifest (corrupt or replaced)",
            path.display()
        )));
    }
    Ok(bytes)
}

/// The manifest of `dir`: its path, its header and the whole document.
fn read(dir: &Path) -> Result<(PathBuf, Header, Value)> {
    let path = dir.join(MANIFEST);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        Error::Usage(format!("{}: not a finished shard folder (cannot read {MANIFEST}: {e})", dir.display()))
    })?;
    let doc: Value = serde_json::from_str(&text)
        .map_err(|e| Error::Usage(format!("{}: not a shard manifest: {e}", path.display())))?;
    check_format(&path, &doc)?;
    let header = from_doc(&path, &doc)?;
    Ok((path, header, doc))
}

/// Refuses a manifest of another format than [`FORMAT`], saying what to do about it.
fn check_format(path: &Path, doc: &Value) -> Result<()> {
    let refuse = |why: String| Err(Error::Usage(format!("{}: {why}", path.display())));
    match doc.get("format").and_then(Value::as_str) {
        Some(FORMAT) => Ok(()),
        Some(format) if format.starts_with("pathways-") => {
            let version = doc.get("tool_version").and_then(Value::as_str).unwrap_or("unknown");
            refuse(format!(
                "format is {format} (written by pathways {version}), but this pathways ({}) merges {FORMAT}: merge these shards with the pathways that ran them, or run them again with this one",
                env!("CARGO_PKG_VERSION")
            ))
        }
        Some(format) => refuse(format!("not a pathways shard manifest (format is {format:?})")),
        None => refuse("not a pathways shard manifest (no format key)".to_string()),
    }
}

/// Reads `doc` as a `T`; an error names the manifest and the key at fault.
fn from_doc<T: serde::de::DeserializeOwned>(path: &Path, doc: &Value) -> Result<T> {
    serde_path_to_error::deserialize(doc).map_err(|e| {
        let at = e.path().to_string();
        let at = if at == "." { String::new() } else { format!(" {at}:") };
        Error::Usage(format!("{}:{at} {}", path.display(), e.inner()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::shard::manifest::{Kind, Study};
    use crate::export::shard::run::RunManifest;
    use crate::export::shard::spec::ShardSpec;
    use crate::export::shard::sweep::SweepManifest;

    fn manifest(data: &[u8]) -> RunManifest {
        let study = Study {
            file: "s.toml".into(),
            sets: vec!["simulation.seed=7".into()],
            file_sha256: "a".repeat(64),
            resolved_sha256: "b".repeat(64),
            command_line: "pathways run s.toml --seed 7".into(),
            items: 10,
        };
        let header = Header::new(Kind::Run, study, ShardSpec { k: 1, n: 2 }, 5..10, data);
        RunManifest { header, scenario: "s".into(), seed: 7 }
    }

    #[test]
    fn a_written_folder_reads_back_as_its_kind_only() {
        let tmp = tempfile::tempdir().unwrap();
        let m = manifest(b"the data");
        let dir = write(tmp.path(), &m, b"the data").unwrap();
        assert_eq!(dir, tmp.path().join("shard-0001-of-0002"));
        assert_eq!(read_header(&dir).unwrap(), m.header);
        assert_eq!(read_manifest::<RunManifest>(&dir).unwrap(), m);
        assert_eq!(read_data(&dir, &m.header).unwrap(), b"the data");
        let not_a_sweep = read_manifest::<SweepManifest>(&dir).unwrap_err().to_string();
        assert!(not_a_sweep.ends_with("manifest.json: kind is run, not sweep"), "{not_a_sweep}");
    }

    #[test]
    fn the_header_comes_first_then_the_kinds_own_keys() {
        let text = String::from_utf8(serde_json::to_vec_pretty(&manifest(b"")).unwrap()).unwrap();
        let keys: Vec<&str> =
            text.lines().filter_map(|l| Some(l.trim().strip_prefix('"')?.split_once("\":")?.0)).collect();
        let header = ["format", "kind", "tool_version", "file", "sets", "file_sha256", "resolved_sha256"];
        assert_eq!(keys[..header.len()], header);
        assert_eq!(keys[keys.len() - 3..], ["data_sha256", "scenario", "seed"]);
    }

    #[test]
    fn data_that_does_not_match_its_hash_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = write(tmp.path(), &manifest(b"the data"), b"the data").unwrap();
        std::fs::write(dir.join("shard.bin"), b"other data").unwrap();
        let e = read_data(&dir, &manifest(b"the data").header).unwrap_err().to_string();
        assert!(e.contains("shard.bin: the data does not match its manifest"), "{e}");
    }
}
