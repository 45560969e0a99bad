//! miette's graphical report. Diagnostics borrow the source text (through [`FileCode`])
//! rather than copying it, since one large file may carry thousands of warnings.

use std::fmt;

use miette::{
    Diagnostic as MietteDiagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan,
    MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use crate::diagnostic::{Diagnostic, Diagnostics, Label, Severity};
use crate::source::{SourceFile, Sources};

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
        // One line more on each side, so that miette never meets the window's edges and
        // reads the context exactly as it would in the whole text.
        let (first_line, from, to) = self.file.line_window(start, end, before + 1, after + 1);
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
        view.labels.push(labeled(primary, true));
        for label in &diagnostic.secondary {
            if label.span.source == file {
                view.labels.push(labeled(label, false));
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
                        &Label {
                            span: label.span,
                            text: None,
                        },
                        true,
                    )],
                    related: Vec::new(),
                });
            }
        }
        view
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
