//! Checks a profile's JSON against the site schema and turns every error the validator
//! finds into a diagnostic at the key or value it is about, in swarmc's words rather
//! than the validator's: which key, what was expected, what was found, and the closest
//! known key or value when there is one.

use jsonschema::ValidationError;
use jsonschema::error::ValidationErrorKind;
use serde_json::Value;

use super::address::{Subnet, SubnetError};
use super::byte_size::BYTE_SIZE_PATTERN;
use super::node::Arch;
use super::registry::{REGISTRY_ADDRESS_PATTERN, TAG_PATTERN};
use super::schema::{SchemaAt, Types, join_or, schema, type_of, validator};
use super::spans::{SiteSpans, child, display_path, segments};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::rules;
use crate::source::Span;
use crate::suggest::did_you_mean;

/// Validates `json`; returns whether it is valid. `whole` is the span of the document,
/// for errors about values that were never written.
pub(super) fn validate(
    json: &Value,
    spans: &SiteSpans,
    whole: Span,
    diagnostics: &mut Diagnostics,
) -> bool {
    let Some(validator) = validator() else {
        diagnostics.push(
            Diagnostic::new(
                &rules::SITE_SCHEMA_VIOLATION,
                "the site schema cannot be compiled",
            )
            .at(whole.start_point())
            .help("report this bug in swarmc"),
        );
        return false;
    };
    let context = Context {
        json,
        spans,
        whole,
        root: SchemaAt::root(schema()),
    };
    let mut valid = true;
    for error in validator.iter_errors(json) {
        valid = false;
        context.report(&error, diagnostics);
    }
    valid
}

struct Context<'a> {
    json: &'a Value,
    spans: &'a SiteSpans,
    whole: Span,
    root: SchemaAt<'a>,
}

impl Context<'_> {
    fn value_span(&self, pointer: &str) -> Span {
        self.spans
            .nearest(pointer)
            .map_or(self.whole.start_point(), |l| l.value)
    }

    fn schema_at(&self, pointer: &str) -> Option<SchemaAt<'_>> {
        self.root.descend(self.json, &segments(pointer))
    }

    fn report(&self, error: &ValidationError<'_>, diagnostics: &mut Diagnostics) {
        let pointer = error.instance_path().as_str();
        let instance = error.instance();
        let name = subject(pointer);
        let schema_violation = |message: String| {
            Diagnostic::new(&rules::SITE_SCHEMA_VIOLATION, message).at(self.value_span(pointer))
        };
        let diagnostic = match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                for key in unexpected {
                    diagnostics.push(self.unknown_key(pointer, instance, key));
                }
                return;
            }
            ValidationErrorKind::Required { property } => {
                let property = property.as_str().unwrap_or_default();
                if self.misspelled(pointer, instance, property) {
                    // The unknown key's did-you-mean already says it.
                    return;
                }
                self.missing(pointer, instance, property)
            }
            ValidationErrorKind::AnyOf { context }
            | ValidationErrorKind::OneOfNotValid { context } => {
                if let Some(diagnostic) = self.enum_violation(pointer, instance) {
                    diagnostic
                } else if let Some(errors) = matching_variant(pointer, context) {
                    for error in errors {
                        self.report(error, diagnostics);
                    }
                    return;
                } else {
                    self.type_violation(pointer, instance)
                }
            }
            ValidationErrorKind::Enum { .. } | ValidationErrorKind::Constant { .. } => self
                .enum_violation(pointer, instance)
                .unwrap_or_else(|| self.type_violation(pointer, instance)),
            ValidationErrorKind::Type { .. } => self.type_violation(pointer, instance),
            ValidationErrorKind::Minimum { limit } => schema_violation(format!(
                "{name} must be at least {limit}, found {}",
                show(instance)
            )),
            ValidationErrorKind::Maximum { limit } => schema_violation(format!(
                "{name} must be at most {limit}, found {}",
                show(instance)
            )),
            ValidationErrorKind::ExclusiveMinimum { limit } => schema_violation(format!(
                "{name} must be greater than {limit}, found {}",
                show(instance)
            )),
            ValidationErrorKind::ExclusiveMaximum { limit } => schema_violation(format!(
                "{name} must be less than {limit}, found {}",
                show(instance)
            )),
            ValidationErrorKind::MinItems { limit } | ValidationErrorKind::MinLength { limit }
                if *limit == 1 =>
            {
                schema_violation(format!("{name} must not be empty"))
            }
            ValidationErrorKind::MinItems { limit } => {
                schema_violation(format!("{name} must have at least {limit} items"))
            }
            ValidationErrorKind::MinLength { limit } => {
                schema_violation(format!("{name} must have at least {limit} characters"))
            }
            ValidationErrorKind::Pattern { pattern } => {
                let diagnostic = schema_violation(format!(
                    "{name} must be {}, found {}",
                    pattern_phrase(pattern),
                    show(instance)
                ));
                match instance.as_str().and_then(|s| s.split_once("://")) {
                    Some((scheme, rest)) if pattern == REGISTRY_ADDRESS_PATTERN => {
                        diagnostic.help(format!(
                            "write `{}` without `{scheme}://`",
                            rest.trim_end_matches('/')
                        ))
                    }
                    _ => diagnostic,
                }
            }
            ValidationErrorKind::Format { format } => {
                self.format_violation(pointer, instance, format)
            }
            _ => schema_violation(format!(
                "{name} is invalid: {}",
                error.to_string().to_lowercase()
            )),
        };
        diagnostics.push(diagnostic);
    }

    fn unknown_key(&self, pointer: &str, object: &Value, key: &str) -> Diagnostic {
        let at = self
            .spans
            .get(&child(pointer, key))
            .map_or(self.value_span(pointer), |l| l.key_or_value());
        let known: Vec<&str> = self
            .schema_at(pointer)
            .map(SchemaAt::property_names)
            .unwrap_or_default()
            .into_iter()
            .filter(|k| object.get(*k).is_none())
            .collect();
        let message = if pointer.is_empty() {
            format!("unknown key `{key}`")
        } else {
            format!("unknown key `{key}` in `{}`", display_path(pointer))
        };
        let diagnostic = Diagnostic::new(&rules::SITE_UNKNOWN_KEY, message).at(at);
        match did_you_mean(key, &known) {
            Some(suggestion) => diagnostic
                .label(format!("did you mean `{suggestion}`?"))
                .help(format!("rename it to `{suggestion}`")),
            None if known.is_empty() => diagnostic.help("remove it"),
            None => {
                let listed: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
                let listed: Vec<&str> = listed.iter().map(String::as_str).collect();
                diagnostic.help(format!(
                    "remove it; keys allowed here are {}",
                    join_or(&listed)
                ))
            }
        }
    }

    /// Whether the mapping has an unknown key that is a likely misspelling of `property`.
    fn misspelled(&self, pointer: &str, object: &Value, property: &str) -> bool {
        let known = self
            .schema_at(pointer)
            .map(SchemaAt::property_names)
            .unwrap_or_default();
        object.as_object().is_some_and(|map| {
            map.keys().any(|key| {
                !known.contains(&key.as_str()) && did_you_mean(key, &[property]).is_some()
            })
        })
    }

    fn missing(&self, pointer: &str, object: &Value, property: &str) -> Diagnostic {
        // Point at the key that introduced the mapping, else its first key, else at it.
        let located = self.spans.get(pointer);
        let first_key = object
            .as_object()
            .and_then(|o| o.keys().next())
            .and_then(|k| self.spans.get(&child(pointer, k)))
            .and_then(|l| l.key);
        let at = located
            .and_then(|l| l.key)
            .or(first_key)
            .unwrap_or_else(|| self.value_span(pointer));
        let message = if pointer.is_empty() {
            format!("missing `{property}`")
        } else {
            format!("missing `{property}` in `{}`", display_path(pointer))
        };
        Diagnostic::new(&rules::SITE_SCHEMA_VIOLATION, message)
            .at(at)
            .label(format!("`{property}` is required here"))
            .help(format!("add `{property}`"))
    }

    fn type_violation(&self, pointer: &str, instance: &Value) -> Diagnostic {
        let expected = self
            .schema_at(pointer)
            .map(SchemaAt::types)
            .unwrap_or_default();
        let found = match instance {
            Value::Bool(_) => show(instance),
            _ => type_of(instance).describe(),
        };
        let message = if expected.is_empty() || expected.accepts(type_of(instance)) {
            format!("{} is not valid here", subject(pointer))
        } else {
            format!(
                "{} must be {}, found {found}",
                subject(pointer),
                expected.describe()
            )
        };
        let diagnostic =
            Diagnostic::new(&rules::SITE_SCHEMA_VIOLATION, message).at(self.value_span(pointer));
        let written = instance.as_str().unwrap_or_default();
        if instance.is_null() && expected.contains(Types::STRING) {
            diagnostic.help("write a value, or `\"\"` for an empty string")
        } else if expected.contains(Types::BOOLEAN)
            && ["yes", "no", "on", "off", "y", "n"].contains(&written.to_ascii_lowercase().as_str())
        {
            diagnostic.help("write `true` or `false`").note(format!(
                "YAML 1.2 reads `{written}` as a string, not a boolean"
            ))
        } else {
            diagnostic
        }
    }

    fn enum_violation(&self, pointer: &str, instance: &Value) -> Option<Diagnostic> {
        let options = self.schema_at(pointer)?.enum_values()?;
        let names: Vec<String> = options.iter().map(show).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let message = format!(
            "{} must be {}, found {}",
            subject(pointer),
            join_or(&names),
            show(instance)
        );
        let diagnostic =
            Diagnostic::new(&rules::SITE_SCHEMA_VIOLATION, message).at(self.value_span(pointer));
        let written = instance.as_str().unwrap_or_default();
        let strings: Vec<&str> = options.iter().filter_map(Value::as_str).collect();
        if let Some(arch) = Arch::from_docker_name(written) {
            return Some(
                diagnostic
                    .help(format!("write `{}`", arch.as_str()))
                    .note("swarm's `node.platform.arch` uses the kernel's names (`uname -m`), not docker's image platform names"),
            );
        }
        Some(match did_you_mean(written, &strings) {
            Some(suggestion) => diagnostic.help(format!("write `{suggestion}`")),
            None => diagnostic,
        })
    }

    fn format_violation(&self, pointer: &str, instance: &Value, format: &str) -> Diagnostic {
        let at = self.value_span(pointer);
        let written = instance.as_str().unwrap_or_default();
        let name = subject(pointer);
        match format {
            "subnet" => match Subnet::parse(written) {
                Err(SubnetError::HostBitsSet(net)) => Diagnostic::new(
                    &rules::SITE_SCHEMA_VIOLATION,
                    format!("`{written}` is not a subnet: its host bits are set"),
                )
                .at(at)
                .help(format!("write `{net}`")),
                _ => Diagnostic::new(
                    &rules::SITE_SCHEMA_VIOLATION,
                    format!(
                        "{name} must be a subnet like `10.20.0.0/16` or an address, found {}",
                        show(instance)
                    ),
                )
                .at(at),
            },
            "interface-address" => Diagnostic::new(
                &rules::SITE_SCHEMA_VIOLATION,
                format!(
                    "{name} must be an address with its prefix length like `10.20.1.11/16`, found {}",
                    show(instance)
                ),
            )
            .at(at),
            _ => Diagnostic::new(
                &rules::SITE_SCHEMA_VIOLATION,
                format!("{name} must be in `{format}` format, found {}", show(instance)),
            )
            .at(at),
        }
    }
}

/// Among the errors of each variant of an `anyOf`/`oneOf`, those of the one variant whose
/// type the value has, so that the user hears about the mistake inside it.
fn matching_variant<'e>(
    pointer: &str,
    context: &'e [Vec<ValidationError<'static>>],
) -> Option<&'e [ValidationError<'static>]> {
    let type_matches = |errors: &Vec<ValidationError<'static>>| {
        !errors.iter().any(|e| {
            e.instance_path().as_str() == pointer
                && matches!(
                    e.kind(),
                    ValidationErrorKind::Type { .. }
                        | ValidationErrorKind::Enum { .. }
                        | ValidationErrorKind::Constant { .. }
                )
        })
    };
    let mut candidates = context.iter().filter(|errors| type_matches(errors));
    let first = candidates.next()?;
    if candidates.next().is_some() || first.is_empty() {
        return None;
    }
    Some(first)
}

/// How a key reads as the subject of a message.
fn subject(pointer: &str) -> String {
    if pointer.is_empty() {
        "the site profile".to_owned()
    } else {
        format!("`{}`", display_path(pointer))
    }
}

/// A value in backticks, shortened when long.
fn show(value: &Value) -> String {
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut chars = text.chars();
    let short: String = chars.by_ref().take(40).collect();
    if chars.next().is_some() {
        format!("`{short}…`")
    } else {
        format!("`{short}`")
    }
}

/// What a pattern asks for, in words.
fn pattern_phrase(pattern: &str) -> &'static str {
    if pattern == BYTE_SIZE_PATTERN {
        "a number of bytes or a size like `16GiB`"
    } else if pattern == REGISTRY_ADDRESS_PATTERN {
        "a host name with an optional port, like `registry.example.org:5000`"
    } else if pattern == TAG_PATTERN {
        "an image tag (letters, digits, `_`, `.` and `-`, at most 128)"
    } else {
        "in the form the schema describes"
    }
}
