//! `swarmc check` as one function of what `run` gathered: the same stages as `compile`
//! up to the translation (or, with `--stack`, a stack file read as `docker stack
//! deploy` reads it), the swarm's state, then the checks. Kept beside the checks so
//! that `run` only decides where the results go and the exit status.

use std::path::{Path, PathBuf};

use crate::compile::{CompileOptions, TranslatedProject, translate_project};
use crate::diagnostic::Diagnostics;
use crate::fs::FileSystem;
use crate::source::Sources;
use crate::state::State;

use super::{Cx, Input, WithoutDotenv, check, prediction, summary};

/// What a check found, and what it is kept from the process's exit.
pub struct Checked {
    pub sources: Sources,
    /// Sorted.
    pub diagnostics: Diagnostics,
    /// The predicted placement for people; `None` when nothing could be checked.
    pub summary: Option<String>,
    /// The prediction as JSON, when checked.
    pub prediction: Option<String>,
    /// Kept so that a caller about to exit can skip freeing them.
    pub translated: Option<TranslatedProject>,
    pub state: Option<State>,
}

/// What a check is asked to do beside compiling the project.
pub struct Request<'a> {
    /// `--stack`, resolved: a stack file checked as written, instead of the project.
    pub stack: Option<&'a Path>,
    /// `--stack-name`; the project's name otherwise.
    pub stack_name: Option<&'a str>,
    /// Whether the swarm's state was asked for (`--state`, `--docker`): when reading it
    /// fails, nothing is checked rather than checked against an empty swarm.
    pub wants_state: bool,
}

/// Runs the check. `read_state` reads the swarm's state for the stack it is given the
/// name of, adding what it read to the sources (`Ok(None)` without one); an `Err` from
/// it ends the check.
pub fn run<E>(
    mut options: CompileOptions,
    request: &Request<'_>,
    fs: &dyn FileSystem,
    environment: &[(String, String)],
    read_state: impl FnOnce(&str, &mut Sources, &mut Diagnostics) -> Result<Option<State>, E>,
) -> Result<Checked, E> {
    let mut hidden = PathBuf::new();
    if let Some(path) = request.stack {
        let dir = path
            .parent()
            .map_or_else(|| options.working_dir.clone(), Path::to_path_buf);
        options.files = vec![path.to_path_buf()];
        options.stack_as_written = true;
        options.output_dir.clone_from(&dir);
        hidden = dir.join(".env");
        options.project_directory = Some(dir);
    }
    let fs = WithoutDotenv { inner: fs, hidden };
    let mut analysis = translate_project(&options, &fs, environment);
    // Checks run after errors too, so that one run reports everything: a value that
    // could not be read is absent from the stack, which makes findings fewer, not
    // false.
    let mut summary_text = None;
    let mut prediction_json = None;
    let mut state = None;
    if let Some(translated) = &analysis.translated {
        let stack_name = stack_name(request, translated);
        state = read_state(
            &stack_name,
            &mut analysis.sources,
            &mut analysis.diagnostics,
        )?;
        if state.is_some() || !request.wants_state {
            let empty = State::default();
            let input = Input {
                stack: &translated.translation.stack,
                origins: &translated.translation.origins,
                site: &translated.site,
                state: state.as_ref().unwrap_or(&empty),
            };
            let cx = Cx::new(input);
            check(&cx, &mut analysis.diagnostics);
            analysis.diagnostics.sort();
            summary_text = Some(summary(&cx));
            prediction_json = Some(prediction(&cx, &stack_name).to_json());
        }
    }
    Ok(Checked {
        sources: analysis.sources,
        diagnostics: analysis.diagnostics,
        summary: summary_text,
        prediction: prediction_json,
        translated: analysis.translated,
        state,
    })
}

fn stack_name(request: &Request<'_>, translated: &TranslatedProject) -> String {
    request.stack_name.map_or_else(
        || translated.project.stack_name(&translated.project_dir),
        str::to_owned,
    )
}
