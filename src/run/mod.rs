//! The outer edge of the binary: parses the command line, snapshots the environment and
//! standard input, reads the policy, runs the pipeline, prints diagnostics, writes the
//! output file and decides the exit status. Everything between is a pure function of
//! what is gathered here.
//!
//! Each command decides, from what its driver returned, the status and the line that
//! says what it did; [`ending::finish`] then reports and writes the same way for every
//! command, and a failure of the run itself is a [`error::RunError`], said one way.
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
use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command, SiteCommand};

mod check;
mod compile;
mod diff;
mod docs;
mod ending;
mod error;
mod files;
mod host;
mod lint;
mod plan;
mod report;
mod settings;
mod site;
mod state;

use error::RunError;
use report::report_stream;

/// Exit status for success.
const OK: u8 = 0;
/// Exit status when findings fail the run.
const FINDINGS: u8 = 1;
/// Exit status for usage, configuration, I/O and internal errors.
const FAILURE: u8 = 2;

pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let status = match Cli::try_parse_from(args) {
        Ok(cli) => command(cli),
        Err(error) => Err(RunError::CommandLine(error)),
    };
    ExitCode::from(status.unwrap_or_else(RunError::report))
}

fn command(cli: Cli) -> Result<u8, RunError> {
    let stream = report_stream(&cli.command);
    match cli.command {
        // Files named without `-f` are read as if named with it.
        Command::Compile(mut args) => {
            args.project.files.append(&mut args.positional);
            compile::compile_command(&args, stream)
        }
        Command::Plan(mut args) => {
            args.project.files.append(&mut args.positional);
            plan::plan_command(&args, stream)
        }
        Command::Lint(args) => lint::lint_command(&args, stream),
        Command::Check(mut args) => {
            args.project.files.append(&mut args.positional);
            check::check_command(&args, stream)
        }
        Command::Diff(mut args) => {
            args.project.files.append(&mut args.positional);
            diff::diff_command(&args, stream)
        }
        Command::Site(SiteCommand::Default(args)) => site::site_default_command(&args),
        Command::Site(SiteCommand::Check(args)) => site::site_check_command(&args, stream),
        Command::Site(SiteCommand::Import(args)) => site::site_import_command(&args, stream),
        Command::Rule(args) => docs::rule_command(&args),
        Command::Completions(args) => docs::completions_command(&args),
        Command::Man(args) => docs::man_command(&args),
        Command::Schema(args) => docs::schema_command(&args),
    }
}
