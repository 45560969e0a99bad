//! One service of a stack: its container, endpoint, attachments and `deploy` section.
//! Lists that docker requires to be free of duplicates say so in the schema.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use super::{Deploy, Duration, FileReference, Mount, Port, ServiceNetwork, is_false};
use crate::compose::Text;

#[derive(Clone, Debug, Default, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// The image reference; docker refuses a service without one.
    #[schemars(regex(pattern = r"^\S+$"))]
    pub image: String,
    /// Replaces the image's `CMD` (arguments, never split by a shell). Empty keeps the
    /// image's: swarm has no way to clear it.
    // Words are `Text`, kept in place when short: the list can be as long as the input.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub command: Vec<Text>,
    /// Replaces the image's `ENTRYPOINT`. Empty keeps the image's: swarm has no way to
    /// clear it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub entrypoint: Vec<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub working_dir: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub user: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub hostname: Option<String>,
    /// The containers' environment: nothing is read from files at deploy. A variable
    /// without a value (`null`) is filled by `docker stack deploy` from the deployer's
    /// environment, so that the compiling machine's never lands in the stack.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(extend(
        "propertyNames" = {"pattern": "^[^=]+$"},
        "additionalProperties" = {"oneOf": [{"type": "string"}, {"const": null}]}
    ))]
    pub environment: BTreeMap<String, Option<String>>,
    /// Labels of the containers (service labels are `deploy.labels`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("uniqueItems" = true))]
    pub ports: Vec<Port>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("uniqueItems" = true))]
    pub volumes: Vec<Mount>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub secrets: Vec<FileReference>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub configs: Vec<FileReference>,
    /// Keys of the stack's top-level `networks`; the stack's `default` network when empty.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(extend("propertyNames" = {"pattern": "^[a-zA-Z0-9._-]+$"}))]
    pub networks: BTreeMap<String, ServiceNetwork>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub healthcheck: Option<Healthcheck>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deploy: Option<Deploy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logging: Option<Logging>,
    /// Run an init process as PID 1; the engine's default when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub init: Option<bool>,
    #[serde(skip_serializing_if = "is_false")]
    pub read_only: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub tty: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub stdin_open: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub stop_signal: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stop_grace_period: Option<Duration>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("uniqueItems" = true))]
    pub cap_add: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("uniqueItems" = true))]
    pub cap_drop: Vec<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub sysctls: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(extend("propertyNames" = {"pattern": "^[a-z]+$"}))]
    pub ulimits: BTreeMap<String, Ulimit>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("uniqueItems" = true), inner(length(min = 1)))]
    pub dns: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("uniqueItems" = true), inner(length(min = 1)))]
    pub dns_search: Vec<String>,
    /// `host:address` entries added to the containers' `/etc/hosts`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("uniqueItems" = true), inner(regex(pattern = r"^[^:\s]+:\S+$")))]
    pub extra_hosts: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub isolation: Option<Isolation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential_spec: Option<CredentialSpec>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Healthcheck {
    /// `[CMD, program, args...]`, `[CMD-SHELL, command]`, or `[NONE]` to disable the
    /// image's check. Empty keeps the image's test.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schemars(
        length(min = 1),
        extend("prefixItems" = [{"enum": ["CMD", "CMD-SHELL", "NONE"]}])
    )]
    pub test: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval: Option<Duration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout: Option<Duration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retries: Option<u64>,
    /// Failures during this time after start do not count.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_period: Option<Duration>,
    /// The interval between checks during `start_period`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_interval: Option<Duration>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Logging {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub driver: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub options: BTreeMap<String, String>,
}

/// A resource limit: one value for both limits, or each given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(untagged, deny_unknown_fields)]
pub enum Ulimit {
    Single(i64),
    Pair { soft: i64, hard: i64 },
}

/// Container isolation technology (Windows).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Isolation {
    Default,
    Process,
    Hyperv,
}

/// Where a Windows container's credential spec comes from: exactly one source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
pub enum CredentialSpec {
    /// A config of the stack (its key in `configs`).
    Config(String),
    /// A file in the engine's `CredentialSpecs` directory.
    File(String),
    /// A value in the Windows registry.
    Registry(String),
}
