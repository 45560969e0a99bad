//! The whole stack, and the file it is written as: the stack plus the `version` its
//! features need.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use super::{Config, Network, Secret, Service, Version, Volume};

/// Service names swarm accepts (`<stack>_<service>` must also fit in 63 characters).
pub(crate) const SERVICE_NAME_PATTERN: &str = r"^[a-zA-Z0-9](?:[-_]*[A-Za-z0-9]+)*$";
/// Keys of the top-level networks, volumes, secrets and configs, as docker's schema has them.
pub(crate) const KEY_PATTERN: &str = r"^[a-zA-Z0-9._-]+$";

/// What `docker stack deploy` will create: services and the objects they use, by key.
#[derive(Clone, Debug, Default, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Stack {
    #[schemars(extend("propertyNames" = {"pattern": SERVICE_NAME_PATTERN, "maxLength": 63}))]
    pub services: BTreeMap<String, Service>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(extend("propertyNames" = {"pattern": KEY_PATTERN}))]
    pub networks: BTreeMap<String, Network>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(extend("propertyNames" = {"pattern": KEY_PATTERN}))]
    pub volumes: BTreeMap<String, Volume>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(extend("propertyNames" = {"pattern": KEY_PATTERN}))]
    pub secrets: BTreeMap<String, Secret>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(extend("propertyNames" = {"pattern": KEY_PATTERN}))]
    pub configs: BTreeMap<String, Config>,
}

/// A stack file: the lowest `version` that accepts every feature of the stack, then
/// the stack itself.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "swarmc stack",
    description = "A stack file as swarmc writes it for `docker stack deploy`"
)]
pub struct StackFile<'a> {
    pub version: Version,
    #[serde(flatten)]
    pub stack: &'a Stack,
}

impl<'a> StackFile<'a> {
    pub fn new(stack: &'a Stack) -> StackFile<'a> {
        StackFile {
            version: Version::required_by(stack),
            stack,
        }
    }
}
