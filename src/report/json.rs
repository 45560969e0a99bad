//! `--output-format json`: one JSON array, one object per diagnostic, with 1-based lines
//! and columns (null only when a diagnostic has no location).

use serde_json::{Value, json};

use super::Location;
use crate::diagnostic::{Diagnostics, Label};
use crate::source::Sources;

pub fn json(diagnostics: &Diagnostics, sources: &Sources) -> String {
    let items: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let at = d.primary.as_ref().map(|l| Location::of(sources, l.span));
            json!({
                "code": d.rule.code,
                "name": d.rule.name,
                "severity": d.severity.as_str(),
                "message": d.message,
                "help": d.help,
                "notes": d.notes,
                "file": at.as_ref().map(|l| &l.file),
                "line": at.as_ref().map(|l| l.line),
                "column": at.as_ref().map(|l| l.column),
                "end_line": at.as_ref().map(|l| l.end_line),
                "end_column": at.as_ref().map(|l| l.end_column),
                "label": d.primary.as_ref().and_then(|l| l.text.as_ref()),
                "related": d.secondary.iter().map(|l| related(l, sources)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut text =
        serde_json::to_string_pretty(&Value::Array(items)).unwrap_or_else(|_| "[]".to_owned());
    text.push('\n');
    text
}

fn related(label: &Label, sources: &Sources) -> Value {
    let at = Location::of(sources, label.span);
    json!({
        "message": label.text,
        "file": at.file,
        "line": at.line,
        "column": at.column,
        "end_line": at.end_line,
        "end_column": at.end_column,
    })
}
