//! What the scheduler needs to know about one service of a stack: the parts of
//! SwarmKit's service and task specs that decide how many tasks exist and where they
//! may run (mode, reservations, placement, host-mode ports, platforms and the
//! drivers the plugin filter looks for).

use super::node::Platform;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceSpec {
    pub name: String,
    pub mode: Mode,
    pub reservations: Reservations,
    /// Placement constraints as written (`node.role==manager`).
    pub constraints: Vec<String>,
    /// Spread preferences, outermost first: the descriptor of each `spread:` entry
    /// (`node.labels.zone`).
    pub spread: Vec<String>,
    /// `max_replicas_per_node`; 0 means no limit.
    pub max_replicas_per_node: u64,
    /// Ports published in host mode. A published port of 0 publishes nothing.
    pub host_ports: Vec<HostPort>,
    /// Platforms the image supports, as `docker stack deploy` resolves them from the
    /// registry. Empty means any platform.
    pub platforms: Vec<Platform>,
    /// The driver of every network a task attaches to, including `ingress`.
    pub network_drivers: Vec<String>,
    /// The driver of every named volume a task mounts.
    pub volume_drivers: Vec<String>,
    pub log_driver: Option<String>,
}

impl ServiceSpec {
    /// A service with the given mode and nothing else: no reservations, no
    /// placement, no ports, no platforms, no networks, volumes or log driver.
    pub fn new(name: &str, mode: Mode) -> ServiceSpec {
        ServiceSpec {
            name: name.to_owned(),
            mode,
            reservations: Reservations::default(),
            constraints: Vec::new(),
            spread: Vec::new(),
            max_replicas_per_node: 0,
            host_ports: Vec::new(),
            platforms: Vec::new(),
            network_drivers: Vec::new(),
            volume_drivers: Vec::new(),
            log_driver: None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Replicated {
        replicas: u64,
    },
    Global,
    /// A job. Docker's API defaults apply to missing values: one task at a time,
    /// and as many completions as concurrent tasks.
    ReplicatedJob {
        max_concurrent: Option<u64>,
        total_completions: Option<u64>,
    },
    GlobalJob,
}

impl Mode {
    /// The tasks of a replicated service or job that run at once, and the completions of
    /// a job that wait for earlier tasks to complete, with docker's defaults for a job (one
    /// task at a time, as many completions as concurrent tasks); `None` for the global
    /// modes, whose tasks follow the nodes.
    pub fn replicated_tasks(self) -> Option<(u64, u64)> {
        match self {
            Mode::Replicated { replicas } => Some((replicas, 0)),
            Mode::ReplicatedJob {
                max_concurrent,
                total_completions,
            } => {
                let concurrent = max_concurrent.unwrap_or(1);
                let total = total_completions.unwrap_or(concurrent);
                let now = concurrent.min(total);
                Some((now, total - now))
            }
            Mode::Global | Mode::GlobalJob => None,
        }
    }
}

/// Resource reservations of one task. Limits are not here: the scheduler ignores
/// them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reservations {
    pub nano_cpus: u64,
    pub memory_bytes: u64,
    pub generic: Vec<GenericRequest>,
}

impl Reservations {
    /// Whether SwarmKit's resource filter applies to a task with these reservations.
    pub fn is_empty(&self) -> bool {
        self.nano_cpus == 0 && self.memory_bytes == 0 && self.generic.is_empty()
    }
}

/// A request for a number of units of a generic resource kind (tasks can only ask
/// for counts, even of named resources).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenericRequest {
    pub kind: String,
    pub count: u64,
}

pub use crate::protocol::Protocol;

/// A port published in host mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct HostPort {
    pub protocol: Protocol,
    pub port: u32,
}
