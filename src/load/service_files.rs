//! The files a service reads its environment and labels from (`env_file`,
//! `label_file`), read once the project is lowered, so that translation can inline
//! them without doing I/O.
//!
//! As compose-go's `WithServicesEnvironmentResolved` does: a file's `${...}` and bare
//! names see the project's environment first, then the values written in the service's
//! `environment`, then the file's own earlier lines; the service's other env files are
//! not seen. A missing file marked `required: false` is skipped; a missing required one
//! is reported at its path. A file with `format: raw` is read as `docker run --env-file`
//! reads it, values as written.
//!
//! Since a file's `${...}` depend on the service, each service parses the files it
//! names; the text parsed is counted over the run, and the file that takes it past
//! [`MAX_SERVICE_FILE_BYTES`](super::work::MAX_SERVICE_FILE_BYTES) is an `SW035` error where it is named.

use std::collections::HashSet;
use std::path::PathBuf;

use super::work::Work;
use crate::compose::{FileVariable, HostPath, PathAnchor, Project, Text};
use crate::diagnostic::Diagnostics;
use crate::env::{EnvValue, Environment, read_env_file, read_raw_env_file};
use crate::fs::FileSystem;
use crate::source::{SourceId, Sources, Span};

/// Reads every service's env files and label files into the model.
pub fn read_service_files(
    project: &mut Project,
    env: &Environment,
    fs: &dyn FileSystem,
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) {
    let mut reader = Reader {
        env,
        fs,
        sources,
        diagnostics,
        parsed: HashSet::new(),
        work: Work::default(),
    };
    // One copy of the project's variables, under which each service puts its own for
    // as long as its files are read: a copy per service would cost the project's
    // variables times its services.
    let mut lookup = env.clone();
    for service in project.services.values_mut() {
        if service.env_file.is_empty() && service.label_file.is_empty() {
            continue;
        }
        let own = service.environment.iter().filter_map(|(name, entry)| {
            let value = entry.value.as_ref()?;
            let value = EnvValue {
                value: value.value.to_string(),
                origin: Some(value.span),
            };
            Some((name.to_owned(), value))
        });
        let env_files = &mut service.env_file;
        lookup.with_layer(own, |lookup| {
            for file in env_files {
                let Some(path) = reader.path(&file.path.value) else {
                    continue;
                };
                if !file.is_required() && !reader.fs.is_file(&path) {
                    continue;
                }
                let raw = file.format.as_ref().is_some_and(|f| f.value == *"raw");
                let vars = reader.read(&path, file.path.span, lookup, raw);
                file.variables = vars.map(variables);
            }
        });
        for file in &mut service.label_file {
            let Some(path) = reader.path(&file.path.value) else {
                continue;
            };
            file.labels = reader
                .read(&path, file.path.span, env, false)
                .map(variables);
        }
    }
}

struct Reader<'a> {
    env: &'a Environment,
    fs: &'a dyn FileSystem,
    sources: &'a mut Sources,
    diagnostics: &'a mut Diagnostics,
    /// Files already parsed once: their syntax problems are reported only then.
    parsed: HashSet<SourceId>,
    /// The text parsed so far, each file each time (see [`MAX_SERVICE_FILE_BYTES`](super::work::MAX_SERVICE_FILE_BYTES));
    /// once past the limit, nothing more is read.
    work: Work,
}

impl Reader<'_> {
    /// Where the file is on this machine; a path from the home directory needs `HOME`.
    fn path(&self, path: &HostPath) -> Option<PathBuf> {
        match path.anchor {
            PathAnchor::Home => self
                .env
                .get("HOME")
                .map(|home| PathBuf::from(&home.value).join(&path.path)),
            PathAnchor::Absolute | PathAnchor::Relative => Some(path.path.clone()),
        }
    }

    fn read(
        &mut self,
        path: &std::path::Path,
        named_at: Span,
        lookup: &Environment,
        raw: bool,
    ) -> Option<Vec<(String, EnvValue)>> {
        let known = self.sources.find(path);
        if self.work.exhausted() {
            return None;
        }
        // A file read already is parsed again all the same: count it first.
        if let Some(id) = known {
            if !self.count(self.sources.get(id).text.len(), named_at) {
                return None;
            }
        }
        let first = known.is_none_or(|id| !self.parsed.contains(&id));
        let mut found = Diagnostics::new();
        let (fs, sources, at) = (self.fs, &mut *self.sources, Some(named_at));
        let vars = if raw {
            read_raw_env_file(fs, sources, path, at, lookup, &mut found)
        } else {
            read_env_file(
                fs,
                sources,
                path,
                at,
                lookup,
                &Environment::new(),
                &mut found,
            )
        };
        if first {
            self.diagnostics.extend(found);
        }
        if let Some(id) = self.sources.find(path) {
            self.parsed.insert(id);
            if known.is_none() && !self.count(self.sources.get(id).text.len(), named_at) {
                return None;
            }
        }
        vars
    }

    /// Counts `bytes` parsed for the file named at `named_at`; false, after reporting
    /// it, when they take the run past [`MAX_SERVICE_FILE_BYTES`](super::work::MAX_SERVICE_FILE_BYTES).
    fn count(&mut self, bytes: usize, named_at: Span) -> bool {
        self.work.service_file(bytes, named_at, self.diagnostics)
    }
}

fn variables(vars: Vec<(String, EnvValue)>) -> Vec<FileVariable> {
    vars.into_iter()
        .map(|(name, value)| FileVariable {
            name: Text::from(name),
            value: Text::from(value.value),
            origin: value.origin,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::Keys;
    use crate::compose::{EnvFile, Service, Syntax};
    use crate::fs::MemoryFs;
    use crate::source::SourceKind;
    use crate::spanned::Spanned;

    fn env_file(path: &str, required: bool, span: Span) -> EnvFile {
        EnvFile {
            span,
            syntax: Syntax::Short,
            keys: Keys::new(),
            path: Spanned::new(
                HostPath {
                    path: PathBuf::from(path),
                    written: Text::new(path),
                    anchor: PathAnchor::Absolute,
                },
                span,
            ),
            required: (!required).then(|| Spanned::new(false, span)),
            format: None,
            variables: None,
        }
    }

    #[test]
    fn files_see_the_project_then_the_services_environment_then_their_own_lines() {
        let mut fs = MemoryFs::new();
        fs.insert("/p/a.env", b"A=1\nSHARED=a\n".to_vec());
        fs.insert(
            "/p/b.env",
            b"OWN=o\nSHARED=b-${A}-${FROM_ENV}-${MODE}-${OWN}\n".to_vec(),
        );
        let mut sources = Sources::new();
        let id = sources.add("compose.yaml", None, SourceKind::Compose, "x".repeat(10));
        let span = Span::new(id, 0, 1);
        let mut service = Service::new(Spanned::new(Text::new("app"), span));
        service.env_file = vec![
            env_file("/p/a.env", true, span),
            env_file("/p/missing.env", false, span),
            env_file("/p/b.env", true, span),
        ];
        let entry = |name: &str, value: &str| crate::compose::MappingEntry {
            name: Text::new(name),
            key: span,
            value: Some(Spanned::new(Text::new(value), span)),
        };
        service.environment = crate::compose::Mapping::from_unique(
            vec![entry("MODE", "prod"), entry("FROM_ENV", "service")],
            crate::compose::ListOrMap::Map,
        );
        let mut project = Project::default();
        project.services.insert(Text::new("app"), service);
        let mut env = Environment::new();
        env.add_layer([(
            "FROM_ENV".to_owned(),
            EnvValue {
                value: "env".to_owned(),
                origin: None,
            },
        )]);
        let mut diagnostics = Diagnostics::new();
        read_service_files(&mut project, &env, &fs, &mut sources, &mut diagnostics);
        let unset: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            unset,
            ["variable `A` is not set and becomes an empty string"]
        );
        let files = &project.services["app"].env_file;
        let values = |i: usize| -> Vec<(String, String)> {
            files[i]
                .variables
                .iter()
                .flatten()
                .map(|v| (v.name.to_string(), v.value.to_string()))
                .collect()
        };
        assert_eq!(
            values(0),
            [("A".into(), "1".into()), ("SHARED".into(), "a".into())]
        );
        assert!(files[1].variables.is_none());
        // The service's other env files are not seen (`A` is empty).
        assert_eq!(
            values(2),
            [
                ("OWN".into(), "o".into()),
                ("SHARED".into(), "b--env-prod-o".into())
            ]
        );
    }
}
