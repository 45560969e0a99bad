//! The outer edge of the binary: parses the command line, snapshots the environment and
//! standard input, reads the policy, runs the pipeline, prints diagnostics, writes the
//! output file and decides the exit status. Everything between is a pure function of
//! what is gathered here.
//!
//! Exit status, whatever the output format:
//! - 0: done; nothing reported reaches the failure threshold (with `--exit-zero`, even
//!   when something does).
//! - 1: findings fail the run: a diagnostic at or above the threshold (`error` unless
//!   configured; `--strict` lowers it to `warning`) or more warnings than
//!   `--max-warnings`. Nothing is written.
//! - 2: usage error, unusable configuration, a file named on the command line cannot
//!   be read, the output or report cannot be written, or an internal error.

use std::ffi::OsString;
use std::fs::OpenOptions;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use crate::cli::{
    CheckArgs, Cli, Command, CompileArgs, DocsFormat, LintArgs, OutputFormat, PlanArgs, PlanFormat,
    ProjectArgs, ReportArgs, RuleArgs, SchemaArgs, SchemaName, SiteCheckArgs, SiteCommand,
};
use crate::compile::{Compilation, CompileOptions, compile};
use crate::diagnostic::Diagnostics;
use crate::fs::{FileSystem, RealFs, STDIN, resolve};
use crate::lint;
use crate::output::{overwritten_input, write_atomically};
use crate::policy::{self, CONFIG_FILE_NAME, Overrides, Policy, load_config};
use crate::report;
use crate::rules;
use crate::site::{Arch, Machine, default_site_text, load_site};
use crate::source::{SourceId, SourceKind, Sources};

/// Exit status for success.
const OK: u8 = 0;
/// Exit status when findings fail the run.
const FINDINGS: u8 = 1;
/// Exit status for usage, configuration, I/O and internal errors.
const FAILURE: u8 = 2;

pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { FAILURE } else { OK });
        }
    };
    let status = match cli.command {
        Command::Compile(args) => compile_command(&args),
        Command::Plan(args) => plan_command(&args),
        Command::Lint(args) => lint_command(&args),
        Command::Check(args) => check_command(&args),
        Command::Site(SiteCommand::Default) => {
            print_stdout(default_site_text(&machine_facts()).as_bytes())
        }
        Command::Site(SiteCommand::Check(args)) => site_check_command(&args),
        Command::Rule(args) => rule_command(&args),
        Command::Completions(args) => {
            let mut script = Vec::new();
            clap_complete::generate(args.shell, &mut Cli::command(), "swarmc", &mut script);
            print_stdout(&script)
        }
        Command::Man => {
            let mut page = Vec::new();
            match clap_mangen::Man::new(Cli::command()).render(&mut page) {
                Ok(()) => print_stdout(&page),
                Err(_) => FAILURE,
            }
        }
        Command::Schema(args) => schema_command(&args),
    };
    ExitCode::from(status)
}

fn compile_command(args: &CompileArgs) -> u8 {
    let working_dir = current_dir();
    let written = compile_outputs(args);
    let mut inputs = named_inputs(Some(&args.project), &args.report, &working_dir);
    if let Err(status) = guard_outputs(&written, &inputs) {
        return status;
    }
    let settings = match read_settings(&args.report, &working_dir) {
        Ok(settings) => settings,
        Err(status) => return status,
    };
    let output_dir = match &args.output {
        Some(path) if path != Path::new(STDIN) => crate::fs::normalize(&working_dir.join(path))
            .parent()
            .map(Path::to_path_buf),
        _ => None,
    };
    if args.check && args.output.as_deref().is_none_or(|o| o == Path::new(STDIN)) {
        let _ = writeln!(
            std::io::stderr(),
            "swarmc: `--check` compares the stack with a file\nhelp: name the committed stack with `-o FILE`"
        );
        return FAILURE;
    }
    let (options, fs) = match project_options(&args.project, output_dir, working_dir) {
        Ok(pair) => pair,
        Err(status) => return status,
    };
    let mut compilation = compile(&options, &fs, &process_environment());
    inputs.extend(fs.touched());
    if let Err(status) = guard_outputs(&written, &inputs) {
        return status;
    }
    let status = finish_compile(args, settings, &mut compilation);
    compilation.release_at_exit();
    status
}

/// The files `compile` would write: the stack (unless `--check` only compares it) and
/// the report.
fn compile_outputs(args: &CompileArgs) -> Vec<&Path> {
    let stack = args.output.as_deref().filter(|_| !args.check);
    stack
        .into_iter()
        .chain(args.report.report_file.as_deref())
        .filter(|p| *p != Path::new(STDIN))
        .collect()
}

/// The inputs a run is known to read before it starts: the files named on the command
/// line, the configuration, and the compose and `.env` files found by default. Only
/// their paths: nothing is read here.
fn named_inputs(
    project: Option<&ProjectArgs>,
    report: &ReportArgs,
    working_dir: &Path,
) -> Vec<PathBuf> {
    let mut inputs = vec![working_dir.join(CONFIG_FILE_NAME)];
    inputs.extend(report.config.iter().map(|p| resolve(working_dir, p)));
    if let Some(project) = project {
        let files: Vec<PathBuf> = (project.files.iter())
            .filter(|p| *p != Path::new(STDIN))
            .map(|f| resolve(working_dir, f))
            .collect();
        let project_dir = match (&project.project_directory, files.first()) {
            (Some(dir), _) => resolve(working_dir, dir),
            (None, Some(file)) => file.parent().unwrap_or(working_dir).to_path_buf(),
            (None, None) => working_dir.to_path_buf(),
        };
        if project.files.is_empty() {
            let names = crate::load::DEFAULT_NAMES.iter();
            let names = names.chain(&crate::load::OVERRIDE_NAMES);
            inputs.extend(names.map(|name| project_dir.join(name)));
        }
        if project.env_files.is_empty() {
            inputs.push(project_dir.join(".env"));
        }
        inputs.extend(files);
        inputs.extend(project.env_files.iter().map(|f| resolve(working_dir, f)));
        inputs.extend(project.site.iter().map(|f| resolve(working_dir, f)));
    }
    inputs
}

/// Refuses, with status 2, a run that would write one of `outputs` over one of its
/// `inputs`: the user's source would be gone.
fn guard_outputs(outputs: &[&Path], inputs: &[PathBuf]) -> Result<(), u8> {
    let working_dir = current_dir();
    for output in outputs {
        if let Some(input) = overwritten_input(output, inputs) {
            let output = output.display();
            let input = match input.strip_prefix(&working_dir) {
                Ok(relative) => relative.display(),
                Err(_) => input.display(),
            };
            let _ = writeln!(
                std::io::stderr(),
                "swarmc: refusing to write `{output}`: it is `{input}`, an input of this run; nothing was written\nhelp: name another file to write"
            );
            return Err(FAILURE);
        }
    }
    Ok(())
}

/// Reports a compilation and writes its stack.
fn finish_compile(args: &CompileArgs, settings: Settings, compilation: &mut Compilation) -> u8 {
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
        (Some(stack), Some(path)) if args.check => match check_stack(path, stack) {
            Ok(check) => Some(check),
            Err(status) => return status,
        },
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
    if let Err(status) = emit_report(&args.report, diagnostics, &compilation.sources, outcome) {
        return status;
    }
    let Some(stack) = stack else {
        return status;
    };
    if let Some(check) = check {
        return match check.diff {
            Some(diff) => match print_stdout(diff.as_bytes()) {
                OK => status,
                failed => failed,
            },
            None => status,
        };
    }
    match &args.output {
        Some(path) if path != Path::new(STDIN) => match write_atomically(path, stack.as_bytes()) {
            Ok(()) => OK,
            Err(error) => {
                let _ = writeln!(
                    std::io::stderr(),
                    "swarmc: cannot write `{}`: {error}",
                    path.display()
                );
                FAILURE
            }
        },
        _ => print_stdout(stack.as_bytes()),
    }
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
fn check_stack(path: &Path, stack: &str) -> Result<Check, u8> {
    let committed = match std::fs::read(path) {
        Ok(bytes) => Some(String::from_utf8_lossy(&bytes).into_owned()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => {
            let _ = writeln!(
                std::io::stderr(),
                "swarmc: cannot read `{}`: {error}",
                path.display()
            );
            return Err(FAILURE);
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

/// 2 when the run itself failed, else 0 with `--exit-zero`, else 1 when the policy says
/// the findings fail the run, else 0.
pub(crate) fn verdict(diagnostics: &Diagnostics, policy: &Policy, exit_zero: bool) -> u8 {
    if diagnostics.iter().any(policy::is_fatal) {
        FAILURE
    } else if exit_zero || !policy.fails(diagnostics) {
        OK
    } else {
        FINDINGS
    }
}

/// The policy of a run, and the configuration file it came from, whose text joins the
/// run's sources so that diagnostics can point into it.
struct Settings {
    policy: Policy,
    /// Diagnostics about the configuration that do not stop the run.
    warnings: Diagnostics,
    config_sources: Sources,
    config_source: Option<SourceId>,
}

impl Settings {
    /// Moves the configuration file into the run's sources, adds its warnings and
    /// applies the policy, which it returns.
    fn apply(self, diagnostics: &mut Diagnostics, sources: &mut Sources) -> Policy {
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
fn read_settings(report: &ReportArgs, working_dir: &Path) -> Result<Settings, u8> {
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
        return Err(emit_report(report, &diagnostics, &sources, outcome)
            .err()
            .unwrap_or(FAILURE));
    }
    Ok(Settings {
        policy,
        warnings: diagnostics,
        config_source: config.map(|c| c.source),
        config_sources: sources,
    })
}

/// Renders the diagnostics in the requested format to standard error or
/// `--report-file`, and appends the step summary for `github`. `outcome` is the line
/// that says what the run did; it goes where people read it, never into a machine
/// report.
fn emit_report(
    args: &ReportArgs,
    diagnostics: &Diagnostics,
    sources: &Sources,
    outcome: Option<String>,
) -> Result<(), u8> {
    let format = args.output_format;
    let capped = report::cap(diagnostics);
    let diagnostics = capped.as_ref().unwrap_or(diagnostics);
    let (masked, redacted) = report::redact(diagnostics, sources);
    let diagnostics = masked.as_ref().unwrap_or(diagnostics);
    let sources = redacted.as_ref().unwrap_or(sources);
    let mut text = match format {
        OutputFormat::Human => {
            let color = args.report_file.is_none()
                && std::io::stderr().is_terminal()
                && std::env::var_os("NO_COLOR").is_none();
            let options = report::HumanOptions { color, width: 100 };
            report::human(diagnostics, sources, options)
        }
        OutputFormat::Concise => report::concise(diagnostics, sources),
        OutputFormat::Json => report::json(diagnostics, sources),
        OutputFormat::Sarif => report::sarif(diagnostics, sources),
        OutputFormat::Github => report::github(diagnostics, sources),
        OutputFormat::Gitlab => report::gitlab(diagnostics, sources),
        OutputFormat::Junit => report::junit(diagnostics, sources),
    };
    let outcome = outcome.map(|line| format!("swarmc: {line}\n"));
    let mut stderr = std::io::stderr().lock();
    match &args.report_file {
        Some(path) => {
            if let Err(error) = write_atomically(path, text.as_bytes()) {
                let _ = writeln!(stderr, "swarmc: cannot write `{}`: {error}", path.display());
                return Err(FAILURE);
            }
            if let Some(outcome) = outcome {
                let _ = stderr.write_all(outcome.as_bytes());
            }
        }
        None => {
            if format == OutputFormat::Human {
                text.push_str(outcome.as_deref().unwrap_or(""));
            }
            let _ = stderr.write_all(text.as_bytes());
        }
    }
    if format == OutputFormat::Github {
        let step_summary = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|v| !v.is_empty());
        if let Some(path) = step_summary.map(PathBuf::from) {
            let summary = report::github_summary(diagnostics, sources);
            if let Err(error) = append(&path, summary.as_bytes()) {
                let _ = writeln!(
                    stderr,
                    "swarmc: cannot write the step summary `{}`: {error}",
                    path.display()
                );
                return Err(FAILURE);
            }
        }
    }
    Ok(())
}

fn site_check_command(args: &SiteCheckArgs) -> u8 {
    let working_dir = current_dir();
    let written: Vec<&Path> = args
        .report
        .report_file
        .iter()
        .map(PathBuf::as_path)
        .collect();
    let mut inputs = named_inputs(None, &args.report, &working_dir);
    inputs.push(resolve(&working_dir, &args.file));
    if let Err(status) = guard_outputs(&written, &inputs) {
        return status;
    }
    let settings = match read_settings(&args.report, &working_dir) {
        Ok(settings) => settings,
        Err(status) => return status,
    };
    let mut sources = Sources::with_base(working_dir.clone());
    let mut diagnostics = Diagnostics::new();
    let path = resolve(&working_dir, &args.file);
    let fs = RealFs::default();
    let _ = load_site(&fs, &mut sources, &path, &mut diagnostics);
    inputs.extend(fs.touched());
    if let Err(status) = guard_outputs(&written, &inputs) {
        return status;
    }
    let policy = settings.apply(&mut diagnostics, &mut sources);
    let status = verdict(&diagnostics, &policy, args.report.exit_zero);
    let summary = report::summary(&diagnostics);
    let outcome = (!summary.is_empty()).then_some(summary);
    match emit_report(&args.report, &diagnostics, &sources, outcome) {
        Ok(()) => status,
        Err(status) => status,
    }
}

fn lint_command(args: &LintArgs) -> u8 {
    let working_dir = current_dir();
    let written: Vec<&Path> = args
        .report
        .report_file
        .iter()
        .map(PathBuf::as_path)
        .collect();
    let mut inputs = named_inputs(Some(&args.project), &args.report, &working_dir);
    inputs.extend(args.each.iter().map(|f| resolve(&working_dir, f)));
    if let Err(status) = guard_outputs(&written, &inputs) {
        return status;
    }
    let settings = match read_settings(&args.report, &working_dir) {
        Ok(settings) => settings,
        Err(status) => return status,
    };
    let (options, mut fs) = match project_options(&args.project, None, working_dir) {
        Ok(pair) => pair,
        Err(status) => return status,
    };
    if args.each.iter().any(|f| f == Path::new(STDIN)) {
        match read_stdin() {
            Ok(stdin) => fs.stdin = Some(stdin),
            Err(status) => return status,
        }
    }
    let mut linted = lint::lint(&options, &args.each, &fs, &process_environment());
    inputs.extend(fs.touched());
    if let Err(status) = guard_outputs(&written, &inputs) {
        return status;
    }
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
    match emit_report(&args.report, diagnostics, &linted.sources, outcome) {
        Ok(()) => status,
        Err(status) => status,
    }
}

/// `swarmc check`: the same run as `compile` (or, with `--stack`, a stack file read as
/// `docker stack deploy` reads it), up to the translation, then the pre-deploy checks.
/// Diagnostics go where `compile` puts them; the placement summary goes to standard
/// output in the human format only, so that machine formats keep it clean.
fn check_command(args: &CheckArgs) -> u8 {
    let working_dir = current_dir();
    let written: Vec<&Path> = args
        .report
        .report_file
        .iter()
        .map(PathBuf::as_path)
        .collect();
    let mut inputs = named_inputs(Some(&args.project), &args.report, &working_dir);
    inputs.extend(args.stack.iter().map(|f| resolve(&working_dir, f)));
    if let Err(status) = guard_outputs(&written, &inputs) {
        return status;
    }
    let settings = match read_settings(&args.report, &working_dir) {
        Ok(settings) => settings,
        Err(status) => return status,
    };
    let (mut options, real_fs) = match project_options(&args.project, None, working_dir.clone()) {
        Ok(pair) => pair,
        Err(status) => return status,
    };
    let mut hidden = PathBuf::new();
    if let Some(stack) = &args.stack {
        let path = resolve(&working_dir, stack);
        let dir = path
            .parent()
            .map_or_else(|| working_dir.clone(), Path::to_path_buf);
        options.files = vec![path];
        options.output_dir.clone_from(&dir);
        hidden = dir.join(".env");
        options.project_directory = Some(dir);
    }
    let fs = crate::check::WithoutDotenv {
        inner: &real_fs,
        hidden,
    };
    let environment = process_environment();
    let mut analysis = crate::compile::translate_project(&options, &fs, &environment);
    // Checks run after errors too, so that one run reports everything: a value that
    // could not be read is absent from the stack, which makes findings fewer, not
    // false.
    let mut summary_text = None;
    if let Some(translated) = &analysis.translated {
        let input = crate::check::Input {
            stack: &translated.translation.stack,
            origins: &translated.translation.origins,
            site: &translated.site,
            fs: &fs,
            stack_dir: &options.output_dir,
        };
        let cx = crate::check::Context::new(input);
        crate::check::check(&cx, &mut analysis.diagnostics);
        analysis.diagnostics.sort();
        summary_text = Some(crate::check::summary(&cx));
    }
    inputs.extend(real_fs.touched());
    if let Err(status) = guard_outputs(&written, &inputs) {
        return status;
    }
    let policy = settings.apply(&mut analysis.diagnostics, &mut analysis.sources);
    let diagnostics = &analysis.diagnostics;
    let status = match verdict(diagnostics, &policy, args.report.exit_zero) {
        OK if summary_text.is_none() && !args.report.exit_zero => FINDINGS,
        status => status,
    };
    let summary = report::summary(diagnostics);
    let outcome = match &summary_text {
        Some(_) if summary.is_empty() => None,
        Some(_) => Some(summary),
        None if summary.is_empty() => Some("nothing could be checked".to_owned()),
        None => Some(format!("{summary}; nothing could be checked")),
    };
    if args.report.output_format == OutputFormat::Human {
        if let Some(text) = &summary_text {
            if print_stdout(text.as_bytes()) != OK {
                return FAILURE;
            }
        }
    }
    match emit_report(&args.report, diagnostics, &analysis.sources, outcome) {
        Ok(()) => status,
        Err(status) => status,
    }
}

/// The stack file a plan expects next to it.
const PLAN_STACK_FILE: &str = "stack.yml";

/// `swarmc plan`: the same run as `compile`, up to the translation, then the plan
/// instead of the stack. Errors stop it before anything is written, as for `compile`.
fn plan_command(args: &PlanArgs) -> u8 {
    let working_dir = current_dir();
    let written: Vec<&Path> = args
        .output
        .iter()
        .chain(&args.report.report_file)
        .map(PathBuf::as_path)
        .filter(|p| *p != Path::new(STDIN))
        .collect();
    let mut inputs = named_inputs(Some(&args.project), &args.report, &working_dir);
    if let Err(status) = guard_outputs(&written, &inputs) {
        return status;
    }
    let settings = match read_settings(&args.report, &working_dir) {
        Ok(settings) => settings,
        Err(status) => return status,
    };
    let output = args.output.as_deref().filter(|p| *p != Path::new(STDIN));
    let output_dir = output.and_then(|path| {
        crate::fs::normalize(&working_dir.join(path))
            .parent()
            .map(Path::to_path_buf)
    });
    let (options, fs) = match project_options(&args.project, output_dir, working_dir) {
        Ok(pair) => pair,
        Err(status) => return status,
    };
    let environment = process_environment();
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
        match plan_text(args, output, &options, translated, &fs, &environment) {
            Ok(plan) => text = Some(plan),
            Err((code, message)) => {
                status = code;
                trouble = Some(message);
            }
        }
    }
    inputs.extend(fs.touched());
    if let Err(status) = guard_outputs(&written, &inputs) {
        return status;
    }
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
    if let Err(status) = emit_report(&args.report, diagnostics, &analysis.sources, outcome) {
        return status;
    }
    let Some(text) = text else {
        return status;
    };
    match output {
        Some(path) => match write_atomically(path, text.as_bytes()) {
            Ok(()) => OK,
            Err(error) => {
                let _ = writeln!(
                    std::io::stderr(),
                    "swarmc: cannot write `{}`: {error}",
                    path.display()
                );
                FAILURE
            }
        },
        None => print_stdout(text.as_bytes()),
    }
}

/// The plan's text, or the exit status and the line that says why there is none.
fn plan_text(
    args: &PlanArgs,
    output: Option<&Path>,
    options: &CompileOptions,
    translated: &crate::compile::TranslatedProject,
    fs: &RealFs,
    environment: &[(String, String)],
) -> Result<String, (u8, String)> {
    let site = &translated.site;
    let stack_path = output
        .and_then(Path::parent)
        .map(|dir| dir.join(PLAN_STACK_FILE))
        .unwrap_or_else(|| PathBuf::from(PLAN_STACK_FILE));
    let stack_name = crate::plan::stack_name(&translated.project, &translated.project_dir);
    let compile_command = compile_command_line(&args.project, &stack_path);
    let input = crate::plan::Input {
        site,
        project: &translated.project,
        project_dir: &translated.project_dir,
        stack: &translated.translation.stack,
        stack_name: &stack_name,
        output_dir: &options.output_dir,
        stack_file: PLAN_STACK_FILE,
        compile_command: &compile_command,
        fs,
    };
    let plan = crate::plan::build(&input);
    let format = match args.format {
        PlanFormat::Markdown => crate::plan::Format::Markdown,
        PlanFormat::Shell => crate::plan::Format::Shell,
    };
    let text = crate::plan::render(&plan, format)
        .map_err(|error| (FAILURE, format!("cannot write the plan: {error}")))?;
    // Values the plan must never show: the site's secret variables, as the profile and
    // the environment give them.
    let secrets: Vec<(String, String)> = site
        .env
        .vars
        .iter()
        .filter(|(_, var)| var.is_secret())
        .flat_map(|(name, var)| {
            let from_env = environment
                .iter()
                .filter(move |(n, _)| n == name)
                .map(|(_, v)| v.clone());
            std::iter::once(var.value().to_owned())
                .chain(from_env)
                .map(move |value| (name.clone(), value))
        })
        .collect();
    match crate::plan::shown_secret(&text, &secrets) {
        Some(name) => Err((
            FINDINGS,
            format!(
                "the plan would show the value of the secret variable `{name}`; nothing was written"
            ),
        )),
        None => Ok(text),
    }
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
    if let Some(site) = &project.site {
        add("--site", site);
    }
    for profile in project.profiles.iter().filter(|p| !p.is_empty()) {
        add("--profile", Path::new(profile));
    }
    add("-o", stack);
    words
}

fn rule_command(args: &RuleArgs) -> u8 {
    let text = if args.all {
        match args.output_format {
            DocsFormat::Text => report::rules_text(),
            DocsFormat::Json => json_text(&report::rules_json()),
        }
    } else {
        let written = args.rule.as_deref().unwrap_or_default();
        let Some(rule) = rules::find(written) else {
            let mut message = format!("swarmc: unknown rule `{written}`\n");
            if let Some(close) = policy::closest_rule(written) {
                message.push_str(&format!("help: did you mean `{close}`?\n"));
            } else {
                message.push_str("help: `swarmc rule --all` lists every rule\n");
            }
            let _ = std::io::stderr().write_all(message.as_bytes());
            return FAILURE;
        };
        match args.output_format {
            DocsFormat::Text => report::rule_text(rule),
            DocsFormat::Json => json_text(&report::rule_json(rule)),
        }
    };
    print_stdout(text.as_bytes())
}

fn json_text(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// Writes to standard output; a reader that went away early (`| head`) is not an
/// error.
fn print_stdout(bytes: &[u8]) -> u8 {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => OK,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => OK,
        Err(_) => FAILURE,
    }
}

fn schema_command(args: &SchemaArgs) -> u8 {
    let text = match args.name {
        SchemaName::Stack => crate::swarm::stack_schema(),
    };
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => OK,
        Err(_) => FAILURE,
    }
}

fn project_options(
    project: &ProjectArgs,
    output_dir: Option<PathBuf>,
    working_dir: PathBuf,
) -> Result<(CompileOptions, RealFs), u8> {
    let mut fs = RealFs::default();
    if project.files.iter().any(|f| f == Path::new(STDIN)) {
        fs.stdin = Some(read_stdin()?);
    }
    let options = CompileOptions {
        files: project.files.clone(),
        env_files: project.env_files.clone(),
        profiles: project
            .profiles
            .iter()
            .filter(|p| !p.is_empty())
            .cloned()
            .collect(),
        project_directory: project.project_directory.clone(),
        output_dir: output_dir.unwrap_or_else(|| working_dir.clone()),
        working_dir,
        site: project.site.clone(),
        machine: machine_facts(),
    };
    Ok((options, fs))
}

/// All of standard input, for a compose file named `-`.
fn read_stdin() -> Result<Vec<u8>, u8> {
    match crate::fs::read_bounded(std::io::stdin().lock()) {
        Ok(stdin) => Ok(stdin),
        Err(error) => {
            let _ = writeln!(
                std::io::stderr(),
                "swarmc: cannot read standard input: {error}"
            );
            Err(FAILURE)
        }
    }
}

fn current_dir() -> PathBuf {
    std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."))
}

/// The process environment, as `(name, value)` pairs; names or values that are not
/// UTF-8 cannot be used in compose files and are left out.
fn process_environment() -> Vec<(String, String)> {
    std::env::vars_os()
        .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
        .collect()
}

/// What the default site needs to know about this machine. Docker advertises the CPUs
/// the engine may use and `MemTotal`; the count here honours CPU affinity and quotas
/// the same way for a process started where dockerd runs.
fn machine_facts() -> Machine {
    let hostname = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".to_owned());
    let cpus = std::thread::available_parallelism()
        .ok()
        .and_then(|n| u32::try_from(n.get()).ok());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|text| Machine::memory_from_meminfo(&text));
    let arch = match std::env::consts::ARCH {
        "x86_64" => Some(Arch::X86_64),
        "aarch64" => Some(Arch::Aarch64),
        "powerpc64" if cfg!(target_endian = "little") => Some(Arch::Ppc64le),
        "s390x" => Some(Arch::S390x),
        "riscv64" => Some(Arch::Riscv64),
        _ => None,
    };
    let networks = std::fs::read_to_string("/proc/net/route")
        .map(|text| Machine::networks_from_route(&text))
        .unwrap_or_default();
    Machine {
        hostname,
        cpus,
        memory,
        arch,
        networks,
    }
}

/// Appends to a file, creating it when missing (how GitHub expects step summaries).
fn append(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = OpenOptions::new().create(true).append(true).open(path)?;
    file.write_all(bytes)
}

/// The last line of a run that wrote nothing: its findings and, when errors stopped it
/// but the policy hid them, that they did.
fn nothing_written(run: &str, summary: &str, hidden_errors: bool) -> String {
    let mut line = String::new();
    if !summary.is_empty() {
        line.push_str(summary);
        line.push_str("; ");
    }
    if hidden_errors {
        line.push_str("suppressed, ignored or downgraded errors stopped the ");
        line.push_str(run);
        line.push_str("; ");
    }
    line.push_str("nothing was written");
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Diagnostic, Severity};
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
