//! The driver: runs the stages in order and decides where to stop. Errors stop the
//! pipeline before anything is emitted; warnings never do.
//!
//! [`analyze`] runs the stages up to the compose model (site, load, lower) and hands the
//! model back, for commands that read the project without translating it (`lint`);
//! [`translate_project`] goes one stage further, for commands that read the stack
//! without writing it (`plan`, `check`); [`compile`] goes on from there and emits. All
//! run the same stage functions, so a project is read the same way whichever command
//! reads it.

use std::path::PathBuf;

use crate::compose::{Project, lower};
use crate::diagnostic::Diagnostics;
use crate::emit::emit;
use crate::env::{EnvValue, site_layer};
use crate::fs::{FileSystem, resolve};
use crate::load::{LoadOptions, Loaded, load, read_service_files};
use crate::site::{Machine, Site, load_default_site, load_site};
use crate::source::Sources;
use crate::swarm::Stack;
use crate::translate::{FileFacts, Input, Translation, translate};
use crate::yaml::{Node, Style};

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
    /// `-p`: the project name, which names the stack.
    pub project_name: Option<String>,
    /// The files are a stack deployed as written (`check --stack`): the site contributes
    /// its nodes, networks, secrets and shared paths only ([`Site::cluster_only`]).
    pub stack_as_written: bool,
}

/// What a run produced: the stack text when there were no errors, and the diagnostics
/// with the sources they point into.
#[derive(Debug)]
pub struct Compilation {
    pub sources: Sources,
    pub diagnostics: Diagnostics,
    pub stack: Option<String>,
    /// The model the stack text was written from. It is kept rather than freed inside
    /// [`compile`] so that a caller about to exit can skip freeing it (see
    /// [`Compilation::release_at_exit`]).
    model: Option<Stack>,
}

impl Compilation {
    /// Ends a compilation whose process is about to exit without freeing its memory:
    /// the operating system takes it back at once, where freeing a large stack model
    /// block by block takes a few percent of the run.
    pub fn release_at_exit(self) {
        std::mem::forget(self);
    }
}

/// The projects read up to the compose model, and the site they are read for.
#[derive(Debug)]
pub struct Analysis {
    pub sources: Sources,
    pub diagnostics: Diagnostics,
    /// `None` when the site profile could not be used.
    pub site: Option<Site>,
    /// One per project, in the order they were read.
    pub projects: Vec<Analyzed>,
}

/// One project read up to the compose model.
#[derive(Debug)]
pub struct Analyzed {
    /// `None` when there was nothing to lower: no compose file, or one that could not
    /// be read or parsed.
    pub project: Option<Project>,
    /// Whether reading the site or this project reported an error. Lowering carries on
    /// past errors, so the model is then partial: a malformed value is simply absent.
    pub has_errors: bool,
}

pub fn compile(
    options: &CompileOptions,
    fs: &dyn FileSystem,
    process_env: &[(String, String)],
) -> Compilation {
    let Translated {
        sources,
        mut diagnostics,
        translated,
    } = translate_project(options, fs, process_env);

    /* Emit: only a stack without errors is written. */
    let (stack, model) = match translated {
        Some(translated) if !diagnostics.has_errors() => {
            /* Emit needs only the stack model: free the compose model first, so that
            it and the emitted text are never in memory together. */
            let TranslatedProject {
                project,
                translation,
                ..
            } = translated;
            drop(project);
            let Translation { stack, origins } = translation;
            drop(origins);
            (emit(&stack, &mut diagnostics), Some(stack))
        }
        _ => (None, None),
    };
    let mut compilation = finish(sources, diagnostics, stack);
    compilation.model = model;
    compilation
}

/// What the stages up to translation produced, for commands that read the stack rather
/// than write it (`plan`, `check`).
#[derive(Debug)]
pub struct Translated {
    pub sources: Sources,
    /// Sorted; after an error the translation is partial.
    pub diagnostics: Diagnostics,
    /// `None` when the site or the project could not be read.
    pub translated: Option<TranslatedProject>,
}

/// A project and the stack translated from it for a site.
#[derive(Debug)]
pub struct TranslatedProject {
    pub site: Site,
    pub project: Project,
    /// The directory the project's default name and relative paths come from.
    pub project_dir: PathBuf,
    pub translation: Translation,
}

/// Runs every stage up to translation: the site, loading, lowering and translation.
pub fn translate_project(
    options: &CompileOptions,
    fs: &dyn FileSystem,
    process_env: &[(String, String)],
) -> Translated {
    let mut sources = Sources::with_base(options.working_dir.clone());
    let mut diagnostics = Diagnostics::new();
    let (site, site_env) =
        read_site_and_env(options, fs, process_env, &mut sources, &mut diagnostics);
    let loaded = load_project(
        options,
        site_env,
        secret_vars(site.as_ref()),
        fs,
        process_env,
        &mut sources,
        &mut diagnostics,
    );
    let translated = loaded.and_then(|mut loaded| {
        let project = lower_project(&loaded, fs, &mut sources, &mut diagnostics);
        /* The model holds everything now; free the tree before the stack is built. */
        let empty = Node::scalar("", Style::Plain, loaded.tree.span);
        drop(std::mem::replace(&mut loaded.tree, empty));
        /* Translate: also after lowering errors, so that one run reports everything. */
        let site = site?;
        crate::site::check_service_names(&site, &project, &mut diagnostics);
        /* The only reads translation needs: the hashes of secret and config files. */
        let files = FileFacts::gather(&project, &site, fs);
        let input = Input {
            project: &project,
            site: &site,
            env: &loaded.env,
            output_dir: &options.output_dir,
            project_dir: &loaded.project_dir,
            files: &files,
        };
        let translation = translate(&input, &mut diagnostics);
        Some(TranslatedProject {
            site,
            project,
            project_dir: loaded.project_dir,
            translation,
        })
    });
    diagnostics.sort();
    Translated {
        sources,
        diagnostics,
        translated,
    }
}

/// Reads the site, then each project, and lowers every project into the compose model
/// without translating it. `each` lists compose files to read as projects of their own
/// (with the rest of `options`); when it is empty, `options.files` is the one project.
pub fn analyze(
    options: &CompileOptions,
    each: &[PathBuf],
    fs: &dyn FileSystem,
    process_env: &[(String, String)],
) -> Analysis {
    let mut sources = Sources::with_base(options.working_dir.clone());
    let mut diagnostics = Diagnostics::new();
    let (site, site_env) =
        read_site_and_env(options, fs, process_env, &mut sources, &mut diagnostics);
    let site_has_errors = diagnostics.has_errors();
    let projects: Vec<CompileOptions> = if each.is_empty() {
        vec![options.clone()]
    } else {
        each.iter()
            .map(|file| CompileOptions {
                files: vec![file.clone()],
                ..options.clone()
            })
            .collect()
    };
    let projects = projects
        .iter()
        .map(|project_options| {
            let mut found = Diagnostics::new();
            let loaded = load_project(
                project_options,
                site_env.clone(),
                secret_vars(site.as_ref()),
                fs,
                process_env,
                &mut sources,
                &mut found,
            );
            let project = loaded.map(|loaded| lower_project(&loaded, fs, &mut sources, &mut found));
            // A site serves one project; files linted each on its own are parts of it.
            if let (Some(site), Some(project), true) = (&site, &project, each.is_empty()) {
                crate::site::check_service_names(site, project, &mut found);
            }
            let has_errors = site_has_errors || found.has_errors();
            diagnostics.extend(found);
            Analyzed {
                project,
                has_errors,
            }
        })
        .collect();
    diagnostics.sort();
    Analysis {
        sources,
        diagnostics,
        site,
        projects,
    }
}

/// The site profile named by `--site`, or the default single-node site. It is read
/// first, because its `env` takes part in interpolating the project.
fn read_site(
    options: &CompileOptions,
    fs: &dyn FileSystem,
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Option<Site> {
    let site = match &options.site {
        Some(path) => load_site(
            fs,
            sources,
            &resolve(&options.working_dir, path),
            diagnostics,
        ),
        None => load_default_site(&options.machine, sources, diagnostics),
    };
    if options.stack_as_written {
        site.map(Site::cluster_only)
    } else {
        site
    }
}

/// The prologue of every run that reads a project: the site profile, then its `env`
/// as the interpolation layer the project is read with.
fn read_site_and_env(
    options: &CompileOptions,
    fs: &dyn FileSystem,
    process_env: &[(String, String)],
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> (Option<Site>, Vec<(String, EnvValue)>) {
    let site = read_site(options, fs, sources, diagnostics);
    let env = site_env(site.as_ref(), fs, process_env, sources, diagnostics);
    (site, env)
}

/// The site's `env` as an interpolation layer: its `vars`, then its `env.files`.
fn site_env(
    site: Option<&Site>,
    fs: &dyn FileSystem,
    process_env: &[(String, String)],
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Vec<(String, EnvValue)> {
    // The environment wins over the profile, so its values of secret variables are
    // secret too.
    for name in site.iter().flat_map(|site| site.secret_env_names()) {
        for (_, value) in process_env.iter().filter(|(n, _)| n == name) {
            sources.keep_secret(value);
        }
    }
    match site {
        Some(site) => site_layer(
            fs,
            sources,
            process_env,
            site.env_layer(),
            &site.env_files(),
            diagnostics,
        ),
        None => Vec::new(),
    }
}

/// The site's variables marked `secret: true`.
fn secret_vars(site: Option<&Site>) -> Vec<String> {
    site.iter()
        .flat_map(|site| site.secret_env_names())
        .map(str::to_owned)
        .collect()
}

/// Loads the project's files into one tree, interpolated with the site's `env` too.
pub fn load_project(
    options: &CompileOptions,
    site_env: Vec<(String, EnvValue)>,
    secret_vars: Vec<String>,
    fs: &dyn FileSystem,
    process_env: &[(String, String)],
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Option<Loaded> {
    let loaded = load(
        &load_options(options, site_env, secret_vars),
        fs,
        process_env,
        sources,
        diagnostics,
    );
    crate::env::group_unset_variables(diagnostics);
    let loaded = loaded?;
    if options.env_files.is_empty() && !fs.is_file(&loaded.project_dir.join(".env")) {
        let names = fs.file_names(&loaded.project_dir);
        let candidates = crate::env::env_file_candidates(&names);
        crate::env::hint_env_files(diagnostics, &candidates);
    }
    keep_secret_variables(&loaded, sources);
    Some(loaded)
}

/// Marks the values of the variables that compose secrets are created from
/// (`secrets: {name: {environment: VAR}}`) as never to be shown.
fn keep_secret_variables(loaded: &Loaded, sources: &mut Sources) {
    let secrets = loaded
        .tree
        .as_map()
        .and_then(|m| m.get("secrets"))
        .and_then(crate::yaml::Node::as_map);
    for (_, secret) in secrets.iter().flat_map(|s| s.iter()) {
        let variable = secret
            .as_map()
            .and_then(|m| m.get("environment"))
            .and_then(crate::yaml::Node::as_str);
        if let Some(value) = variable.and_then(|name| loaded.env.get(name)) {
            sources.keep_secret(&value.value);
            if let Some(origin) = value
                .origin
                .filter(|_| value.value.chars().count() >= crate::source::MIN_SECRET_LEN)
            {
                sources.keep_secret_at(origin);
            }
        }
    }
}

/// Lowers a loaded project into the compose model, then reads the files its services
/// take their environment and labels from.
pub fn lower_project(
    loaded: &Loaded,
    fs: &dyn FileSystem,
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Project {
    let bases = |source| loaded.bases.get(source).to_path_buf();
    let mut project = lower(&loaded.tree, &bases, diagnostics);
    project.imposed_name = loaded
        .project_name
        .as_ref()
        .map(|name| crate::compose::Text::new(&name.value));
    read_service_files(&mut project, &loaded.env, fs, sources, diagnostics);
    project
}

/// What loading needs from the options.
fn load_options(
    options: &CompileOptions,
    site_env: Vec<(String, EnvValue)>,
    secret_vars: Vec<String>,
) -> LoadOptions {
    LoadOptions {
        secret_vars,
        files: options.files.clone(),
        env_files: options.env_files.clone(),
        profiles: options.profiles.clone(),
        project_directory: options.project_directory.clone(),
        working_dir: options.working_dir.clone(),
        site_env,
        project_name: options.project_name.clone(),
    }
}

/// Puts the diagnostics in reading order and hands everything back.
fn finish(sources: Sources, mut diagnostics: Diagnostics, stack: Option<String>) -> Compilation {
    diagnostics.sort();
    Compilation {
        sources,
        diagnostics,
        stack,
        model: None,
    }
}
