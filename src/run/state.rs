//! The swarm's current state for `check` and `diff`: the docker CLI's outputs, run with
//! `--docker` or read from `--state FILE|DIR`, added to the run's sources.

use std::path::{Path, PathBuf};

use super::error::RunError;
use crate::cli::DockerFlags;
use crate::diagnostic::Diagnostics;
use crate::fs::{RealFs, resolve};
use crate::source::{SourceId, SourceKind, Sources};

/// The docker outputs of `--docker` (run with `docker`'s flags) or of the files of
/// `--state FILE|DIR`, added to the run's sources; `Ok(None)` without either.
pub(super) fn state_files(
    docker: Option<&DockerFlags>,
    state: Option<&Path>,
    working_dir: &Path,
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Result<Option<Vec<SourceId>>, RunError> {
    let mut files = Vec::new();
    if let Some(flags) = docker {
        files = crate::docker_cli::run_state(&flags.to_args(), sources, diagnostics);
    } else if let Some(state) = state {
        let path = resolve(working_dir, state);
        let paths = if path.is_dir() {
            let entries = std::fs::read_dir(&path).map_err(|error| RunError::Unreadable {
                path: path.clone(),
                error,
            })?;
            let mut paths: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect();
            paths.sort();
            paths
        } else {
            vec![path]
        };
        let fs = RealFs::default();
        for path in paths {
            if let Some(id) = crate::read::read_source(
                &fs,
                sources,
                &path,
                SourceKind::DockerOutput,
                None,
                diagnostics,
            ) {
                files.push(id);
            }
        }
    } else {
        return Ok(None);
    }
    Ok(Some(files))
}
