//! Reading one docker CLI output into typed values, with every failure located in the
//! text: serde_json knows the line and column where a value stopped making sense, and
//! that becomes a span, so the report points into the file like any other input.

use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::rules;
use crate::source::{SourceId, Sources, Span};

/// Parses `id` as one JSON value of type `T` (the shape `command` prints); reports
/// where and why it cannot.
pub(crate) fn parse<T: DeserializeOwned>(
    sources: &Sources,
    id: SourceId,
    command: &str,
    diagnostics: &mut Diagnostics,
) -> Option<T> {
    let text = &sources.get(id).text;
    match serde_json::from_str(text) {
        Ok(value) => Some(value),
        Err(error) => {
            diagnostics.push(unrecognized(sources, id, command, &error));
            None
        }
    }
}

/// Parses `id` as JSON lines (one value per line, as `--format '{{json .}}'` prints lists), or
/// as one JSON array of them (as `inspect` prints).
pub(crate) fn parse_lines<T: DeserializeOwned>(
    sources: &Sources,
    id: SourceId,
    command: &str,
    diagnostics: &mut Diagnostics,
) -> Option<Vec<T>> {
    let text = &sources.get(id).text;
    if text.trim_start().starts_with('[') {
        return parse(sources, id, command, diagnostics);
    }
    let mut values = Vec::new();
    for item in serde_json::Deserializer::from_str(text).into_iter::<T>() {
        match item {
            Ok(value) => values.push(value),
            Err(error) => {
                diagnostics.push(unrecognized(sources, id, command, &error));
                return None;
            }
        }
    }
    Some(values)
}

fn unrecognized(
    sources: &Sources,
    id: SourceId,
    command: &str,
    error: &serde_json::Error,
) -> Diagnostic {
    let file = sources.get(id);
    let offset = if error.classify() == serde_json::error::Category::Eof {
        file.text.len()
    } else if error.line() == 0 {
        0
    } else {
        byte_offset(file, error.line(), error.column())
    };
    let full = error.to_string();
    let reason = full
        .rfind(" at line ")
        .map_or(full.as_str(), |at| &full[..at])
        .to_owned();
    let reason = match error.classify() {
        serde_json::error::Category::Eof => "the output ends too early".to_owned(),
        _ => reason,
    };
    Diagnostic::new(
        &rules::DOCKER_OUTPUT_UNRECOGNIZED,
        format!("this is not what `{command}` prints: {reason}"),
    )
    .at(Span::new(id, offset, offset))
    .help(format!(
        "give the unchanged output of `{command}`, or run the import with `--docker`"
    ))
}

/// The byte offset of serde_json's 1-based line and column (a column counts bytes,
/// and 0 means the end of the previous line), kept on a character boundary.
fn byte_offset(file: &crate::source::SourceFile, line: usize, column: usize) -> usize {
    let start = file.offset_of(line, 0);
    let text = &file.text;
    let mut offset = (start + column.saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}
