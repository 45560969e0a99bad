//! `swarmc check`: what swarm will do with a project's stack on its site, before it is
//! deployed.

use std::path::Path;

use super::ending::{Ending, Output, Shown, finish, outcome_of};
use super::error::RunError;
use super::files::{guard_outputs, named_inputs, start, written_files};
use super::host::{current_dir, process_environment, project_options};
use super::report::{Report, ReportStream};
use super::settings::verdict;
use super::state::state_files;
use super::{FINDINGS, OK};
use crate::cli::{CheckArgs, OutputFormat};
use crate::diagnostic::Diagnostics;
use crate::fs::{STDIN, resolve};
use crate::report;
use crate::source::Sources;

/// `swarmc check`: the same run as `compile` (or, with `--stack`, a stack file read as
/// `docker stack deploy` reads it), up to the translation, then the pre-deploy checks.
/// Diagnostics go where `compile` puts them; the placement summary goes to standard
/// output in the human format only, so that machine formats keep it clean.
pub(super) fn check_command(args: &CheckArgs, stream: ReportStream) -> Result<u8, RunError> {
    let working_dir = current_dir();
    let written = written_files(args.prediction.as_deref(), &args.report);
    let mut inputs = named_inputs(Some(&args.project), &args.report, &working_dir);
    inputs.extend(args.stack.iter().map(|f| resolve(&working_dir, f)));
    inputs.extend(args.state.iter().map(|f| resolve(&working_dir, f)));
    let settings = start(&written, &inputs, &args.report, stream, &working_dir)?;
    let (options, real_fs) = project_options(&args.project, None, working_dir.clone())?;
    let stack = args
        .stack
        .as_deref()
        .map(|stack| resolve(&working_dir, stack));
    let request = crate::check::driver::Request {
        stack: stack.as_deref(),
        stack_name: args.stack_name.as_deref(),
        wants_state: args.state.is_some() || args.docker,
    };
    let environment = process_environment(&args.project);
    let checked = crate::check::driver::run(
        options,
        &request,
        &real_fs,
        &environment,
        |stack_name, sources, found| read_state(args, &working_dir, stack_name, sources, found),
    );
    let mut checked = checked?;
    let summary_text = checked.summary.take();
    let prediction = checked.prediction.take();
    inputs.extend(real_fs.touched());
    guard_outputs(&written, &inputs)?;
    let policy = settings.apply(&mut checked.diagnostics, &mut checked.sources);
    let diagnostics = &checked.diagnostics;
    let status = match verdict(diagnostics, &policy, args.report.exit_zero) {
        OK if summary_text.is_none() && !args.report.exit_zero => FINDINGS,
        status => status,
    };
    let summary = report::summary(diagnostics);
    let outcome = outcome_of(summary, summary_text.is_some(), "checked");
    let prediction_to_stdout = args.prediction.as_deref() == Some(Path::new(STDIN));
    let mut ending = Ending::new(status, outcome);
    if args.report.output_format == OutputFormat::Human && !prediction_to_stdout {
        ending.shown.extend(summary_text.map(Shown::Stdout));
    }
    if let (Some(path), Some(json)) = (&args.prediction, &prediction) {
        ending.outputs.push(Output {
            path: Some(path),
            text: json,
        });
    }
    if args.prediction.is_some() && prediction.is_none() {
        ending
            .notes
            .push("no prediction written: the project could not be checked".to_owned());
    }
    let report = Report::new(&args.report, stream, &policy);
    let status = finish(&report, diagnostics, &checked.sources, ending);
    // Everything is written and the process exits next: the operating system takes the
    // project, stack and state back at once, where freeing them block by block was a
    // sixth of a large check's instructions.
    std::mem::forget(checked);
    Ok(status)
}

/// The swarm's current state for `check --state` or `--docker`, its outputs added to
/// the run's sources so that a bad one is reported like any input; `Ok(None)` without
/// either flag, or after reporting what could not be read.
fn read_state(
    args: &CheckArgs,
    working_dir: &Path,
    stack: &str,
    sources: &mut Sources,
    found: &mut Diagnostics,
) -> Result<Option<crate::state::State>, RunError> {
    let mut diagnostics = Diagnostics::new();
    let Some(files) = state_files(
        args.docker.then_some(&args.docker_flags),
        args.state.as_deref(),
        working_dir,
        sources,
        &mut diagnostics,
    )?
    else {
        return Ok(None);
    };
    let state = if diagnostics.has_errors() {
        None
    } else {
        crate::state::read(sources, &files, stack, &mut diagnostics)
    };
    found.extend(diagnostics);
    Ok(state)
}
