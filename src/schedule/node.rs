//! What the scheduler knows about one node of the cluster: the subset of SwarmKit's
//! `api.Node` (spec, status and engine description) that its filters and its spread
//! preferences read. Values are kept as the node reports them, in particular the
//! architecture is the kernel's name (`x86_64`, `aarch64`), as the engine reports it.

use std::collections::BTreeMap;

/// A node of the swarm, as the scheduler sees it when a stack is deployed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// The node ID (`node.id` in constraints). Callers that do not know the real ID
    /// may use the hostname.
    pub id: String,
    pub hostname: String,
    pub role: Role,
    pub availability: Availability,
    pub state: NodeState,
    /// The address the node reported to the managers (`node.ip` in constraints).
    pub addr: String,
    /// Node labels (`node.labels.*`), set with `docker node update --label-add`.
    pub labels: BTreeMap<String, String>,
    /// Engine labels (`engine.labels.*`), set in the daemon configuration.
    pub engine_labels: BTreeMap<String, String>,
    /// Operating system and architecture as reported (`linux`, `x86_64`).
    pub platform: Platform,
    /// CPUs in units of 10⁻⁹ CPU, as the engine advertises them (NCPU × 10⁹).
    pub nano_cpus: u64,
    pub memory_bytes: u64,
    /// Generic resources advertised with `node-generic-resources`.
    pub generic: Vec<GenericResource>,
    /// Plugins the engine reports. `None` means the node did not describe its engine,
    /// in which case SwarmKit skips every plugin check for it.
    pub plugins: Option<Vec<Plugin>>,
}

impl Node {
    /// A ready, active worker named `hostname` (also used as its ID) running
    /// `linux/x86_64`, with no labels, no resources, no generic resources and no
    /// plugin report.
    pub fn new(hostname: &str) -> Node {
        Node {
            id: hostname.to_owned(),
            hostname: hostname.to_owned(),
            role: Role::Worker,
            availability: Availability::Active,
            state: NodeState::Ready,
            addr: String::new(),
            labels: BTreeMap::new(),
            engine_labels: BTreeMap::new(),
            platform: Platform::new("linux", "x86_64"),
            nano_cpus: 0,
            memory_bytes: 0,
            generic: Vec::new(),
            plugins: None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Worker,
    Manager,
}

impl Role {
    /// The name SwarmKit matches `node.role` constraints against.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Worker => "WORKER",
            Role::Manager => "MANAGER",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Availability {
    Active,
    Pause,
    Drain,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum NodeState {
    Ready,
    Down,
}

/// An operating system and architecture. On a node both are what the engine
/// reports; in a service's platform list an empty field matches anything.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Platform {
    pub os: String,
    pub arch: String,
}

impl Platform {
    pub fn new(os: &str, arch: &str) -> Platform {
        Platform {
            os: os.to_owned(),
            arch: arch.to_owned(),
        }
    }
}

/// One kind of generic resource a node advertises: either a count (`SSD=3`) or a
/// set of named items (`NVIDIA-GPU=GPU-1f2e`, `NVIDIA-GPU=GPU-8a7b`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GenericResource {
    Discrete { kind: String, count: u64 },
    Named { kind: String, values: Vec<String> },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PluginKind {
    Network,
    Volume,
    Log,
}

impl PluginKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PluginKind::Network => "network",
            PluginKind::Volume => "volume",
            PluginKind::Log => "log",
        }
    }
}

/// A plugin the engine reports, built in (`overlay`, `local`, `json-file`) or
/// installed (`vieux/sshfs:latest`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Plugin {
    pub kind: PluginKind,
    pub name: String,
}

impl Plugin {
    pub fn new(kind: PluginKind, name: &str) -> Plugin {
        Plugin {
            kind,
            name: name.to_owned(),
        }
    }
}
