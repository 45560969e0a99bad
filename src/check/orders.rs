//! The simulated placement, and whether it depends on the order swarm places the
//! services in. SwarmKit takes services in Go map order, so a stack can deploy today
//! and not tomorrow; trying every order is out of the question, and most orders are
//! alike anyway. Only services that can take room another needs can change the
//! outcome: those that reserve resources and those that share a host-mode port with
//! another service. When even the worst case fits (every such service's every task on
//! every node it may use), no order can fail and nothing more is simulated; otherwise
//! a few orders of those services alone are tried, the others keeping their places.

use std::collections::{BTreeMap, BTreeSet};

use crate::schedule::{
    self, Availability, Constraint, HostPort, Node, OrderRun, RunningTask, ServiceOutcome,
    ServiceSpec, Simulation,
};

/// The most orders simulated besides the stack's own.
pub(crate) const MAX_ORDERS: usize = 6;

/// What the order and tie simulations found.
#[derive(Debug, Default)]
pub struct Orders {
    /// How many service orders were simulated, the stack's own included.
    pub tried: usize,
    /// How many ways of breaking ties between nodes were simulated, the hostname
    /// order included.
    pub ties_tried: usize,
    /// The services that compete for room, in the stack's order; only they were
    /// moved.
    pub competing: Vec<String>,
    /// One per service, in the stack's order.
    pub services: Vec<Variation>,
}

/// How one service's outcome varies over the simulated orders and tie-breaks.
#[derive(Debug, Default)]
pub struct Variation {
    /// The fewest and the most tasks left pending over every simulation.
    pub fewest_pending: u64,
    pub most_pending: u64,
    /// The outcome of the simulation that left the fewest pending (the stack's own
    /// order when several did).
    pub best: Option<ServiceOutcome>,
    /// When the number of pending tasks depends on the order swarm places the
    /// competing services in: an order that places the most, and one that places
    /// the fewest, with the outcome in the latter.
    pub orders: Option<OrderWitness>,
    /// When it depends on which of equally ranked nodes swarm picks: the outcome
    /// that leaves the most tasks pending.
    pub ties: Option<ServiceOutcome>,
    /// The nodes, by ID, that may receive the service's tasks: every node a task
    /// went to in some simulation, and every node that tied with one.
    pub candidates: BTreeSet<String>,
    /// Whether every simulation put the same number of tasks on the same nodes and
    /// no tie could have moved one.
    pub certain: bool,
}

impl Variation {
    pub fn depends(&self) -> bool {
        self.most_pending > self.fewest_pending
    }
}

/// Two orders of the competing services with different outcomes for a service.
#[derive(Debug)]
pub struct OrderWitness {
    /// An order that places the most tasks of the service.
    pub fits: Vec<String>,
    /// An order that leaves the most tasks of the service pending.
    pub fails: Vec<String>,
    /// The service's outcome in `fails`.
    pub failing: ServiceOutcome,
}

/// Simulates the placement in the stack's order and, when the outcome may depend on
/// the order, in a few others; then, in the stack's order, with a few other ways of
/// breaking ties between nodes SwarmKit ranks equal. Every simulation starts from
/// `running`, the tasks other stacks already run.
pub(super) fn simulate(
    nodes: &[Node],
    running: &[RunningTask],
    specs: &[ServiceSpec],
) -> (Simulation, Orders) {
    let given = schedule::simulate_from(nodes, running, specs);
    let movable = competing(specs);
    let competing_names: Vec<String> = movable
        .iter()
        .filter_map(|&s| specs.get(s).map(|spec| spec.name.clone()))
        .collect();
    let order_runs: Vec<OrderRun> =
        if movable.len() < 2 || fits_in_any_order(nodes, running, specs, &movable) {
            Vec::new()
        } else {
            schedule::simulate_orders_of_from(nodes, running, specs, &movable, MAX_ORDERS + 1).runs
        };
    let all: Vec<usize> = (0..specs.len()).collect();
    let tie_runs: Vec<Simulation> = tie_orders(nodes)
        .iter()
        .map(|ties| schedule::simulate_with_ties_from(nodes, running, specs, &all, ties))
        .collect();
    // Services that compete for nothing still land where fewer tasks run, which
    // depends on what was created before them: the reverse order puts each of them
    // before the others once. It counts for the nodes a task may land on only.
    let reversed = (specs.len() > 1).then(|| {
        let order: Vec<usize> = all.iter().rev().copied().collect();
        schedule::simulate_with_ties_from(nodes, running, specs, &order, &[])
    });
    let services = (0..specs.len())
        .map(|s| variation(s, &given, &order_runs, &tie_runs, reversed.as_ref()))
        .collect();
    let orders = Orders {
        tried: order_runs.len().max(1),
        ties_tried: tie_runs.len() + 1,
        competing: competing_names,
        services,
    };
    (given, orders)
}

/// Other ways of breaking ties than by hostname, as a rank per node: the reverse,
/// and the hostname order started one node and half-way on. A task that may land on
/// any of several nodes lands elsewhere in one of them, and so does what follows
/// from it.
fn tie_orders(nodes: &[Node]) -> Vec<Vec<usize>> {
    let n = nodes.len();
    if n < 2 {
        return Vec::new();
    }
    let mut by_hostname: Vec<usize> = (0..n).collect();
    by_hostname.sort_by(|&a, &b| {
        let key = |i: usize| {
            nodes
                .get(i)
                .map(|x| (x.hostname.as_str(), x.id.as_str(), i))
        };
        key(a).cmp(&key(b))
    });
    let ranks = |position: &dyn Fn(usize) -> usize| {
        let mut rank = vec![0; n];
        for (at, &node) in by_hostname.iter().enumerate() {
            if let Some(r) = rank.get_mut(node) {
                *r = position(at);
            }
        }
        rank
    };
    let mut orders = vec![ranks(&|at| n - 1 - at)];
    for shift in [1, n / 2] {
        let rotated = ranks(&|at| (at + n - shift) % n);
        if shift > 0 && !orders.contains(&rotated) {
            orders.push(rotated);
        }
    }
    orders
}

fn variation(
    s: usize,
    given: &Simulation,
    order_runs: &[OrderRun],
    tie_runs: &[Simulation],
    reversed: Option<&Simulation>,
) -> Variation {
    let outcome_in = |sim: &Simulation| sim.services.get(s).cloned();
    let Some(own) = outcome_in(given) else {
        return Variation::default();
    };
    let mut all: Vec<ServiceOutcome> = vec![own.clone()];
    all.extend(order_runs.iter().filter_map(|r| outcome_in(&r.simulation)));
    all.extend(tie_runs.iter().filter_map(outcome_in));
    let fewest_pending = all.iter().map(pending).min().unwrap_or(0);
    let most_pending = all.iter().map(pending).max().unwrap_or(0);
    let best = all.iter().find(|o| pending(o) == fewest_pending).cloned();
    let orders = {
        let in_order: Vec<(usize, u64)> = order_runs
            .iter()
            .enumerate()
            .filter_map(|(i, r)| Some((i, pending(r.simulation.services.get(s)?))))
            .collect();
        let most = in_order.iter().max_by_key(|(_, p)| *p).copied();
        let fewest = in_order.iter().min_by_key(|(_, p)| *p).copied();
        match (fewest, most) {
            (Some((f, low)), Some((m, high))) if high > low => {
                let run = |i: usize| order_runs.get(i);
                Some(OrderWitness {
                    fits: run(f).map(|r| r.order.clone()).unwrap_or_default(),
                    fails: run(m).map(|r| r.order.clone()).unwrap_or_default(),
                    failing: run(m)
                        .and_then(|r| r.simulation.services.get(s).cloned())
                        .unwrap_or_default(),
                })
            }
            _ => None,
        }
    };
    let ties = {
        let tied: Vec<&ServiceOutcome> = std::iter::once(&own)
            .chain(tie_runs.iter().filter_map(|t| t.services.get(s)))
            .collect();
        let most = tied.iter().copied().max_by_key(|o| pending(o));
        let fewest = tied.iter().map(|o| pending(o)).min();
        most.filter(|o| Some(pending(o)) != fewest).cloned()
    };
    let mut candidates = BTreeSet::new();
    all.extend(reversed.and_then(outcome_in));
    for o in &all {
        candidates.extend(o.placed.keys().cloned());
        candidates.extend(o.alternatives.iter().cloned());
    }
    let certain = all.iter().all(|o| o.placed == own.placed)
        && candidates.iter().all(|n| own.placed.contains_key(n));
    Variation {
        fewest_pending,
        most_pending,
        best,
        orders,
        ties,
        candidates,
        certain,
    }
}

fn pending(outcome: &ServiceOutcome) -> u64 {
    outcome.pending_tasks()
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
/// may land on it, besides what the tasks already running there hold: then no order
/// leaves a task pending for lack of room.
fn fits_in_any_order(
    nodes: &[Node],
    running: &[RunningTask],
    specs: &[ServiceSpec],
    movable: &[usize],
) -> bool {
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
        for task in running.iter().filter(|t| t.node == node.id) {
            let r = &task.reservations;
            cpus += u128::from(r.nano_cpus);
            memory += u128::from(r.memory_bytes);
            for g in &r.generic {
                *generic.entry(g.kind.as_str()).or_insert(0) += u128::from(g.count);
            }
        }
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
    let tasks = spec.mode.replicated_tasks().map_or(1, |(now, _)| now);
    match spec.max_replicas_per_node {
        0 => tasks,
        limit => tasks.min(limit),
    }
}
