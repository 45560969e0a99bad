//! The stack's top-level volumes, secrets and configs, and the references services
//! make to secrets and configs. Exactly one source per secret or config (a file, an
//! existing object, or a secret driver) is required by the schema, and an external
//! volume may carry nothing docker would refuse next to `external`.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use super::is_false;

/// A swarm secret or config name: at most 64 characters, alphanumeric at both ends.
pub(crate) const OBJECT_NAME_PATTERN: &str = r"^[a-zA-Z0-9]+(?:[a-zA-Z0-9_.-]*[a-zA-Z0-9])?$";

/// The objects swarm keeps in its managers' replicated store, whose data it bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoredObject {
    Secret,
    Config,
}

impl StoredObject {
    /// The size at which swarm refuses the object's data: SwarmKit's `MaxSecretSize`
    /// (500 KiB) and `MaxConfigSize` (1000 KiB). Data must be smaller than this.
    pub const fn size_limit(self) -> u64 {
        match self {
            StoredObject::Secret => 500 * 1024,
            StoredObject::Config => 1000 * 1024,
        }
    }

    /// Whether swarm refuses data of `size` bytes as too large.
    pub const fn too_large(self, size: u64) -> bool {
        size >= self.size_limit()
    }

    /// `secret` or `config`, for messages.
    pub const fn noun(self) -> &'static str {
        match self {
            StoredObject::Secret => "secret",
            StoredObject::Config => "config",
        }
    }
}

/// A volume of the stack's top-level `volumes`, created on each node that needs it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("dependentSchemas" = {
    "external": {"properties": {"driver": false, "driver_opts": false, "labels": false}}
}))]
pub struct Volume {
    /// The volume's name on the nodes; without it, `<stack>_<key>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub name: Option<String>,
    /// Created outside the stack.
    #[serde(skip_serializing_if = "is_false")]
    pub external: bool,
    /// `local` when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub driver: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub driver_opts: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
}

/// A secret of the stack's top-level `secrets`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("oneOf" = [
    {"required": ["file"]},
    {"required": ["external"]},
    {"required": ["driver"]}
]))]
pub struct Secret {
    /// The secret's name on the swarm; without it, `<stack>_<key>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = OBJECT_NAME_PATTERN), length(max = 64))]
    pub name: Option<String>,
    /// Its content, read by `docker stack deploy`; relative to the stack file.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub file: Option<String>,
    /// Created outside the stack.
    #[serde(skip_serializing_if = "is_false")]
    pub external: bool,
    /// A secret store plugin that provides the content.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub driver: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub driver_opts: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template_driver: Option<TemplateDriver>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
}

/// A config of the stack's top-level `configs`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("oneOf" = [{"required": ["file"]}, {"required": ["external"]}]))]
pub struct Config {
    /// The config's name on the swarm; without it, `<stack>_<key>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = OBJECT_NAME_PATTERN), length(max = 64))]
    pub name: Option<String>,
    /// Its content, read by `docker stack deploy`; relative to the stack file.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub file: Option<String>,
    /// Created outside the stack.
    #[serde(skip_serializing_if = "is_false")]
    pub external: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template_driver: Option<TemplateDriver>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
}

/// How a secret's or config's content is rendered for each task.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TemplateDriver {
    /// Go templates with `{{ .Service.Name }}` and the like.
    Golang,
}

/// A service's use of a secret or config: which one, and the file it becomes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FileReference {
    /// The key in the stack's top-level `secrets` or `configs`.
    #[schemars(regex(pattern = r"^[a-zA-Z0-9._-]+$"))]
    pub source: String,
    /// The file in the container: a path, or a name under `/run/secrets` for secrets;
    /// `/<source>` for configs and `/run/secrets/<source>` for secrets when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub target: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[0-9]+$"))]
    pub uid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[0-9]+$"))]
    pub gid: Option<String>,
    /// Permission bits, written in decimal (`0o440` is 288).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(max = 0o777))]
    pub mode: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::StoredObject;

    #[test]
    fn swarm_stores_data_only_below_its_limits() {
        // SwarmKit refuses data at or above its limit: 512000 bytes for a secret,
        // 1024000 for a config.
        assert!(!StoredObject::Secret.too_large(511_999));
        assert!(StoredObject::Secret.too_large(512_000));
        assert!(!StoredObject::Config.too_large(1_023_999));
        assert!(StoredObject::Config.too_large(1_024_000));
    }
}
