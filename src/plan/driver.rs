//! `swarmc plan` after the translation, as one function of what `run` gathered: the
//! plan built, rendered, and refused when its text would show a secret's value. Kept
//! beside the plan so that `run` only decides where the text goes and the exit status.

use std::path::{Path, PathBuf};

use crate::compile::{CompileOptions, TranslatedProject};
use crate::fs::FileSystem;

use super::{Format, Input, build, render, shown_secret};

/// The stack file a plan expects next to it.
pub const STACK_FILE: &str = "stack.yml";

/// Why a translated project has no plan.
pub enum Refusal {
    /// The templates could not render it (a bug in swarmc).
    Render(String),
    /// The text would show the value of the site's secret variable of this name.
    ShowsSecret(String),
}

impl Refusal {
    /// The line that says why nothing was written.
    pub fn message(&self) -> String {
        match self {
            Refusal::Render(error) => format!("cannot write the plan: {error}"),
            Refusal::ShowsSecret(name) => format!(
                "the plan would show the value of the secret variable `{name}`; nothing was written"
            ),
        }
    }
}

/// Where the stack file a plan deploys goes: next to the plan written to `output`, or
/// in the working directory when the plan goes to standard output.
pub fn stack_path(output: Option<&Path>) -> PathBuf {
    output
        .and_then(Path::parent)
        .map(|dir| dir.join(STACK_FILE))
        .unwrap_or_else(|| PathBuf::from(STACK_FILE))
}

/// The plan's text for a translated project. `compile_command` is the command that
/// writes the stack file; `environment` is the process environment the project was
/// read with, whose values of the site's secret variables the plan must not show.
pub fn text(
    format: Format,
    compile_command: &[String],
    options: &CompileOptions,
    translated: &TranslatedProject,
    fs: &dyn FileSystem,
    environment: &[(String, String)],
) -> Result<String, Refusal> {
    let site = &translated.site;
    let stack_name = translated.project.stack_name(&translated.project_dir);
    let input = Input {
        site,
        project: &translated.project,
        project_dir: &translated.project_dir,
        stack: &translated.translation.stack,
        stack_name: &stack_name,
        output_dir: &options.output_dir,
        stack_file: STACK_FILE,
        compile_command,
        fs,
    };
    let plan = build(&input);
    let text = render(&plan, format).map_err(|error| Refusal::Render(error.to_string()))?;
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
    match shown_secret(&text, &secrets) {
        Some(name) => Err(Refusal::ShowsSecret(name.to_owned())),
        None => Ok(text),
    }
}
