//! The simulated placement, and whether it depends on the order swarm places the
//! services in. SwarmKit takes services in Go map order, so a stack can deploy today
//! and not tomorrow; trying every order is out of the question, and most orders are
//! alike anyway. Only services that can take room another needs can change the
//! outcome: those that reserve resources and those that share a host-mode port with
//! another service. When even the worst case fits (every such service's every task on
//! every node it may use), no order can fail and nothing more is simulated; otherwise
//! a few orders of those services alone are tried, the others keeping their places.

use std::collections::BTreeMap;

use crate::schedule::{
    self, Availability, Constraint, HostPort, Mode, Node, ServiceSpec, Simulation,
};

/// The most orders simulated besides the stack's own.
pub(crate) const MAX_ORDERS: usize = 6;

/// What the order simulation found.
#[derive(Debug, Default)]
pub struct Orders {
    /// How many orders were simulated, the stack's own included.
    pub tried: usize,
    /// An order that leaves tasks pending, when another places every task; the
    /// stack's own order when that is the one that fails.
    pub failing: Option<Failing>,
}

/// An order that fails while another succeeds.
#[derive(Debug)]
pub struct Failing {
    /// The services that compete for room, in the failing order.
    pub order: Vec<String>,
    /// The outcome in that order.
    pub simulation: Simulation,
    /// The services that compete for room, in an order that places every task.
    pub succeeding: Vec<String>,
}

/// Simulates the placement in the stack's order and, when the outcome may depend on
/// the order, in a few others.
pub(super) fn simulate(nodes: &[Node], specs: &[ServiceSpec]) -> (Simulation, Orders) {
    let given = schedule::simulate(nodes, specs);
    let movable = competing(specs);
    if movable.len() < 2 || fits_in_any_order(nodes, specs, &movable) {
        return (
            given,
            Orders {
                tried: 1,
                failing: None,
            },
        );
    }
    let report = schedule::simulate_orders_of(nodes, specs, &movable, MAX_ORDERS + 1);
    let tried = report.runs.len();
    let failing = report.witness.and_then(|witness| {
        let succeeding = report.runs.get(witness.succeeding)?.order.clone();
        let run = report.runs.into_iter().nth(witness.failing)?;
        Some(Failing {
            order: run.order,
            simulation: run.simulation,
            succeeding,
        })
    });
    (given, Orders { tried, failing })
}

/// Services that can take room another needs: those reserving resources, and those
/// publishing a host-mode port another service publishes too.
fn competing(specs: &[ServiceSpec]) -> Vec<usize> {
    let mut port_users: BTreeMap<HostPort, usize> = BTreeMap::new();
    for spec in specs {
        let mut own: Vec<HostPort> = spec
            .host_ports
            .iter()
            .filter(|p| p.port != 0)
            .copied()
            .collect();
        own.sort_unstable();
        own.dedup();
        for port in own {
            *port_users.entry(port).or_insert(0) += 1;
        }
    }
    specs
        .iter()
        .enumerate()
        .filter(|(_, spec)| {
            !spec.reservations.is_empty()
                || spec
                    .host_ports
                    .iter()
                    .any(|p| port_users.get(p).is_some_and(|&users| users > 1))
        })
        .map(|(i, _)| i)
        .collect()
}

/// Whether every node could hold, at once, every task of every movable service that
/// may land on it: then no order leaves a task pending for lack of room.
fn fits_in_any_order(nodes: &[Node], specs: &[ServiceSpec], movable: &[usize]) -> bool {
    let shares_ports = movable
        .iter()
        .filter_map(|&s| specs.get(s))
        .any(|spec| spec.host_ports.iter().any(|p| p.port != 0));
    if shares_ports {
        return false;
    }
    let parsed: Vec<(usize, Vec<Constraint>)> = movable
        .iter()
        .filter_map(|&s| Some((s, Constraint::parse_all(&specs.get(s)?.constraints).ok()?)))
        .collect();
    nodes.iter().all(|node| {
        if node.availability != Availability::Active {
            return true;
        }
        let mut cpus: u128 = 0;
        let mut memory: u128 = 0;
        let mut generic: BTreeMap<&str, u128> = BTreeMap::new();
        for (s, constraints) in &parsed {
            let Some(spec) = specs.get(*s) else { continue };
            if !schedule::all_match(constraints, node) {
                continue;
            }
            let tasks = u128::from(tasks_on_one_node(spec));
            let r = &spec.reservations;
            cpus += u128::from(r.nano_cpus) * tasks;
            memory += u128::from(r.memory_bytes) * tasks;
            for g in &r.generic {
                *generic.entry(g.kind.as_str()).or_insert(0) += u128::from(g.count) * tasks;
            }
        }
        cpus <= u128::from(node.nano_cpus)
            && memory <= u128::from(node.memory_bytes)
            && generic.iter().all(|(kind, wanted)| {
                let has: u64 = node
                    .generic
                    .iter()
                    .map(|g| match g {
                        schedule::GenericResource::Discrete { kind: k, count } if k == kind => {
                            *count
                        }
                        schedule::GenericResource::Named { kind: k, values } if k == kind => {
                            values.len() as u64
                        }
                        _ => 0,
                    })
                    .sum();
                *wanted <= u128::from(has)
            })
    })
}

/// The most tasks of a service one node can get.
fn tasks_on_one_node(spec: &ServiceSpec) -> u64 {
    let tasks = match spec.mode {
        Mode::Replicated { replicas } => replicas,
        Mode::ReplicatedJob {
            max_concurrent,
            total_completions,
        } => {
            let concurrent = max_concurrent.unwrap_or(1);
            concurrent.min(total_completions.unwrap_or(concurrent))
        }
        Mode::Global | Mode::GlobalJob => 1,
    };
    match spec.max_replicas_per_node {
        0 => tasks,
        limit => tasks.min(limit),
    }
}
