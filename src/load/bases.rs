//! Which directory a relative host path is relative to, per source file.
//!
//! Compose resolves `./data` against the project directory in files named with `-f`,
//! against the extended file's own directory in a file reached through
//! `extends: {file}`, and against the included project's directory in an `include`d
//! file. Rather than rewriting paths while merging, loading records that directory for
//! every source, and the lowering stage resolves a relative path against the base of the
//! source its scalar was written in.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::source::{SourceId, Span};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bases {
    project_dir: PathBuf,
    by_source: BTreeMap<SourceId, PathBuf>,
}

impl Bases {
    /// Bases where every source not recorded otherwise is relative to `project_dir`.
    pub fn new(project_dir: PathBuf) -> Bases {
        Bases {
            project_dir,
            by_source: BTreeMap::new(),
        }
    }

    /// The directory relative paths written in `source` are relative to.
    pub fn get(&self, source: SourceId) -> &Path {
        self.by_source
            .get(&source)
            .map_or(self.project_dir.as_path(), PathBuf::as_path)
    }

    /// `path`, written at `span`, resolved against that source's base.
    pub fn resolve(&self, span: Span, path: &Path) -> PathBuf {
        crate::fs::resolve(self.get(span.source), path)
    }

    /// The project directory: the base of the command-line files.
    pub fn project_dir(&self) -> &Path {
        &self.project_dir
    }

    /// The base recorded for `source`, if any.
    pub(super) fn recorded(&self, source: SourceId) -> Option<&Path> {
        self.by_source.get(&source).map(PathBuf::as_path)
    }

    pub(super) fn record(&mut self, source: SourceId, base: PathBuf) {
        self.by_source.insert(source, base);
    }
}
