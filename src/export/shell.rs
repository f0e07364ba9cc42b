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

/// A command line as recorded in manifests and written into scripts: `pathways SUBCOMMAND`, then
/// arguments and flags, every value quoted for a POSIX shell ([`shell_word`]). The one builder of
/// the command lines that reproduce a result.
#[derive(Debug, Clone, Default)]
pub struct CommandLine {
    words: Vec<String>,
}

impl CommandLine {
    /// `pathways SUBCOMMAND`.
    pub fn pathways(subcommand: &str) -> Self {
        CommandLine { words: vec!["pathways".into(), shell_word(subcommand)] }
    }

    /// A positional argument.
    pub fn arg(mut self, value: impl std::fmt::Display) -> Self {
        self.words.push(shell_word(&value.to_string()));
        self
    }

    /// `FLAG VALUE`.
    pub fn flag(mut self, flag: &str, value: impl std::fmt::Display) -> Self {
        self.words.push(flag.to_string());
        self.arg(value)
    }

    /// `FLAG VALUE` if there is a value.
    pub fn flag_opt(self, flag: &str, value: Option<impl std::fmt::Display>) -> Self {
        match value {
            Some(v) => self.flag(flag, v),
            None => self,
        }
    }

    /// `--set KEY=VALUE` for each override, in order.
    pub fn sets(self, sets: &[String]) -> Self {
        sets.iter().fold(self, |line, s| line.flag("--set", s))
    }

    /// The words joined by spaces.
    pub fn line(&self) -> String {
        self.words.join(" ")
    }

    /// The words each after a space, to append to a line: empty when there are none.
    pub fn tail(&self) -> String {
        self.words.iter().map(|w| format!(" {w}")).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_line_quotes_each_value_and_reads_back_as_given() {
        let sets = ["us.name=it's".to_string(), "economy.mistrust=0.5".to_string()];
        let line = CommandLine::pathways("sweep")
            .arg("my scenarios/base.toml")
            .flag("--runs", 300)
            .flag_opt("--seed", Some(7))
            .flag_opt("--pathway", None::<&str>)
            .sets(&sets)
            .line();
        assert_eq!(
            line,
            r#"pathways sweep 'my scenarios/base.toml' --runs 300 --seed 7 --set 'us.name=it'\''s' --set economy.mistrust=0.5"#
        );
        assert_eq!(CommandLine::default().line(), "");
        assert_eq!(CommandLine::default().tail(), "");
        assert_eq!(
            CommandLine::default().flag("--charts", "svg").flag("--out", "a b").tail(),
            " --charts svg --out 'a b'"
        );
    }

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
