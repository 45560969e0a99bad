//! The policy a run applies: `swarmc.toml` (or `--config`) combined with the command
//! line, and the exit status it gives a run's findings.

use std::path::Path;

use super::error::RunError;
use super::report::{Report, ReportStream};
use super::{FAILURE, FINDINGS, OK};
use crate::cli::ReportArgs;
use crate::diagnostic::Diagnostics;
use crate::fs::{FileSystem, RealFs, resolve};
use crate::policy::{self, CONFIG_FILE_NAME, Overrides, Policy, load_config};
use crate::source::{SourceId, SourceKind, Sources};

/// The policy of a run, and the configuration file it came from, whose text joins the
/// run's sources so that diagnostics can point into it.
pub(super) struct Settings {
    policy: Policy,
    /// Diagnostics about the configuration that do not stop the run.
    warnings: Diagnostics,
    config_sources: Sources,
    config_source: Option<SourceId>,
}

impl Settings {
    /// Moves the configuration file into the run's sources, adds its warnings and
    /// applies the policy, which it returns.
    pub(super) fn apply(self, diagnostics: &mut Diagnostics, sources: &mut Sources) -> Policy {
        let mut warnings = self.warnings;
        if let Some(old) = self.config_source {
            let file = self.config_sources.get(old);
            let new = sources.add(
                file.name.clone(),
                file.path.clone(),
                SourceKind::Settings,
                file.text.clone(),
            );
            for warning in warnings.iter_mut() {
                let labels = warning
                    .primary
                    .iter_mut()
                    .chain(warning.secondary.iter_mut());
                for label in labels.filter(|l| l.span.source == old) {
                    label.span.source = new;
                }
            }
        }
        diagnostics.extend(warnings);
        self.policy.apply(diagnostics, sources);
        self.policy
    }
}

/// Reads `swarmc.toml` (or `--config`) and combines it with the command line. A
/// configuration that cannot be used is reported, in the requested format, and ends
/// the run with status 2 before anything is compiled.
pub(super) fn read_settings(
    report: &ReportArgs,
    stream: ReportStream,
    working_dir: &Path,
) -> Result<Settings, RunError> {
    let fs = RealFs::default();
    let mut sources = Sources::with_base(working_dir.to_path_buf());
    let mut diagnostics = Diagnostics::new();
    let path = match &report.config {
        Some(path) => Some(resolve(working_dir, path)),
        None => Some(working_dir.join(CONFIG_FILE_NAME)).filter(|p| fs.is_file(p)),
    };
    let config = path.and_then(|p| load_config(&fs, &mut sources, &p, &mut diagnostics));
    let overrides = Overrides {
        select: report.select.clone(),
        extend_select: report.extend_select.clone(),
        ignore: report.ignore.clone(),
        strict: report.strict,
        max_warnings: report.max_warnings,
    };
    let policy = Policy::resolve(config.as_ref(), &overrides, &mut diagnostics);
    if diagnostics.has_errors() {
        diagnostics.sort();
        let outcome = Some("the configuration cannot be used; nothing was compiled".to_owned());
        Report::new(report, stream, &Policy::default()).emit(&diagnostics, &sources, outcome)?;
        return Err(RunError::ConfigurationUnusable);
    }
    Ok(Settings {
        policy,
        warnings: diagnostics,
        config_source: config.map(|c| c.source),
        config_sources: sources,
    })
}

/// 2 when the run itself failed, else 0 with `--exit-zero`, else 1 when the policy says
/// the findings fail the run, else 0.
pub(super) fn verdict(diagnostics: &Diagnostics, policy: &Policy, exit_zero: bool) -> u8 {
    if diagnostics.iter().any(policy::is_fatal) {
        FAILURE
    } else if exit_zero || !policy.fails(diagnostics) {
        OK
    } else {
        FINDINGS
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Diagnostic, Severity};
    use crate::rules;
    use crate::source::Span;

    /// Located diagnostics of the given severities.
    fn found(severities: &[Severity]) -> Diagnostics {
        let mut sources = Sources::new();
        let id = sources.add("c.yaml", None, SourceKind::Compose, "a: 1\n".to_owned());
        let mut diagnostics = Diagnostics::new();
        for &severity in severities {
            let mut d = Diagnostic::new(&rules::DUPLICATE_KEY, "m").at(Span::new(id, 0, 1));
            d.severity = severity;
            diagnostics.push(d);
        }
        diagnostics
    }

    fn policy(threshold: Severity, max_warnings: Option<usize>) -> Policy {
        let mut policy = Policy::default();
        policy.threshold = threshold;
        policy.max_warnings = max_warnings;
        policy
    }

    #[test]
    fn errors_fail_by_default_and_warnings_do_not() {
        let default = Policy::default();
        assert_eq!(verdict(&found(&[]), &default, false), OK);
        assert_eq!(verdict(&found(&[Severity::Info]), &default, false), OK);
        assert_eq!(verdict(&found(&[Severity::Warning]), &default, false), OK);
        assert_eq!(
            verdict(&found(&[Severity::Error]), &default, false),
            FINDINGS
        );
    }

    #[test]
    fn the_threshold_decides_what_fails() {
        let warnings = found(&[Severity::Warning, Severity::Warning]);
        let notes = found(&[Severity::Info]);
        assert_eq!(
            verdict(&warnings, &policy(Severity::Warning, None), false),
            FINDINGS
        );
        assert_eq!(verdict(&notes, &policy(Severity::Warning, None), false), OK);
        assert_eq!(
            verdict(&notes, &policy(Severity::Info, None), false),
            FINDINGS
        );
    }

    #[test]
    fn max_warnings_fails_only_above_the_limit() {
        let warnings = found(&[Severity::Warning, Severity::Warning]);
        let errors = Severity::Error;
        assert_eq!(verdict(&warnings, &policy(errors, Some(2)), false), OK);
        assert_eq!(
            verdict(&warnings, &policy(errors, Some(1)), false),
            FINDINGS
        );
        assert_eq!(
            verdict(&warnings, &policy(errors, Some(0)), false),
            FINDINGS
        );
    }

    #[test]
    fn exit_zero_forgives_findings_but_not_failures() {
        let strict = policy(Severity::Warning, Some(0));
        let errors = found(&[Severity::Error, Severity::Warning]);
        assert_eq!(verdict(&errors, &strict, true), OK);
        let mut fatal = Diagnostics::new();
        fatal.push(Diagnostic::new(&rules::INPUT_UNREADABLE, "cannot read `x`"));
        assert_eq!(verdict(&fatal, &Policy::default(), true), FAILURE);
        let mut internal = found(&[]);
        internal.push(Diagnostic::new(&rules::OUTPUT_SCHEMA_VIOLATION, "bug"));
        assert_eq!(verdict(&internal, &Policy::default(), false), FAILURE);
    }
}
