//! `swarmc compile`: the stack on standard output or in `-o FILE`, or, with `--check`,
//! whether that file is what the project compiles to.

use std::path::Path;

use super::ending::{Ending, Output, finish, nothing_written};
use super::error::RunError;
use super::files::{guard_outputs, named_inputs, start, written_files};
use super::host::{current_dir, process_environment, project_options};
use super::report::{Report, ReportStream};
use super::settings::verdict;
use super::{FAILURE, FINDINGS, OK};
use crate::cli::CompileArgs;
use crate::compile::compile;
use crate::fs::STDIN;
use crate::report;

pub(super) fn compile_command(args: &CompileArgs, stream: ReportStream) -> Result<u8, RunError> {
    let working_dir = current_dir();
    let written = compile_outputs(args);
    let mut inputs = named_inputs(Some(&args.project), &args.report, &working_dir);
    let settings = start(&written, &inputs, &args.report, stream, &working_dir)?;
    let output_dir = match &args.output {
        Some(path) if path != Path::new(STDIN) => crate::fs::normalize(&working_dir.join(path))
            .parent()
            .map(Path::to_path_buf),
        _ => None,
    };
    if args.check && args.output.as_deref().is_none_or(|o| o == Path::new(STDIN)) {
        return Err(RunError::Usage {
            message: "`--check` compares the stack with a file".to_owned(),
            help: Some("name the committed stack with `-o FILE`".to_owned()),
        });
    }
    let (options, fs) = project_options(&args.project, output_dir, working_dir)?;
    let mut compilation = compile(&options, &fs, &process_environment(&args.project));
    inputs.extend(fs.touched());
    guard_outputs(&written, &inputs)?;

    let stopped_by_errors = compilation.diagnostics.has_errors();
    let policy = settings.apply(&mut compilation.diagnostics, &mut compilation.sources);
    let diagnostics = &compilation.diagnostics;
    let verdict = verdict(diagnostics, &policy, args.report.exit_zero);
    let (status, stack) = match &compilation.stack {
        _ if verdict != OK => (verdict, None),
        Some(stack) => (OK, Some(stack)),
        // The errors that stopped the compilation were suppressed, ignored or downgraded.
        None if stopped_by_errors && args.report.exit_zero => (OK, None),
        None if stopped_by_errors => (FINDINGS, None),
        None => (FAILURE, None),
    };
    let summary = report::summary(diagnostics);
    // With `--check`, the stack is compared with the file instead of written to it.
    let check = match (stack, &args.output) {
        (Some(stack), Some(path)) if args.check => Some(check_stack(path, stack)?),
        _ => None,
    };
    let status = match &check {
        Some(check) if check.diff.is_some() && !args.report.exit_zero => FINDINGS,
        _ => status,
    };
    let outcome = match (stack, &check) {
        (Some(_), Some(check)) => check.outcome.as_ref().map(|what| {
            if summary.is_empty() {
                what.clone()
            } else {
                format!("compiled with {summary}; {what}")
            }
        }),
        (Some(_), None) if summary.is_empty() => None,
        (Some(_), None) => Some(format!("compiled with {summary}")),
        (None, _) => Some(nothing_written(
            "compilation",
            &summary,
            stopped_by_errors && !diagnostics.has_errors(),
        )),
    };
    let mut ending = Ending::new(status, outcome);
    match (stack, &check) {
        (None, _) => {}
        // The difference goes to standard output; the file is left as it is.
        (Some(_), Some(check)) => ending
            .outputs
            .extend(check.diff.as_deref().map(|diff| Output {
                path: None,
                text: diff,
            })),
        (Some(stack), None) => ending.outputs.push(Output {
            path: args.output.as_deref(),
            text: stack,
        }),
    }
    let report = Report::new(&args.report, stream, &policy);
    let status = finish(&report, diagnostics, &compilation.sources, ending);
    compilation.release_at_exit();
    Ok(status)
}

/// The files `compile` would write: the stack (unless `--check` only compares it) and
/// the report.
fn compile_outputs(args: &CompileArgs) -> Vec<&Path> {
    written_files(args.output.as_deref().filter(|_| !args.check), &args.report)
}

/// How a committed stack compares with the compiled one.
struct Check {
    /// `None` when they are the same.
    diff: Option<String>,
    /// What to tell the user, when the file is not up to date.
    outcome: Option<String>,
}

/// Compares the stack with the file at `path`. A missing file differs from every stack;
/// a file that cannot be read ends the run with status 2.
fn check_stack(path: &Path, stack: &str) -> Result<Check, RunError> {
    let committed = match std::fs::read(path) {
        Ok(bytes) => Some(String::from_utf8_lossy(&bytes).into_owned()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => {
            return Err(RunError::Unreadable {
                path: path.to_path_buf(),
                error,
            });
        }
    };
    let name = path.display().to_string();
    let diff = crate::diff::unified_diff(&name, committed.as_deref(), stack);
    let outcome = match (&committed, &diff) {
        (_, None) => None,
        (None, Some(_)) => Some(format!(
            "`{name}` does not exist; run without `--check` to write it"
        )),
        (Some(_), Some(_)) => Some(format!(
            "`{name}` is not what the project compiles to; run without `--check` to rewrite it"
        )),
    };
    Ok(Check { diff, outcome })
}
