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
