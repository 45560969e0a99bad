//! Project loading: one project tree out of many files, as `docker compose` builds it.
//!
//! The steps, in compose-go's order: find the files (`-f`, `COMPOSE_FILE` or the
//! default names), build the interpolation environment, then for every YAML document of
//! every file: interpolate it, import its `include`d projects, resolve its `extends`,
//! and merge it over the documents before it. Last, the merged lists are made unique by
//! their identity keys and services whose profiles are not enabled are dropped.
//!
//! The result is still a [`Node`] tree: every value keeps the span where it was
//! written, whichever file it came from, and [`Bases`] tells the next stage which
//! directory relative paths in each file are relative to.

mod bases;
mod discover;
mod extends;
mod file;
mod include;
mod merge;
mod profiles;
mod project;
mod service_files;
mod unique;
mod work;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

pub use bases::Bases;
pub(crate) use discover::{DEFAULT_NAMES, OVERRIDE_NAMES};
pub use service_files::read_service_files;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::env::{EnvValue, Environment, add_project_dotenv, project_environment};
use crate::fs::{FileSystem, resolve};
use crate::rules;
use crate::source::{SourceId, Sources};
use crate::yaml::Node;
use project::FileRef;

/// What the command line says about the project.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// `-f` files in order; empty means `COMPOSE_FILE`, else the default file names.
    pub files: Vec<PathBuf>,
    /// `--env-file` files; empty means the project's `.env`.
    pub env_files: Vec<PathBuf>,
    /// `--profile` names (`*` enables every profile).
    pub profiles: Vec<String>,
    pub project_directory: Option<PathBuf>,
    /// The directory relative command-line paths are resolved against.
    pub working_dir: PathBuf,
    /// Variables from the site profile, below the process environment.
    pub site_env: Vec<(String, EnvValue)>,
    /// `-p`: the project name, over `COMPOSE_PROJECT_NAME` and the files' `name`.
    pub project_name: Option<String>,
    /// The site's variables marked `secret: true`, which may not be interpolated.
    pub secret_vars: Vec<String>,
}

/// One merged, interpolated project tree and what is needed to read it.
#[derive(Debug)]
pub struct Loaded {
    /// The top-level mapping, with `include`, `extends` and `profiles` consumed.
    pub tree: Node,
    /// The variables interpolation used.
    pub env: Environment,
    pub project_dir: PathBuf,
    /// The compose files of the project (command line, `COMPOSE_FILE` or defaults), in
    /// the order they were merged.
    pub files: Vec<SourceId>,
    /// The directory relative paths are relative to, per source.
    pub bases: Bases,
    /// The project name imposed by `-p` or `COMPOSE_PROJECT_NAME` (then with where it
    /// was written), over the files' `name`.
    pub project_name: Option<EnvValue>,
}

/// Loads the project. Returns `None` when there is nothing to lower: no compose file was
/// found, or one of the project's files could not be read or parsed.
pub fn load(
    options: &LoadOptions,
    fs: &dyn FileSystem,
    process_env: &[(String, String)],
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Option<Loaded> {
    let env_files: Vec<PathBuf> = options
        .env_files
        .iter()
        .map(|file| resolve(&options.working_dir, file))
        .collect();
    let build_env = |dir: &Path, sources: &mut Sources, diagnostics: &mut Diagnostics| {
        project_environment(
            fs,
            sources,
            process_env,
            options.site_env.clone(),
            &env_files,
            dir,
            diagnostics,
        )
    };
    // Without `-f`, compose reads `COMPOSE_FILE` and `COMPOSE_PATH_SEPARATOR` from the
    // environment including the env files, the default `.env` being the one in the
    // project directory given or the working directory. When the files are found in
    // another directory, that directory's `.env` fills in what the first left unset.
    let (found, env) = if options.files.is_empty() {
        let settings_dir = options.project_directory.as_deref().map_or_else(
            || options.working_dir.clone(),
            |dir| resolve(&options.working_dir, dir),
        );
        let mut early = Diagnostics::new();
        let settings = build_env(&settings_dir, sources, &mut early);
        let found = discover::discover(options, fs, &settings, sources, diagnostics);
        let found = match found {
            Some(found) => found,
            None => {
                diagnostics.extend(early);
                return None;
            }
        };
        diagnostics.extend(early);
        let mut env = settings;
        if found.project_dir != settings_dir && env_files.is_empty() {
            add_project_dotenv(
                fs,
                sources,
                process_env,
                &mut env,
                &found.project_dir,
                diagnostics,
            );
        }
        (found, env)
    } else {
        let found = discover::discover(options, fs, &Environment::new(), sources, diagnostics)?;
        let env = build_env(&found.project_dir, sources, diagnostics);
        (found, env)
    };
    // As compose, stop when an `--env-file` cannot be read: every variable it would have
    // set would be reported again as unset.
    if env_files.iter().any(|file| sources.find(file).is_none()) {
        return None;
    }
    let project_name = project_name(options, &env, diagnostics);
    let mut env = env;
    env.mark_secret(options.secret_vars.iter().cloned());

    let mut loader = Loader {
        fs,
        sources,
        diagnostics,
        bases: Bases::new(found.project_dir.clone()),
        included: include::Included::default(),
        work: work::Work::default(),
    };
    let files: Vec<FileRef> = found
        .files
        .into_iter()
        .map(|path| FileRef {
            path,
            referenced_at: None,
        })
        .collect();
    let project = loader.project(&files, &env, &found.project_dir, &mut Vec::new());
    let Loader {
        diagnostics, bases, ..
    } = loader;
    if !project.complete {
        return None;
    }
    let mut tree = project.tree?;
    if too_many_services(&tree, diagnostics) {
        return None;
    }
    unique::enforce(&mut tree);
    profiles::apply(&mut tree, &enabled_profiles(options, &env), diagnostics);
    Some(Loaded {
        tree,
        env,
        project_dir: found.project_dir,
        files: project.files,
        bases,
        project_name,
    })
}

/// The name `-p` gives, else `COMPOSE_PROJECT_NAME` (process environment, site, env
/// files), as compose-go takes it; either must already be a valid compose name.
fn project_name(
    options: &LoadOptions,
    env: &Environment,
    diagnostics: &mut Diagnostics,
) -> Option<EnvValue> {
    let name = match &options.project_name {
        Some(name) => EnvValue {
            value: name.clone(),
            origin: None,
        },
        None => env
            .get("COMPOSE_PROJECT_NAME")
            .filter(|value| !value.value.is_empty())?
            .clone(),
    };
    if !is_valid_project_name(&name.value) {
        let from = if options.project_name.is_some() {
            "`-p`"
        } else {
            "`COMPOSE_PROJECT_NAME`"
        };
        diagnostics.push(
            Diagnostic::new(
                &rules::INVALID_NAME,
                format!("invalid project name `{}` from {from}", name.value),
            )
            .at_opt(name.origin)
            .help("use lowercase letters, digits, `-` and `_`, starting with a letter or a digit"),
        );
        return None;
    }
    Some(name)
}

/// Whether compose accepts a project name as it is: lowercase letters, digits, `-` and
/// `_`, starting with a letter or a digit.
pub fn is_valid_project_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// The profiles to enable: `--profile` (or `COMPOSE_PROFILES` in the process
/// environment, which the command line reads), else `COMPOSE_PROFILES` from the site's
/// `env` or the project's env files, as compose reads its own settings from `.env` too.
fn enabled_profiles(options: &LoadOptions, env: &Environment) -> Vec<String> {
    if !options.profiles.is_empty() {
        return options.profiles.clone();
    }
    env.get("COMPOSE_PROFILES")
        .map(|value| {
            value
                .value
                .split(',')
                .map(str::trim)
                .filter(|name| !name.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// The most services a project may have, after its files are merged.
pub const MAX_SERVICES: usize = 10_000;

/// Reports a project with more than [`MAX_SERVICES`] services, at the first service
/// past the limit, so that it is neither lowered nor translated.
fn too_many_services(tree: &Node, diagnostics: &mut Diagnostics) -> bool {
    let Some(services) = tree
        .as_map()
        .and_then(|map| map.get("services"))
        .and_then(Node::as_map)
    else {
        return false;
    };
    let Some(first_extra) = services.entries.get(MAX_SERVICES) else {
        return false;
    };
    diagnostics.push(
        Diagnostic::new(
            &rules::TOO_MANY_SERVICES,
            format!(
                "this project has {} services, more than the {MAX_SERVICES} swarmc compiles",
                services.len()
            ),
        )
        .at(first_extra.key.span)
        .label(format!("service {} of the project", MAX_SERVICES + 1))
        .help("split the project into several stacks"),
    );
    true
}

/// What every loading step shares: where files come from, where they are kept, where
/// problems go, and the base directory recorded for each file read.
struct Loader<'a> {
    fs: &'a dyn FileSystem,
    sources: &'a mut Sources,
    diagnostics: &'a mut Diagnostics,
    bases: Bases,
    /// The included projects loaded so far, so that each is loaded once however often
    /// it is included (see [`include`]).
    included: include::Included,
    /// What includes and extends have cost so far (see [`work`]).
    work: work::Work,
}
