//! Stand-ins with the signatures of `crate::env`'s loading functions, used until that
//! module provides them: no interpolation, no `.env` files.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostics;
use crate::env::{EnvValue, Environment};
use crate::fs::FileSystem;
use crate::source::{Sources, Span};
use crate::yaml::Node;

pub(super) fn interpolate(_node: &mut Node, _env: &Environment, _diagnostics: &mut Diagnostics) {}

pub(super) fn project_environment(
    _fs: &dyn FileSystem,
    _sources: &mut Sources,
    process_env: &[(String, String)],
    site: Vec<(String, EnvValue)>,
    _env_files: &[PathBuf],
    _project_dir: &Path,
    _diagnostics: &mut Diagnostics,
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
    env
}

pub(super) fn read_env_file(
    _fs: &dyn FileSystem,
    _sources: &mut Sources,
    _path: &Path,
    _referenced_at: Option<Span>,
    _lookup: &Environment,
    _diagnostics: &mut Diagnostics,
) -> Option<Vec<(String, EnvValue)>> {
    None
}
