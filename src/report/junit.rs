//! `--output-format junit`: JUnit XML for the test report views of Jenkins, Azure
//! Pipelines and GitLab. Each file is a test suite and each finding a test case in it;
//! diagnostics without a file form a suite named `swarmc`. Only findings at or above the
//! failure threshold are failures, as only they fail the run: the others are passed
//! test cases whose `system-out` holds the finding, so that a note never turns a CI
//! test view red. A run without findings is one passing test case, so that the report
//! shows the check ran.

use super::Location;
use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::source::Sources;

/// The suite of diagnostics that have no file.
const NO_FILE: &str = "swarmc";

/// A finding and where it is.
type Case<'a> = (&'a Diagnostic, Option<Location>);

/// The report; `threshold` is the least severity that fails the run.
pub fn junit(diagnostics: &Diagnostics, sources: &Sources, threshold: Severity) -> String {
    // Suites in the order their first finding is reported (files in reading order).
    let mut suites: Vec<(String, Vec<Case>)> = Vec::new();
    for d in diagnostics {
        let at = d.primary.as_ref().map(|l| Location::of(sources, l.span));
        let name = at.as_ref().map_or(NO_FILE, |l| l.file.as_str());
        match suites.iter_mut().find(|(suite, _)| suite == name) {
            Some((_, cases)) => cases.push((d, at)),
            None => {
                let name = name.to_owned();
                suites.push((name, vec![(d, at)]));
            }
        }
    }
    let total = diagnostics.len();
    let fails = |cases: &[Case]| {
        cases
            .iter()
            .filter(|(d, _)| d.severity >= threshold)
            .count()
    };
    let failures: usize = suites.iter().map(|(_, cases)| fails(cases)).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"swarmc\" tests=\"{}\" failures=\"{failures}\" errors=\"0\">\n",
        total.max(1)
    ));
    if suites.is_empty() {
        out.push_str("  <testsuite name=\"swarmc\" tests=\"1\" failures=\"0\" errors=\"0\">\n");
        out.push_str("    <testcase name=\"no problems found\" classname=\"swarmc\"/>\n");
        out.push_str("  </testsuite>\n");
    }
    for (name, cases) in &suites {
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n",
            escape(name),
            cases.len(),
            fails(cases)
        ));
        for (d, at) in cases {
            out.push_str(&test_case(name, d, at.as_ref(), d.severity >= threshold));
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

fn test_case(suite: &str, d: &Diagnostic, at: Option<&Location>, failure: bool) -> String {
    let (case, place, file) = match at {
        Some(at) => (
            format!(
                "{} {} at line {}, column {}",
                d.rule.code, d.rule.name, at.line, at.column
            ),
            format!("{}:{}:{}", at.file, at.line, at.column),
            format!(" file=\"{}\" line=\"{}\"", escape(&at.file), at.line),
        ),
        None => (
            format!("{} {}", d.rule.code, d.rule.name),
            NO_FILE.to_owned(),
            String::new(),
        ),
    };
    let mut body = format!(
        "{place}: {}[{}] {}",
        d.severity.as_str(),
        d.rule.code,
        d.message
    );
    if let Some(help) = &d.help {
        body.push_str(&format!("\nhelp: {help}"));
    }
    for note in &d.notes {
        body.push_str(&format!("\nnote: {note}"));
    }
    let result = if failure {
        format!(
            "<failure message=\"{}\" type=\"{}\">{}</failure>",
            escape(&d.message),
            d.severity.as_str(),
            escape(&body)
        )
    } else {
        format!("<system-out>{}</system-out>", escape(&body))
    };
    format!(
        "    <testcase name=\"{}\" classname=\"{}\"{file}>\n      {result}\n    </testcase>\n",
        escape(&case),
        escape(suite),
    )
}

/// Escapes text for XML attributes and content. Characters XML 1.0 cannot hold at all
/// (most control characters) are replaced by U+FFFD; line breaks inside attributes are
/// written as character references so that parsers keep them.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_control_characters() {
        assert_eq!(
            escape("<a href=\"x\">&'\n\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&#10;\u{fffd}"
        );
    }
}
