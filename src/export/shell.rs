//! Words as a POSIX shell reads them: how recorded command lines and generated scripts quote.

/// Words joined into one line a POSIX shell reads back as the same words: how a command records
/// the command line it was given.
pub fn shell_line(words: &[String]) -> String {
    words.iter().map(|w| shell_word(w)).collect::<Vec<_>>().join(" ")
}

/// `w` quoted for a POSIX shell if it needs it.
pub fn shell_word(w: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_.=/:,+@%".contains(c);
    if !w.is_empty() && w.chars().all(plain) { w.to_string() } else { format!("'{}'", w.replace('\'', "'\\''")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recorded_line_reads_back_as_the_words_given() {
        let words: Vec<String> =
            ["pathways", "signposts", "my scenarios/base.toml", "--set", "us.name=it's", ""].map(String::from).into();
        let line = shell_line(&words);
        assert_eq!(line, r#"pathways signposts 'my scenarios/base.toml' --set 'us.name=it'\''s' ''"#);
        // sh reads it back as the same words.
        let echoed = std::process::Command::new("sh")
            .args(["-c", &format!("for w in {line}; do printf '%s\\n' \"$w\"; done")])
            .output()
            .expect("sh runs");
        let back: Vec<String> = String::from_utf8(echoed.stdout).unwrap().lines().map(String::from).collect();
        assert_eq!(back, words);
    }
}
