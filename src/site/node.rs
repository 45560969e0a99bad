//! The machines of the swarm as `docker node inspect` would describe them: what the
//! scheduler filters on (role, availability, labels, platform, CPUs, memory, generic
//! resources) and the addresses that overlay networks must keep clear of.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::address::InterfaceAddress;
use super::byte_size::ByteSize;

/// One swarm node.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Node {
    /// The node's hostname, as `docker node ls` shows it and as `node.hostname`
    /// constraints match it (case-insensitively).
    #[schemars(length(min = 1))]
    pub hostname: String,

    /// `manager` nodes run the raft store and may also run tasks; `worker` nodes only
    /// run tasks.
    #[serde(default)]
    pub role: Role,

    /// Whether the scheduler may place tasks here (`docker node update --availability`).
    #[serde(default, skip_serializing_if = "Availability::is_active")]
    pub availability: Availability,

    /// Node labels (`docker node update --label-add key=value`), matched by
    /// `node.labels.<key>` constraints.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub labels: IndexMap<String, String>,

    /// Engine labels (`labels` in the node's `daemon.json`), matched by
    /// `engine.labels.<key>` constraints.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub engine_labels: IndexMap<String, String>,

    /// Logical CPUs the node advertises (`nproc`); reservations are counted against
    /// them. Unset: unknown, and reservations are not checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub cpus: Option<u32>,

    /// Memory the node advertises (`MemTotal` in `/proc/meminfo`); reservations are
    /// counted against it. Unset: unknown, and reservations are not checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<ByteSize>,

    /// Operating system and architecture, with the names swarm's `node.platform.*`
    /// constraints use.
    #[serde(default)]
    pub platform: Platform,

    /// Generic resources the engine advertises (`node-generic-resources` in
    /// `daemon.json`), by kind: a list of ids for named resources such as GPUs
    /// (`NVIDIA-GPU: [GPU-8f6e..., ...]`), or a count for discrete ones (`SSD: 2`).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub generic_resources: IndexMap<String, GenericResource>,

    /// Addresses of the node's interfaces with their prefix length (`10.20.1.11/16`).
    /// Their subnets are host networks: overlay subnets must not overlap them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<InterfaceAddress>,
}

/// A node's role in the swarm.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Keeps the swarm's state and schedules tasks; may run tasks too.
    Manager,
    /// Runs tasks only.
    #[default]
    Worker,
}

/// A node's availability for new tasks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Availability {
    /// Takes new tasks.
    #[default]
    Active,
    /// Keeps its tasks but takes no new ones.
    Pause,
    /// Runs no tasks of replicated or global services.
    Drain,
}

impl Availability {
    fn is_active(&self) -> bool {
        *self == Availability::Active
    }
}

/// The platform of a node, as the engine reports it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Platform {
    /// `node.platform.os`.
    #[serde(default)]
    pub os: Os,

    /// `node.platform.arch`: the kernel's name (`uname -m`), not docker's image
    /// platform name: `x86_64` rather than `amd64`, `aarch64` rather than `arm64`.
    #[serde(default)]
    pub arch: Arch,
}

/// An operating system, as `node.platform.os` names it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Os {
    #[default]
    Linux,
    Windows,
}

/// A CPU architecture, as `node.platform.arch` names it (`uname -m`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Arch {
    /// 64-bit x86 (docker's `amd64`).
    #[default]
    #[serde(rename = "x86_64")]
    X86_64,
    /// 64-bit ARM (docker's `arm64`).
    #[serde(rename = "aarch64")]
    Aarch64,
    /// 32-bit ARM (docker's `arm/v7`).
    #[serde(rename = "armv7l")]
    Armv7l,
    /// 64-bit POWER, little-endian.
    #[serde(rename = "ppc64le")]
    Ppc64le,
    /// IBM Z.
    #[serde(rename = "s390x")]
    S390x,
    /// 64-bit RISC-V.
    #[serde(rename = "riscv64")]
    Riscv64,
}

impl Arch {
    /// The architecture a docker platform name (`amd64`, `arm64`) stands for.
    pub fn from_docker_name(name: &str) -> Option<Arch> {
        match name {
            "amd64" | "x86-64" => Some(Arch::X86_64),
            "arm64" => Some(Arch::Aarch64),
            "arm" | "armhf" | "arm/v7" => Some(Arch::Armv7l),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Arch::X86_64 => "x86_64",
            Arch::Aarch64 => "aarch64",
            Arch::Armv7l => "armv7l",
            Arch::Ppc64le => "ppc64le",
            Arch::S390x => "s390x",
            Arch::Riscv64 => "riscv64",
        }
    }
}

/// The amount of one kind of generic resource a node advertises.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum GenericResource {
    /// A discrete count (`SSD=2` in `daemon.json`).
    Discrete(u64),
    /// Named instances, each handed to one task (`NVIDIA-GPU=GPU-8f6e...`): for GPUs,
    /// the UUIDs that `nvidia-smi -L` prints.
    Named(Vec<String>),
}

impl GenericResource {
    /// How many tasks' worth of this resource the node has.
    pub fn count(&self) -> u64 {
        match self {
            GenericResource::Discrete(count) => *count,
            GenericResource::Named(ids) => ids.len() as u64,
        }
    }
}
