//! `--output-format sarif`: a SARIF 2.1.0 log for GitHub code scanning and other SARIF
//! viewers. The document is always complete, with an empty `results` array when there
//! is nothing to report, because a truncated or missing file fails the upload step.
//!
//! - `tool.driver.rules` holds every rule the run reported, in code order, with the
//!   documentation from `src/rules/` as help text and Markdown.
//! - File URIs are relative to the working directory (`uriBaseId: %SRCROOT%`), which
//!   is the repository root when swarmc runs in CI; files outside it get `file://` URIs.
//!   Columns count Unicode code points (`columnKind`).
//! - `partialFingerprints.primaryLocationLineHash`, the one key GitHub reads, holds
//!   swarmc's own line-independent fingerprint ([`super::fingerprint`]).
//! - Diagnostics without a place (a file on the command line that cannot be read) are
//!   tool execution notifications, since a result must have a location.

use std::path::Path;

use serde_json::{Value, json};

use super::Location;
use super::fingerprint::fingerprints;
use super::rule_docs::{sarif_level, section};
use crate::diagnostic::{Diagnostic, Diagnostics, Label};
use crate::policy::is_fatal;
use crate::rules::Rule;
use crate::source::Sources;

const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// GitHub's limit on rule descriptions.
const DESCRIPTION_LIMIT: usize = 1024;

pub fn sarif(diagnostics: &Diagnostics, sources: &Sources) -> String {
    let mut rules: Vec<&'static Rule> = diagnostics.iter().map(|d| d.rule).collect();
    rules.sort_by_key(|r| r.code);
    rules.dedup_by_key(|r| r.code);
    let index = |rule: &Rule| rules.iter().position(|r| r.code == rule.code).unwrap_or(0);

    let fingerprints = fingerprints(diagnostics, sources);
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for (d, fingerprint) in diagnostics.iter().zip(fingerprints) {
        match (&d.primary, fingerprint) {
            (Some(primary), Some(fingerprint)) => {
                results.push(result(d, primary, &fingerprint, index(d.rule), sources));
            }
            _ => notifications.push(json!({
                "level": sarif_level(d.severity),
                "message": { "text": d.message },
                "associatedRule": { "id": d.rule.code, "index": index(d.rule) },
            })),
        }
    }

    let mut driver = json!({
        "name": "swarmc",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
    });
    if let Some(uri) = information_uri() {
        driver["informationUri"] = json!(uri);
    }
    driver["rules"] = rules.iter().map(|r| descriptor(r)).collect();

    let log = json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": driver },
            "invocations": [{
                "executionSuccessful": !diagnostics.iter().any(is_fatal),
                "toolExecutionNotifications": notifications,
            }],
            "originalUriBaseIds": {
                "%SRCROOT%": {
                    "description": { "text": "The directory swarmc ran in." },
                },
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

/// The project's web page, from `Cargo.toml` (`homepage`, else `repository`).
fn information_uri() -> Option<&'static str> {
    [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")]
        .into_iter()
        .find(|uri| !uri.is_empty())
}

fn descriptor(rule: &Rule) -> Value {
    let docs = rule.documentation();
    let docs = docs.trim();
    json!({
        "id": rule.code,
        "name": rule.name,
        "shortDescription": { "text": truncate(&rule.summary(), DESCRIPTION_LIMIT) },
        "fullDescription": {
            "text": truncate(&unwrap(&section(rule, "What it does")), DESCRIPTION_LIMIT),
        },
        "help": { "text": docs, "markdown": docs },
        "defaultConfiguration": { "level": sarif_level(rule.severity) },
        "properties": {
            "problem.severity": match rule.severity {
                crate::diagnostic::Severity::Info => "recommendation",
                other => sarif_level(other),
            },
        },
    })
}

fn result(
    d: &Diagnostic,
    primary: &Label,
    fingerprint: &str,
    rule_index: usize,
    sources: &Sources,
) -> Value {
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str(&format!("\nhelp: {help}"));
    }
    let related: Vec<Value> = d
        .secondary
        .iter()
        .enumerate()
        .map(|(id, label)| {
            let mut location = location(label, sources);
            location["id"] = json!(id);
            if let Some(text) = &label.text {
                location["message"] = json!({ "text": text });
            }
            location
        })
        .collect();
    let mut result = json!({
        "ruleId": d.rule.code,
        "ruleIndex": rule_index,
        "level": sarif_level(d.severity),
        "message": { "text": text },
        "locations": [location(primary, sources)],
        "partialFingerprints": { "primaryLocationLineHash": fingerprint },
    });
    if !related.is_empty() {
        result["relatedLocations"] = Value::Array(related);
    }
    result
}

fn location(label: &Label, sources: &Sources) -> Value {
    let at = Location::of(sources, label.span);
    let mut artifact = json!({ "uri": uri(&at.file) });
    if !Path::new(&at.file).is_absolute() {
        artifact["uriBaseId"] = json!("%SRCROOT%");
    }
    json!({
        "physicalLocation": {
            "artifactLocation": artifact,
            "region": {
                "startLine": at.line.max(1),
                "startColumn": at.column.max(1),
                "endLine": at.end_line.max(at.line).max(1),
                "endColumn": at.end_column.max(1),
            },
        },
    })
}

/// A file name as a URI reference: relative names stay relative, absolute ones become
/// `file://` URIs; everything but unreserved characters and `/` is percent-encoded.
pub(crate) fn uri(name: &str) -> String {
    let name = if cfg!(windows) {
        name.replace('\\', "/")
    } else {
        name.to_owned()
    };
    let mut encoded = String::new();
    for byte in name.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                encoded.push(char::from(byte));
            }
            _ => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    if Path::new(&name).is_absolute() || name.starts_with('/') {
        let slash = if encoded.starts_with('/') { "" } else { "/" };
        format!("file://{slash}{encoded}")
    } else {
        encoded
    }
}

/// Joins the lines of each paragraph, as doc comments wrap them, into one line.
fn unwrap(text: &str) -> String {
    text.split("\n\n")
        .map(|paragraph| paragraph.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// At most `limit` characters, ending in `…` when cut.
fn truncate(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(limit - 1).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(uri("deploy/compose.yaml"), "deploy/compose.yaml");
        assert_eq!(uri("my file#1.yaml"), "my%20file%231.yaml");
        assert_eq!(uri("<stdin>"), "%3Cstdin%3E");
        assert_eq!(uri("/srv/app/compose.yaml"), "file:///srv/app/compose.yaml");
    }

    #[test]
    fn unwraps_paragraphs() {
        assert_eq!(unwrap("a\nb\n\nc  d\ne"), "a b\n\nc d e");
    }

    #[test]
    fn truncates_on_characters() {
        assert_eq!(truncate("ééé", 3), "ééé");
        assert_eq!(truncate("éééé", 3), "éé…");
    }
}
