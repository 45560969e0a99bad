//! The project's interpolation environment, built the way `docker compose` builds it:
//! the process environment wins over everything, then the site profile's `env` (which
//! compose does not have), then the env files. Env files are either the ones given with
//! `--env-file`, later ones overriding earlier ones, or else the project's `.env` when
//! there is one (unless `COMPOSE_DISABLE_ENV_FILE` is true in the process environment).

use std::path::{Path, PathBuf};

use indexmap::IndexMap;

use super::{EnvValue, Environment, dotenv};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::fs::{self, FileSystem};
use crate::read::read_source;
use crate::rules;
use crate::source::{SourceKind, Sources, Span};

/// Reads one env file. `referenced_at` is where its path was written, if in a file;
/// `lookup` answers bare names and interpolation in values first, then the file's own
/// earlier lines, then `below` (the files read before it, which its lines shadow).
/// Returns `None` after reporting why the file cannot be read; syntax errors are
/// reported and the readable lines are still returned.
pub fn read_env_file(
    fs: &dyn FileSystem,
    sources: &mut Sources,
    path: &Path,
    referenced_at: Option<Span>,
    lookup: &Environment,
    below: &Environment,
    diagnostics: &mut Diagnostics,
) -> Option<Vec<(String, EnvValue)>> {
    let id = read_source(
        fs,
        sources,
        path,
        SourceKind::EnvFile,
        referenced_at,
        diagnostics,
    )?;
    Some(dotenv::parse(
        &sources.get(id).text,
        id,
        lookup,
        below,
        diagnostics,
    ))
}

/// Reads one env file written with `format: raw` ([`super::raw`]); `referenced_at` and
/// the result as for [`read_env_file`].
pub fn read_raw_env_file(
    fs: &dyn FileSystem,
    sources: &mut Sources,
    path: &Path,
    referenced_at: Option<Span>,
    lookup: &Environment,
    diagnostics: &mut Diagnostics,
) -> Option<Vec<(String, EnvValue)>> {
    let id = read_source(
        fs,
        sources,
        path,
        SourceKind::EnvFile,
        referenced_at,
        diagnostics,
    )?;
    Some(super::raw::parse(
        &sources.get(id).text,
        id,
        lookup,
        diagnostics,
    ))
}

/// Builds the environment that interpolates the project's compose files.
///
/// `env_files` are the `--env-file` paths as given (relative ones are relative to the
/// working directory, which the caller has already applied); a missing one is reported
/// without a location. With none, `<project_dir>/.env` is read when it exists and
/// `COMPOSE_DISABLE_ENV_FILE` does not turn it off.
/// Interpolation inside an env file sees the process environment, then the site's
/// `env`, then the variables set so far, its own earlier lines over the files read
/// before it, as compose-go's `GetEnvFromFile` layers them (minus the site, which
/// compose does not have).
pub fn project_environment(
    fs: &dyn FileSystem,
    sources: &mut Sources,
    process_env: &[(String, String)],
    site: Vec<(String, EnvValue)>,
    env_files: &[PathBuf],
    project_dir: &Path,
    diagnostics: &mut Diagnostics,
) -> Environment {
    let mut env = Environment::new();
    env.add_layer(process_env.iter().map(|(name, value)| {
        let value = EnvValue {
            value: value.clone(),
            origin: None,
        };
        (name.clone(), value)
    }));
    env.add_layer(site);

    let default_file;
    let files = if env_files.is_empty() {
        default_file = default_env_file(fs, process_env, project_dir, diagnostics);
        default_file.as_slice()
    } else {
        env_files
    };

    let mut from_files: IndexMap<String, EnvValue> = IndexMap::new();
    for path in files {
        let mut below = Environment::new();
        below.add_layer(from_files.iter().map(|(k, v)| (k.clone(), v.clone())));
        if let Some(vars) = read_env_file(fs, sources, path, None, &env, &below, diagnostics) {
            from_files.extend(vars);
        }
    }
    env.add_layer(from_files);
    env
}

/// Adds `<dir>/.env` below every layer of `env`, as compose-go does when it finds the
/// project's files in a directory other than the working directory: the working
/// directory's `.env` was read first and wins, the project's fills in what it left
/// unset. Nothing is added with `--env-file` (the caller's concern) or when
/// `COMPOSE_DISABLE_ENV_FILE` turns the default file off.
pub fn add_project_dotenv(
    fs: &dyn FileSystem,
    sources: &mut Sources,
    process_env: &[(String, String)],
    env: &mut Environment,
    dir: &Path,
    diagnostics: &mut Diagnostics,
) {
    // A bad `COMPOSE_DISABLE_ENV_FILE` was reported with the working directory's file.
    let Some(path) = default_env_file(fs, process_env, dir, &mut Diagnostics::new()) else {
        return;
    };
    let below = Environment::new();
    if let Some(vars) = read_env_file(fs, sources, &path, None, env, &below, diagnostics) {
        env.add_layer(vars);
    }
}

/// `<dir>/.env` when it is a file and `COMPOSE_DISABLE_ENV_FILE` (read from the process
/// environment only, as compose-go reads it) is unset or false.
fn default_env_file(
    fs: &dyn FileSystem,
    process_env: &[(String, String)],
    dir: &Path,
    diagnostics: &mut Diagnostics,
) -> Option<std::path::PathBuf> {
    let setting = process_env
        .iter()
        .rev()
        .find(|(name, _)| name == DISABLE_ENV_FILE)
        .map(|(_, value)| value.as_str());
    if let Some(value) = setting {
        match parse_bool(value) {
            Some(true) => return None,
            Some(false) => {}
            None => {
                diagnostics.push(
                    Diagnostic::new(
                        &rules::INVALID_COMPOSE_SETTING,
                        format!("`{DISABLE_ENV_FILE}` is `{value}`, not a boolean"),
                    )
                    .help(
                        "set it to `true` or `1` to skip the default `.env`, `false` or `0` to read it",
                    ),
                );
                return None;
            }
        }
    }
    let path = fs::resolve(dir, Path::new(".env"));
    fs.is_file(&path).then_some(path)
}

/// The process variable that turns the default `.env` off.
const DISABLE_ENV_FILE: &str = "COMPOSE_DISABLE_ENV_FILE";

/// A boolean as Go's `strconv.ParseBool` reads it, which is how compose reads its
/// `COMPOSE_*` switches.
fn parse_bool(value: &str) -> Option<bool> {
    match value {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// The site profile's layer of the environment: its `vars`, then its env files (a later
/// file wins over an earlier one), in one list whose earlier entries win. Values in the
/// files may use the process environment and the site's `vars`.
pub fn site_layer(
    fs: &dyn FileSystem,
    sources: &mut Sources,
    process_env: &[(String, String)],
    vars: Vec<(String, EnvValue)>,
    files: &[(PathBuf, Option<Span>)],
    diagnostics: &mut Diagnostics,
) -> Vec<(String, EnvValue)> {
    let mut lookup = Environment::new();
    lookup.add_layer(process_env.iter().map(|(k, v)| {
        (
            k.clone(),
            EnvValue {
                value: v.clone(),
                origin: None,
            },
        )
    }));
    lookup.add_layer(vars.iter().cloned());
    let mut from_files = Vec::new();
    for (path, named_at) in files {
        let below = Environment::new();
        if let Some(values) =
            read_env_file(fs, sources, path, *named_at, &lookup, &below, diagnostics)
        {
            from_files.push(values);
        }
    }
    let mut layer = vars;
    layer.extend(from_files.into_iter().rev().flatten());
    layer
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fs::MemoryFs;

    struct Built {
        env: Environment,
        sources: Sources,
        diagnostics: Diagnostics,
    }

    impl Built {
        fn value(&self, name: &str) -> Option<&str> {
            self.env.get(name).map(|v| v.value.as_str())
        }

        fn origin(&self, name: &str) -> Option<&str> {
            let origin = self.env.get(name)?.origin?;
            Some(self.sources.text(origin))
        }
    }

    fn build(files: &[(&str, &str)], env_files: &[&str], process: &[(&str, &str)]) -> Built {
        let mut fs = MemoryFs::new();
        for (path, text) in files {
            fs.insert(*path, text.as_bytes().to_vec());
        }
        let mut sources = Sources::new();
        let mut diagnostics = Diagnostics::new();
        let process: Vec<(String, String)> = process
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let site = vec![(
            "SITE".to_owned(),
            EnvValue {
                value: "site".to_owned(),
                origin: None,
            },
        )];
        let env_files: Vec<PathBuf> = env_files.iter().map(PathBuf::from).collect();
        let env = project_environment(
            &fs,
            &mut sources,
            &process,
            site,
            &env_files,
            Path::new("/p"),
            &mut diagnostics,
        );
        Built {
            env,
            sources,
            diagnostics,
        }
    }

    #[test]
    fn the_project_env_file_is_read_when_present() {
        let built = build(&[("/p/.env", "TAG=1.27\n")], &[], &[]);
        assert!(built.diagnostics.is_empty());
        assert_eq!(built.value("TAG"), Some("1.27"));
        assert_eq!(built.origin("TAG"), Some("1.27"));
        let built = build(&[], &[], &[("HOME", "/root")]);
        assert!(built.diagnostics.is_empty());
        assert_eq!(built.value("HOME"), Some("/root"));
        assert_eq!(built.value("TAG"), None);
    }

    #[test]
    fn process_beats_site_beats_env_files() {
        let built = build(
            &[("/p/.env", "A=file\nSITE=file\nONLY=file\n")],
            &[],
            &[("A", "process")],
        );
        assert_eq!(built.value("A"), Some("process"));
        assert_eq!(built.origin("A"), None);
        assert_eq!(built.value("SITE"), Some("site"));
        assert_eq!(built.value("ONLY"), Some("file"));
    }

    #[test]
    fn given_env_files_replace_the_default_and_later_ones_win() {
        let built = build(
            &[
                ("/p/.env", "DEFAULT=1\n"),
                ("one.env", "A=1\nB=1\n"),
                ("two.env", "B=2\nC=$A-$B-$SITE\n"),
            ],
            &["one.env", "two.env"],
            &[],
        );
        assert!(built.diagnostics.is_empty());
        assert_eq!(built.value("DEFAULT"), None);
        assert_eq!(built.value("A"), Some("1"));
        assert_eq!(built.value("B"), Some("2"));
        // The file's own earlier lines shadow the files read before, as in compose-go.
        assert_eq!(built.value("C"), Some("1-2-site"));
    }

    #[test]
    fn a_missing_env_file_is_reported_without_a_location() {
        let built = build(&[("one.env", "A=1\n")], &["one.env", "missing.env"], &[]);
        assert_eq!(built.value("A"), Some("1"));
        let found: Vec<_> = built
            .diagnostics
            .iter()
            .map(|d| (d.rule.code, d.primary.is_none(), d.message.as_str()))
            .collect();
        assert_eq!(
            found,
            vec![("SW001", true, "cannot read `missing.env`: no such file")]
        );
    }

    #[test]
    fn an_env_file_named_from_a_compose_file_is_reported_there() {
        let fs = MemoryFs::new();
        let mut sources = Sources::new();
        let id = sources.add(
            "compose.yaml",
            None,
            SourceKind::Compose,
            "env_file: x.env".to_owned(),
        );
        let at = Span::new(id, 10, 15);
        let mut diagnostics = Diagnostics::new();
        let vars = read_env_file(
            &fs,
            &mut sources,
            Path::new("x.env"),
            Some(at),
            &Environment::new(),
            &Environment::new(),
            &mut diagnostics,
        );
        assert!(vars.is_none());
        let primary = diagnostics.iter().next().unwrap().primary.as_ref().unwrap();
        assert_eq!(sources.text(primary.span), "x.env");
    }

    #[test]
    fn site_vars_win_over_site_files_and_later_files_over_earlier() {
        let mut fs = MemoryFs::new();
        fs.insert("/site/a.env", b"HOST=a\nPORT=1\nONLY_A=x\n".to_vec());
        fs.insert(
            "/site/b.env",
            b"PORT=2\nURL=http://${HOST}:${PORT}\n".to_vec(),
        );
        let mut sources = Sources::new();
        let mut diagnostics = Diagnostics::new();
        let vars = vec![(
            "HOST".to_owned(),
            EnvValue {
                value: "vars".to_owned(),
                origin: None,
            },
        )];
        let files = [
            (PathBuf::from("/site/a.env"), None),
            (PathBuf::from("/site/b.env"), None),
        ];
        let layer = site_layer(&fs, &mut sources, &[], vars, &files, &mut diagnostics);
        let mut env = Environment::new();
        env.add_layer(layer);
        let value = |name: &str| env.get(name).map(|v| v.value.clone());
        assert!(diagnostics.is_empty());
        assert_eq!(value("HOST").as_deref(), Some("vars"));
        assert_eq!(value("PORT").as_deref(), Some("2"));
        assert_eq!(value("ONLY_A").as_deref(), Some("x"));
        // Site files interpolate with the site's own vars.
        assert_eq!(value("URL").as_deref(), Some("http://vars:2"));
    }
}
