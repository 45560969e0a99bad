//! The scheduler's running view of one node (SwarmKit's `NodeInfo`): what is still
//! free, how many tasks it runs in all and per service, and which host-mode ports
//! its tasks publish. Placing a task updates it at once, so the filters see the
//! effect of every earlier placement.

use std::collections::BTreeSet;

use super::node::Node;
use super::resources::Available;
use super::running::RunningTask;
use super::service::{HostPort, ServiceSpec};

#[derive(Clone, Debug)]
pub(crate) struct NodeInfo<'a> {
    pub(crate) node: &'a Node,
    pub(crate) available: Available,
    /// Tasks on the node, of every service (job tasks too: they count while their
    /// desired state is at most Completed).
    pub(crate) active_tasks: u64,
    /// Tasks on the node per service, indexed like the simulated services.
    pub(crate) tasks_by_service: Vec<u64>,
    pub(crate) used_host_ports: BTreeSet<HostPort>,
    /// Where the node comes among nodes SwarmKit ranks equal, lowest first; SwarmKit
    /// leaves it to Go map order, the model tries several.
    pub(crate) tie: usize,
    /// Whether tasks of other stacks run on the node.
    pub(crate) runs_others: bool,
}

impl<'a> NodeInfo<'a> {
    pub(crate) fn new(node: &'a Node, services: usize) -> Self {
        NodeInfo {
            node,
            available: Available::new(node.nano_cpus, node.memory_bytes, &node.generic),
            active_tasks: 0,
            tasks_by_service: vec![0; services],
            used_host_ports: BTreeSet::new(),
            tie: 0,
            runs_others: false,
        }
    }

    pub(crate) fn service_tasks(&self, service: usize) -> u64 {
        self.tasks_by_service.get(service).copied().unwrap_or(0)
    }

    /// Records a task of `spec` (service number `service`) placed on this node.
    pub(crate) fn add_task(&mut self, service: usize, spec: &ServiceSpec) {
        self.available.take(&spec.reservations);
        self.used_host_ports
            .extend(spec.host_ports.iter().filter(|p| p.port != 0).copied());
        self.active_tasks = self.active_tasks.saturating_add(1);
        if let Some(count) = self.tasks_by_service.get_mut(service) {
            *count = count.saturating_add(1);
        }
    }

    /// Records a task of another stack already running on this node: it holds its
    /// reservations and host ports and counts among the node's tasks.
    pub(crate) fn add_running(&mut self, task: &RunningTask) {
        self.runs_others = true;
        self.available.take(&task.reservations);
        self.used_host_ports
            .extend(task.host_ports.iter().filter(|p| p.port != 0).copied());
        self.active_tasks = self.active_tasks.saturating_add(1);
    }
}
