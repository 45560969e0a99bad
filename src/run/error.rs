//! What ends a run before its findings decide it: every failure of the run itself, each
//! with the exit status it ends with and what it says on standard error. Commands return
//! a [`RunError`] and [`RunError::report`] says it, so that every message has one shape
//! (`swarmc: ...`, then `help: ...`) and every failure one status.

use std::io::Write;
use std::path::PathBuf;

use super::{FAILURE, OK};

/// A failure of the run itself.
#[derive(Debug)]
pub(super) enum RunError {
    /// The command line could not be parsed, or asked for help or the version, which
    /// clap prints itself.
    CommandLine(clap::Error),
    /// The command line asks for something that cannot be done.
    Usage {
        message: String,
        help: Option<String>,
    },
    /// A file or directory named on the command line cannot be read.
    Unreadable {
        path: PathBuf,
        error: std::io::Error,
    },
    /// Standard input cannot be read.
    StdinUnreadable(std::io::Error),
    /// An output or report file cannot be written.
    Unwritable {
        path: PathBuf,
        error: std::io::Error,
    },
    /// GitHub's step summary cannot be appended to.
    StepSummaryUnwritable {
        path: PathBuf,
        error: std::io::Error,
    },
    /// The manual pages cannot be written to their directory.
    ManualUnwritable { dir: PathBuf, error: std::io::Error },
    /// The run would write an output over one of its inputs.
    OverwritesInput { output: PathBuf, input: PathBuf },
    /// `swarmc rule` names no rule, retired or current.
    UnknownRule {
        written: String,
        suggestion: Option<&'static str>,
    },
    /// Standard output cannot be written (other than by a reader that went away):
    /// there is nowhere left to say so.
    StdoutUnwritable,
    /// The manual page could not be rendered.
    ManualUnrendered,
    /// The configuration cannot be used; its report has already said why.
    ConfigurationUnusable,
}

impl RunError {
    /// The exit status the run ends with.
    pub(super) fn status(&self) -> u8 {
        match self {
            RunError::CommandLine(error) if !error.use_stderr() => OK,
            _ => FAILURE,
        }
    }

    /// What the run says on standard error, without the `swarmc: ` that starts it; `None`
    /// when there is nothing left to say.
    fn message(&self) -> Option<(String, Option<String>)> {
        let text = match self {
            RunError::CommandLine(_)
            | RunError::StdoutUnwritable
            | RunError::ManualUnrendered
            | RunError::ConfigurationUnusable => return None,
            RunError::Usage { message, help } => return Some((message.clone(), help.clone())),
            RunError::Unreadable { path, error } => {
                format!("cannot read `{}`: {error}", path.display())
            }
            RunError::StdinUnreadable(error) => format!("cannot read standard input: {error}"),
            RunError::Unwritable { path, error } => {
                format!("cannot write `{}`: {}", path.display(), write_error(error))
            }
            RunError::StepSummaryUnwritable { path, error } => format!(
                "cannot write the step summary `{}`: {error}",
                path.display()
            ),
            RunError::ManualUnwritable { dir, error } => format!(
                "cannot write the manual pages to `{}`: {error}",
                dir.display()
            ),
            RunError::OverwritesInput { output, input } => {
                return Some((
                    format!(
                        "refusing to write `{}`: it is `{}`, an input of this run; nothing was written",
                        output.display(),
                        input.display()
                    ),
                    Some("name another file to write".to_owned()),
                ));
            }
            RunError::UnknownRule {
                written,
                suggestion,
            } => {
                let help = match suggestion {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => "`swarmc rule` lists every rule".to_owned(),
                };
                return Some((format!("unknown rule `{written}`"), Some(help)));
            }
        };
        Some((text, None))
    }

    /// Says what went wrong where the user reads it and gives the exit status.
    pub(super) fn report(self) -> u8 {
        let status = self.status();
        if let RunError::CommandLine(error) = &self {
            let _ = error.print();
            return status;
        }
        if let Some((message, help)) = self.message() {
            let mut text = format!("swarmc: {message}\n");
            if let Some(help) = help {
                text.push_str(&format!("help: {help}\n"));
            }
            let _ = std::io::stderr().lock().write_all(text.as_bytes());
        }
        status
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
