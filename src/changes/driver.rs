//! `swarmc diff` as one function of what `run` gathered: the same stages as `compile`
//! up to the translation, then the requests `docker stack deploy` would send compared
//! with what the swarm runs, and each refusal put on the compose text that causes it.
//! Kept beside the engine so that `run` only decides where the results go and the exit
//! status.

use crate::compile::{CompileOptions, TranslatedProject, translate_project};
use crate::diagnostic::Diagnostics;
use crate::docker_api::{Deployer, requests};
use crate::fs::FileSystem;
use crate::source::{SourceId, Sources};

use super::locate::Locator;
use super::{ChangeSet, Options, plan};

/// What a comparison found.
pub struct Compared {
    pub sources: Sources,
    /// Sorted when something was compared.
    pub diagnostics: Diagnostics,
    /// `None` when nothing could be compared.
    pub changes: Option<ChangeSet>,
}

/// What a comparison is asked to do beside compiling the project.
pub struct Request<'a> {
    /// `--stack-name`; the project's name otherwise.
    pub stack_name: Option<&'a str>,
    /// `--prune`.
    pub prune: bool,
}

/// Runs the comparison. `read_running` gathers what docker printed of the swarm
/// (`--state` files or the docker CLI), adding it to the sources and reporting what
/// could not be read; an `Err` from it ends the comparison.
pub fn run<E>(
    options: &CompileOptions,
    request: &Request<'_>,
    fs: &dyn FileSystem,
    environment: &[(String, String)],
    read_running: impl FnOnce(&mut Sources, &mut Diagnostics) -> Result<Vec<SourceId>, E>,
) -> Result<Compared, E> {
    let mut analysis = translate_project(options, fs, environment);
    let mut changes = None;
    // A stack that did not compile is partial: comparing it would remove what failed.
    if let Some(translated) = analysis
        .translated
        .as_ref()
        .filter(|_| !analysis.diagnostics.has_errors())
    {
        let stack_name = stack_name(request, translated);
        let mut found = Diagnostics::new();
        let files = read_running(&mut analysis.sources, &mut found)?;
        let running = if found.has_errors() {
            None
        } else {
            super::running::read(&analysis.sources, &files, &mut found)
        };
        analysis.diagnostics.extend(found);
        if let Some(running) = running {
            let stack = &translated.translation.stack;
            // What `docker stack deploy` takes from where it runs: the stack file's
            // directory, the environment, the secret and config files.
            let deployer = Deployer::read(
                stack,
                &options.output_dir,
                environment.iter().cloned().collect(),
                fs,
            );
            let requests = requests(stack, &stack_name, &deployer);
            let set = plan(
                &requests,
                &running,
                &Options {
                    stack: stack_name.clone(),
                    prune: request.prune,
                },
            );
            let locator = Locator {
                stack,
                origins: &translated.translation.origins,
                stack_name: &stack_name,
            };
            locator.report(&set.refusals, &mut analysis.diagnostics);
            analysis.diagnostics.sort();
            changes = Some(set);
        }
    }
    Ok(Compared {
        sources: analysis.sources,
        diagnostics: analysis.diagnostics,
        changes,
    })
}

fn stack_name(request: &Request<'_>, translated: &TranslatedProject) -> String {
    request.stack_name.map_or_else(
        || translated.project.stack_name(&translated.project_dir),
        str::to_owned,
    )
}
