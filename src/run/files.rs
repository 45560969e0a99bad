//! The files a run reads and writes, known before it starts: outputs are refused when
//! they would replace an input, before anything is read and again once the stages have
//! said what they read.

use std::path::{Path, PathBuf};

use super::error::RunError;
use super::host::current_dir;
use super::report::ReportStream;
use super::settings::{Settings, read_settings};
use crate::cli::{ProjectArgs, ReportArgs};
use crate::fs::{STDIN, resolve};
use crate::output::overwritten_input;
use crate::policy::CONFIG_FILE_NAME;

/// The start every command that reports shares: it refuses to write over one of its
/// inputs, then reads the policy.
pub(super) fn start(
    written: &[&Path],
    inputs: &[PathBuf],
    report: &ReportArgs,
    stream: ReportStream,
    working_dir: &Path,
) -> Result<Settings, RunError> {
    guard_outputs(written, inputs)?;
    read_settings(report, stream, working_dir)
}

/// The files a command would write: its `output`, if any, and the report, leaving out
/// standard output.
pub(super) fn written_files<'a>(output: Option<&'a Path>, report: &'a ReportArgs) -> Vec<&'a Path> {
    output
        .into_iter()
        .chain(report.report_file.as_deref())
        .filter(|p| *p != Path::new(STDIN))
        .collect()
}

/// The inputs a run is known to read before it starts: the files named on the command
/// line, the configuration, and the compose and `.env` files found by default. Only
/// their paths: nothing is read here.
pub(super) fn named_inputs(
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
pub(super) fn guard_outputs(outputs: &[&Path], inputs: &[PathBuf]) -> Result<(), RunError> {
    let working_dir = current_dir();
    for output in outputs {
        if let Some(input) = overwritten_input(output, inputs) {
            let input = match input.strip_prefix(&working_dir) {
                Ok(relative) => relative.to_path_buf(),
                Err(_) => input.to_path_buf(),
            };
            return Err(RunError::OverwritesInput {
                output: output.to_path_buf(),
                input,
            });
        }
    }
    Ok(())
}
