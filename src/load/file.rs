//! Reading one compose file into its YAML documents, and recording the directory its
//! relative paths are relative to.

use std::path::Path;

use super::Loader;
use crate::diagnostic::Diagnostic;
use crate::read::read_source;
use crate::rules;
use crate::source::{SourceId, SourceKind, Span};
use crate::yaml::{self, Node};

impl Loader<'_> {
    /// Reads `path` and returns its documents, each a mapping, in order. `base` is the
    /// directory relative paths in the file are relative to. Returns `None`, after
    /// reporting why, when the file cannot be read, is not valid YAML, is empty or has a
    /// document that is not a mapping. YAML errors that still leave a tree (a duplicate
    /// key) do not stop it.
    pub(super) fn read_compose(
        &mut self,
        path: &Path,
        base: &Path,
        referenced_at: Option<Span>,
    ) -> Option<(SourceId, Vec<Node>)> {
        let id = read_source(
            self.fs,
            self.sources,
            path,
            SourceKind::Compose,
            referenced_at,
            self.diagnostics,
        )?;
        let id = self.with_base(id, base);
        self.work.parsed(self.sources.get(id).text.len());
        let errors_before = self.error_count();
        let documents = yaml::parse(self.sources.get(id), id, self.diagnostics);
        if documents.is_empty() && self.error_count() > errors_before {
            // Not valid YAML; the parser said why.
            return None;
        }
        let mut mappings = Vec::new();
        let mut usable = true;
        for document in documents {
            if document.is_null() {
                continue;
            }
            if document.as_map().is_none() {
                self.diagnostics.push(
                    Diagnostic::new(
                        &rules::TOP_LEVEL_NOT_MAPPING,
                        format!(
                            "the top level of `{}` is {}, not a mapping",
                            self.sources.get(id).name,
                            document.describe()
                        ),
                    )
                    .at(document.span)
                    .help("put the services under a top-level `services:` key"),
                );
                usable = false;
                continue;
            }
            mappings.push(document);
        }
        if !usable {
            return None;
        }
        if mappings.is_empty() {
            let name = &self.sources.get(id).name;
            self.diagnostics.push(
                Diagnostic::new(&rules::EMPTY_FILE, format!("`{name}` is empty"))
                    .at(Span::new(id, 0, 0))
                    .help("add the `services` the project runs, or stop naming this file"),
            );
            return None;
        }
        Some((id, mappings))
    }

    /// The source to parse for `id` read with `base`: `id` itself, unless the file was
    /// already read with another base (a file reached both with `-f` and through
    /// `extends`, say), in which case a copy of it holds the spans for this base.
    fn with_base(&mut self, id: SourceId, base: &Path) -> SourceId {
        match self.bases.recorded(id) {
            None => {
                self.bases.record(id, base.to_path_buf());
                return id;
            }
            Some(recorded) if recorded == base => return id,
            Some(_) => {}
        }
        let path = self.sources.get(id).path.clone();
        let copy = self
            .sources
            .iter()
            .find(|(other, file)| file.path == path && self.bases.recorded(*other) == Some(base))
            .map(|(other, _)| other);
        if let Some(copy) = copy {
            return copy;
        }
        let file = self.sources.get(id);
        let (name, kind, text) = (file.name.clone(), file.kind, file.text.clone());
        let copy = self.sources.add(name, path, kind, text);
        self.bases.record(copy, base.to_path_buf());
        copy
    }

    fn error_count(&self) -> usize {
        self.diagnostics.count(crate::diagnostic::Severity::Error)
    }
}
