//! One project's files folded into one tree, document by document, in compose-go's
//! order: interpolate, import `include`d projects, resolve `extends`, merge over what
//! came before. The command-line project and every `include`d project load this way.

use std::path::{Path, PathBuf};

use super::Loader;
use super::merge::{Tags, merge, strip_tags};
use crate::env::{Environment, interpolate};
use crate::source::{SourceId, Span};
use crate::yaml::Node;

/// A file of a project and where it was named, if in another file.
#[derive(Clone, Debug)]
pub(super) struct FileRef {
    pub(super) path: PathBuf,
    pub(super) referenced_at: Option<Span>,
}

/// A project's merged tree.
pub(super) struct Project {
    /// `None` when no file had a document.
    pub(super) tree: Option<Node>,
    /// The files read, in order.
    pub(super) files: Vec<SourceId>,
    /// False when one of the files could not be read or parsed.
    pub(super) complete: bool,
}

impl Loader<'_> {
    /// Loads `files` in order and merges them. Relative paths in the files are relative
    /// to `base`. `chain` holds the files being loaded above this project, to find
    /// `include` cycles.
    pub(super) fn project(
        &mut self,
        files: &[FileRef],
        env: &Environment,
        base: &Path,
        chain: &mut Vec<PathBuf>,
    ) -> Project {
        let mut project = Project {
            tree: None,
            files: Vec::new(),
            complete: true,
        };
        for file in files {
            let Some((id, documents)) = self.read_compose(&file.path, base, file.referenced_at)
            else {
                project.complete = false;
                continue;
            };
            project.files.push(id);
            chain.push(file.path.clone());
            for mut document in documents {
                interpolate(&mut document, env, self.diagnostics);
                self.include(&mut document, env, chain);
                self.extends(&mut document, env);
                project.tree = match project.tree.take() {
                    None => strip_tags(document),
                    Some(tree) => merge(tree, document, &[], Tags::Consume, self.diagnostics),
                };
            }
            chain.pop();
        }
        project
    }
}
