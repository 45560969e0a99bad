//! Env files with `format: raw`: the `docker run --env-file` syntax that `docker
//! compose` registers for that format (docker CLI's `kvfile`), for files whose values
//! must be taken as written: no quotes, no escapes, no interpolation.
//!
//! - leading blanks of a line are dropped; an empty line or one starting with `#` is
//!   skipped (a byte-order mark was removed when the file was read);
//! - `NAME=value` sets `NAME` to everything after the first `=`, trailing blanks kept;
//! - a bare `NAME` takes the variable from the lookup, and sets nothing when it is not
//!   there;
//! - a name may not hold a space or a tab, and may not be empty.
//!
//! As for the dotenv syntax, every bad line is reported and reading goes on, where
//! docker stops at the first.

use indexmap::IndexMap;

use super::{EnvValue, Environment};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::rules;
use crate::source::{SourceId, Span};

/// Reads the variables of a raw env file's `text`, in the order they were first set,
/// each with its last value and the span of that value.
pub(crate) fn parse(
    text: &str,
    source: SourceId,
    lookup: &Environment,
    diagnostics: &mut Diagnostics,
) -> Vec<(String, EnvValue)> {
    let mut vars: IndexMap<String, EnvValue> = IndexMap::new();
    let mut start = 0;
    while start < text.len() {
        let end = text[start..].find('\n').map_or(text.len(), |at| start + at);
        let mut line = &text[start..end];
        let line_start = start;
        start = end + 1;
        if line.ends_with('\r') {
            line = &line[..line.len() - 1];
        }
        let trimmed = line.trim_start();
        let at = line_start + (line.len() - trimmed.len());
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let (key, value) = match trimmed.split_once('=') {
            Some((key, value)) => (key, Some(value)),
            None => (trimmed, None),
        };
        if key.is_empty() {
            diagnostics.push(
                Diagnostic::new(
                    &rules::ENV_FILE_SYNTAX,
                    "no variable name before `=`".to_owned(),
                )
                .at(Span::new(source, at, at + 1))
                .label("name expected here")
                .help("write `NAME=value`; a raw env file takes the line as written"),
            );
            continue;
        }
        if let Some(blank) = key.find([' ', '\t']) {
            let blank_at = at + blank;
            diagnostics.push(
                Diagnostic::new(
                    &rules::ENV_FILE_SYNTAX,
                    format!("variable name `{key}` contains a blank"),
                )
                .at(Span::new(source, blank_at, blank_at + 1))
                .label("blank in the name")
                .help("remove the blank; in a raw env file only the value may hold blanks"),
            );
            continue;
        }
        match value {
            Some(value) => {
                let value_at = at + key.len() + 1;
                let origin = Span::new(source, value_at, value_at + value.len());
                vars.insert(
                    key.to_owned(),
                    EnvValue {
                        value: value.to_owned(),
                        origin: Some(origin),
                    },
                );
            }
            None => {
                if let Some(found) = lookup.get(key) {
                    vars.insert(key.to_owned(), found.clone());
                }
            }
        }
    }
    vars.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{SourceKind, Sources};

    fn parse_text(text: &str, lookup: &[(&str, &str)]) -> (Vec<(String, String)>, Vec<String>) {
        let mut sources = Sources::new();
        let id = sources.add("raw.env", None, SourceKind::EnvFile, text.to_owned());
        let mut env = Environment::new();
        env.add_layer(lookup.iter().map(|(k, v)| {
            let value = EnvValue {
                value: (*v).to_owned(),
                origin: None,
            };
            ((*k).to_owned(), value)
        }));
        let mut diagnostics = Diagnostics::new();
        let vars = parse(text, id, &env, &mut diagnostics)
            .into_iter()
            .map(|(k, v)| (k, v.value))
            .collect();
        let messages = diagnostics.iter().map(|d| d.message.clone()).collect();
        (vars, messages)
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn values_are_taken_as_written() {
        let (vars, messages) = parse_text(
            "A=\"quoted\" # not a comment \nB='it''s'\nC=${HOME}\\n\r\n  D=x=y\nE=\n",
            &[],
        );
        assert!(messages.is_empty(), "{messages:?}");
        assert_eq!(
            vars,
            pairs(&[
                ("A", "\"quoted\" # not a comment "),
                ("B", "'it''s'"),
                ("C", "${HOME}\\n"),
                ("D", "x=y"),
                ("E", ""),
            ])
        );
    }

    #[test]
    fn bare_names_come_from_the_lookup_or_set_nothing() {
        let (vars, _) = parse_text("# comment\n\nUSER\nMISSING\n", &[("USER", "ada")]);
        assert_eq!(vars, pairs(&[("USER", "ada")]));
    }

    #[test]
    fn bad_names_are_reported_and_reading_goes_on() {
        let (vars, messages) = parse_text("=x\nA B=1\nC=3\n", &[]);
        assert_eq!(vars, pairs(&[("C", "3")]));
        assert_eq!(
            messages,
            [
                "no variable name before `=`",
                "variable name `A B` contains a blank"
            ]
        );
    }
}
