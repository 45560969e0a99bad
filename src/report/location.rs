//! Spans turned into the file, line and column that reports print.

use crate::source::{Sources, Span};

/// A resolved, 1-based source range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Location {
    pub fn of(sources: &Sources, span: Span) -> Location {
        let file = sources.get(span.source);
        let start = file.line_col(span.start);
        let end = file.line_col(span.end);
        Location {
            file: file.name.clone(),
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
        }
    }
}
