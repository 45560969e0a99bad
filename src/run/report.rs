//! Where and how a command's diagnostics are reported: the stream decided from the
//! command, and the rendering in the requested format to that stream or to
//! `--report-file`.

use std::fs::OpenOptions;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use super::ending::{print_stdout, to_stderr};
use super::error::RunError;
use crate::cli::{Command, OutputFormat, ReportArgs, SiteCommand};
use crate::diagnostic::{Diagnostics, Severity};
use crate::fs::STDIN;
use crate::output::write_atomically;
use crate::policy::Policy;
use crate::report;
use crate::source::Sources;

/// Where a command writes its report when `--report-file` names no file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ReportStream {
    Stdout,
    Stderr,
}

/// Commands whose only output is the report write it to standard output, as ruff,
/// hadolint and dclint do, so that `swarmc lint --output-format sarif > results.sarif`
/// works; commands whose standard output carries their product (a stack, a plan, the
/// predicted placement, a diff) keep the report on standard error.
pub(super) fn report_stream(command: &Command) -> ReportStream {
    match command {
        Command::Lint(_) | Command::Site(SiteCommand::Check(_)) => ReportStream::Stdout,
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

/// How a run reports: the flags, where the report goes and the failure threshold,
/// which the JUnit report needs to tell failures from passed cases.
pub(super) struct Report<'a> {
    args: &'a ReportArgs,
    stream: ReportStream,
    threshold: Severity,
}

impl<'a> Report<'a> {
    pub(super) fn new(args: &'a ReportArgs, stream: ReportStream, policy: &Policy) -> Report<'a> {
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
    pub(super) fn emit(
        &self,
        diagnostics: &Diagnostics,
        sources: &Sources,
        outcome: Option<String>,
    ) -> Result<(), RunError> {
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
        match (&args.report_file, self.stream) {
            (Some(path), _) => {
                write_atomically(path, text.as_bytes()).map_err(|error| RunError::Unwritable {
                    path: path.clone(),
                    error,
                })?;
                to_stderr(outcome.as_deref().unwrap_or(""));
            }
            (None, stream) => {
                if format == OutputFormat::Human {
                    text.push_str(outcome.as_deref().unwrap_or(""));
                }
                match stream {
                    ReportStream::Stdout => {
                        print_stdout(text.as_bytes())?;
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
                append(&path, summary.as_bytes())
                    .map_err(|error| RunError::StepSummaryUnwritable { path, error })?;
            }
        }
        Ok(())
    }
}

/// Appends to a file, creating it when missing (how GitHub expects step summaries).
fn append(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = OpenOptions::new().create(true).append(true).open(path)?;
    file.write_all(bytes)
}
