//! The outer edge of the binary: parses the command line, snapshots the environment and
//! standard input, runs the pipeline, prints diagnostics, writes the output file and
//! decides the exit status. Everything between is a pure function of what is gathered
//! here.
//!
//! Exit status: 0 done (warnings allowed); 1 at least one error diagnostic, nothing
//! written; 2 usage error, a file named on the command line cannot be read, the output
//! cannot be written, or an internal error.

use std::ffi::OsString;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command, CompileArgs, OutputFormat, ProjectArgs, SchemaArgs, SchemaName};
use crate::compile::{Compilation, CompileOptions, compile};
use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::fs::{RealFs, STDIN};
use crate::report;
use crate::source::Sources;

/// Exit status for success.
const OK: u8 = 0;
/// Exit status when error diagnostics were reported.
const FINDINGS: u8 = 1;
/// Exit status for usage, I/O and internal errors.
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
        Command::Schema(args) => schema_command(&args),
    };
    ExitCode::from(status)
}

fn compile_command(args: &CompileArgs) -> u8 {
    let output_dir = match &args.output {
        Some(path) if path != Path::new(STDIN) => crate::fs::normalize(&current_dir().join(path))
            .parent()
            .map(Path::to_path_buf),
        _ => None,
    };
    let (options, fs) = match project_options(&args.project, output_dir) {
        Ok(pair) => pair,
        Err(status) => return status,
    };
    let compilation = compile(&options, &fs, &process_environment());
    let status = report_diagnostics(&compilation, args.report.output_format);
    if status != OK {
        return status;
    }
    let Some(stack) = compilation.stack else {
        return FAILURE;
    };
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
        _ => {
            let mut stdout = std::io::stdout().lock();
            if stdout
                .write_all(stack.as_bytes())
                .and_then(|()| stdout.flush())
                .is_err()
            {
                return FAILURE;
            }
            OK
        }
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
) -> Result<(CompileOptions, RealFs), u8> {
    let mut fs = RealFs::default();
    if project.files.iter().any(|f| f == Path::new(STDIN)) {
        let mut stdin = Vec::new();
        if let Err(error) = std::io::stdin().read_to_end(&mut stdin) {
            let _ = writeln!(
                std::io::stderr(),
                "swarmc: cannot read standard input: {error}"
            );
            return Err(FAILURE);
        }
        fs.stdin = Some(stdin);
    }
    let working_dir = current_dir();
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
    };
    Ok((options, fs))
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

/// Prints the diagnostics and returns the exit status they call for.
fn report_diagnostics(compilation: &Compilation, format: OutputFormat) -> u8 {
    let diagnostics = &compilation.diagnostics;
    let text = match format {
        OutputFormat::Json => report::json(diagnostics, &compilation.sources),
        OutputFormat::Human => human_report(diagnostics, &compilation.sources),
    };
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(text.as_bytes());
    exit_status(diagnostics)
}

fn human_report(diagnostics: &Diagnostics, sources: &Sources) -> String {
    let stderr = std::io::stderr();
    let color = stderr.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let options = report::HumanOptions { color, width: 100 };
    let mut text = report::human(diagnostics, sources, options);
    let summary = report::summary(diagnostics);
    if diagnostics.has_errors() {
        text.push_str(&format!("swarmc: {summary}; nothing was written\n"));
    } else if !summary.is_empty() {
        text.push_str(&format!("swarmc: compiled with {summary}\n"));
    }
    text
}

/// 2 when a file named on the command line could not be read or swarmc failed
/// internally, 1 for any other error, else 0.
pub(crate) fn exit_status(diagnostics: &Diagnostics) -> u8 {
    let fatal = |d: &Diagnostic| {
        d.severity == Severity::Error
            && ((d.rule.code.starts_with("SW0") && d.primary.is_none())
                || d.rule.code.starts_with("SW9"))
    };
    if diagnostics.iter().any(fatal) {
        FAILURE
    } else if diagnostics.has_errors() {
        FINDINGS
    } else {
        OK
    }
}

/// Writes through a temporary file in the same directory and renames it over `path`,
/// so readers see either the old file or the complete new one, never a partial file.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut file = tempfile::Builder::new()
        .prefix(".swarmc-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    if let Ok(metadata) = std::fs::metadata(path) {
        // Keep the permissions of the file being replaced.
        let _ = std::fs::set_permissions(file.path(), metadata.permissions());
    }
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}
