//! `docker node inspect`: the nodes, as swarm's `swarm.Node` type serializes them.
//! Docker 20.10 and 28 print the same fields for what the site needs; later releases
//! only add fields (`Description.CSIInfo`), which are ignored. Values that would change
//! placement if guessed (a role, an availability, an architecture, a resource kind) are
//! refused when unknown, at the place they are written.

use std::collections::BTreeMap;
use std::net::IpAddr;

use indexmap::IndexMap;
use serde::{Deserialize, Deserializer};

use crate::site::{
    Arch, Availability, ByteSize, GenericResource, InterfaceAddress, Node, Os, Platform, Role,
};

/// One element of `docker node inspect`'s array.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct DockerNode {
    pub spec: Spec,
    pub description: Description,
    #[serde(default)]
    pub status: Option<Status>,
    #[serde(default)]
    pub manager_status: Option<ManagerStatus>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct Spec {
    #[serde(default, deserialize_with = "labels")]
    pub labels: BTreeMap<String, String>,
    pub role: Role,
    pub availability: Availability,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct Description {
    pub hostname: String,
    pub platform: DockerPlatform,
    pub resources: Resources,
    #[serde(default)]
    pub engine: Option<Engine>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct DockerPlatform {
    #[serde(deserialize_with = "arch")]
    pub architecture: Arch,
    #[serde(rename = "OS")]
    pub os: Os,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct Resources {
    #[serde(rename = "NanoCPUs")]
    pub nano_cpus: u64,
    pub memory_bytes: u64,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub generic_resources: Vec<DockerGenericResource>,
}

/// A generic resource, as swarmkit's protobuf `oneof` serializes: exactly one of the two.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) enum DockerGenericResource {
    #[serde(rename = "NamedResourceSpec")]
    Named(NamedSpec),
    #[serde(rename = "DiscreteResourceSpec")]
    Discrete(DiscreteSpec),
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct NamedSpec {
    pub kind: String,
    pub value: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct DiscreteSpec {
    pub kind: String,
    pub value: u64,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct Engine {
    #[serde(default, deserialize_with = "labels")]
    pub labels: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct Status {
    pub state: String,
    #[serde(default)]
    pub addr: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct ManagerStatus {
    #[serde(default)]
    pub addr: Option<String>,
}

/// What one docker node becomes: the site's node, and what the site has no place for.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedNode {
    pub node: Node,
    /// `Status.State` when it is not `ready`.
    pub state: Option<String>,
    /// CPUs the node has beyond whole ones, which the profile cannot say.
    pub fractional_cpus: bool,
}

impl DockerNode {
    pub(super) fn into_imported(self) -> ImportedNode {
        let resources = self.description.resources;
        let cpus = resources.nano_cpus / 1_000_000_000;
        let mut generic: IndexMap<String, GenericResource> = IndexMap::new();
        for resource in resources.generic_resources {
            match resource {
                DockerGenericResource::Named(spec) => {
                    match generic
                        .entry(spec.kind)
                        .or_insert_with(|| GenericResource::Named(Vec::new()))
                    {
                        GenericResource::Named(ids) => ids.push(spec.value),
                        GenericResource::Discrete(_) => {}
                    }
                }
                DockerGenericResource::Discrete(spec) => {
                    generic.insert(spec.kind, GenericResource::Discrete(spec.value));
                }
            }
        }
        for resource in generic.values_mut() {
            if let GenericResource::Named(ids) = resource {
                ids.sort();
                ids.dedup();
            }
        }
        generic.sort_keys();
        let mut addresses: Vec<InterfaceAddress> = Vec::new();
        let status_addr = self.status.as_ref().and_then(|s| s.addr.as_deref());
        let manager_addr = self.manager_status.as_ref().and_then(|m| m.addr.as_deref());
        for text in [status_addr, manager_addr].into_iter().flatten() {
            if let Some(ip) = address(text)
                && !addresses.iter().any(|a| a.address() == ip)
            {
                addresses.push(InterfaceAddress(ipnet::IpNet::from(ip)));
            }
        }
        let state = self
            .status
            .map(|s| s.state)
            .filter(|state| state != "ready");
        ImportedNode {
            node: Node {
                hostname: self.description.hostname,
                role: self.spec.role,
                availability: self.spec.availability,
                labels: self.spec.labels.into_iter().collect(),
                cpus: u32::try_from(cpus).ok().filter(|&c| c > 0),
                memory: (resources.memory_bytes > 0).then_some(ByteSize(resources.memory_bytes)),
                platform: Platform {
                    os: self.description.platform.os,
                    arch: self.description.platform.architecture,
                },
                generic_resources: generic,
                addresses,
                engine_labels: self
                    .description
                    .engine
                    .map(|e| e.labels.into_iter().collect())
                    .unwrap_or_default(),
            },
            state,
            fractional_cpus: resources.nano_cpus % 1_000_000_000 != 0,
        }
    }
}

/// The IP of `10.20.1.11` or `10.20.1.11:2377`; `None` for `0.0.0.0`, which a
/// manager sometimes reports as its own status address.
fn address(text: &str) -> Option<IpAddr> {
    let ip = text
        .parse::<IpAddr>()
        .ok()
        .or_else(|| text.parse::<std::net::SocketAddr>().ok().map(|s| s.ip()))?;
    (!ip.is_unspecified()).then_some(ip)
}

fn labels<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, String>, D::Error> {
    Ok(Option::<BTreeMap<String, String>>::deserialize(d)?.unwrap_or_default())
}

fn null_as_empty<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// The kernel's name (`x86_64`, as the engine reports it) or docker's (`amd64`).
fn arch<'de, D: Deserializer<'de>>(d: D) -> Result<Arch, D::Error> {
    let name = String::deserialize(d)?;
    let known = [
        Arch::X86_64,
        Arch::Aarch64,
        Arch::Armv7l,
        Arch::Ppc64le,
        Arch::S390x,
        Arch::Riscv64,
    ];
    known
        .into_iter()
        .find(|a| a.as_str() == name)
        .or_else(|| Arch::from_docker_name(&name))
        .ok_or_else(|| serde::de::Error::custom(format!("unknown architecture `{name}`")))
}
