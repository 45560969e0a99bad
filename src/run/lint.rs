//! `swarmc lint`: the lint rules over a project, or over each of several compose files.

use std::path::Path;

use super::ending::{Ending, finish};
use super::error::RunError;
use super::files::{guard_outputs, named_inputs, start, written_files};
use super::host::{current_dir, process_environment, project_options, read_stdin};
use super::report::{Report, ReportStream};
use super::settings::verdict;
use super::{FINDINGS, OK};
use crate::cli::LintArgs;
use crate::fs::{STDIN, resolve};
use crate::lint;
use crate::report;

pub(super) fn lint_command(args: &LintArgs, stream: ReportStream) -> Result<u8, RunError> {
    let working_dir = current_dir();
    let written = written_files(None, &args.report);
    let mut inputs = named_inputs(Some(&args.project), &args.report, &working_dir);
    inputs.extend(args.each.iter().map(|f| resolve(&working_dir, f)));
    let settings = start(&written, &inputs, &args.report, stream, &working_dir)?;
    let (options, mut fs) = project_options(&args.project, None, working_dir)?;
    if args.each.iter().any(|f| f == Path::new(STDIN)) {
        fs.stdin = Some(read_stdin()?);
    }
    let mut linted = lint::lint(
        &options,
        &args.each,
        &fs,
        &process_environment(&args.project),
    );
    inputs.extend(fs.touched());
    guard_outputs(&written, &inputs)?;
    let stopped_by_errors = linted.skipped > 0;
    let policy = settings.apply(&mut linted.diagnostics, &mut linted.sources);
    let diagnostics = &linted.diagnostics;
    let status = match verdict(diagnostics, &policy, args.report.exit_zero) {
        // The errors that kept the rules from running were suppressed, ignored or
        // downgraded: the project was not linted, which is not a clean result.
        OK if stopped_by_errors && !args.report.exit_zero => FINDINGS,
        status => status,
    };
    let summary = report::summary(diagnostics);
    let outcome = if stopped_by_errors {
        let what = if diagnostics.has_errors() {
            "errors"
        } else {
            "suppressed, ignored or downgraded errors"
        };
        let prefix = if summary.is_empty() {
            String::new()
        } else {
            format!("{summary}; ")
        };
        Some(format!(
            "{prefix}{what} kept the lint rules from running on {}",
            match linted.skipped {
                1 if args.each.len() <= 1 => "the project".to_owned(),
                1 => "1 project".to_owned(),
                n => format!("{n} projects"),
            }
        ))
    } else {
        (!summary.is_empty()).then_some(summary)
    };
    let report = Report::new(&args.report, stream, &policy);
    Ok(finish(
        &report,
        diagnostics,
        &linted.sources,
        Ending::new(status, outcome),
    ))
}
