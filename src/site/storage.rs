//! Where data lives on the site. A swarm moves tasks between nodes, so a compose volume
//! or bind mount only works when the data is reachable wherever the task lands: backed
//! by NFS, present on every node, or pinned to the node that holds it.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::service::NodeSelector;

/// Shared and local storage.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Storage {
    /// NFS exports backing compose named volumes, by volume name (`shared_data`): the
    /// volume is created on each node with the `local` driver and `type: nfs`, so every
    /// task sees the same files.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub nfs: IndexMap<String, NfsExport>,

    /// Absolute host paths mounted at the same place on every node (`/data/xnat/archive`):
    /// bind mounts under them work wherever a task runs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shared_paths: Vec<String>,

    /// Where compose bind-mount sources are found on the nodes: a compose host path (as
    /// written, or relative to the project directory) mapped to the absolute node path
    /// (`./archive: /data/xnat/archive`). The longest matching prefix wins.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub path_translation: IndexMap<String, String>,

    /// Absolute host paths that exist on some nodes only, with the nodes that hold them:
    /// a service bind-mounting one is pinned there instead of being warned about.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub local_paths: IndexMap<String, NodeSelector>,

    /// Absolute node paths under which a deploy plan may create the missing directories
    /// that bind mounts need (`/srv/myapp`). Elsewhere the plan only checks that each
    /// source exists: a missing source may be a file the stack expects, which must not
    /// become an empty directory.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub create_directories: Vec<String>,
}

/// An NFS export.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NfsExport {
    /// The NFS server's address or host name, as the nodes reach it.
    #[schemars(length(min = 1))]
    pub server: String,

    /// The exported path on the server (`/exports/openmpf`).
    #[schemars(length(min = 1))]
    pub export: String,

    /// Mount options (`nfsvers=4.1`, `hard`, `rw`); `addr=` is added from `server`.
    #[serde(default = "default_nfs_options")]
    pub options: Vec<String>,
}

fn default_nfs_options() -> Vec<String> {
    vec!["rw".to_owned()]
}
