//! Entries of a service's `volumes`. The short syntax (`src:dst:mode`) is expanded into
//! the long one, deciding as compose does between a bind mount (the source starts with
//! `.`, `/`, `~` or a drive letter), a named volume and an anonymous volume.

use super::{ByteSize, HostPath, Keys, Mapping, Syntax, Text};
use crate::source::Span;
use crate::spanned::Spanned;

keyword_enum! {
    pub enum MountKind {
        Bind = "bind",
        Volume = "volume",
        Tmpfs = "tmpfs",
        Cluster = "cluster",
        Npipe = "npipe",
        Image = "image",
    }
}

keyword_enum! {
    pub enum Propagation {
        Rprivate = "rprivate",
        Private = "private",
        Rshared = "rshared",
        Shared = "shared",
        Rslave = "rslave",
        Slave = "slave",
    }
}

keyword_enum! {
    /// SELinux relabelling of a bind mount.
    pub enum SeLinux {
        /// `z`: content shared between containers.
        Shared = "z",
        /// `Z`: content private to this container.
        Private = "Z",
    }
}

keyword_enum! {
    pub enum BindRecursive {
        Enabled = "enabled",
        Disabled = "disabled",
        Writable = "writable",
        Readonly = "readonly",
    }
}

/// What is mounted.
#[derive(Clone, Debug, PartialEq)]
pub enum MountSource {
    /// A path on the host (bind mounts, resolved).
    Host(Spanned<HostPath>),
    /// The key of a top-level volume (volume mounts); checked to exist.
    Volume(Spanned<Text>),
    /// Anything else as written: an image reference, a named pipe, a cluster volume.
    Other(Spanned<Text>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Mount {
    /// The list item.
    pub span: Span,
    pub syntax: Syntax,
    /// Keys of the long syntax; empty for short syntax.
    pub keys: Keys,
    /// For short syntax, the span of the source part (or of the item when anonymous).
    pub kind: Spanned<MountKind>,
    /// `None` for an anonymous volume and for tmpfs.
    pub source: Option<MountSource>,
    pub target: Spanned<Text>,
    pub read_only: Option<Spanned<bool>>,
    pub consistency: Option<Spanned<Text>>,
    pub bind: Option<Box<BindOptions>>,
    pub volume: Option<Box<VolumeOptions>>,
    pub tmpfs: Option<Box<TmpfsOptions>>,
    pub image: Option<Box<ImageOptions>>,
}

impl Mount {
    pub fn is_read_only(&self) -> bool {
        self.read_only.as_ref().is_some_and(|r| r.value)
    }
}

/// `bind:` options; short-syntax modes (`z`, `rshared`, ...) land here too.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BindOptions {
    pub keys: Keys,
    pub propagation: Option<Spanned<Propagation>>,
    /// `None` means compose's default: create the host path when it is missing.
    pub create_host_path: Option<Spanned<bool>>,
    pub selinux: Option<Spanned<SeLinux>>,
    pub recursive: Option<Spanned<BindRecursive>>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct VolumeOptions {
    pub keys: Keys,
    pub nocopy: Option<Spanned<bool>>,
    pub subpath: Option<Spanned<Text>>,
    pub labels: Mapping,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct TmpfsOptions {
    pub keys: Keys,
    pub size: Option<Spanned<ByteSize>>,
    /// File mode, read as octal when written with a leading `0`.
    pub mode: Option<Spanned<u32>>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImageOptions {
    pub keys: Keys,
    pub subpath: Option<Spanned<Text>>,
}
