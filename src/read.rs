//! Reading a text input (a scenario, a sweep file, a result's summary) with a size limit: a
//! file named by a user may be a folder, a device that never ends (`/dev/zero`), a FIFO that
//! never opens, or simply huge. Only regular files are read, and never more than the limit, so
//! memory stays bounded and nothing hangs.

use std::fmt;
use std::io::Read;
use std::path::Path;

/// The largest scenario or sweep file read: 4 MiB, about 100,000 lines, where the shipped
/// scenarios are under 10 KB.
pub const MAX_SCENARIO_BYTES: u64 = 4 << 20;

/// Why a text input could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// A folder, a device, a FIFO or a socket.
    NotAFile,
    /// Larger than the limit (in bytes).
    TooLarge(u64),
    /// Not UTF-8 text.
    NotText,
    Io(std::io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            ReadError::NotAFile => f.write_str("not a regular file (a folder or a device)"),
            ReadError::TooLarge(limit) => write!(f, "larger than {} MiB, far more than such a file holds", limit >> 20),
            ReadError::NotText => f.write_str("not UTF-8 text"),
            ReadError::Io(e) if e.kind() == std::io::ErrorKind::NotFound => f.write_str("no such file"),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// The text of the regular file at `path`, if it holds at most `limit` bytes.
pub fn read_text(path: &Path, limit: u64) -> Result<String, ReadError> {
    // Checked before opening: opening a FIFO blocks until a writer comes.
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile);
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge(limit));
    }
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    // The file may grow after the check: read at most one byte past the limit.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(limit));
    }
    String::from_utf8(bytes).map_err(|_| ReadError::NotText)
}

/// Whether `s` is a SHA-256 as pathways writes them: 64 hex digits (any case).
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// serde `deserialize_with` for a SHA-256 read back from a file pathways wrote (summary.json,
/// shard manifests): anything but 64 hex digits is refused on read, where the reader can name
/// the file and the key, rather than taken for a changed scenario or sliced for a chart footer.
pub fn sha256<'de, D: serde::Deserializer<'de>>(de: D) -> Result<String, D::Error> {
    let s = <String as serde::Deserialize>::deserialize(de)?;
    if is_sha256(&s) {
        return Ok(s);
    }
    // A tampered value may be long: quote only its start.
    let shown: String = s.chars().take(16).collect();
    let more = if shown.len() < s.len() { "…" } else { "" };
    Err(serde::de::Error::custom(format!("{shown:?}{more} is not a SHA-256 (64 hex digits)")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_small_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.toml");
        std::fs::write(&p, "x = 1\n").unwrap();
        assert_eq!(read_text(&p, 100).unwrap(), "x = 1\n");
    }

    #[test]
    fn refuses_folders_devices_large_and_binary_files() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(read_text(dir.path(), 100), Err(ReadError::NotAFile)));
        if Path::new("/dev/zero").exists() {
            assert!(matches!(read_text(Path::new("/dev/zero"), 100), Err(ReadError::NotAFile)));
        }
        let big = dir.path().join("big");
        std::fs::write(&big, vec![b'a'; 101]).unwrap();
        assert!(matches!(read_text(&big, 100), Err(ReadError::TooLarge(100))));
        let bin = dir.path().join("bin");
        std::fs::write(&bin, [0xff, 0xfe, 0x00]).unwrap();
        assert!(matches!(read_text(&bin, 100), Err(ReadError::NotText)));
        assert!(read_text(&dir.path().join("missing"), 100).unwrap_err().to_string().contains("no such file"));
    }

    #[test]
    fn a_sha256_is_64_hex_digits_of_any_case() {
        assert!(is_sha256(&"0123456789abcdefABCDEF".repeat(3)[..64]));
        for bad in [
            "",
            "xyz",
            &"g".repeat(64),
            &"a".repeat(63),
            &"a".repeat(65),
            "中文中文中文中文中文中文中文中文中文中文中文中文",
        ] {
            assert!(!is_sha256(bad), "{bad}");
        }
    }

    #[test]
    fn a_field_that_is_not_a_sha256_is_refused_on_read() {
        #[derive(serde::Deserialize, Debug)]
        struct Doc {
            #[serde(deserialize_with = "sha256")]
            #[allow(dead_code)]
            hash: String,
        }
        let ok = format!("{{\"hash\": \"{}\"}}", "ab".repeat(32));
        assert!(serde_json::from_str::<Doc>(&ok).is_ok());
        let long = format!("{{\"hash\": \"{}\"}}", "中".repeat(1000));
        let err = serde_json::from_str::<Doc>(&long).unwrap_err().to_string();
        assert!(err.contains("is not a SHA-256 (64 hex digits)") && err.len() < 200, "{err}");
    }
}
