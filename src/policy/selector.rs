//! Rule selectors, as `select`, `extend-select`, `ignore` and severity overrides write
//! them: a code (`SW102`), a name (`duplicate-key`) or a code prefix (`SW`, `SW1`,
//! `SW10`). A prefix selects every rule whose code starts with it, including rules
//! added in later versions.

use crate::rules::{self, Rule};
use crate::suggest::did_you_mean;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Selector {
    Rule(&'static Rule),
    /// Upper-case `SW` followed by at most two digits.
    Prefix(String),
}

impl Selector {
    /// `None` when `text` is neither a known rule nor a well-formed code prefix.
    pub(crate) fn parse(text: &str) -> Option<Selector> {
        if let Some(rule) = rules::find(text) {
            return Some(Selector::Rule(rule));
        }
        let upper = text.to_ascii_uppercase();
        let digits = upper.strip_prefix("SW")?;
        (digits.len() <= 2 && digits.bytes().all(|b| b.is_ascii_digit()))
            .then_some(Selector::Prefix(upper))
    }

    pub(crate) fn matches(&self, rule: &Rule) -> bool {
        match self {
            Selector::Rule(r) => *r == rule,
            Selector::Prefix(prefix) => rule.code.starts_with(prefix.as_str()),
        }
    }

    /// Longer selectors are more specific; a whole code or name beats any prefix.
    pub(crate) fn specificity(&self) -> usize {
        match self {
            Selector::Rule(_) => usize::MAX,
            Selector::Prefix(prefix) => prefix.len(),
        }
    }

    /// The rule this selector names exactly, if it names one.
    pub(crate) fn exact(&self) -> Option<&'static Rule> {
        match self {
            Selector::Rule(rule) => Some(rule),
            Selector::Prefix(_) => None,
        }
    }
}

/// The rule code or name closest to `text`, when it looks like a typo for one.
pub(crate) fn closest_rule(text: &str) -> Option<&'static str> {
    let candidates: Vec<&str> = rules::ALL.iter().flat_map(|r| [r.code, r.name]).collect();
    did_you_mean(text, &candidates)
}

/// The message and help for a selector that names no rule.
pub(crate) fn unknown(text: &str) -> (String, String) {
    if let Some(retired) = rules::find_retired(text) {
        return (
            format!("rule `{text}` is retired"),
            format!(
                "name `{}` ({}) instead, which reports its findings now",
                retired.replaced_by.code, retired.replaced_by.name
            ),
        );
    }
    let help = match closest_rule(text) {
        Some(close) => format!("did you mean `{close}`?"),
        None => "use a code, a name or a code prefix that `swarmc rule --all` lists".to_owned(),
    };
    (format!("unknown rule `{text}`"), help)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_names_and_prefixes() {
        assert_eq!(
            Selector::parse("sw102"),
            Some(Selector::Rule(&rules::DUPLICATE_KEY))
        );
        assert_eq!(
            Selector::parse("duplicate-key"),
            Some(Selector::Rule(&rules::DUPLICATE_KEY))
        );
        assert_eq!(
            Selector::parse("SW1"),
            Some(Selector::Prefix("SW1".to_owned()))
        );
        assert_eq!(
            Selector::parse("SW"),
            Some(Selector::Prefix("SW".to_owned()))
        );
        assert_eq!(Selector::parse("SW999"), None);
        assert_eq!(Selector::parse("SW1x"), None);
        assert_eq!(Selector::parse("duplicate-keys"), None);
    }

    #[test]
    fn prefixes_match_by_code() {
        let sw1 = Selector::parse("SW10").unwrap();
        assert!(sw1.matches(&rules::DUPLICATE_KEY));
        assert!(!sw1.matches(&rules::INPUT_UNREADABLE));
        assert!(sw1.specificity() < Selector::parse("SW102").unwrap().specificity());
    }

    #[test]
    fn unknown_selectors_suggest_a_rule() {
        let (message, help) = unknown("duplicate-keys");
        assert_eq!(message, "unknown rule `duplicate-keys`");
        assert_eq!(help, "did you mean `duplicate-key`?");
    }

    #[test]
    fn a_retired_code_names_its_replacement() {
        let (message, help) = unknown("SW508");
        assert_eq!(message, "rule `SW508` is retired");
        assert!(
            help.starts_with("name `SW388` (secret-too-large)"),
            "{help}"
        );
    }
}
