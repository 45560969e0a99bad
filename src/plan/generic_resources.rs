//! GPUs and other generic resources. Swarm only schedules a reservation such as
//! `NVIDIA-GPU: 1` on nodes whose engine advertises the kind (`node-generic-resources`
//! in `/etc/docker/daemon.json`), and cannot choose a container runtime, so GPU nodes
//! run the NVIDIA runtime by default. The runtime then exposes to the container exactly
//! the GPUs swarm assigned, which it reads from `DOCKER_RESOURCE_<KIND>` once its
//! `swarm-resource` setting names that variable.

use std::collections::BTreeSet;

use serde::Serialize;

use super::Input;
use super::model::{Detail, RunsOn, Step};
use super::nodes::hostnames;
use crate::site::{self, GenericResource};

/// Where the NVIDIA container toolkit installs the runtime.
const NVIDIA_RUNTIME: &str = "/usr/bin/nvidia-container-runtime";
/// The toolkit's configuration file.
const NVIDIA_CONFIG: &str = "/etc/nvidia-container-runtime/config.toml";

#[derive(Clone, Debug, Serialize)]
pub struct GenericResources {
    /// The kinds the stack reserves.
    pub kinds: Vec<String>,
    pub nodes: Vec<ResourceNode>,
}

/// One node that advertises a kind the stack reserves.
#[derive(Clone, Debug, Serialize)]
pub struct ResourceNode {
    pub hostname: String,
    /// `KIND=ID` or `KIND=COUNT`, every generic resource the profile gives the node.
    pub advertised: Vec<String>,
    /// The settings `/etc/docker/daemon.json` must hold, as JSON.
    pub daemon_json: String,
    /// The NVIDIA runtime's settings, for a node with GPUs.
    pub nvidia: Option<Nvidia>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Nvidia {
    pub runtime: &'static str,
    pub config: &'static str,
    /// The `swarm-resource` value: the variables swarm sets for the node's GPU kinds.
    pub swarm_resource: String,
}

pub(super) fn generic_resources(input: &Input<'_>) -> Option<Step> {
    let kinds: BTreeSet<&str> = input
        .stack
        .services
        .values()
        .filter_map(|s| s.deploy.as_ref()?.resources.as_ref()?.reservations.as_ref())
        .flat_map(|r| &r.generic_resources)
        .map(|g| g.discrete_resource_spec.kind.as_str())
        .collect();
    let holders: Vec<&site::Node> = input
        .site
        .nodes
        .iter()
        .filter(|n| {
            n.generic_resources
                .keys()
                .any(|k| kinds.contains(k.as_str()))
        })
        .collect();
    if holders.is_empty() {
        return None;
    }
    let nodes = holders.iter().map(|node| resource_node(node)).collect();
    Some(Step {
        name: "generic-resources",
        function: "generic_resources",
        title: "Advertise GPUs and other generic resources",
        runs_on: RunsOn::nodes(hostnames(holders)),
        detail: Detail::GenericResources(GenericResources {
            kinds: kinds.iter().map(|k| (*k).to_owned()).collect(),
            nodes,
        }),
    })
}

fn resource_node(node: &site::Node) -> ResourceNode {
    let mut advertised = Vec::new();
    for (kind, resource) in &node.generic_resources {
        match resource {
            GenericResource::Discrete(count) => advertised.push(format!("{kind}={count}")),
            GenericResource::Named(ids) => {
                advertised.extend(ids.iter().map(|id| format!("{kind}={id}")));
            }
        }
    }
    let gpu_variables: Vec<String> = node
        .generic_resources
        .iter()
        .filter(|(kind, resource)| is_gpu(kind) && matches!(resource, GenericResource::Named(_)))
        .map(|(kind, _)| format!("DOCKER_RESOURCE_{}", kind.to_ascii_uppercase()))
        .collect();
    let nvidia = (!gpu_variables.is_empty()).then(|| Nvidia {
        runtime: NVIDIA_RUNTIME,
        config: NVIDIA_CONFIG,
        swarm_resource: gpu_variables.join(","),
    });
    let mut daemon = serde_json::Map::new();
    if nvidia.is_some() {
        daemon.insert("default-runtime".to_owned(), "nvidia".into());
    }
    daemon.insert(
        "node-generic-resources".to_owned(),
        advertised.clone().into(),
    );
    if nvidia.is_some() {
        daemon.insert(
            "runtimes".to_owned(),
            serde_json::json!({ "nvidia": { "path": NVIDIA_RUNTIME, "runtimeArgs": [] } }),
        );
    }
    let daemon_json =
        serde_json::to_string_pretty(&serde_json::Value::Object(daemon)).unwrap_or_default();
    ResourceNode {
        hostname: node.hostname.clone(),
        advertised,
        daemon_json,
        nvidia,
    }
}

/// Whether a generic resource kind names GPUs (`NVIDIA-GPU`, `gpu`) in characters an
/// environment variable name and the runtime's TOML string can hold.
fn is_gpu(kind: &str) -> bool {
    kind.to_ascii_uppercase().contains("GPU")
        && kind
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
}
