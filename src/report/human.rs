//! miette's graphical report. Diagnostics borrow the source text (through [`FileCode`])
//! rather than copying it, since one large file may carry thousands of warnings.
//!
//! A label on a long line (a project written on one line, a generated flow list) is
//! shown through an excerpt of that line around it: miette prints whole lines and pads
//! to a label's column with a width argument that cannot pass 65,535, so a label far out
//! on a line would print megabytes or stop the run.

use std::fmt;

use miette::{
    Diagnostic as MietteDiagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan,
    MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use crate::diagnostic::{Diagnostic, Diagnostics, Label, Severity};
use crate::source::{SourceFile, Sources, Span};

#[derive(Clone, Copy, Debug)]
pub struct HumanOptions {
    pub color: bool,
    pub width: usize,
}

/// Renders every diagnostic, in order, followed by nothing else.
pub fn human(diagnostics: &Diagnostics, sources: &Sources, options: HumanOptions) -> String {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_links(false)
        .without_syntax_highlighting();
    let mut out = String::new();
    let mut one = String::new();
    for diagnostic in diagnostics {
        let view = View::new(diagnostic, sources);
        one.clear();
        // Writing into a String cannot fail.
        let _ = handler.render_report(&mut one, &view);
        if view.related.is_empty() {
            out.push_str(&one);
        } else {
            // miette heads each related diagnostic with its severity (`Advice:`), which
            // reads as a verdict above what is only a label in another file; the label
            // text under it says what the excerpt shows.
            out.push_str(&one.replace(RELATED_HEADING, "\n"));
        }
    }
    out
}

/// The line miette writes above a related diagnostic of severity advice without a code.
const RELATED_HEADING: &str = "\nAdvice: \n";

struct FileCode<'a> {
    file: &'a SourceFile,
}

impl SourceCode for FileCode<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        // miette finds lines by scanning the text from its start, which costs the whole
        // file per label; hand it only the lines it will show, found in the line table.
        let start = span.offset();
        let end = start + span.len();
        let (line, line_start, line_end) = self.file.line_bounds(start);
        if line_end - line_start > LONG_LINE {
            return self.excerpt(span, line, line_start, line_end, before, after);
        }
        // One line more on each side, so that miette never meets the window's edges and
        // reads the context exactly as it would in the whole text.
        let (mut first_line, mut from, mut to) =
            self.file.line_window(start, end, before + 1, after + 1);
        let own = self.file.line_window(start, end, 0, 0);
        if (to - from) - (own.2 - own.1) > 4 * LONG_LINE {
            // A long line beside the label's: show the label's lines alone.
            (first_line, from, to) = own;
        }
        let window = self.file.text.get(from..to).unwrap_or_default();
        let local = SourceSpan::new((start.saturating_sub(from)).into(), span.len());
        let contents = window.read_span(&local, before, after)?;
        let found = contents.span();
        Ok(Box::new(MietteSpanContents::new_named(
            self.file.name.clone(),
            contents.data(),
            SourceSpan::new((found.offset() + from).into(), found.len()),
            contents.line() + first_line,
            contents.column(),
            // miette counts lines from the start of the text it was given; so must we.
            contents.line_count() + first_line,
        )))
    }
}

/// A line longer than this many bytes is shown as an excerpt around the label on it.
const LONG_LINE: usize = 1024;

/// How many bytes of a long line an excerpt shows on each side of its label.
const EXCERPT_MARGIN: usize = 60;

/// The longest label drawn on a long line, in bytes; a longer one is drawn over its
/// first bytes (the location and message still name all of it).
const LONG_LINE_LABEL: usize = 200;

impl FileCode<'_> {
    /// The part of the long line `line` (0-based, from `line_start` to `line_end`
    /// without its break) around `span`, located as miette would locate it in the whole
    /// text. A span longer than a label ever is here is two labels miette would show in
    /// one context: refusing it makes miette show each in its own excerpt.
    fn excerpt<'a>(
        &'a self,
        span: &SourceSpan,
        line: usize,
        line_start: usize,
        line_end: usize,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let start = span.offset();
        let end = start + span.len();
        if span.len() > LONG_LINE_LABEL || end > line_end {
            return Err(MietteError::OutOfBounds);
        }
        let text = self.file.text.as_str();
        let mut from = start.saturating_sub(EXCERPT_MARGIN).max(line_start);
        while !text.is_char_boundary(from) {
            from -= 1;
        }
        let mut to = (end + EXCERPT_MARGIN).min(line_end);
        while !text.is_char_boundary(to) {
            to += 1;
        }
        let window = text.get(from..to).unwrap_or_default();
        let local = SourceSpan::new((start - from).into(), span.len());
        let contents = window.read_span(&local, before, after)?;
        let found = contents.span();
        // miette counts columns in bytes from the start of what it reads, which here is
        // inside the line.
        let column = match contents.column() {
            0 => 0,
            within => within + (from - line_start),
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.file.name.clone(),
            contents.data(),
            SourceSpan::new((found.offset() + from).into(), found.len()),
            contents.line() + line,
            column,
            contents.line_count() + line,
        )))
    }
}

struct View<'a> {
    message: String,
    code: String,
    severity: miette::Severity,
    help: Option<String>,
    source: Option<FileCode<'a>>,
    labels: Vec<LabeledSpan>,
    related: Vec<View<'a>>,
}

impl<'a> View<'a> {
    fn new(diagnostic: &Diagnostic, sources: &'a Sources) -> View<'a> {
        let severity = match diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        };
        let mut help = diagnostic.help.clone();
        for note in &diagnostic.notes {
            let text = format!("note: {note}");
            help = Some(match help {
                Some(h) => format!("{h}\n{text}"),
                None => text,
            });
        }
        let mut view = View {
            message: diagnostic.message.clone(),
            code: format!("{}({})", diagnostic.rule.code, diagnostic.rule.name),
            severity,
            help,
            source: None,
            labels: Vec::new(),
            related: Vec::new(),
        };
        let Some(primary) = &diagnostic.primary else {
            return view;
        };
        let file = primary.span.source;
        view.source = Some(FileCode {
            file: sources.get(file),
        });
        view.labels.push(labeled(&drawable(primary, sources), true));
        for label in &diagnostic.secondary {
            if label.span.source == file {
                view.labels.push(labeled(&drawable(label, sources), false));
            } else {
                view.related.push(View {
                    message: label.text.clone().unwrap_or_default(),
                    code: String::new(),
                    severity: miette::Severity::Advice,
                    help: None,
                    source: Some(FileCode {
                        file: sources.get(label.span.source),
                    }),
                    labels: vec![labeled(
                        &drawable(
                            &Label {
                                span: label.span,
                                text: None,
                            },
                            sources,
                        ),
                        true,
                    )],
                    related: Vec::new(),
                });
            }
        }
        view
    }
}

/// The label as it can be drawn: one that starts on a long line ends on it, within
/// [`LONG_LINE_LABEL`] bytes, so that its excerpt stays short.
fn drawable(label: &Label, sources: &Sources) -> Label {
    let file = sources.get(label.span.source);
    let start = label.span.start as usize;
    let (_, line_start, line_end) = file.line_bounds(start);
    if line_end - line_start <= LONG_LINE {
        return label.clone();
    }
    let mut end = (label.span.end as usize)
        .min(line_end)
        .min(start + LONG_LINE_LABEL);
    while !file.text.is_char_boundary(end) {
        end -= 1;
    }
    Label {
        span: Span::new(label.span.source, start, end.max(start)),
        text: label.text.clone(),
    }
}

fn labeled(label: &Label, primary: bool) -> LabeledSpan {
    let span = SourceSpan::new((label.span.start as usize).into(), label.span.len());
    if primary {
        LabeledSpan::new_primary_with_span(label.text.clone(), span)
    } else {
        LabeledSpan::new_with_span(label.text.clone(), span)
    }
}

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for View<'_> {}

impl MietteDiagnostic for View<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        if self.code.is_empty() {
            None
        } else {
            Some(Box::new(&self.code))
        }
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn MietteDiagnostic> + 'b>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(
                self.related.iter().map(|v| v as &dyn MietteDiagnostic),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;
    use crate::rules;
    use crate::source::SourceKind;

    fn render(text: String, labels: &[(usize, usize)]) -> String {
        let mut sources = Sources::new();
        let id = sources.add("c.yaml", None, SourceKind::Compose, text);
        let mut diagnostics = Diagnostics::new();
        let (first, rest) = labels.split_first().unwrap();
        let mut d = Diagnostic::new(&rules::DUPLICATE_KEY, "m").at(Span::new(id, first.0, first.1));
        for &(start, end) in rest {
            d = d.also(Span::new(id, start, end), "again");
        }
        diagnostics.push(d);
        human(
            &diagnostics,
            &sources,
            HumanOptions {
                color: false,
                width: 100,
            },
        )
    }

    #[test]
    fn a_label_far_out_on_a_long_line_is_shown_in_an_excerpt() {
        let line = format!("{}key: value{}\n", "x".repeat(100_000), "y".repeat(100_000));
        let out = render(line, &[(100_000, 103)]);
        assert!(out.contains("[c.yaml:1:100001]"), "{out}");
        assert!(out.contains("key: value"), "{out}");
        assert!(out.len() < 2_000, "{} bytes", out.len());
    }

    #[test]
    fn two_labels_far_apart_on_one_line_are_each_shown() {
        let line = format!("{}first{}second\n", "x".repeat(70_000), "y".repeat(70_000));
        let second = 70_000 + 5 + 70_000;
        let out = render(line, &[(second, second + 6), (70_000, 70_005)]);
        assert!(out.contains("first") && out.contains("second"), "{out}");
        assert!(out.len() < 4_000, "{} bytes", out.len());
    }

    #[test]
    fn a_long_label_on_a_long_line_is_drawn_over_its_start() {
        let line = format!("k: [{}]\n", "a,".repeat(50_000));
        let out = render(line, &[(3, 100_005)]);
        assert!(out.contains("[c.yaml:1:4]"), "{out}");
        assert!(out.len() < 2_000, "{} bytes", out.len());
    }

    #[test]
    fn a_long_line_beside_the_label_is_left_out() {
        let text = format!("a: {}\nkey: 1\nb: 2\n", "z".repeat(100_000));
        let at = 3 + 100_000 + 1;
        let out = render(text, &[(at, at + 3)]);
        assert!(
            out.contains("[c.yaml:2:1]") && out.contains("key: 1"),
            "{out}"
        );
        assert!(!out.contains("zzzz"), "{out}");
    }
}
