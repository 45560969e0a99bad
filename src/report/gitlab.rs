//! `--output-format gitlab`: a GitLab Code Quality report, the JSON array that
//! `artifacts:reports:codequality` takes.
//!
//! GitLab shows `description` but not `check_name`, so the description starts with the
//! code. Fingerprints come from [`super::fingerprint`] and do not depend on lines, so
//! a finding that only moved is not shown as fixed and introduced again. Code Quality
//! has no place for a problem without a file (those end the run with status 2), so
//! such diagnostics appear in every other format but not here.

use serde_json::{Value, json};

use super::Location;
use super::fingerprint::fingerprints;
use crate::diagnostic::{Diagnostics, Severity};
use crate::source::Sources;

pub fn gitlab(diagnostics: &Diagnostics, sources: &Sources) -> String {
    let fingerprints = fingerprints(diagnostics, sources);
    let items: Vec<Value> = diagnostics
        .iter()
        .zip(fingerprints)
        .filter_map(|(d, fingerprint)| {
            let label = d.primary.as_ref()?;
            let at = Location::of(sources, label.span);
            let severity = match d.severity {
                Severity::Error => "critical",
                Severity::Warning => "major",
                Severity::Info => "info",
            };
            Some(json!({
                "description": format!("{}: {}", d.rule.code, d.message),
                "check_name": d.rule.code,
                "fingerprint": fingerprint,
                "severity": severity,
                "location": {
                    "path": at.file,
                    "lines": { "begin": at.line },
                },
            }))
        })
        .collect();
    let mut text =
        serde_json::to_string_pretty(&Value::Array(items)).unwrap_or_else(|_| "[]".to_owned());
    text.push('\n');
    text
}
