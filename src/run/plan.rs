//! `swarmc plan`: the deploy plan of a project for its site, in Markdown or as a shell
//! script, on standard output or in `-o FILE`.

use std::path::Path;

use super::ending::{Ending, Output, finish, nothing_written};
use super::error::RunError;
use super::files::{guard_outputs, named_inputs, start, written_files};
use super::host::{current_dir, process_environment, project_options};
use super::report::{Report, ReportStream};
use super::settings::verdict;
use super::{FAILURE, FINDINGS, OK};
use crate::cli::{PlanArgs, PlanFormat, ProjectArgs};
use crate::fs::STDIN;
use crate::report;

/// `swarmc plan`: the same run as `compile`, up to the translation, then the plan
/// instead of the stack. Errors stop it before anything is written, as for `compile`.
pub(super) fn plan_command(args: &PlanArgs, stream: ReportStream) -> Result<u8, RunError> {
    let working_dir = current_dir();
    let written = written_files(args.output.as_deref(), &args.report);
    let mut inputs = named_inputs(Some(&args.project), &args.report, &working_dir);
    let settings = start(&written, &inputs, &args.report, stream, &working_dir)?;
    let output = args.output.as_deref().filter(|p| *p != Path::new(STDIN));
    let output_dir = output.and_then(|path| {
        crate::fs::normalize(&working_dir.join(path))
            .parent()
            .map(Path::to_path_buf)
    });
    let (options, fs) = project_options(&args.project, output_dir, working_dir)?;
    let environment = process_environment(&args.project);
    let mut analysis = crate::compile::translate_project(&options, &fs, &environment);
    let stopped_by_errors = analysis.diagnostics.has_errors();
    let policy = settings.apply(&mut analysis.diagnostics, &mut analysis.sources);
    let diagnostics = &analysis.diagnostics;
    let verdict = verdict(diagnostics, &policy, args.report.exit_zero);
    let translated = analysis.translated.as_ref().filter(|_| !stopped_by_errors);
    let (mut status, translated) = match translated {
        _ if verdict != OK => (verdict, None),
        Some(translated) => (OK, Some(translated)),
        None if stopped_by_errors && args.report.exit_zero => (OK, None),
        None if stopped_by_errors => (FINDINGS, None),
        None => (FAILURE, None),
    };
    let mut text = None;
    let mut trouble = None;
    if let Some(translated) = translated {
        let stack_path = crate::plan::driver::stack_path(output);
        let compile_command = compile_command_line(&args.project, &stack_path);
        let format = match args.format {
            PlanFormat::Markdown => crate::plan::Format::Markdown,
            PlanFormat::Shell => crate::plan::Format::Shell,
        };
        let planned = crate::plan::driver::text(
            format,
            &compile_command,
            &options,
            translated,
            &fs,
            &environment,
        );
        match planned {
            Ok(plan) => text = Some(plan),
            Err(refusal) => {
                status = match refusal {
                    crate::plan::driver::Refusal::Render(_) => FAILURE,
                    crate::plan::driver::Refusal::ShowsSecret(_) => FINDINGS,
                };
                trouble = Some(refusal.message());
            }
        }
    }
    inputs.extend(fs.touched());
    guard_outputs(&written, &inputs)?;
    let summary = report::summary(diagnostics);
    let outcome = match (&text, trouble) {
        (_, Some(message)) => Some(message),
        (Some(_), None) if summary.is_empty() => None,
        (Some(_), None) => Some(format!("planned with {summary}")),
        (None, None) => Some(nothing_written(
            "plan",
            &summary,
            stopped_by_errors && !diagnostics.has_errors(),
        )),
    };
    let mut ending = Ending::new(status, outcome);
    ending
        .outputs
        .extend(text.as_deref().map(|text| Output { path: output, text }));
    let report = Report::new(&args.report, stream, &policy);
    Ok(finish(&report, diagnostics, &analysis.sources, ending))
}

/// The `swarmc compile` command that writes the stack a plan deploys: the project
/// arguments as they were given, and the stack file next to the plan.
fn compile_command_line(project: &ProjectArgs, stack: &Path) -> Vec<String> {
    let mut words = vec!["swarmc".to_owned(), "compile".to_owned()];
    let mut add = |flag: &str, value: &Path| {
        words.push(flag.to_owned());
        words.push(value.display().to_string());
    };
    for file in &project.files {
        add("-f", file);
    }
    for file in &project.env_files {
        add("--env-file", file);
    }
    if let Some(dir) = &project.project_directory {
        add("--project-directory", dir);
    }
    if let Some(name) = &project.project_name {
        add("--project-name", Path::new(name));
    }
    if let Some(site) = &project.site {
        add("--site", site);
    }
    for profile in project.profiles.iter().filter(|p| !p.is_empty()) {
        add("--profile", Path::new(profile));
    }
    add("-o", stack);
    if project.no_process_env {
        words.push("--no-process-env".to_owned());
    }
    words
}
