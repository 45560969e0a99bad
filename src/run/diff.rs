//! `swarmc diff`: what `docker stack deploy` will change in the running stack.

use std::path::Path;

use super::ending::{Ending, Output, Shown, finish, outcome_of};
use super::error::RunError;
use super::files::{guard_outputs, named_inputs, start, written_files};
use super::host::{current_dir, process_environment, project_options};
use super::report::{Report, ReportStream};
use super::settings::verdict;
use super::state::state_files;
use super::{FINDINGS, OK};
use crate::cli::{DiffArgs, OutputFormat};
use crate::fs::{STDIN, resolve};
use crate::report;

/// `swarmc diff`: the same run as `compile`, up to the translation, then the requests
/// `docker stack deploy` would send compared with what the swarm runs. The plan for
/// people goes to standard output in the human format; `--changes` writes the change
/// set as JSON. Refusals are diagnostics, at the compose text that causes them.
pub(super) fn diff_command(args: &DiffArgs, stream: ReportStream) -> Result<u8, RunError> {
    let working_dir = current_dir();
    let written = written_files(args.changes.as_deref(), &args.report);
    let mut inputs = named_inputs(Some(&args.project), &args.report, &working_dir);
    inputs.extend(args.state.iter().map(|f| resolve(&working_dir, f)));
    let settings = start(&written, &inputs, &args.report, stream, &working_dir)?;
    let (options, fs) = project_options(&args.project, None, working_dir.clone())?;
    let environment = process_environment(&args.project);
    let request = crate::changes::driver::Request {
        stack_name: args.stack_name.as_deref(),
        prune: args.prune,
    };
    let compared =
        crate::changes::driver::run(&options, &request, &fs, &environment, |sources, found| {
            let files = state_files(
                args.docker.then_some(&args.docker_flags),
                args.state.as_deref(),
                &working_dir,
                sources,
                found,
            )?;
            let mut files = files.unwrap_or_default();
            if args.docker && !found.has_errors() {
                files.extend(crate::docker_cli::run_objects(
                    &args.docker_flags.to_args(),
                    sources,
                    found,
                ));
            }
            Ok(files)
        });
    let mut compared = compared?;
    let changes = compared.changes.take();
    inputs.extend(fs.touched());
    guard_outputs(&written, &inputs)?;
    let policy = settings.apply(&mut compared.diagnostics, &mut compared.sources);
    let diagnostics = &compared.diagnostics;
    let status = match (
        verdict(diagnostics, &policy, args.report.exit_zero),
        &changes,
    ) {
        (OK, None) if !args.report.exit_zero => FINDINGS,
        (OK, Some(set))
            if args.fail_on_change && set.changes_anything() && !args.report.exit_zero =>
        {
            FINDINGS
        }
        (status, _) => status,
    };
    let summary = report::summary(diagnostics);
    let outcome = outcome_of(summary, changes.is_some(), "compared");
    let to_stdout = args.changes.as_deref() == Some(Path::new(STDIN));
    let json = changes
        .as_ref()
        .filter(|_| args.changes.is_some())
        .map(|set| set.to_json());
    let mut ending = Ending::new(status, outcome);
    if let Some(set) = &changes
        && args.report.output_format == OutputFormat::Human
        && !to_stdout
    {
        ending
            .shown
            .push(Shown::Stdout(crate::changes::render::render(set)));
    }
    if let Some(json) = &json {
        ending.outputs.push(Output {
            path: args.changes.as_deref(),
            text: json,
        });
    }
    let report = Report::new(&args.report, stream, &policy);
    Ok(finish(&report, diagnostics, &compared.sources, ending))
}
