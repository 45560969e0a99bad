//! The registry of every diagnostic swarmc can raise. A rule is a stable code, a
//! kebab-case name that names the problem, a default severity and its documentation.
//! Each rule lives in its own file, declared with [`declare_rule!`], whose doc comment
//! follows one template (`## What it does`, `## Why`, `## Example`, `## Fix`) and is
//! what `swarmc rule CODE` prints.
//!
//! Codes are grouped by the stage that raises them and are never reused:
//! `SW0xx` input files, `SW1xx` YAML and the compose schema, `SW2xx` variables, merging,
//! `extends`, `include` and profiles, `SW3xx` translation to swarm, `SW4xx` site profiles,
//! `SW5xx` pre-deploy checks, `SW6xx` lint rules, `SW9xx` internal errors.

use crate::diagnostic::Severity;

/// Declares a rule from its doc comment and `CODE, name, Severity`.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub static $ident:ident = ($code:literal, $name:literal, $severity:ident);
    ) => {
        $(#[doc = $doc])*
        pub static $ident: $crate::rules::Rule = $crate::rules::Rule {
            code: $code,
            name: $name,
            severity: $crate::diagnostic::Severity::$severity,
            docs: concat!($($doc, "\n"),*),
        };
    };
}

/// The metadata of one diagnostic code.
#[derive(Debug)]
pub struct Rule {
    /// `SW` and three digits, stable forever.
    pub code: &'static str,
    /// Names the problem, in kebab case: read as "allow <name>".
    pub name: &'static str,
    /// The severity a diagnostic of this rule has unless configured otherwise.
    pub severity: Severity,
    /// Markdown, from the rule's doc comment.
    pub docs: &'static str,
}

impl Rule {
    /// The documentation with the one space that doc comments put on each line removed.
    pub fn documentation(&self) -> String {
        self.docs
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The first sentence of `## What it does`, for listings.
    pub fn summary(&self) -> String {
        let docs = self.documentation();
        let body = docs.split("## What it does").nth(1).unwrap_or("");
        let paragraph: Vec<&str> = body
            .lines()
            .map(str::trim)
            .skip_while(|l| l.is_empty())
            .take_while(|l| !l.is_empty() && !l.starts_with("##"))
            .collect();
        paragraph.join(" ")
    }
}

impl PartialEq for Rule {
    fn eq(&self, other: &Rule) -> bool {
        self.code == other.code
    }
}

impl Eq for Rule {}

mod duplicate_key;
mod empty_file;
mod file_too_large;
mod input_unreadable;
mod invalid_encoding;
mod output_schema_violation;
mod top_level_not_mapping;
mod yaml_syntax;
mod yaml_too_complex;
mod yaml_unknown_tag;

mod conflicting_keys;
mod duplicate_entry;
mod invalid_name;
mod invalid_type;
mod invalid_value;
mod legacy_boolean;
mod missing_required_key;
mod undefined_reference;
mod unknown_key;

pub use duplicate_key::DUPLICATE_KEY;
pub use empty_file::EMPTY_FILE;
pub use file_too_large::FILE_TOO_LARGE;
pub use input_unreadable::INPUT_UNREADABLE;
pub use invalid_encoding::INVALID_ENCODING;
pub use output_schema_violation::OUTPUT_SCHEMA_VIOLATION;
pub use top_level_not_mapping::TOP_LEVEL_NOT_MAPPING;
pub use yaml_syntax::YAML_SYNTAX;
pub use yaml_too_complex::YAML_TOO_COMPLEX;
pub use yaml_unknown_tag::YAML_UNKNOWN_TAG;

pub use conflicting_keys::CONFLICTING_KEYS;
pub use duplicate_entry::DUPLICATE_ENTRY;
pub use invalid_name::INVALID_NAME;
pub use invalid_type::INVALID_TYPE;
pub use invalid_value::INVALID_VALUE;
pub use legacy_boolean::LEGACY_BOOLEAN;
pub use missing_required_key::MISSING_REQUIRED_KEY;
pub use undefined_reference::UNDEFINED_REFERENCE;
pub use unknown_key::UNKNOWN_KEY;

/// Every rule, in code order.
pub static ALL: &[&Rule] = &[
    &INPUT_UNREADABLE,
    &INVALID_ENCODING,
    &FILE_TOO_LARGE,
    &EMPTY_FILE,
    &YAML_SYNTAX,
    &DUPLICATE_KEY,
    &YAML_TOO_COMPLEX,
    &YAML_UNKNOWN_TAG,
    &TOP_LEVEL_NOT_MAPPING,
    &UNKNOWN_KEY,
    &INVALID_TYPE,
    &INVALID_VALUE,
    &MISSING_REQUIRED_KEY,
    &UNDEFINED_REFERENCE,
    &INVALID_NAME,
    &CONFLICTING_KEYS,
    &DUPLICATE_ENTRY,
    &LEGACY_BOOLEAN,
    &OUTPUT_SCHEMA_VIOLATION,
];

/// Looks a rule up by code (`SW101`) or name (`yaml-syntax`).
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    ALL.iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_sorted_and_well_formed() {
        for pair in ALL.windows(2) {
            assert!(
                pair[0].code < pair[1].code,
                "{} must come before {}",
                pair[0].code,
                pair[1].code
            );
        }
        for rule in ALL {
            assert!(
                rule.code.len() == 5
                    && rule.code.starts_with("SW")
                    && rule.code[2..].bytes().all(|b| b.is_ascii_digit()),
                "bad code {}",
                rule.code
            );
            assert!(
                rule.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'-'),
                "bad name {}",
                rule.name
            );
        }
        let mut names: Vec<_> = ALL.iter().map(|r| r.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ALL.len(), "rule names must be unique");
    }

    #[test]
    fn every_rule_follows_the_documentation_template() {
        for rule in ALL {
            let docs = rule.documentation();
            for heading in ["## What it does", "## Why", "## Example", "## Fix"] {
                assert!(docs.contains(heading), "{} lacks `{heading}`", rule.code);
            }
            assert!(!rule.summary().is_empty(), "{} has no summary", rule.code);
        }
    }
}
