//! `--output-format github`: GitHub Actions workflow commands, which the runner turns
//! into annotations on the pull request, and a Markdown summary for the job page.
//!
//! GitHub shows at most ten annotations of each kind per step, so the summary (written
//! by the caller to the file named by `GITHUB_STEP_SUMMARY`) lists every finding.
//!
//! Values are escaped as the Actions toolkit does: in the message, `%`, `\r` and `\n`
//! become `%25`, `%0D` and `%0A`; in properties, `:` and `,` also become `%3A` and
//! `%2C`.

use super::Location;
use super::concise::one_line;
use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::source::Sources;

/// The most findings the summary lists; the rest are counted.
const SUMMARY_ROWS: usize = 500;

/// One workflow command per diagnostic.
pub fn github(diagnostics: &Diagnostics, sources: &Sources) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut properties = Vec::new();
        if let Some(label) = &d.primary {
            let at = Location::of(sources, label.span);
            properties.push(format!("file={}", escape_property(&at.file)));
            properties.push(format!("line={}", at.line));
            properties.push(format!("col={}", at.column));
            properties.push(format!("endLine={}", at.end_line));
            properties.push(format!("endColumn={}", at.end_column));
        }
        let title = format!("{} {}", d.rule.code, d.rule.name);
        properties.push(format!("title={}", escape_property(&title)));
        out.push_str(&format!(
            "::{level} {}::{}\n",
            properties.join(","),
            escape_data(&message(d))
        ));
    }
    out
}

/// The annotation text: the message, then help and notes on their own lines.
fn message(d: &Diagnostic) -> String {
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str(&format!("\nhelp: {help}"));
    }
    for note in &d.notes {
        text.push_str(&format!("\nnote: {note}"));
    }
    text
}

/// Escapes a workflow command's message.
pub(crate) fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command property value.
pub(crate) fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// A Markdown summary of the run for `GITHUB_STEP_SUMMARY`: the counts and a table of
/// findings.
pub fn github_summary(diagnostics: &Diagnostics, sources: &Sources) -> String {
    let mut out = String::from("### swarmc\n\n");
    let counts = super::summary(diagnostics);
    if counts.is_empty() {
        out.push_str("No problems found.\n");
        return out;
    }
    out.push_str(&format!("{counts}\n\n"));
    out.push_str("| Severity | Rule | Location | Message |\n| --- | --- | --- | --- |\n");
    for d in diagnostics.iter().take(SUMMARY_ROWS) {
        let place = d.primary.as_ref().map_or(String::new(), |label| {
            let at = Location::of(sources, label.span);
            format!("`{}:{}:{}`", cell(&at.file), at.line, at.column)
        });
        out.push_str(&format!(
            "| {} | `{}` {} | {place} | {} |\n",
            d.severity.as_str(),
            d.rule.code,
            d.rule.name,
            cell(&d.message)
        ));
    }
    if diagnostics.len() > SUMMARY_ROWS {
        out.push_str(&format!(
            "\n{} more not shown; see the job log.\n",
            diagnostics.len() - SUMMARY_ROWS
        ));
    }
    out
}

/// Text that stays inside one table cell.
fn cell(text: &str) -> String {
    one_line(text).replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_actions_toolkit() {
        assert_eq!(escape_data("100% a:b,c\r\nd"), "100%25 a:b,c%0D%0Ad");
        assert_eq!(
            escape_property("100% a:b,c\r\nd"),
            "100%25 a%3Ab%2Cc%0D%0Ad"
        );
        // `%` first, so that escapes are not escaped again.
        assert_eq!(escape_property("%3A"), "%253A");
    }
}
