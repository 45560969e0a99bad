//! A service's mounts, in the long `volumes` syntax. The mount type is the enum
//! variant, so a bind mount always has a source and a tmpfs mount never does; tmpfs
//! mounts live here because docker silently ignores a service-level `tmpfs` key.
//! `cluster` mounts (CSI volumes) are not expressible: they need a volume specification
//! that compose files do not carry.

use schemars::JsonSchema;
use serde::Serialize;

use super::is_false;

/// An absolute path in the container (Linux, or a Windows drive path).
pub(crate) const TARGET_PATTERN: &str = r"^(?:/|[A-Za-z]:[\\/])";
/// A Windows named pipe: `\\.\pipe\name` or `//./pipe/name`.
pub(crate) const PIPE_PATTERN: &str = r"^[\\/]{2}[^\\/]+[\\/]pipe[\\/].";

/// One entry of a service's `volumes`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "type", rename_all = "lowercase", deny_unknown_fields)]
pub enum Mount {
    /// A named volume, or an anonymous one when `source` is absent.
    Volume {
        /// The volume's key in the stack's top-level `volumes`.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[schemars(length(min = 1))]
        source: Option<String>,
        #[schemars(regex(pattern = TARGET_PATTERN))]
        target: String,
        #[serde(skip_serializing_if = "is_false")]
        read_only: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        volume: Option<VolumeOptions>,
    },
    /// A path of the node the task runs on.
    Bind {
        /// An absolute path on the node, or one relative to the stack file.
        #[schemars(length(min = 1))]
        source: String,
        #[schemars(regex(pattern = TARGET_PATTERN))]
        target: String,
        #[serde(skip_serializing_if = "is_false")]
        read_only: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        bind: Option<BindOptions>,
    },
    /// A named pipe of the node, mounted into the container (Windows nodes).
    Npipe {
        #[schemars(regex(pattern = PIPE_PATTERN))]
        source: String,
        #[schemars(regex(pattern = PIPE_PATTERN))]
        target: String,
        #[serde(skip_serializing_if = "is_false")]
        read_only: bool,
    },
    /// A memory-backed file system.
    Tmpfs {
        #[schemars(regex(pattern = TARGET_PATTERN))]
        target: String,
        #[serde(skip_serializing_if = "is_false")]
        read_only: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        tmpfs: Option<TmpfsOptions>,
    },
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VolumeOptions {
    /// Do not copy the image's content at the target into a new, empty volume.
    #[serde(skip_serializing_if = "is_false")]
    pub nocopy: bool,
    /// Mount this path inside the volume instead of its root.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub subpath: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BindOptions {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub propagation: Option<Propagation>,
}

/// Mount propagation of a bind mount.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Propagation {
    Private,
    Rprivate,
    Shared,
    Rshared,
    Slave,
    Rslave,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TmpfsOptions {
    /// Size in bytes (docker takes an integer here, not a size with a unit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
}
