//! The driver: runs the stages in order and decides where to stop. Errors stop the
//! pipeline before anything is emitted; warnings never do.

use std::path::PathBuf;

use crate::compose::{Project, lower};
use crate::diagnostic::Diagnostics;
use crate::emit::emit;
use crate::env::{EnvValue, site_layer};
use crate::fs::{FileSystem, resolve};
use crate::load::{LoadOptions, load};
use crate::site::{Machine, Site, load_default_site, load_site};
use crate::source::Sources;
use crate::translate::{Input, Translation, translate};

/// Everything the pipeline needs besides the files and the environment.
#[derive(Clone, Debug, Default)]
pub struct CompileOptions {
    /// `-f` files in order; empty means "look for the default file names".
    pub files: Vec<PathBuf>,
    /// `--env-file` files; empty means the project's `.env`.
    pub env_files: Vec<PathBuf>,
    /// `--profile` names.
    pub profiles: Vec<String>,
    pub project_directory: Option<PathBuf>,
    /// The directory relative paths on the command line are resolved against.
    pub working_dir: PathBuf,
    /// The directory the stack will be written to; relative paths in the stack are
    /// relative to it, as `docker stack deploy` resolves them.
    pub output_dir: PathBuf,
    /// `--site`: the site profile; `None` means the default single-node site.
    pub site: Option<PathBuf>,
    /// Facts about this machine, for the default site.
    pub machine: Machine,
}

/// What a run produced: the stack text when there were no errors, and the diagnostics
/// with the sources they point into.
#[derive(Debug)]
pub struct Compilation {
    pub sources: Sources,
    pub diagnostics: Diagnostics,
    pub stack: Option<String>,
}

pub fn compile(
    options: &CompileOptions,
    fs: &dyn FileSystem,
    process_env: &[(String, String)],
) -> Compilation {
    let Analysis {
        sources,
        mut diagnostics,
        translated,
    } = analyze(options, fs, process_env);

    /* Emit: only a stack without errors is written. */
    let stack = match translated {
        Some(translated) if !diagnostics.has_errors() => {
            emit(&translated.translation.stack, &mut diagnostics)
        }
        _ => None,
    };
    finish(sources, diagnostics, stack)
}

/// A project translated for a site and not emitted: what the commands that read the
/// swarm model rather than its text start from.
#[derive(Debug)]
pub struct Analysis {
    pub sources: Sources,
    /// Sorted; an error means the translation must not be used.
    pub diagnostics: Diagnostics,
    /// `None` when the site or the project could not be read.
    pub translated: Option<Translated>,
}

/// The models of a run that got as far as translating.
#[derive(Debug)]
pub struct Translated {
    pub site: Site,
    pub project: Project,
    /// The directory the project's relative paths and its default name come from.
    pub project_dir: PathBuf,
    pub translation: Translation,
}

/// Runs the stages up to and including translation.
pub fn analyze(
    options: &CompileOptions,
    fs: &dyn FileSystem,
    process_env: &[(String, String)],
) -> Analysis {
    let mut sources = Sources::with_base(options.working_dir.clone());
    let mut diagnostics = Diagnostics::new();

    /* Site: loaded first, because its `env` takes part in interpolating the project. */
    let site = match &options.site {
        Some(path) => load_site(
            fs,
            &mut sources,
            &resolve(&options.working_dir, path),
            &mut diagnostics,
        ),
        None => load_default_site(&options.machine, &mut sources, &mut diagnostics),
    };

    /* Load */
    let site_env = match &site {
        Some(site) => site_layer(
            fs,
            &mut sources,
            process_env,
            site.env_layer(),
            &site.env_files(),
            &mut diagnostics,
        ),
        None => Vec::new(),
    };
    let loaded = load(
        &load_options(options, site_env),
        fs,
        process_env,
        &mut sources,
        &mut diagnostics,
    );

    /* Lower */
    let translated = loaded.and_then(|loaded| {
        let bases = |source| loaded.bases.get(source).to_path_buf();
        let project = lower(&loaded.tree, &bases, &mut diagnostics);

        /* Translate: also after lowering errors, so that one run reports everything. */
        let site = site?;
        let input = Input {
            project: &project,
            site: &site,
            output_dir: &options.output_dir,
        };
        let translation = translate(&input, &mut diagnostics);
        Some(Translated {
            site,
            project,
            project_dir: loaded.project_dir,
            translation,
        })
    });
    diagnostics.sort();
    Analysis {
        sources,
        diagnostics,
        translated,
    }
}

/// What loading needs from the options.
fn load_options(options: &CompileOptions, site_env: Vec<(String, EnvValue)>) -> LoadOptions {
    LoadOptions {
        files: options.files.clone(),
        env_files: options.env_files.clone(),
        profiles: options.profiles.clone(),
        project_directory: options.project_directory.clone(),
        working_dir: options.working_dir.clone(),
        site_env,
    }
}

/// Puts the diagnostics in reading order and hands everything back.
fn finish(sources: Sources, mut diagnostics: Diagnostics, stack: Option<String>) -> Compilation {
    diagnostics.sort();
    Compilation {
        sources,
        diagnostics,
        stack,
    }
}
