//! Rule documentation as `swarmc rule` prints it and as machine reports embed it.
//! Every text comes from the rule's doc comment in `src/rules/`.

use serde_json::{Value, json};

use crate::diagnostic::Severity;
use crate::policy::is_fixed;
use crate::rules::{Retired, Rule};

/// A rule's documentation as terminal-friendly Markdown: a title, the default severity,
/// then the doc comment.
pub fn rule_text(rule: &Rule) -> String {
    let mut out = format!(
        "# {} ({})\n\nDefault severity: {}.",
        rule.name,
        rule.code,
        rule.severity.as_str()
    );
    if is_fixed(rule) {
        out.push_str(" Cannot be ignored, suppressed or given another severity.");
    }
    out.push_str("\n\n");
    out.push_str(rule.documentation().trim());
    out.push('\n');
    out
}

/// A retired code as `swarmc rule` prints it: a title, then why it was retired and
/// which rule replaced it.
pub fn retired_text(retired: &Retired) -> String {
    format!(
        "# {} ({})\n\n{}\n",
        retired.name,
        retired.code,
        retired.documentation()
    )
}

/// A retired code as JSON.
pub fn retired_json(retired: &Retired) -> Value {
    json!({
        "code": retired.code,
        "name": retired.name,
        "retired": true,
        "replaced_by": retired.replaced_by.code,
        "documentation": retired.documentation(),
    })
}

/// Every rule, one line each: code, name, default severity and summary.
pub fn rules_text(rules: &[&Rule]) -> String {
    let name_width = rules.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for rule in rules {
        out.push_str(&format!(
            "{}  {:name_width$}  {:7}  {}\n",
            rule.code,
            rule.name,
            rule.severity.as_str(),
            rule.summary()
        ));
    }
    out
}

/// A rule as JSON, for `swarmc rule --output-format json`.
pub fn rule_json(rule: &Rule) -> Value {
    json!({
        "code": rule.code,
        "name": rule.name,
        "severity": rule.severity.as_str(),
        "configurable": !is_fixed(rule),
        "summary": rule.summary(),
        "documentation": rule.documentation().trim(),
    })
}

/// Every rule as a JSON array.
pub fn rules_json(rules: &[&Rule]) -> Value {
    Value::Array(rules.iter().map(|r| rule_json(r)).collect())
}

/// The body of one `## ` section of a rule's documentation, paragraphs kept.
pub(crate) fn section(rule: &Rule, heading: &str) -> String {
    let docs = rule.documentation();
    let marker = format!("## {heading}");
    let Some(start) = docs.find(&marker) else {
        return String::new();
    };
    let body = &docs[start + marker.len()..];
    let end = body.find("\n## ").unwrap_or(body.len());
    body[..end].trim().to_owned()
}

/// A severity as SARIF names it.
pub(crate) fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules;

    #[test]
    fn sections_are_cut_at_the_next_heading() {
        let what = section(&rules::DUPLICATE_KEY, "What it does");
        assert_eq!(
            what,
            "Reports a key that appears twice in the same YAML mapping."
        );
        assert!(section(&rules::DUPLICATE_KEY, "Fix").starts_with("Keep one"));
    }

    #[test]
    fn fixed_rules_say_so() {
        assert!(rule_text(&rules::INPUT_UNREADABLE).contains("Cannot be ignored"));
        assert!(!rule_text(&rules::DUPLICATE_KEY).contains("Cannot be ignored"));
    }
}
