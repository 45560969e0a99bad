//! Tasks the cluster already runs when a stack is deployed: other stacks' tasks hold
//! reservations, generic resources and host-mode ports on their nodes, and count
//! among each node's tasks, so a simulation of a real swarm starts from them rather
//! than from empty nodes. The stack being deployed is not among them: a deploy
//! replaces its tasks.

use super::service::{HostPort, Reservations};

/// One task running on a node, of a service outside the simulated stack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunningTask {
    /// The service the task belongs to (`other_big`), for explanations.
    pub service: String,
    /// The ID of the node it runs on, as [`super::Node::id`].
    pub node: String,
    pub reservations: Reservations,
    /// Ports it publishes in host mode.
    pub host_ports: Vec<HostPort>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::{HostPort, Mode, Node, Protocol, ServiceSpec, simulate, simulate_from};

    const CPU: u64 = 1_000_000_000;

    fn nodes() -> Vec<Node> {
        ["lab1", "lab2", "lab3"]
            .into_iter()
            .map(|h| {
                let mut node = Node::new(h);
                node.nano_cpus = 2 * CPU;
                node
            })
            .collect()
    }

    fn running(node: &str, nano_cpus: u64) -> RunningTask {
        RunningTask {
            service: "other_big".into(),
            node: node.into(),
            reservations: Reservations {
                nano_cpus,
                ..Reservations::default()
            },
            host_ports: Vec::new(),
        }
    }

    /// Four replicas reserving 1.5 CPUs each on three 2-CPU nodes: three fit on an
    /// empty swarm, two when another stack already holds 1.5 CPUs on `lab1`.
    #[test]
    fn tasks_already_running_hold_their_reservations() {
        let mut big = ServiceSpec::new("big", Mode::Replicated { replicas: 4 });
        big.reservations.nano_cpus = 3 * CPU / 2;
        let services = [big];
        let empty = simulate(&nodes(), &services);
        assert_eq!(empty.services[0].placed_tasks(), 3);
        let busy = simulate_from(&nodes(), &[running("lab1", 3 * CPU / 2)], &services);
        let outcome = &busy.services[0];
        assert_eq!(outcome.placed_tasks(), 2);
        assert!(!outcome.placed.contains_key("lab1"), "{outcome:?}");
    }

    #[test]
    fn tasks_already_running_hold_their_host_ports_and_unknown_nodes_are_ignored() {
        let mut web = ServiceSpec::new("web", Mode::Global);
        let port = HostPort {
            protocol: Protocol::Tcp,
            port: 80,
        };
        web.host_ports = vec![port];
        let mut task = running("lab2", 0);
        task.host_ports = vec![port];
        let gone = running("lab9", 2 * CPU);
        let simulation = simulate_from(&nodes(), &[task, gone], &[web]);
        let outcome = &simulation.services[0];
        assert_eq!(outcome.placed_tasks(), 2);
        assert_eq!(outcome.pending_tasks(), 1);
        assert_eq!(outcome.pending[0].node.as_deref(), Some("lab2"));
    }
}
