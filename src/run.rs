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
    CheckArgs, Cli, Command, CompileArgs, DiffArgs, DockerFlags, DocsFormat, LintArgs, ManArgs,
    OutputFormat, PlanArgs, PlanFormat, ProjectArgs, ReportArgs, RuleArgs, SchemaArgs, SchemaName,
    SiteCheckArgs, SiteCommand, SiteDefaultArgs, SiteImportArgs,
};
use crate::compile::{Compilation, CompileOptions, compile};
use crate::diagnostic::Diagnostics;
use crate::diagnostic::Severity;
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
    let stream = report_stream(&cli.command);
    let status = match cli.command {
        // Files named without `-f` are read as if named with it.
        Command::Compile(mut args) => {
            args.project.files.append(&mut args.positional);
            compile_command(&args, stream)
        }
        Command::Plan(mut args) => {
            args.project.files.append(&mut args.positional);
            plan_command(&args, stream)
        }
        Command::Lint(args) => lint_command(&args, stream),
        Command::Check(mut args) => {
            args.project.files.append(&mut args.positional);
            check_command(&args, stream)
        }
        Command::Diff(mut args) => {
            args.project.files.append(&mut args.positional);
            diff_command(&args, stream)
        }
        Command::Site(SiteCommand::Default(args)) => site_default_command(&args),
        Command::Site(SiteCommand::Check(args)) => site_check_command(&args, stream),
        Command::Site(SiteCommand::Import(args)) => site_import_command(&args, stream),
        Command::Rule(args) => rule_command(&args),
        Command::Completions(args) => {
            let mut script = Vec::new();
            clap_complete::generate(args.shell, &mut Cli::command(), "swarmc", &mut script);
            print_stdout(&script)
        }
        Command::Man(args) => man_command(&args),
        Command::Schema(args) => schema_command(&args),
    };
    ExitCode::from(status)
}

/// Where a command writes its report when `--report-file` names no file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ReportStream {
    Stdout,
    Stderr,
}

/// Commands whose only output is the report write it to standard output, as ruff,
/// hadolint and dclint do, so that `swarmc lint --output-format sarif > results.sarif`
/// works; commands whose standard output carries their product (a stack, a plan, the
/// predicted placement, a diff) keep the report on standard error.
fn report_stream(command: &Command) -> ReportStream {
    match command {
        Command::Lint(_) | Command::Site(SiteCommand::Check(_)) => ReportStream::Stdout,
        // In the human format, the predicted placement takes standard output.
        // In the human format the predicted placement takes standard output, and so
        // does the JSON prediction where `--prediction -` asks for it.
        Command::Check(args)
            if args.report.output_format == OutputFormat::Human
                || args.prediction.as_deref() == Some(Path::new(STDIN)) =>
        {
            ReportStream::Stderr
        }
        Command::Check(_) => ReportStream::Stdout,
        // As for `check`: the plan for people, or the change set on `--changes -`.
        Command::Diff(args)
            if args.report.output_format == OutputFormat::Human
                || args.changes.as_deref() == Some(Path::new(STDIN)) =>
        {
            ReportStream::Stderr
        }
        Command::Diff(_) => ReportStream::Stdout,
        _ => ReportStream::Stderr,
    }
}

fn compile_command(args: &CompileArgs, stream: ReportStream) -> u8 {
    let working_dir = current_dir();
    let written = compile_outputs(args);
    let mut inputs = named_inputs(Some(&args.project), &args.report, &working_dir);
    let settings = match start(&written, &inputs, &args.report, stream, &working_dir) {
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
    let mut compilation = compile(&options, &fs, &process_environment(&args.project));
    inputs.extend(fs.touched());
    if let Err(status) = guard_outputs(&written, &inputs) {
        return status;
    }
    let status = finish_compile(args, stream, settings, &mut compilation);
    compilation.release_at_exit();
    status
}

/// The files `compile` would write: the stack (unless `--check` only compares it) and
/// the report.
fn compile_outputs(args: &CompileArgs) -> Vec<&Path> {
    written_files(args.output.as_deref().filter(|_| !args.check), &args.report)
}

/// The files a command would write: its `output`, if any, and the report, leaving out
/// standard output.
fn written_files<'a>(output: Option<&'a Path>, report: &'a ReportArgs) -> Vec<&'a Path> {
    output
        .into_iter()
        .chain(report.report_file.as_deref())
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

/// The start every command that reports shares: it refuses to write over one of its
/// inputs, then reads the policy.
fn start(
    written: &[&Path],
    inputs: &[PathBuf],
    report: &ReportArgs,
    stream: ReportStream,
    working_dir: &Path,
) -> Result<Settings, u8> {
    guard_outputs(written, inputs)?;
    read_settings(report, stream, working_dir)
}

/// Reports a compilation and writes its stack.
fn finish_compile(
    args: &CompileArgs,
    stream: ReportStream,
    settings: Settings,
    compilation: &mut Compilation,
) -> u8 {
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
    let report = Report::new(&args.report, stream, &policy);
    if let Err(status) = report.emit(diagnostics, &compilation.sources, outcome) {
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
        Some(path) if path != Path::new(STDIN) => write_output(path, stack.as_bytes()),
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
fn read_settings(
    report: &ReportArgs,
    stream: ReportStream,
    working_dir: &Path,
) -> Result<Settings, u8> {
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
        return Err(Report::new(report, stream, &Policy::default())
            .emit(&diagnostics, &sources, outcome)
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

/// How a run reports: the flags, where the report goes and the failure threshold,
/// which the JUnit report needs to tell failures from passed cases.
struct Report<'a> {
    args: &'a ReportArgs,
    stream: ReportStream,
    threshold: Severity,
}

impl<'a> Report<'a> {
    fn new(args: &'a ReportArgs, stream: ReportStream, policy: &Policy) -> Report<'a> {
        Report {
            args,
            stream,
            threshold: policy.threshold,
        }
    }

    /// Renders the diagnostics in the requested format to `--report-file` or the
    /// command's stream, and appends the step summary for `github`. `outcome` is the
    /// line that says what the run did; it goes where people read it (after a human
    /// report, else to standard error), never into a machine report.
    fn emit(
        &self,
        diagnostics: &Diagnostics,
        sources: &Sources,
        outcome: Option<String>,
    ) -> Result<(), u8> {
        let args = self.args;
        let format = args.output_format;
        let capped = report::cap(diagnostics);
        let diagnostics = capped.as_ref().unwrap_or(diagnostics);
        let (masked, redacted) = report::redact(diagnostics, sources);
        let diagnostics = masked.as_ref().unwrap_or(diagnostics);
        let sources = redacted.as_ref().unwrap_or(sources);
        let mut text = match format {
            OutputFormat::Human => {
                let terminal = match self.stream {
                    ReportStream::Stdout => std::io::stdout().is_terminal(),
                    ReportStream::Stderr => std::io::stderr().is_terminal(),
                };
                let color = args.report_file.is_none()
                    && terminal
                    && std::env::var_os("NO_COLOR").is_none();
                let options = report::HumanOptions { color, width: 100 };
                report::human(diagnostics, sources, options)
            }
            OutputFormat::Concise => report::concise(diagnostics, sources),
            OutputFormat::Json => report::json(diagnostics, sources),
            OutputFormat::Sarif => report::sarif(diagnostics, sources),
            OutputFormat::Github => report::github(diagnostics, sources),
            OutputFormat::Gitlab => report::gitlab(diagnostics, sources),
            OutputFormat::Junit => report::junit(diagnostics, sources, self.threshold),
        };
        let outcome = outcome.map(|line| format!("swarmc: {line}\n"));
        let to_stderr = |text: &str| {
            let _ = std::io::stderr().lock().write_all(text.as_bytes());
        };
        match (&args.report_file, self.stream) {
            (Some(path), _) => {
                if let Err(error) = write_atomically(path, text.as_bytes()) {
                    to_stderr(&format!(
                        "swarmc: cannot write `{}`: {}\n",
                        path.display(),
                        write_error(&error)
                    ));
                    return Err(FAILURE);
                }
                to_stderr(outcome.as_deref().unwrap_or(""));
            }
            (None, stream) => {
                if format == OutputFormat::Human {
                    text.push_str(outcome.as_deref().unwrap_or(""));
                }
                match stream {
                    ReportStream::Stdout => {
                        if print_stdout(text.as_bytes()) != OK {
                            return Err(FAILURE);
                        }
                        if format != OutputFormat::Human {
                            to_stderr(outcome.as_deref().unwrap_or(""));
                        }
                    }
                    ReportStream::Stderr => to_stderr(&text),
                }
            }
        }
        if format == OutputFormat::Github {
            let step_summary = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|v| !v.is_empty());
            if let Some(path) = step_summary.map(PathBuf::from) {
                let summary = report::github_summary(diagnostics, sources);
                if let Err(error) = append(&path, summary.as_bytes()) {
                    to_stderr(&format!(
                        "swarmc: cannot write the step summary `{}`: {error}\n",
                        path.display()
                    ));
                    return Err(FAILURE);
                }
            }
        }
        Ok(())
    }
}

fn site_check_command(args: &SiteCheckArgs, stream: ReportStream) -> u8 {
    let working_dir = current_dir();
    let written = written_files(None, &args.report);
    let mut inputs = named_inputs(None, &args.report, &working_dir);
    inputs.push(resolve(&working_dir, &args.file));
    let settings = match start(&written, &inputs, &args.report, stream, &working_dir) {
        Ok(settings) => settings,
        Err(status) => return status,
    };
    let path = resolve(&working_dir, &args.file);
    let fs = RealFs::default();
    let (mut sources, mut diagnostics) = if args.files.is_empty() {
        let mut sources = Sources::with_base(working_dir.clone());
        let mut diagnostics = Diagnostics::new();
        let _ = load_site(&fs, &mut sources, &path, &mut diagnostics);
        (sources, diagnostics)
    } else {
        // The project is read only to learn its services: what is wrong with it is for
        // `lint` and `compile` to say; problems with the files themselves are kept.
        let options = CompileOptions {
            files: args.files.clone(),
            working_dir: working_dir.clone(),
            output_dir: working_dir.clone(),
            site: Some(path),
            machine: machine_facts(),
            ..CompileOptions::default()
        };
        let mut analysis =
            crate::compile::analyze(&options, &[], &fs, &whole_process_environment());
        analysis
            .diagnostics
            .retain_rules(|rule| rule.code.starts_with("SW4") || rule.code.starts_with("SW0"));
        (analysis.sources, analysis.diagnostics)
    };
    inputs.extend(fs.touched());
    if let Err(status) = guard_outputs(&written, &inputs) {
        return status;
    }
    let policy = settings.apply(&mut diagnostics, &mut sources);
    let status = verdict(&diagnostics, &policy, args.report.exit_zero);
    let summary = report::summary(&diagnostics);
    let outcome = (!summary.is_empty()).then_some(summary);
    match Report::new(&args.report, stream, &policy).emit(&diagnostics, &sources, outcome) {
        Ok(()) => status,
        Err(status) => status,
    }
}

/// `swarmc site import`: reads the docker CLI's JSON (from files, or by running the
/// CLI), and writes the measured profile, refreshing `--into` when given.
fn site_import_command(args: &SiteImportArgs, stream: ReportStream) -> u8 {
    use crate::site::import::{self, Inputs};
    let working_dir = current_dir();
    let settings = match read_settings(&args.report, stream, &working_dir) {
        Ok(settings) => settings,
        Err(status) => return status,
    };
    let mut sources = Sources::with_base(working_dir.clone());
    let mut diagnostics = Diagnostics::new();
    let mut inputs = Inputs::default();
    if args.docker {
        crate::docker_cli::run_all(
            &args.docker_flags.to_args(),
            &mut sources,
            &mut inputs,
            &mut diagnostics,
        );
    } else {
        let files = [
            &args.nodes,
            &args.info,
            &args.networks,
            &args.secrets,
            &args.configs,
        ];
        let reads_stdin = files
            .iter()
            .filter(|f| f.as_deref() == Some(Path::new(STDIN)))
            .count();
        if reads_stdin > 1 {
            let _ = writeln!(
                std::io::stderr(),
                "swarmc: only one input can be read from standard input"
            );
            return FAILURE;
        }
        let stdin = if reads_stdin == 1 {
            match read_stdin() {
                Ok(bytes) => Some(bytes),
                Err(status) => return status,
            }
        } else {
            None
        };
        let mut fs = RealFs::default();
        fs.stdin = stdin;
        let mut read = |file: &Option<PathBuf>| {
            let file = file.as_ref()?;
            let path = if file.as_path() == Path::new(STDIN) {
                file.clone()
            } else {
                resolve(&working_dir, file)
            };
            crate::read::read_source(
                &fs,
                &mut sources,
                &path,
                SourceKind::DockerOutput,
                None,
                &mut diagnostics,
            )
        };
        inputs.nodes = read(&args.nodes);
        inputs.info = read(&args.info);
        inputs.networks = read(&args.networks);
        inputs.secrets = read(&args.secrets);
        inputs.configs = read(&args.configs);
    }
    let existing = args.into.as_ref().and_then(|into| {
        let path = resolve(&working_dir, into);
        load_site(&RealFs::default(), &mut sources, &path, &mut diagnostics)
    });
    let mut imported = None;
    if !diagnostics.has_errors() {
        imported = import::import(&sources, &inputs, &mut diagnostics);
    }
    let mut changes = Vec::new();
    if let Some(site) = &existing
        && let Some(measured) = imported.take()
    {
        let (refreshed, found) = import::refresh(site, measured);
        imported = Some(refreshed);
        changes = found;
    }
    let policy = settings.apply(&mut diagnostics, &mut sources);
    let mut status = verdict(&diagnostics, &policy, args.report.exit_zero);
    let summary = report::summary(&diagnostics);
    let outcome = match &imported {
        Some(imported) if !diagnostics.has_errors() => {
            let text = import::render(imported, existing.as_ref());
            let target = args.output.as_ref().or(args.into.as_ref());
            match target {
                Some(path) => {
                    let path = resolve(&working_dir, path);
                    if let Err(error) = write_atomically(&path, text.as_bytes()) {
                        let _ = writeln!(
                            std::io::stderr(),
                            "swarmc: cannot write `{}`: {error}",
                            path.display()
                        );
                        return FAILURE;
                    }
                }
                None => {
                    if print_stdout(text.as_bytes()) != OK {
                        return FAILURE;
                    }
                }
            }
            let mut stderr = std::io::stderr().lock();
            for change in &changes {
                let _ = writeln!(stderr, "changed: {}", change.0);
            }
            let nodes = imported.nodes.len();
            let mut line = format!("imported {nodes} node{}", if nodes == 1 { "" } else { "s" });
            if existing.is_some() {
                let n = changes.len();
                line.push_str(&format!("; {n} change{}", if n == 1 { "" } else { "s" }));
            }
            if !summary.is_empty() {
                line.push_str(&format!("; {summary}"));
            }
            Some(line)
        }
        _ => {
            if status == OK && !args.report.exit_zero {
                status = FAILURE;
            }
            Some(nothing_written("import", &summary, false))
        }
    };
    match Report::new(&args.report, stream, &policy).emit(&diagnostics, &sources, outcome) {
        Ok(()) => status,
        Err(status) => status,
    }
}

fn lint_command(args: &LintArgs, stream: ReportStream) -> u8 {
    let working_dir = current_dir();
    let written = written_files(None, &args.report);
    let mut inputs = named_inputs(Some(&args.project), &args.report, &working_dir);
    inputs.extend(args.each.iter().map(|f| resolve(&working_dir, f)));
    let settings = match start(&written, &inputs, &args.report, stream, &working_dir) {
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
    let mut linted = lint::lint(
        &options,
        &args.each,
        &fs,
        &process_environment(&args.project),
    );
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
    match Report::new(&args.report, stream, &policy).emit(diagnostics, &linted.sources, outcome) {
        Ok(()) => status,
        Err(status) => status,
    }
}

/// `swarmc check`: the same run as `compile` (or, with `--stack`, a stack file read as
/// `docker stack deploy` reads it), up to the translation, then the pre-deploy checks.
/// Diagnostics go where `compile` puts them; the placement summary goes to standard
/// output in the human format only, so that machine formats keep it clean.
fn check_command(args: &CheckArgs, stream: ReportStream) -> u8 {
    let working_dir = current_dir();
    let written = written_files(None, &args.report);
    let mut inputs = named_inputs(Some(&args.project), &args.report, &working_dir);
    inputs.extend(args.stack.iter().map(|f| resolve(&working_dir, f)));
    inputs.extend(args.state.iter().map(|f| resolve(&working_dir, f)));
    let settings = match start(&written, &inputs, &args.report, stream, &working_dir) {
        Ok(settings) => settings,
        Err(status) => return status,
    };
    let (options, real_fs) = match project_options(&args.project, None, working_dir.clone()) {
        Ok(pair) => pair,
        Err(status) => return status,
    };
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
    let mut checked = match checked {
        Ok(checked) => checked,
        Err(status) => return status,
    };
    let summary_text = checked.summary.take();
    let prediction = checked.prediction.take();
    inputs.extend(real_fs.touched());
    if let Err(status) = guard_outputs(&written, &inputs) {
        return status;
    }
    let policy = settings.apply(&mut checked.diagnostics, &mut checked.sources);
    let diagnostics = &checked.diagnostics;
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
    let prediction_to_stdout = args.prediction.as_deref() == Some(Path::new(STDIN));
    if args.report.output_format == OutputFormat::Human && !prediction_to_stdout {
        if let Some(text) = &summary_text {
            if print_stdout(text.as_bytes()) != OK {
                return FAILURE;
            }
        }
    }
    if let (Some(path), Some(json)) = (&args.prediction, &prediction) {
        if prediction_to_stdout {
            if print_stdout(json.as_bytes()) != OK {
                return FAILURE;
            }
        } else if let Err(error) = write_atomically(path, json.as_bytes()) {
            let _ = writeln!(
                std::io::stderr(),
                "swarmc: cannot write `{}`: {error}",
                path.display()
            );
            return FAILURE;
        }
    }
    let reported =
        Report::new(&args.report, stream, &policy).emit(diagnostics, &checked.sources, outcome);
    if args.prediction.is_some() && prediction.is_none() {
        let _ = writeln!(
            std::io::stderr(),
            "swarmc: no prediction written: the project could not be checked"
        );
    }
    // Everything is written and the process exits next: the operating system takes the
    // project, stack and state back at once, where freeing them block by block was a
    // sixth of a large check's instructions.
    std::mem::forget(checked);
    match reported {
        Ok(()) => status,
        Err(status) => status,
    }
}

/// `swarmc diff`: the same run as `compile`, up to the translation, then the requests
/// `docker stack deploy` would send compared with what the swarm runs. The plan for
/// people goes to standard output in the human format; `--changes` writes the change
/// set as JSON. Refusals are diagnostics, at the compose text that causes them.
fn diff_command(args: &DiffArgs, stream: ReportStream) -> u8 {
    let working_dir = current_dir();
    let written = written_files(args.changes.as_deref(), &args.report);
    let mut inputs = named_inputs(Some(&args.project), &args.report, &working_dir);
    inputs.extend(args.state.iter().map(|f| resolve(&working_dir, f)));
    let settings = match start(&written, &inputs, &args.report, stream, &working_dir) {
        Ok(settings) => settings,
        Err(status) => return status,
    };
    let (options, fs) = match project_options(&args.project, None, working_dir.clone()) {
        Ok(pair) => pair,
        Err(status) => return status,
    };
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
    let mut compared = match compared {
        Ok(compared) => compared,
        Err(status) => return status,
    };
    let changes = compared.changes.take();
    inputs.extend(fs.touched());
    if let Err(status) = guard_outputs(&written, &inputs) {
        return status;
    }
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
    let outcome = match &changes {
        Some(_) if summary.is_empty() => None,
        Some(_) => Some(summary),
        None if summary.is_empty() => Some("nothing could be compared".to_owned()),
        None => Some(format!("{summary}; nothing could be compared")),
    };
    let to_stdout = args.changes.as_deref() == Some(Path::new(STDIN));
    if let Some(set) = &changes {
        if args.report.output_format == OutputFormat::Human
            && !to_stdout
            && print_stdout(crate::changes::render::render(set).as_bytes()) != OK
        {
            return FAILURE;
        }
        if let Some(path) = &args.changes {
            let json = set.to_json();
            if to_stdout {
                if print_stdout(json.as_bytes()) != OK {
                    return FAILURE;
                }
            } else if write_output(path, json.as_bytes()) != OK {
                return FAILURE;
            }
        }
    }
    match Report::new(&args.report, stream, &policy).emit(diagnostics, &compared.sources, outcome) {
        Ok(()) => status,
        Err(status) => status,
    }
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
) -> Result<Option<crate::state::State>, u8> {
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

/// The docker outputs of `--docker` (run with `docker`'s flags) or of the files of
/// `--state FILE|DIR`, added to the run's sources; `Ok(None)` without either.
fn state_files(
    docker: Option<&DockerFlags>,
    state: Option<&Path>,
    working_dir: &Path,
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Result<Option<Vec<SourceId>>, u8> {
    let mut files = Vec::new();
    if let Some(flags) = docker {
        files = crate::docker_cli::run_state(&flags.to_args(), sources, diagnostics);
    } else if let Some(state) = state {
        let path = resolve(working_dir, state);
        let paths = if path.is_dir() {
            let entries = match std::fs::read_dir(&path) {
                Ok(entries) => entries,
                Err(error) => {
                    let _ = writeln!(
                        std::io::stderr(),
                        "swarmc: cannot read `{}`: {error}",
                        path.display()
                    );
                    return Err(FAILURE);
                }
            };
            let mut paths: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect();
            paths.sort();
            paths
        } else {
            vec![path]
        };
        let fs = RealFs::default();
        for path in paths {
            if let Some(id) = crate::read::read_source(
                &fs,
                sources,
                &path,
                SourceKind::DockerOutput,
                None,
                diagnostics,
            ) {
                files.push(id);
            }
        }
    } else {
        return Ok(None);
    }
    Ok(Some(files))
}

/// `swarmc plan`: the same run as `compile`, up to the translation, then the plan
/// instead of the stack. Errors stop it before anything is written, as for `compile`.
fn plan_command(args: &PlanArgs, stream: ReportStream) -> u8 {
    let working_dir = current_dir();
    let written = written_files(args.output.as_deref(), &args.report);
    let mut inputs = named_inputs(Some(&args.project), &args.report, &working_dir);
    let settings = match start(&written, &inputs, &args.report, stream, &working_dir) {
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
    let report = Report::new(&args.report, stream, &policy);
    if let Err(status) = report.emit(diagnostics, &analysis.sources, outcome) {
        return status;
    }
    let Some(text) = text else {
        return status;
    };
    match output {
        Some(path) => write_output(path, text.as_bytes()),
        None => print_stdout(text.as_bytes()),
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

/// `swarmc rule`: one rule's documentation, or a list of rules (every rule, or those
/// under a code prefix).
fn rule_command(args: &RuleArgs) -> u8 {
    let written = args.rule.as_deref().filter(|_| !args.all);
    let list = |rules: &[&rules::Rule]| match args.output_format {
        DocsFormat::Text => report::rules_text(rules),
        DocsFormat::Json => json_text(&report::rules_json(rules)),
    };
    let text = match written {
        None => list(rules::ALL),
        Some(written) => match rules::find(written) {
            Some(rule) => match args.output_format {
                DocsFormat::Text => report::rule_text(rule),
                DocsFormat::Json => json_text(&report::rule_json(rule)),
            },
            None => {
                let under: Vec<&rules::Rule> = rules::ALL
                    .iter()
                    .copied()
                    .filter(|r| is_code_prefix(written, r.code))
                    .collect();
                if under.is_empty() {
                    let mut message = format!("swarmc: unknown rule `{written}`\n");
                    if let Some(close) = policy::closest_rule(written) {
                        message.push_str(&format!("help: did you mean `{close}`?\n"));
                    } else {
                        message.push_str("help: `swarmc rule` lists every rule\n");
                    }
                    let _ = std::io::stderr().write_all(message.as_bytes());
                    return FAILURE;
                }
                list(&under)
            }
        },
    };
    print_stdout(text.as_bytes())
}

/// Whether `prefix` (`SW30`, `sw6`) begins the code `code`.
fn is_code_prefix(prefix: &str, code: &str) -> bool {
    prefix.len() >= 2
        && code
            .get(..prefix.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
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

/// `swarmc schema NAME`: every schema in `schemas/`, as the binary holds it, so that an
/// installed swarmc gives what the repository has.
fn schema_command(args: &SchemaArgs) -> u8 {
    print_stdout(schema_text(args.name).as_bytes())
}

fn schema_text(name: SchemaName) -> String {
    match name {
        SchemaName::Stack => crate::swarm::stack_schema(),
        SchemaName::Site => json_text(&crate::site::site_schema()),
        SchemaName::Config => crate::policy::config_schema(),
        SchemaName::Prediction => crate::check::prediction_schema(),
        SchemaName::Changes => crate::changes::changes_schema(),
    }
}

/// The file the default site profile names as its schema, beside it.
const SITE_SCHEMA_FILE: &str = "site.schema.json";

/// `swarmc site default`: the default profile on standard output, or in a file with
/// its schema beside it, where the profile's `$schema` comment points.
fn site_default_command(args: &SiteDefaultArgs) -> u8 {
    let text = default_site_text(&machine_facts());
    let Some(path) = args.output.as_ref().filter(|p| *p != Path::new(STDIN)) else {
        return print_stdout(text.as_bytes());
    };
    let schema = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(SITE_SCHEMA_FILE),
        _ => PathBuf::from(SITE_SCHEMA_FILE),
    };
    for (file, bytes) in [(&schema, schema_text(SchemaName::Site)), (path, text)] {
        if let Err(error) = write_atomically(file, bytes.as_bytes()) {
            let _ = writeln!(
                std::io::stderr(),
                "swarmc: cannot write `{}`: {}",
                file.display(),
                write_error(&error)
            );
            return FAILURE;
        }
    }
    OK
}

/// `swarmc man`: the main page on standard output, or every page, one per subcommand
/// (`swarmc-compile.1`, `swarmc-site-check.1`, ...), written to `--dir`.
fn man_command(args: &ManArgs) -> u8 {
    // `swarmc help` needs no page, and the main page must not refer to one.
    let command = Cli::command().disable_help_subcommand(true);
    let Some(dir) = &args.dir else {
        let mut page = Vec::new();
        return match clap_mangen::Man::new(command).render(&mut page) {
            Ok(()) => print_stdout(&page),
            Err(_) => FAILURE,
        };
    };
    let written =
        std::fs::create_dir_all(dir).and_then(|()| clap_mangen::generate_to(Cli::command(), dir));
    match written {
        Ok(()) => OK,
        Err(error) => {
            let _ = writeln!(
                std::io::stderr(),
                "swarmc: cannot write the manual pages to `{}`: {error}",
                dir.display()
            );
            FAILURE
        }
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
        project_name: project.project_name.clone(),
        stack_as_written: false,
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
/// UTF-8 cannot be used in compose files and are left out. With `--no-process-env`,
/// none: the project is read as on any other machine.
fn process_environment(project: &ProjectArgs) -> Vec<(String, String)> {
    if project.no_process_env {
        return Vec::new();
    }
    whole_process_environment()
}

/// Every variable of the process environment that is UTF-8.
fn whole_process_environment() -> Vec<(String, String)> {
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

/// Writes an output file atomically; 2, said on standard error, when it cannot.
fn write_output(path: &Path, bytes: &[u8]) -> u8 {
    match write_atomically(path, bytes) {
        Ok(()) => OK,
        Err(error) => {
            let _ = writeln!(
                std::io::stderr(),
                "swarmc: cannot write `{}`: {}",
                path.display(),
                write_error(&error)
            );
            FAILURE
        }
    }
}

/// What went wrong writing an output, without the temporary file's path that tempfile
/// appends (`... at path "/dir/.swarmc-XXXX.tmp"`): the message names the output the
/// user asked for, and the temporary file no longer exists.
fn write_error(error: &std::io::Error) -> String {
    let text = error.to_string();
    match error.get_ref().map(ToString::to_string) {
        Some(inner) => match inner.rsplit_once(" at path ") {
            Some((cause, _)) => cause.to_owned(),
            None => text,
        },
        None => text,
    }
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
