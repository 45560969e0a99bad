//! Bounds what a report shows: at most [`MAX_PER_RULE`] diagnostics of each rule, and
//! one note per rule for the rest. A generated file with one mistake repeated, or a
//! hostile one, would otherwise print megabytes of the same explanation. The exit
//! status and the summary line count every diagnostic; only what is printed is capped.
//! The sink itself keeps only the first thousand of a rule and counts the rest
//! ([`Diagnostics::hidden`]); those count here among the ones not shown.

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::rules;
use crate::source::Span;

/// The most diagnostics of one rule a report shows.
pub const MAX_PER_RULE: usize = 100;

/// The diagnostics to show, when some must be hidden; `None` when all can be shown.
/// The note for a rule sits where its first hidden diagnostic was.
pub fn cap(diagnostics: &Diagnostics) -> Option<Diagnostics> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for diagnostic in diagnostics {
        *counts.entry(diagnostic.rule.code).or_default() += 1;
    }
    for hidden in diagnostics.hidden() {
        *counts.entry(hidden.rule().code).or_default() += hidden.total();
    }
    if counts.values().all(|&n| n <= MAX_PER_RULE) {
        return None;
    }
    let mut shown = Diagnostics::new();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for diagnostic in diagnostics {
        let code = diagnostic.rule.code;
        let seen = seen.entry(code).or_default();
        *seen += 1;
        if *seen <= MAX_PER_RULE {
            shown.push(diagnostic.clone());
        } else if *seen == MAX_PER_RULE + 1 {
            let hidden = counts.get(code).copied().unwrap_or_default() - MAX_PER_RULE;
            shown.push(note(
                code,
                hidden,
                diagnostic.primary.as_ref().map(|l| l.span),
            ));
        }
    }
    // A rule whose kept diagnostics are all shown but which has counted ones (the
    // policy suppressed some of those kept): the note sits at the first counted one.
    for hidden in diagnostics.hidden() {
        let code = hidden.rule().code;
        if seen.get(code).copied().unwrap_or_default() <= MAX_PER_RULE {
            let shown_count = seen.get(code).copied().unwrap_or_default();
            let count = counts.get(code).copied().unwrap_or_default() - shown_count;
            shown.push(note(code, count, hidden.first()));
        }
    }
    if !diagnostics.hidden().is_empty() {
        shown.sort();
    }
    Some(shown)
}

/// The note that stands for `hidden` more diagnostics of `code`, at `first` of them.
fn note(code: &str, hidden: usize, first: Option<Span>) -> Diagnostic {
    Diagnostic::new(
        &rules::REPEATED_DIAGNOSTICS_HIDDEN,
        format!("{hidden} more `{code}` diagnostics are not shown, the first of them here"),
    )
    .at_opt(first)
    .label(format!("{hidden} more `{code}` from here on"))
    .help(format!(
        "fix the `{code}` problems shown and run swarmc again, or run with `--select {code}`"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{SourceKind, Sources};

    #[test]
    fn shows_at_most_the_limit_per_rule_and_counts_the_rest() {
        let mut sources = Sources::new();
        let id = sources.add("c.yaml", None, SourceKind::Compose, "a: 1\n".repeat(300));
        let mut diagnostics = Diagnostics::new();
        for line in 0..250 {
            let at = Span::new(id, line * 5, line * 5 + 1);
            diagnostics.push(Diagnostic::new(&rules::DUPLICATE_KEY, "m").at(at));
        }
        diagnostics.push(Diagnostic::new(&rules::UNKNOWN_KEY, "u").at(Span::new(id, 0, 1)));
        assert!(cap(&Diagnostics::new()).is_none());
        let shown = cap(&diagnostics).unwrap();
        let codes: Vec<&str> = shown.iter().map(|d| d.rule.code).collect();
        assert_eq!(
            codes.iter().filter(|c| **c == "SW102").count(),
            MAX_PER_RULE
        );
        assert_eq!(codes.iter().filter(|c| **c == "SW110").count(), 1);
        let note = shown.iter().find(|d| d.rule.code == "SW033").unwrap();
        assert_eq!(
            note.message,
            "150 more `SW102` diagnostics are not shown, the first of them here"
        );
        assert_eq!(note.primary.as_ref().unwrap().span, Span::new(id, 500, 501));
    }

    #[test]
    fn counts_the_diagnostics_the_sink_did_not_keep() {
        let mut sources = Sources::new();
        let id = sources.add("c.yaml", None, SourceKind::Compose, "a: 1\n".repeat(3000));
        let mut diagnostics = Diagnostics::new();
        for line in 0..2500 {
            let at = Span::new(id, line * 5, line * 5 + 1);
            diagnostics.push(Diagnostic::new(&rules::DUPLICATE_KEY, "m").at(at));
        }
        assert_eq!(diagnostics.len(), crate::diagnostic::KEPT_PER_RULE);
        assert_eq!(diagnostics.count(crate::diagnostic::Severity::Error), 2500);
        let shown = cap(&diagnostics).unwrap();
        assert_eq!(shown.len(), MAX_PER_RULE + 1);
        let note = shown.iter().find(|d| d.rule.code == "SW033").unwrap();
        assert_eq!(
            note.message,
            "2400 more `SW102` diagnostics are not shown, the first of them here"
        );
    }
}
