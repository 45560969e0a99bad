//! The driver: runs the stages in order and decides where to stop. Errors stop the
//! pipeline before anything is emitted; warnings never do.

use std::path::PathBuf;

use crate::diagnostic::Diagnostics;
use crate::fs::{FileSystem, STDIN, resolve};
use crate::read::read_source;
use crate::site::{Machine, load_default_site, load_site};
use crate::source::{SourceKind, Sources};
use crate::yaml;

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
    _process_env: &[(String, String)],
) -> Compilation {
    let mut sources = Sources::with_base(options.working_dir.clone());
    let mut diagnostics = Diagnostics::new();

    /* Site: loaded first, because its `env` takes part in interpolating the project. */
    let _site = match &options.site {
        Some(path) => load_site(
            fs,
            &mut sources,
            &resolve(&options.working_dir, path),
            &mut diagnostics,
        ),
        None => load_default_site(&options.machine, &mut sources, &mut diagnostics),
    };

    /* Load */
    let mut documents = Vec::new();
    for file in &options.files {
        let path = if file.as_os_str() == STDIN {
            file.clone()
        } else {
            resolve(&options.working_dir, file)
        };
        if let Some(id) = read_source(
            fs,
            &mut sources,
            &path,
            SourceKind::Compose,
            None,
            &mut diagnostics,
        ) {
            documents.extend(yaml::parse(sources.get(id), id, &mut diagnostics));
        }
    }

    diagnostics.sort();
    Compilation {
        sources,
        diagnostics,
        stack: None,
    }
}
