//! Overlay networks: the stack's top-level `networks` and a service's attachments to
//! them. IPAM takes subnets only, the one pool setting docker converts.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use super::is_false;

/// A network of the stack's top-level `networks`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Network {
    /// The network's name on the swarm; without it, `<stack>_<key>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub name: Option<String>,
    /// Created outside the stack; it must exist, with swarm scope, before deploying.
    #[serde(skip_serializing_if = "is_false")]
    pub external: bool,
    /// `overlay` when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub driver: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub driver_opts: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ipam: Option<Ipam>,
    /// No route to the outside world.
    #[serde(skip_serializing_if = "is_false")]
    pub internal: bool,
    /// Standalone containers may join it too.
    #[serde(skip_serializing_if = "is_false")]
    pub attachable: bool,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ipam {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub driver: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub config: Vec<IpamPool>,
}

/// An address pool; docker's v3 format takes nothing but the subnet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IpamPool {
    #[schemars(with = "String", regex(pattern = r"^[0-9A-Fa-f.:]+/[0-9]{1,3}$"))]
    pub subnet: ipnet::IpNet,
}

/// A service's attachment to one of the stack's networks.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceNetwork {
    /// Extra DNS names of the service on this network (the service name is always one).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schemars(inner(length(min = 1)))]
    pub aliases: Vec<String>,
    /// Options for the network driver, per attachment.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub driver_opts: BTreeMap<String, String>,
}
