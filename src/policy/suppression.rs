//! Inline suppressions: YAML comments that silence named rules where a problem is
//! known and accepted.
//!
//! - `# swarmc: ignore[SW301] reason` after a value silences those rules for
//!   diagnostics that start on the same line; on a line of its own it silences them on
//!   the next line that holds YAML (other comments and blank lines are skipped, so
//!   several suppressions can be stacked).
//! - `# swarmc: ignore-file[SW301, SW302] reason` silences them in the whole file.
//!
//! Codes or names go in the brackets; there is no blanket form. Everything after the
//! closing bracket is a free-form reason. Only YAML files (compose files and site
//! profiles) are read for suppressions.

use std::collections::BTreeMap;

use super::comments::{Comment, comments};
use crate::diagnostic::Diagnostic;
use crate::rules::{self, Rule};
use crate::source::{SourceFile, SourceId, SourceKind, Sources, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Diagnostics that start on this 1-based line.
    Line(usize),
    File,
}

/// One suppression comment.
#[derive(Debug)]
pub(crate) struct Suppression {
    pub(crate) scope: Scope,
    pub(crate) entries: Vec<Entry>,
}

/// One code or name inside the brackets.
#[derive(Debug)]
pub(crate) struct Entry {
    /// Where the code is written.
    pub(crate) span: Span,
    pub(crate) written: String,
    /// `None` when it names no rule.
    pub(crate) rule: Option<&'static Rule>,
    pub(crate) used: bool,
}

/// The suppressions of every YAML source, and a diagnostic for each comment that
/// starts like a suppression but is not one.
#[derive(Debug, Default)]
pub(crate) struct Suppressions {
    all: Vec<Suppression>,
    /// Indexes into `all` by source and scope.
    by_place: BTreeMap<(SourceId, Option<usize>), Vec<usize>>,
    pub(crate) malformed: Vec<Diagnostic>,
}

impl Suppressions {
    pub(crate) fn scan(sources: &Sources) -> Suppressions {
        let mut found = Suppressions::default();
        for (id, file) in sources.iter() {
            if !matches!(file.kind, SourceKind::Compose | SourceKind::Site)
                || !file.text.contains("swarmc:")
            {
                continue;
            }
            for comment in comments(&file.text) {
                match parse(file, id, &comment) {
                    Parsed::NotOurs => {}
                    Parsed::Malformed => found.malformed.push(malformed(id, &comment)),
                    Parsed::Suppression(suppression) => {
                        let line = match suppression.scope {
                            Scope::Line(line) => Some(line),
                            Scope::File => None,
                        };
                        found
                            .by_place
                            .entry((id, line))
                            .or_default()
                            .push(found.all.len());
                        found.all.push(suppression);
                    }
                }
            }
        }
        found
    }

    /// Whether a diagnostic of `rule` starting at `line` of `source` is suppressed;
    /// every entry that suppresses it is marked used.
    pub(crate) fn suppress(&mut self, rule: &Rule, source: SourceId, line: usize) -> bool {
        let mut suppressed = false;
        for place in [(source, Some(line)), (source, None)] {
            for &index in self.by_place.get(&place).map_or(&[][..], Vec::as_slice) {
                for entry in &mut self.all[index].entries {
                    if entry.rule.is_some_and(|r| r == rule) {
                        entry.used = true;
                        suppressed = true;
                    }
                }
            }
        }
        suppressed
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &Suppression> {
        self.all.iter()
    }
}

enum Parsed {
    NotOurs,
    Malformed,
    Suppression(Suppression),
}

fn parse(file: &SourceFile, source: SourceId, comment: &Comment) -> Parsed {
    let text = &file.text[comment.start..comment.end];
    let body = text.trim_start_matches('#').trim_start();
    let Some(rest) = body.strip_prefix("swarmc:") else {
        return Parsed::NotOurs;
    };
    let rest = rest.trim_start();
    let (scope, after) = if let Some(after) = rest.strip_prefix("ignore-file") {
        (Scope::File, after)
    } else if let Some(after) = rest.strip_prefix("ignore") {
        (Scope::Line(target_line(file, comment)), after)
    } else {
        return Parsed::Malformed;
    };
    let Some(inside) = after.strip_prefix('[') else {
        return Parsed::Malformed;
    };
    let Some(close) = inside.find(']') else {
        return Parsed::Malformed;
    };
    let mut entries = Vec::new();
    for item in inside[..close].split(',') {
        let code = item.trim();
        if code.is_empty() {
            return Parsed::Malformed;
        }
        let start = comment.start + offset_in(text, code);
        entries.push(Entry {
            span: Span::new(source, start, start + code.len()),
            written: code.to_owned(),
            rule: rules::find(code),
            used: false,
        });
    }
    Parsed::Suppression(Suppression { scope, entries })
}

/// The line a line suppression applies to: its own line after a value, else the next
/// line that holds YAML.
fn target_line(file: &SourceFile, comment: &Comment) -> usize {
    if !comment.own_line {
        return comment.line;
    }
    let mut line = comment.line + 1;
    let last = file
        .line_col(u32::try_from(file.text.len()).unwrap_or(u32::MAX))
        .line;
    while line <= last {
        let text = file.line_text(line).trim();
        if !text.is_empty() && !text.starts_with('#') {
            break;
        }
        line += 1;
    }
    line
}

/// The byte offset of `inner`, a slice of `outer`, within `outer`.
fn offset_in(outer: &str, inner: &str) -> usize {
    (inner.as_ptr() as usize).saturating_sub(outer.as_ptr() as usize)
}

fn malformed(source: SourceId, comment: &Comment) -> Diagnostic {
    Diagnostic::new(
        &rules::MALFORMED_SUPPRESSION,
        "malformed suppression comment",
    )
    .at(Span::new(source, comment.start, comment.end))
    .label("not read as a suppression")
    .help("write `# swarmc: ignore[CODE, ...] reason` or `# swarmc: ignore-file[CODE, ...] reason`")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(text: &str) -> (Sources, Suppressions) {
        let mut sources = Sources::new();
        sources.add("compose.yaml", None, SourceKind::Compose, text.to_owned());
        let suppressions = Suppressions::scan(&sources);
        (sources, suppressions)
    }

    fn summary(sources: &Sources, found: &Suppressions) -> Vec<(Scope, Vec<String>)> {
        found
            .iter()
            .map(|s| {
                let entries = s
                    .entries
                    .iter()
                    .map(|e| {
                        assert_eq!(sources.text(e.span), e.written);
                        format!("{}={}", e.written, e.rule.map_or("?", |r| r.code))
                    })
                    .collect();
                (s.scope, entries)
            })
            .collect()
    }

    #[test]
    fn reads_line_and_file_suppressions() {
        let text = "\
# swarmc: ignore-file[SW104] tags are checked elsewhere
services:
  web:
    image: a  # swarmc: ignore[SW102,duplicate-key]
    # swarmc: ignore[ SW105 ] reason

    # another comment
    image: b
";
        let (sources, found) = scan(text);
        assert_eq!(
            summary(&sources, &found),
            [
                (Scope::File, vec!["SW104=SW104".to_owned()]),
                (
                    Scope::Line(4),
                    vec!["SW102=SW102".to_owned(), "duplicate-key=SW102".to_owned()]
                ),
                (Scope::Line(8), vec!["SW105=SW105".to_owned()]),
            ]
        );
        assert!(found.malformed.is_empty());
    }

    #[test]
    fn keeps_unknown_codes_and_reports_malformed_comments() {
        let text = "a: 1 # swarmc: ignore[SW999]\nb: 2 # swarmc: ignore SW102\n\
                    c: 3 # swarmc: ignore[SW102\nd: 4 # swarmc: ignore[]\n\
                    e: 5 # swarmc: disable[SW102]\nf: 6 # see swarmc: docs\n";
        let (sources, found) = scan(text);
        assert_eq!(
            summary(&sources, &found),
            [(Scope::Line(1), vec!["SW999=?".to_owned()])]
        );
        let lines: Vec<usize> = found
            .malformed
            .iter()
            .map(|d| {
                let span = d.primary.as_ref().unwrap().span;
                sources.get(span.source).line_col(span.start).line
            })
            .collect();
        assert_eq!(lines, [2, 3, 4, 5]);
    }

    #[test]
    fn suppresses_matching_rules_only_and_marks_entries_used() {
        let text = "a: 1 # swarmc: ignore[SW102]\n# swarmc: ignore-file[SW104]\n";
        let (sources, mut found) = scan(text);
        let (id, _) = sources.iter().next().unwrap();
        assert!(found.suppress(&rules::DUPLICATE_KEY, id, 1));
        assert!(!found.suppress(&rules::DUPLICATE_KEY, id, 2));
        assert!(!found.suppress(&rules::YAML_SYNTAX, id, 1));
        assert!(found.suppress(&rules::YAML_UNKNOWN_TAG, id, 7));
        assert!(found.iter().all(|s| s.entries.iter().all(|e| e.used)));
    }

    #[test]
    fn ignores_text_and_env_files() {
        let mut sources = Sources::new();
        sources.add(
            ".env",
            None,
            SourceKind::EnvFile,
            "A=1 # swarmc: ignore[SW102]\n".to_owned(),
        );
        assert_eq!(Suppressions::scan(&sources).iter().count(), 0);
    }
}
