//! Which compose files make the project, and which directory is the project directory,
//! decided as compose-go's `cli` package decides them: `-f` files, else the paths in
//! `COMPOSE_FILE`, else the first default file name found in the working directory or
//! the nearest parent that has one, with its override file.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::env::Environment;
use crate::fs::{FileSystem, STDIN, resolve};
use crate::rules;
use crate::source::Sources;

use super::LoadOptions;

/// The names compose looks for, in order of preference.
pub(crate) const DEFAULT_NAMES: [&str; 4] = [
    "compose.yaml",
    "compose.yml",
    "docker-compose.yml",
    "docker-compose.yaml",
];

/// The override files read after a default file, in order of preference.
pub(crate) const OVERRIDE_NAMES: [&str; 4] = [
    "compose.override.yml",
    "compose.override.yaml",
    "docker-compose.override.yml",
    "docker-compose.override.yaml",
];

/// The files of the project, in merge order, and the project directory.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Found {
    pub(super) files: Vec<PathBuf>,
    pub(super) project_dir: PathBuf,
}

/// Returns `None` after an error when no compose file can be found.
pub(super) fn discover(
    options: &LoadOptions,
    fs: &dyn FileSystem,
    env: &Environment,
    sources: &Sources,
    diagnostics: &mut Diagnostics,
) -> Option<Found> {
    let working_dir = &options.working_dir;
    let project_directory = options
        .project_directory
        .as_deref()
        .map(|dir| resolve(working_dir, dir));
    let files = if !options.files.is_empty() {
        options
            .files
            .iter()
            .map(|file| command_line_path(working_dir, file))
            .collect()
    } else if let Some(files) = compose_file_variable(env, working_dir) {
        files
    } else {
        let start = project_directory.as_deref().unwrap_or(working_dir);
        default_files(fs, start, diagnostics)?
    };
    warn_about_repeated_files(&files, sources, diagnostics);
    let project_dir = project_directory.unwrap_or_else(|| {
        files
            .iter()
            .find(|file| file.as_os_str() != STDIN)
            .and_then(|file| file.parent())
            .map_or_else(|| working_dir.clone(), Path::to_path_buf)
    });
    Some(Found { files, project_dir })
}

fn command_line_path(working_dir: &Path, file: &Path) -> PathBuf {
    if file.as_os_str() == STDIN {
        file.to_path_buf()
    } else {
        resolve(working_dir, file)
    }
}

/// The paths in `COMPOSE_FILE`, split on `COMPOSE_PATH_SEPARATOR` (default: the
/// system's list separator), or `None` when it is unset or names nothing. Both come
/// from the environment compose reads its settings from: the process environment,
/// then the env files.
fn compose_file_variable(env: &Environment, working_dir: &Path) -> Option<Vec<PathBuf>> {
    let lookup = |name: &str| env.get(name).map(|value| value.value.as_str());
    let list = lookup("COMPOSE_FILE")?;
    let separator = match lookup("COMPOSE_PATH_SEPARATOR") {
        Some(separator) if !separator.is_empty() => separator,
        _ if cfg!(windows) => ";",
        _ => ":",
    };
    let files: Vec<PathBuf> = list
        .split(separator)
        .filter(|file| !file.is_empty())
        .map(|file| command_line_path(working_dir, Path::new(file)))
        .collect();
    (!files.is_empty()).then_some(files)
}

/// The first default file found from `start` upwards, with its override file.
fn default_files(
    fs: &dyn FileSystem,
    start: &Path,
    diagnostics: &mut Diagnostics,
) -> Option<Vec<PathBuf>> {
    let mut dir = Some(start);
    while let Some(current) = dir {
        let found = existing(fs, current, &DEFAULT_NAMES);
        if let Some(first) = found.first() {
            warn_about_several(&found, "compose files", diagnostics);
            let mut files = vec![current.join(first)];
            let overrides = existing(fs, current, &OVERRIDE_NAMES);
            warn_about_several(&overrides, "override files", diagnostics);
            files.extend(overrides.first().map(|name| current.join(name)));
            return Some(files);
        }
        dir = current.parent();
    }
    diagnostics.push(
        Diagnostic::new(
            &rules::NO_COMPOSE_FILE,
            format!(
                "no compose file in `{}` or its parent directories",
                start.display()
            ),
        )
        .help("create `compose.yaml`, or name the compose file with `-f`"),
    );
    None
}

fn existing(fs: &dyn FileSystem, dir: &Path, names: &[&'static str]) -> Vec<&'static str> {
    names
        .iter()
        .copied()
        .filter(|name| fs.is_file(&dir.join(name)))
        .collect()
}

fn warn_about_several(names: &[&str], what: &str, diagnostics: &mut Diagnostics) {
    if let [first, ..] = names
        && names.len() > 1
    {
        let list = names
            .iter()
            .map(|name| format!("`{name}`"))
            .collect::<Vec<_>>()
            .join(", ");
        diagnostics.push(
            Diagnostic::new(
                &rules::SEVERAL_COMPOSE_FILES,
                format!("found several {what} ({list}); using `{first}`"),
            )
            .help(format!("remove or rename the ones that are not `{first}`")),
        );
    }
}

fn warn_about_repeated_files(files: &[PathBuf], sources: &Sources, diagnostics: &mut Diagnostics) {
    for (index, file) in files.iter().enumerate() {
        let first = files.iter().position(|other| other == file);
        let repeats = files[index + 1..].contains(file);
        if first == Some(index) && repeats {
            diagnostics.push(
                Diagnostic::new(
                    &rules::COMPOSE_FILE_REPEATED,
                    format!("`{}` is named more than once", sources.display_name(file)),
                )
                .help("name each compose file once; a file merged over itself repeats its lists"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::EnvValue;
    use crate::fs::MemoryFs;

    fn discovered(
        files: &[&str],
        project_directory: Option<&str>,
        fs: &MemoryFs,
        env: &[(&str, &str)],
    ) -> (Option<Found>, Vec<&'static str>) {
        let options = LoadOptions {
            files: files.iter().map(PathBuf::from).collect(),
            project_directory: project_directory.map(PathBuf::from),
            working_dir: PathBuf::from("/w/sub"),
            ..LoadOptions::default()
        };
        let mut layer = Environment::new();
        layer.add_layer(env.iter().map(|(k, v)| {
            let value = EnvValue {
                value: (*v).to_owned(),
                origin: None,
            };
            ((*k).to_owned(), value)
        }));
        let env = layer;
        let mut diagnostics = Diagnostics::new();
        let sources = Sources::with_base(PathBuf::from("/w/sub"));
        let found = discover(&options, fs, &env, &sources, &mut diagnostics);
        (found, diagnostics.iter().map(|d| d.code()).collect())
    }

    fn paths(list: &[&str]) -> Vec<PathBuf> {
        list.iter().map(PathBuf::from).collect()
    }

    #[test]
    fn command_line_files_are_resolved_against_the_working_directory() {
        let (found, codes) = discovered(&["a.yaml", "../b.yaml", "-"], None, &MemoryFs::new(), &[]);
        let found = found.unwrap();
        assert_eq!(found.files, paths(&["/w/sub/a.yaml", "/w/b.yaml", "-"]));
        assert_eq!(found.project_dir, PathBuf::from("/w/sub"));
        assert!(codes.is_empty());
    }

    #[test]
    fn the_project_directory_is_the_first_real_files_directory() {
        let (found, _) = discovered(&["-", "x/a.yaml"], None, &MemoryFs::new(), &[]);
        assert_eq!(found.unwrap().project_dir, PathBuf::from("/w/sub/x"));
        let (found, _) = discovered(&["-"], None, &MemoryFs::new(), &[]);
        assert_eq!(found.unwrap().project_dir, PathBuf::from("/w/sub"));
        let (found, _) = discovered(&["x/a.yaml"], Some("../p"), &MemoryFs::new(), &[]);
        assert_eq!(found.unwrap().project_dir, PathBuf::from("/w/p"));
    }

    #[test]
    fn default_files_are_found_with_their_override() {
        let mut fs = MemoryFs::new();
        fs.insert("/w/sub/docker-compose.yml", "");
        fs.insert("/w/sub/compose.override.yaml", "");
        let (found, codes) = discovered(&[], None, &fs, &[]);
        let found = found.unwrap();
        assert_eq!(
            found.files,
            paths(&["/w/sub/docker-compose.yml", "/w/sub/compose.override.yaml"])
        );
        assert_eq!(found.project_dir, PathBuf::from("/w/sub"));
        assert!(codes.is_empty());
    }

    #[test]
    fn several_default_files_warn_and_the_first_name_wins() {
        let mut fs = MemoryFs::new();
        fs.insert("/w/sub/docker-compose.yaml", "");
        fs.insert("/w/sub/compose.yml", "");
        let (found, codes) = discovered(&[], None, &fs, &[]);
        assert_eq!(found.unwrap().files, paths(&["/w/sub/compose.yml"]));
        assert_eq!(codes, ["SW006"]);
    }

    #[test]
    fn default_files_are_searched_in_parent_directories() {
        let mut fs = MemoryFs::new();
        fs.insert("/w/compose.yaml", "");
        let (found, _) = discovered(&[], None, &fs, &[]);
        let found = found.unwrap();
        assert_eq!(found.files, paths(&["/w/compose.yaml"]));
        assert_eq!(found.project_dir, PathBuf::from("/w"));
    }

    #[test]
    fn default_files_are_searched_from_the_project_directory() {
        let mut fs = MemoryFs::new();
        fs.insert("/w/sub/compose.yaml", "");
        fs.insert("/p/compose.yaml", "");
        let (found, _) = discovered(&[], Some("/p"), &fs, &[]);
        assert_eq!(found.unwrap().files, paths(&["/p/compose.yaml"]));
    }

    #[test]
    fn no_compose_file_is_an_unlocated_error() {
        let (found, codes) = discovered(&[], None, &MemoryFs::new(), &[]);
        assert!(found.is_none());
        assert_eq!(codes, ["SW005"]);
    }

    #[test]
    fn compose_file_variable_lists_files_when_no_file_is_named() {
        let env = [("COMPOSE_FILE", "a.yaml:/abs/b.yaml:")];
        let (found, _) = discovered(&[], None, &MemoryFs::new(), &env);
        assert_eq!(
            found.unwrap().files,
            paths(&["/w/sub/a.yaml", "/abs/b.yaml"])
        );
        let env = [
            ("COMPOSE_FILE", "a.yaml;b.yaml"),
            ("COMPOSE_PATH_SEPARATOR", ";"),
        ];
        let (found, _) = discovered(&[], None, &MemoryFs::new(), &env);
        assert_eq!(
            found.unwrap().files,
            paths(&["/w/sub/a.yaml", "/w/sub/b.yaml"])
        );
        let (found, _) = discovered(&["c.yaml"], None, &MemoryFs::new(), &env);
        assert_eq!(found.unwrap().files, paths(&["/w/sub/c.yaml"]));
    }

    #[test]
    fn a_file_named_twice_warns_once() {
        let (found, codes) = discovered(
            &["a.yaml", "./a.yaml", "a.yaml"],
            None,
            &MemoryFs::new(),
            &[],
        );
        assert_eq!(found.unwrap().files.len(), 3);
        assert_eq!(codes, ["SW007"]);
    }
}
