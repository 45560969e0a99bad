//! Site decisions about individual compose services, for what a compose file cannot
//! say about one cluster: which nodes a service belongs on, how many replicas the site
//! runs, what it reserves, and how its long-lived connections survive IPVS.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::byte_size::ByteSize;
use super::node::{Node, Role};

/// Settings for one compose service, by its compose name.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceSettings {
    /// Run only on the nodes this selects (`node.hostname ==`, `node.labels.k ==`), as a
    /// service whose data lives on one node must.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pin: Option<NodeSelector>,

    /// Never run on a node that has this hostname or any one of these labels (`!=`
    /// constraints): keeps a large service off the nodes where pinned services live.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep_off: Option<NodeSelector>,

    /// How tasks are scheduled; unset keeps the compose file's `deploy.mode`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<ServiceMode>,

    /// The number of tasks of a replicated service or job; unset keeps the compose file's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<u32>,

    /// Resources each task reserves on its node; unset keeps the compose file's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reservations: Option<Reservations>,

    /// How connections idle longer than `network.ipvs_idle_timeout` are kept alive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long_lived_connections: Option<LongLivedConnections>,
}

/// A set of nodes, by hostname, role, node labels, engine labels or any placement
/// constraint swarm accepts. For `pin`, a node must match all that is given; for
/// `keep_off`, any one part keeps the service away.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NodeSelector {
    /// A node's hostname, one of `nodes`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,

    /// A node role (`node.role`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,

    /// Node labels and their values (`mongo: "1"`).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub labels: IndexMap<String, String>,

    /// Engine labels and their values (`engine.labels.*`).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub engine_labels: IndexMap<String, String>,

    /// Placement constraints as swarm writes them (`node.platform.arch == x86_64`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub constraints: Vec<String>,
}

impl NodeSelector {
    pub fn is_empty(&self) -> bool {
        self.node.is_none()
            && self.role.is_none()
            && self.labels.is_empty()
            && self.engine_labels.is_empty()
            && self.constraints.is_empty()
    }

    /// The constraints that keep a service on the selected nodes: all must hold.
    pub fn pin_constraints(&self) -> Vec<String> {
        self.parts("==")
    }

    /// The constraints that keep a service off the selected nodes: a node matching any
    /// one part fails one of them. A written constraint is turned around.
    pub fn keep_off_constraints(&self) -> Vec<String> {
        self.parts("!=")
    }

    fn parts(&self, operator: &str) -> Vec<String> {
        let mut parts: Vec<String> = Vec::new();
        parts.extend(
            self.node
                .iter()
                .map(|node| format!("node.hostname {operator} {node}")),
        );
        parts.extend(self.role.iter().map(|role| {
            let role = match role {
                Role::Manager => "manager",
                Role::Worker => "worker",
            };
            format!("node.role {operator} {role}")
        }));
        parts.extend(
            self.labels
                .iter()
                .map(|(key, value)| format!("node.labels.{key} {operator} {value}")),
        );
        parts.extend(
            self.engine_labels
                .iter()
                .map(|(key, value)| format!("engine.labels.{key} {operator} {value}")),
        );
        for written in &self.constraints {
            if operator == "==" {
                parts.push(written.trim().to_owned());
            } else {
                parts.push(invert(written));
            }
        }
        parts
    }

    /// Whether `pin` with this selector lets a service run on `node`: every part
    /// matches, as the scheduler reads the constraints. A constraint that does not
    /// parse matches no node.
    pub fn selects(&self, node: &Node) -> bool {
        let seen = crate::schedule::Node::from_site(node);
        crate::schedule::Constraint::parse_all(&self.pin_constraints())
            .is_ok_and(|parsed| crate::schedule::all_match(&parsed, &seen))
    }

    /// Whether `keep_off` with this selector keeps a service off `node`: some part
    /// matches.
    pub fn keeps_off(&self, node: &Node) -> bool {
        let seen = crate::schedule::Node::from_site(node);
        self.keep_off_constraints().iter().any(|c| {
            crate::schedule::Constraint::parse(c).is_ok_and(|parsed| !parsed.matches(&seen))
        })
    }
}

/// A constraint with its operator turned around (`==` for `!=` and back); one that
/// does not parse is kept as written, for swarm to refuse.
fn invert(written: &str) -> String {
    if let Some((key, value)) = written.split_once("!=") {
        format!("{} == {}", key.trim(), value.trim())
    } else if let Some((key, value)) = written.split_once("==") {
        format!("{} != {}", key.trim(), value.trim())
    } else {
        written.trim().to_owned()
    }
}

/// A swarm scheduling mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ServiceMode {
    /// `replicas` long-running tasks.
    Replicated,
    /// One long-running task on every eligible node.
    Global,
    /// `replicas` tasks that run to completion (one-shot jobs).
    ReplicatedJob,
    /// One task to completion on every eligible node.
    GlobalJob,
}

impl ServiceMode {
    pub fn is_global(self) -> bool {
        matches!(self, ServiceMode::Global | ServiceMode::GlobalJob)
    }
}

/// Resources a task reserves; the scheduler places it only where they are free.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reservations {
    /// CPUs (`0.5`, `4`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.001))]
    pub cpus: Option<f64>,

    /// Memory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<ByteSize>,

    /// Generic resources by kind, as counts (`NVIDIA-GPU: 1`).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub generic_resources: IndexMap<String, u64>,
}

/// The mitigation for connections that stay idle longer than IPVS remembers them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LongLivedConnections {
    /// `dnsrr` bypasses IPVS (clients resolve task addresses directly; no ingress
    /// ports); `keepalive` sets the service's TCP keepalive below the IPVS timeout.
    pub mitigation: Mitigation,

    /// For `keepalive`: idle seconds before the first keepalive probe
    /// (`net.ipv4.tcp_keepalive_time`); must be below `network.ipvs_idle_timeout`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub seconds: Option<u32>,
}

/// A mitigation for the IPVS idle timeout.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Mitigation {
    /// `endpoint_mode: dnsrr`.
    Dnsrr,
    /// TCP keepalive through service `sysctls`.
    Keepalive,
}
