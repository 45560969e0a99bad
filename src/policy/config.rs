//! `swarmc.toml`: the project's standing policy, read from the working directory or
//! from `--config`. The Rust types here are the format: `schemas/config.schema.json`
//! is generated from them (a test keeps it in sync), and every selector keeps where it
//! was written, so that a wrong one is reported at its place in the file.
//!
//! ```toml
//! #:schema ./schemas/config.schema.json
//! select = ["SW"]
//! ignore = ["SW6"]
//! failure-threshold = "warning"
//! max-warnings = 10
//!
//! [severity]
//! yaml-unknown-tag = "warning"
//! ```

use std::path::Path;

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::fs::FileSystem;
use crate::read::read_source;
use crate::rules;
use crate::source::{SourceId, SourceKind, Sources, Span};

/// The name swarmc looks for in the working directory.
pub const CONFIG_FILE_NAME: &str = "swarmc.toml";

/// swarmc's configuration file, `swarmc.toml`. Command-line flags win over it.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(title = "swarmc configuration")]
pub struct ConfigFile {
    /// The rules to report, as codes (`SW102`), names (`duplicate-key`) or code
    /// prefixes (`SW1`). Replaces the default, which is every rule. Errors about input
    /// files (`SW0xx`) and internal errors (`SW9xx`) are always reported.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub select: Option<Vec<Spanned<String>>>,

    /// Rules to report in addition to `select`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub extend_select: Option<Vec<Spanned<String>>>,

    /// Rules not to report. Where a rule matches both `select` and `ignore`, the more
    /// specific selector wins, and `ignore` on a tie.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub ignore: Option<Vec<Spanned<String>>>,

    /// Severities to use instead of the rules' defaults, by code, name or code prefix;
    /// the most specific entry wins.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "std::collections::BTreeMap<String, Level>")]
    pub severity: Option<IndexMap<Spanned<String>, Spanned<Level>>>,

    /// The least severity that fails the run (exit status 1). Default: `error`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Level")]
    pub failure_threshold: Option<Level>,

    /// Fail the run when there are more warnings than this.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "usize")]
    pub max_warnings: Option<usize>,
}

/// A severity as configuration writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Info,
}

impl From<Level> for Severity {
    fn from(level: Level) -> Severity {
        match level {
            Level::Error => Severity::Error,
            Level::Warning => Severity::Warning,
            Level::Info => Severity::Info,
        }
    }
}

/// A configuration file that was read and understood, and where its text is.
#[derive(Debug)]
pub struct Config {
    pub file: ConfigFile,
    pub source: SourceId,
}

impl Config {
    /// The span of a value written in the file.
    pub(crate) fn span<T>(&self, value: &Spanned<T>) -> Span {
        let range = value.span();
        Span::new(self.source, range.start, range.end)
    }
}

/// Reads and parses the configuration file at `path`. Returns `None` after reporting
/// why it cannot be used.
pub fn load_config(
    fs: &dyn FileSystem,
    sources: &mut Sources,
    path: &Path,
    diagnostics: &mut Diagnostics,
) -> Option<Config> {
    let source = read_source(fs, sources, path, SourceKind::Settings, None, diagnostics)?;
    match toml::from_str::<ConfigFile>(&sources.get(source).text) {
        Ok(file) => Some(Config { file, source }),
        Err(error) => {
            let range = error.span().unwrap_or(0..0);
            diagnostics.push(
                Diagnostic::new(&rules::INVALID_CONFIG, sentence(error.message()))
                    .at(Span::new(source, range.start, range.end))
                    .help(
                        "the keys are `select`, `extend-select`, `ignore`, `severity`, \
                         `failure-threshold` and `max-warnings`",
                    ),
            );
            None
        }
    }
}

/// A parser message in swarmc's style: one lowercase line without a trailing period.
fn sentence(message: &str) -> String {
    let line = message
        .lines()
        .next()
        .unwrap_or("")
        .trim()
        .trim_end_matches('.');
    let mut chars = line.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => "invalid configuration".to_owned(),
    }
}

/// The JSON Schema of `swarmc.toml`, as `schemas/config.schema.json` holds it.
pub fn config_schema() -> String {
    let schema = schemars::schema_for!(ConfigFile);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fs::MemoryFs;

    fn load(text: &str) -> (Option<Config>, Vec<(String, String)>) {
        let mut fs = MemoryFs::new();
        fs.insert("swarmc.toml", text);
        let mut sources = Sources::new();
        let mut diagnostics = Diagnostics::new();
        let config = load_config(
            &fs,
            &mut sources,
            Path::new("swarmc.toml"),
            &mut diagnostics,
        );
        let found = diagnostics
            .iter()
            .map(|d| {
                let at = d
                    .primary
                    .as_ref()
                    .map(|l| sources.text(l.span))
                    .unwrap_or("");
                (format!("{}: {}", d.code(), d.message), at.to_owned())
            })
            .collect();
        (config, found)
    }

    #[test]
    fn reads_every_key_with_its_span() {
        let text = "select = [\"SW1\"]\nextend-select = [\"SW0\"]\nignore = [\"duplicate-key\"]\n\
                    failure-threshold = \"warning\"\nmax-warnings = 3\n\n\
                    [severity]\nSW104 = \"warning\"\nyaml-syntax = \"info\"\n";
        let (config, problems) = load(text);
        assert!(problems.is_empty(), "{problems:?}");
        let config = config.unwrap();
        let file = &config.file;
        let ignore = &file.ignore.as_ref().unwrap()[0];
        assert_eq!(&text[ignore.span()], "\"duplicate-key\"");
        let severity = file.severity.as_ref().unwrap();
        let (key, level) = severity.get_index(1).unwrap();
        assert_eq!(key.get_ref(), "yaml-syntax");
        assert_eq!(&text[key.span()], "yaml-syntax");
        assert_eq!(*level.get_ref(), Level::Info);
        assert_eq!(file.failure_threshold, Some(Level::Warning));
        assert_eq!(file.max_warnings, Some(3));
    }

    #[test]
    fn reports_unknown_keys_and_bad_values_where_written() {
        let (config, problems) = load("selct = [\"SW1\"]\n");
        assert!(config.is_none());
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].0.starts_with("SW010: unknown field `selct`"),
            "{problems:?}"
        );
        assert_eq!(problems[0].1, "selct");

        let (_, problems) = load("failure-threshold = \"warn\"\n");
        assert!(
            problems[0].0.starts_with("SW010: unknown variant `warn`"),
            "{problems:?}"
        );
        assert_eq!(problems[0].1, "\"warn\"");

        let (_, problems) = load("ignore = [\n");
        assert!(problems[0].0.starts_with("SW010: "), "{problems:?}");
    }

    #[test]
    fn the_schema_file_is_in_sync() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/config.schema.json");
        let expected = config_schema();
        let written = std::fs::read_to_string(&path).unwrap_or_default();
        if written != expected {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &expected).unwrap();
            panic!(
                "`{}` was out of date and has been regenerated; review and commit it",
                path.display()
            );
        }
    }
}
