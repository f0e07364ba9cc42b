//! The output folder of a scenario, derived from its name: the name is free text ("中美合作",
//! "coopération", "Renewed tariffs (high)"), the folder is a name every file system, archive tool
//! and shell script takes as it is.
//!
//! Letters are spelled in ASCII (deunicode: "中美合作" → "Zhong_Mei_He_Zuo", "coopération" →
//! "cooperation"), anything but letters, digits, `-`, `_` and `.` becomes `_`, leading dots go
//! (no hidden folders, no `..`), names Windows reserves (CON, NUL, COM1, …) get a `_`, and the
//! result is at most 80 characters. Names already like that keep their folder (`baseline` →
//! `baseline/`). A run with `--set` overrides writes beside it, `<folder>+set-<hash>`, so that
//! it never replaces the plain scenario's results.

use sha2::{Digest, Sha256};

/// Longest folder name we derive.
const MAX_LEN: usize = 80;

/// Names Windows refuses as file or folder names, with or without an extension.
const RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2",
    "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// The folder of the scenario named `name`, run with the `--set` overrides `overrides`.
pub fn folder_name(name: &str, overrides: &[String]) -> String {
    let ascii = deunicode::deunicode(name.trim());
    let mut folder = String::with_capacity(ascii.len());
    for ch in ascii.chars() {
        let keep = ch.is_ascii_alphanumeric() || "-_.".contains(ch);
        let ch = if keep { ch } else { '_' };
        // One `_` for any run of replaced characters (spaces between transliterated words).
        if !(ch == '_' && folder.ends_with('_')) {
            folder.push(ch);
        }
    }
    let mut folder = folder.trim_start_matches(['.', '_']).trim_end_matches(['_', '.', ' ']).to_string();
    folder.truncate(MAX_LEN);
    if folder.is_empty() {
        folder = "scenario".to_string();
    }
    let stem = folder.split('.').next().unwrap_or_default().to_ascii_uppercase();
    if RESERVED.contains(&stem.as_str()) {
        folder.push('_');
    }
    if !overrides.is_empty() {
        folder += &format!("+set-{}", &overrides_hash(overrides)[..4]);
    }
    folder
}

/// SHA-256 (hex) of the overrides, one per line: what tells a `--set` run's results apart.
pub fn overrides_hash(overrides: &[String]) -> String {
    let digest = Sha256::digest(overrides.join("\n").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_keep_their_folder() {
        assert_eq!(folder_name("baseline", &[]), "baseline");
        assert_eq!(folder_name("renewed_tariffs-2.v1", &[]), "renewed_tariffs-2.v1");
    }

    #[test]
    fn any_name_gets_a_safe_folder() {
        assert_eq!(folder_name("中美合作", &[]), "Zhong_Mei_He_Zuo");
        assert_eq!(folder_name("coopération", &[]), "cooperation");
        assert_eq!(folder_name("Renewed tariffs (high)", &[]), "Renewed_tariffs_high");
        assert_eq!(folder_name("../../etc", &[]), "etc");
        assert_eq!(folder_name("a/b\\c:d", &[]), "a_b_c_d");
        assert_eq!(folder_name("con", &[]), "con_");
        assert_eq!(folder_name("NUL.txt", &[]), "NUL.txt_");
        assert_eq!(folder_name("...", &[]), "scenario");
        assert!(folder_name(&"x".repeat(500), &[]).len() <= MAX_LEN);
    }

    #[test]
    fn overrides_get_a_folder_of_their_own() {
        let sets = vec!["agents.us.aggression=0.3".to_string()];
        let f = folder_name("baseline", &sets);
        assert!(f.starts_with("baseline+set-") && f.len() == "baseline+set-".len() + 4, "{f}");
        assert_ne!(f, folder_name("baseline", &["agents.us.aggression=0.4".to_string()]));
    }
}
