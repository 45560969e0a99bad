//! Paths on the machine that runs compose (bind-mount sources, `env_file`, secret and
//! config files, build contexts). They are resolved when the model is built, so later
//! stages never need to know which file a path was written in.

use super::Text;
use std::path::PathBuf;

/// What a host path was written relative to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PathAnchor {
    /// Written absolute (`/srv/data`, or a Windows path such as `C:\data`).
    Absolute,
    /// Written relative (`./data`, `data`); resolved against the directory of the file
    /// that wrote it.
    Relative,
    /// Written from the home directory (`~/data`); `path` is the part after `~/`,
    /// because the home directory belongs to the machine that deploys.
    Home,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct HostPath {
    /// Absolute and lexically normalised, except for [`PathAnchor::Home`].
    pub path: PathBuf,
    /// The text as written.
    pub written: Text,
    pub anchor: PathAnchor,
}

impl HostPath {
    pub fn is_relative(&self) -> bool {
        self.anchor == PathAnchor::Relative
    }
}
