//! Published ports, in the long syntax only: the short syntax hides the publish mode
//! and docker silently drops a host IP written in it.

use schemars::JsonSchema;
use serde::Serialize;

/// One port of a service's endpoint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Port {
    /// The port inside the container.
    #[schemars(range(min = 1, max = 65535))]
    pub target: u16,
    /// The port on the swarm's nodes; omitted, swarm picks one (30000–32767).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 65535))]
    pub published: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<Protocol>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<PortMode>,
}

pub use crate::protocol::Protocol;

/// How a published port is reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PortMode {
    /// Through the routing mesh, on every node.
    Ingress,
    /// Only on the nodes that run a task, bypassing the mesh.
    Host,
}
