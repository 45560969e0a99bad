//! The one way a command that reports ends: what it shows people, its report with the
//! line that says what it did, the files it writes, its last notes, and its exit status.
//! The order is the same for every command, so that a report that cannot be written
//! stops every command before it writes anything, and an output that cannot be written
//! is said after the report, the same way whichever command failed to write it.

use std::io::Write;
use std::path::Path;

use super::error::RunError;
use super::report::Report;
use crate::diagnostic::Diagnostics;
use crate::fs::STDIN;
use crate::output::write_atomically;
use crate::source::Sources;

/// The last line of a command that reads the project and then does its work: the
/// findings' summary (none when there are none), and that nothing could be `done`
/// when findings stopped it first.
pub(super) fn outcome_of(summary: String, did_work: bool, done: &str) -> Option<String> {
    match (did_work, summary.is_empty()) {
        (true, true) => None,
        (true, false) => Some(summary),
        (false, true) => Some(format!("nothing could be {done}")),
        (false, false) => Some(format!("{summary}; nothing could be {done}")),
    }
}

/// How a command's run ends, decided by the command; [`finish`] carries it out.
pub(super) struct Ending<'a> {
    /// The exit status when everything is written.
    pub status: u8,
    /// The line that says what the run did (`compiled with 1 warning`), if anything
    /// needs saying.
    pub outcome: Option<String>,
    /// For people, shown before the report so that the report and its outcome come
    /// last: the placement summary of `check`, the plan of `diff`, the changes `site
    /// import` made to a profile.
    pub shown: Vec<Shown>,
    /// The command's products, written only once the report is out.
    pub outputs: Vec<Output<'a>>,
    /// Lines for standard error after everything else.
    pub notes: Vec<String>,
}

impl<'a> Ending<'a> {
    /// An ending with only a status and an outcome.
    pub(super) fn new(status: u8, outcome: Option<String>) -> Ending<'a> {
        Ending {
            status,
            outcome,
            shown: Vec::new(),
            outputs: Vec::new(),
            notes: Vec::new(),
        }
    }
}

/// Text shown to people before the report.
pub(super) enum Shown {
    Stdout(String),
    Stderr(String),
}

/// A product of the run: text for a file or, when the file is `-` or none was named,
/// for standard output.
pub(super) struct Output<'a> {
    pub path: Option<&'a Path>,
    pub text: &'a str,
}

/// Shows, reports, writes and notes what `ending` says, in that order, and gives the exit
/// status; the first thing that fails ends the run with its own status.
pub(super) fn finish(
    report: &Report<'_>,
    diagnostics: &Diagnostics,
    sources: &Sources,
    ending: Ending<'_>,
) -> u8 {
    match carry_out(report, diagnostics, sources, ending) {
        Ok(status) => status,
        Err(error) => error.report(),
    }
}

fn carry_out(
    report: &Report<'_>,
    diagnostics: &Diagnostics,
    sources: &Sources,
    ending: Ending<'_>,
) -> Result<u8, RunError> {
    for shown in &ending.shown {
        match shown {
            Shown::Stdout(text) => print_stdout(text.as_bytes())?,
            Shown::Stderr(text) => to_stderr(text),
        }
    }
    report.emit(diagnostics, sources, ending.outcome)?;
    for output in &ending.outputs {
        match output.path.filter(|p| *p != Path::new(STDIN)) {
            Some(path) => write_output(path, output.text.as_bytes())?,
            None => print_stdout(output.text.as_bytes())?,
        }
    }
    for note in &ending.notes {
        to_stderr(&format!("swarmc: {note}\n"));
    }
    Ok(ending.status)
}

/// Writes to standard output; a reader that went away early (`| head`) is not an
/// error.
pub(super) fn print_stdout(bytes: &[u8]) -> Result<(), RunError> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(_) => Err(RunError::StdoutUnwritable),
    }
}

/// Writes to standard error; there is nowhere to say that this failed.
pub(super) fn to_stderr(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Writes an output file atomically.
pub(super) fn write_output(path: &Path, bytes: &[u8]) -> Result<(), RunError> {
    write_atomically(path, bytes).map_err(|error| RunError::Unwritable {
        path: path.to_path_buf(),
        error,
    })
}

/// The last line of a run that wrote nothing: its findings and, when errors stopped it
/// but the policy hid them, that they did.
pub(super) fn nothing_written(run: &str, summary: &str, hidden_errors: bool) -> String {
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
