//! `--output-format concise`: one line per diagnostic, `path:line:col: severity[CODE]
//! message`, the shape editors, problem matchers and `grep` expect. Diagnostics without
//! a place are named after swarmc instead of a file.

use super::Location;
use crate::diagnostic::Diagnostics;
use crate::source::Sources;

pub fn concise(diagnostics: &Diagnostics, sources: &Sources) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let place = match &d.primary {
            Some(label) => {
                let at = Location::of(sources, label.span);
                format!("{}:{}:{}", at.file, at.line, at.column)
            }
            None => "swarmc".to_owned(),
        };
        out.push_str(&format!(
            "{place}: {}[{}] {}\n",
            d.severity.as_str(),
            d.rule.code,
            one_line(&d.message)
        ));
    }
    out
}

/// Keeps the one-line-per-diagnostic promise even for a message with a line break.
pub(crate) fn one_line(text: &str) -> String {
    text.split(['\r', '\n'])
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
