//! The policy stage: decides which of a run's diagnostics are reported, with which
//! severity, and which of them fail the run. It sits between the pipeline and
//! `report`, so stages always report everything they find and never need to know how
//! a project is configured.
//!
//! Inputs, weakest first: each rule's default, `swarmc.toml` ([`config`]), the command
//! line ([`Overrides`]), and inline `# swarmc: ignore[...]` comments ([`suppression`]).
//!
//! Some diagnostics are fixed: errors about input files (`SW0xx`: a file that cannot be
//! read, a configuration that cannot be understood) and internal errors (`SW9xx`).
//! When they occur no result can be trusted, so they cannot be ignored, suppressed or
//! given another severity.

mod comments;
pub mod config;
mod selector;
mod suppression;

use std::collections::{BTreeMap, BTreeSet};

pub use config::{CONFIG_FILE_NAME, Config, ConfigFile, Level, config_schema, load_config};

use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::rules::{self, Rule};
use crate::source::{Sources, Span};
use selector::Selector;
pub(crate) use selector::closest_rule;
use suppression::{Scope, Suppressions};

/// Whether a rule's diagnostics escape every policy (see the module documentation).
pub fn is_fixed(rule: &Rule) -> bool {
    rule.code.starts_with("SW9")
        || (rule.code.starts_with("SW0") && rule.severity == Severity::Error)
}

/// Whether a diagnostic means the run itself failed rather than found problems: a file
/// named on the command line could not be read, the configuration is unusable, or
/// swarmc failed internally. Such runs exit with status 2.
pub fn is_fatal(diagnostic: &Diagnostic) -> bool {
    let rule = diagnostic.rule;
    diagnostic.severity == Severity::Error
        && (rule.code.starts_with("SW9")
            || (rule.code.starts_with("SW0") && diagnostic.primary.is_none())
            || rule == &rules::INVALID_CONFIG
            || rule == &rules::UNKNOWN_RULE_SELECTOR)
}

/// What the command line says about policy. It wins over `swarmc.toml`.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    /// Replaces the configured `select` when given.
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    /// Warnings fail the run too.
    pub strict: bool,
    pub max_warnings: Option<usize>,
}

/// The resolved policy of one run.
#[derive(Clone, Debug)]
pub struct Policy {
    disabled: BTreeSet<&'static str>,
    severity: BTreeMap<&'static str, Severity>,
    /// The least severity that fails the run.
    pub threshold: Severity,
    /// More warnings than this fail the run.
    pub max_warnings: Option<usize>,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            disabled: BTreeSet::new(),
            severity: BTreeMap::new(),
            threshold: Severity::Error,
            max_warnings: None,
        }
    }
}

/// One layer of `select`, `extend-select` and `ignore`, with where each was written.
struct Layer {
    select: Option<Vec<Selector>>,
    extend_select: Vec<Selector>,
    ignore: Vec<Selector>,
}

impl Layer {
    /// Whether this layer enables the rule, disables it, or leaves it as it was.
    fn decide(&self, rule: &Rule) -> Option<bool> {
        let enabling = self.select.iter().flatten().chain(&self.extend_select);
        let votes = enabling
            .map(|s| (s, true))
            .chain(self.ignore.iter().map(|s| (s, false)));
        let best = votes
            .filter(|(s, _)| s.matches(rule))
            .max_by_key(|(s, enable)| (s.specificity(), !enable))
            .map(|(_, enable)| enable);
        match best {
            Some(enable) => Some(enable),
            None if self.select.is_some() => Some(false),
            None => None,
        }
    }
}

impl Policy {
    /// Combines the configuration file (if any) and the command line. Selectors that
    /// name no rule are reported as errors, entries that try to configure a fixed rule
    /// as warnings.
    pub fn resolve(
        config: Option<&Config>,
        overrides: &Overrides,
        diagnostics: &mut Diagnostics,
    ) -> Policy {
        let mut layers = Vec::new();
        let mut overrides_by_selector = Vec::new();
        let mut policy = Policy::default();
        if let Some(config) = config {
            let file = &config.file;
            let mut parse_all = |list: &Option<Vec<toml::Spanned<String>>>, ignoring: bool| {
                list.as_ref().map(|list| {
                    list.iter()
                        .filter_map(|text| {
                            let at = Some(config.span(text));
                            parse_selector(text.get_ref(), at, ignoring, diagnostics)
                        })
                        .collect::<Vec<_>>()
                })
            };
            let select = parse_all(&file.select, false);
            let extend_select = parse_all(&file.extend_select, false).unwrap_or_default();
            let ignore = parse_all(&file.ignore, true).unwrap_or_default();
            layers.push(Layer {
                select,
                extend_select,
                ignore,
            });
            for (key, level) in file.severity.iter().flatten() {
                let at = Some(config.span(key));
                if let Some(selector) = parse_selector(key.get_ref(), at, true, diagnostics) {
                    overrides_by_selector.push((selector, Severity::from(*level.get_ref())));
                }
            }
            if let Some(level) = file.failure_threshold {
                policy.threshold = level.into();
            }
            policy.max_warnings = file.max_warnings;
        }
        let mut parse_all = |list: &[String], ignoring: bool| -> Vec<Selector> {
            list.iter()
                .filter_map(|text| parse_selector(text, None, ignoring, diagnostics))
                .collect()
        };
        let select = overrides.select.as_deref().map(|l| parse_all(l, false));
        let extend_select = parse_all(&overrides.extend_select, false);
        let ignore = parse_all(&overrides.ignore, true);
        layers.push(Layer {
            select,
            extend_select,
            ignore,
        });

        for rule in rules::ALL.iter().copied().filter(|r| !is_fixed(r)) {
            let enabled = layers
                .iter()
                .fold(true, |enabled, layer| layer.decide(rule).unwrap_or(enabled));
            if !enabled {
                policy.disabled.insert(rule.code);
            }
            // The most specific entry wins; among equals, the one written last.
            let chosen = overrides_by_selector
                .iter()
                .enumerate()
                .filter(|(_, (s, _))| s.matches(rule))
                .max_by_key(|(order, (s, _))| (s.specificity(), *order))
                .map(|(_, (_, severity))| *severity);
            if let Some(severity) = chosen {
                policy.severity.insert(rule.code, severity);
            }
        }
        if overrides.strict {
            policy.threshold = policy.threshold.min(Severity::Warning);
        }
        if overrides.max_warnings.is_some() {
            policy.max_warnings = overrides.max_warnings;
        }
        policy
    }

    /// Whether diagnostics of this rule are reported.
    pub fn is_enabled(&self, rule: &Rule) -> bool {
        is_fixed(rule) || !self.disabled.contains(rule.code)
    }

    /// The configured severity of a rule, when it is not the default.
    pub fn severity_of(&self, rule: &Rule) -> Option<Severity> {
        if is_fixed(rule) {
            return None;
        }
        self.severity.get(rule.code).copied()
    }

    /// Applies the policy to a run's diagnostics: drops disabled rules and suppressed
    /// diagnostics, reports suppressions that are wrong or unused, sets configured
    /// severities and sorts the result.
    pub fn apply(&self, diagnostics: &mut Diagnostics, sources: &Sources) {
        let had_errors = diagnostics.has_errors();
        diagnostics.retain_rules(|rule| self.is_enabled(rule));
        let mut suppressions = Suppressions::scan(sources);
        let mut unsuppressed = |rule: &Rule, span: Span| {
            if is_fixed(rule) {
                return true;
            }
            let line = sources.get(span.source).line_col(span.start).line;
            !suppressions.suppress(rule, span.source, line)
        };
        diagnostics.retain_kept(|d| {
            d.primary
                .as_ref()
                .is_none_or(|primary| unsuppressed(d.rule, primary.span))
        });
        // The diagnostics the sink only counted are suppressed by the same comments.
        diagnostics.retain_counted(&mut unsuppressed);
        let mut found = std::mem::take(&mut suppressions.malformed);
        for suppression in suppressions.iter() {
            for entry in &suppression.entries {
                let problem = match entry.rule {
                    None => Some(unknown_suppressed_rule(&entry.written, entry.span)),
                    Some(rule) if is_fixed(rule) => Some(
                        Diagnostic::new(
                            &rules::UNUSED_SUPPRESSION,
                            format!("`{}` cannot be suppressed", entry.written),
                        )
                        .at(entry.span)
                        .help("fix the problem instead; errors about input files and internal errors always end the run"),
                    ),
                    // An error may have stopped swarmc before it reached the problem a
                    // suppression is for, so only a clean run proves one unused.
                    Some(rule) if !entry.used && !had_errors && self.is_enabled(rule) => {
                        let (label, help) = match suppression.scope {
                            Scope::Line(_) => ("nothing to suppress on this line", "remove it from the comment; it suppresses the line it is on, or the next one when it stands alone"),
                            Scope::File => ("nothing to suppress in this file", "remove it from the comment"),
                        };
                        Some(
                            Diagnostic::new(
                                &rules::UNUSED_SUPPRESSION,
                                format!("unused suppression of `{}`", entry.written),
                            )
                            .at(entry.span)
                            .label(label)
                            .help(help),
                        )
                    }
                    Some(_) => None,
                };
                found.extend(problem);
            }
        }
        for diagnostic in found {
            if self.is_enabled(diagnostic.rule) {
                diagnostics.push(diagnostic);
            }
        }
        diagnostics.regrade(|rule| self.severity_of(rule));
        diagnostics.sort();
    }

    /// Whether the reported diagnostics fail the run under this policy.
    pub fn fails(&self, diagnostics: &Diagnostics) -> bool {
        diagnostics.max_severity() >= Some(self.threshold)
            || self
                .max_warnings
                .is_some_and(|max| diagnostics.count(Severity::Warning) > max)
    }
}

/// Parses a selector, reporting one that names no rule, and one that tries to ignore or
/// re-grade a fixed rule (`ignoring`).
fn parse_selector(
    text: &str,
    at: Option<Span>,
    ignoring: bool,
    diagnostics: &mut Diagnostics,
) -> Option<Selector> {
    let Some(selector) = Selector::parse(text) else {
        let (message, help) = selector::unknown(text);
        diagnostics.push(
            Diagnostic::new(&rules::UNKNOWN_RULE_SELECTOR, message)
                .at_opt(at)
                .help(help),
        );
        return None;
    };
    if let Some(rule) = selector.exact().filter(|r| ignoring && is_fixed(r)) {
        diagnostics.push(
            Diagnostic::new(
                &rules::FIXED_RULE_CONFIGURED,
                format!("`{text}` cannot be ignored or given another severity"),
            )
            .at_opt(at)
            .help(format!(
                "remove `{text}`; `{}` always ends the run, so fix what it reports instead",
                rule.code
            )),
        );
    }
    Some(selector)
}

fn unknown_suppressed_rule(written: &str, at: Span) -> Diagnostic {
    let (message, help) = selector::unknown(written);
    Diagnostic::new(
        &rules::UNKNOWN_SUPPRESSED_RULE,
        format!("{message} in suppression"),
    )
    .at(at)
    .help(help)
}

#[cfg(test)]
mod tests;
