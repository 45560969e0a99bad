//! The files a service reads its environment and labels from (`env_file`,
//! `label_file`), read once the project is lowered, so that translation can inline
//! them without doing I/O.
//!
//! As compose does: a file's `${...}` and bare names see the variables of the service's
//! earlier env files first, then the project's environment, then the file's own earlier
//! lines. A missing file marked `required: false` is skipped; a missing required one is
//! reported at its path.

use std::collections::HashSet;
use std::path::PathBuf;

use crate::compose::{FileVariable, HostPath, PathAnchor, Project, Text};
use crate::diagnostic::Diagnostics;
use crate::env::{EnvValue, Environment, read_env_file};
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
    };
    for service in project.services.values_mut() {
        let mut earlier: Vec<(String, EnvValue)> = Vec::new();
        for file in &mut service.env_file {
            let Some(path) = reader.path(&file.path.value) else {
                continue;
            };
            if !file.is_required() && !reader.fs.is_file(&path) {
                continue;
            }
            // Earlier files' values win in the lookup, the later one among them first.
            let mut lookup = Environment::new();
            lookup.add_layer(earlier.iter().rev().cloned());
            lookup.add_layer(env.iter().map(|(k, v)| (k.to_owned(), v.clone())));
            let vars = reader.read(&path, file.path.span, &lookup);
            if let Some(vars) = &vars {
                earlier.extend(vars.iter().cloned());
            }
            file.variables = vars.map(variables);
        }
        for file in &mut service.label_file {
            let Some(path) = reader.path(&file.path.value) else {
                continue;
            };
            file.labels = reader.read(&path, file.path.span, env).map(variables);
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
    ) -> Option<Vec<(String, EnvValue)>> {
        let known = self.sources.find(path);
        let first = known.is_none_or(|id| !self.parsed.contains(&id));
        let mut found = Diagnostics::new();
        let vars = read_env_file(
            self.fs,
            self.sources,
            path,
            Some(named_at),
            lookup,
            &mut found,
        );
        if first {
            self.diagnostics.extend(found);
        }
        if let Some(id) = self.sources.find(path) {
            self.parsed.insert(id);
        }
        vars
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
    fn later_files_see_earlier_ones_and_optional_missing_files_are_skipped() {
        let mut fs = MemoryFs::new();
        fs.insert("/p/a.env", b"A=1\nSHARED=a\n".to_vec());
        fs.insert("/p/b.env", b"SHARED=b-${A}-${FROM_ENV}\n".to_vec());
        let mut sources = Sources::new();
        let id = sources.add("compose.yaml", None, SourceKind::Compose, "x".repeat(10));
        let span = Span::new(id, 0, 1);
        let mut service = Service::new(Spanned::new(Text::new("app"), span));
        service.env_file = vec![
            env_file("/p/a.env", true, span),
            env_file("/p/missing.env", false, span),
            env_file("/p/b.env", true, span),
        ];
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
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
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
        assert_eq!(values(2), [("SHARED".into(), "b-1-env".into())]);
    }
}
