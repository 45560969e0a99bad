//! One simulated deployment: every service's tasks created at once, then placed the
//! way one pass of SwarmKit's scheduler does. Tasks created for a node (global
//! services and global jobs) are confirmed first, as `processPreassignedTasks`
//! runs before `tick`; then the other services are placed one at a time, each
//! service's tasks as one group. SwarmKit takes the groups in Go map order; the
//! model takes them in the order given, and [`super::simulate_orders`] tries others.
//!
//! A task no node takes is not given up: SwarmKit puts it back in the queue and
//! tries it again on its next pass, once every other service had its turn. The
//! model does the same until a pass places nothing, so a pending task ends with the
//! error of a pass in which no node fitted: every node is run through the pipeline
//! and counted under the first filter it fails, as a real swarm reports it.

use std::collections::{BTreeMap, BTreeSet};

use super::constraint::{Constraint, ConstraintError};
use super::filter::Task;
use super::global;
use super::node::Node;
use super::nodeinfo::NodeInfo;
use super::outcome::{Pending, ServiceOutcome, Simulation};
use super::pipeline::Pipeline;
use super::placement;
use super::running::RunningTask;
use super::service::{Mode, ServiceSpec};
use super::shortfall::Shortfall;

/// The most tasks of one service the model places; more are counted in
/// [`ServiceOutcome::not_simulated`]. It keeps a typo such as a billion replicas
/// from running for hours.
pub const MAX_SIMULATED_TASKS: u64 = 10_000;

/// Simulates deploying `services`, in the order given, on `nodes`.
pub fn simulate(nodes: &[Node], services: &[ServiceSpec]) -> Simulation {
    let order: Vec<usize> = (0..services.len()).collect();
    simulate_in_order(nodes, services, &order)
}

/// Simulates deploying `services`, in the order given, on `nodes` that already run
/// the tasks in `running` (tasks on a node not in `nodes` are ignored).
pub fn simulate_from(
    nodes: &[Node],
    running: &[RunningTask],
    services: &[ServiceSpec],
) -> Simulation {
    let order: Vec<usize> = (0..services.len()).collect();
    simulate_in_order_from(nodes, running, services, &order)
}

/// Simulates deploying `services` on `nodes`, placing them in `order` (indices
/// into `services`); outcomes stay in the order of `services`. Nodes SwarmKit ranks
/// equal are taken by hostname.
pub(crate) fn simulate_in_order(
    nodes: &[Node],
    services: &[ServiceSpec],
    order: &[usize],
) -> Simulation {
    simulate_with_ties(nodes, services, order, &[])
}

/// As [`simulate_in_order`], breaking ties between nodes SwarmKit ranks equal by
/// `ties` (one rank per node, lowest first; nodes it leaves out, then equal ranks,
/// by hostname): SwarmKit breaks them by Go map order, which is random.
pub fn simulate_with_ties(
    nodes: &[Node],
    services: &[ServiceSpec],
    order: &[usize],
    ties: &[usize],
) -> Simulation {
    simulate_run(nodes, &[], services, order, ties)
}

/// [`simulate_with_ties`] on nodes that already run `running`.
pub fn simulate_with_ties_from(
    nodes: &[Node],
    running: &[RunningTask],
    services: &[ServiceSpec],
    order: &[usize],
    ties: &[usize],
) -> Simulation {
    simulate_run(nodes, running, services, order, ties)
}

/// [`simulate_in_order`] on nodes that already run `running`.
pub(crate) fn simulate_in_order_from(
    nodes: &[Node],
    running: &[RunningTask],
    services: &[ServiceSpec],
    order: &[usize],
) -> Simulation {
    simulate_run(nodes, running, services, order, &[])
}

/// The one simulation every entry point above runs.
fn simulate_run(
    nodes: &[Node],
    running: &[RunningTask],
    services: &[ServiceSpec],
    order: &[usize],
    ties: &[usize],
) -> Simulation {
    let parsed: Vec<Result<Vec<Constraint>, ConstraintError>> = services
        .iter()
        .map(|s| Constraint::parse_all(&s.constraints))
        .collect();
    let mut outcomes: Vec<ServiceOutcome> = services
        .iter()
        .zip(&parsed)
        .map(|(spec, constraints)| ServiceOutcome {
            name: spec.name.clone(),
            rejected: constraints.as_ref().err().cloned(),
            tasks: 0,
            deferred: 0,
            not_simulated: 0,
            placed: BTreeMap::new(),
            alternatives: BTreeSet::new(),
            pending: Vec::new(),
        })
        .collect();
    let mut infos: Vec<NodeInfo<'_>> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let mut info = NodeInfo::new(n, services.len());
            info.tie = ties.get(i).copied().unwrap_or(0);
            info
        })
        .collect();
    // Nodes by ID (the first of equal ones), so that placing the running tasks is one
    // look-up each, not a walk over every node.
    let by_id: BTreeMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .rev()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    for task in running {
        if let Some(info) = by_id
            .get(task.node.as_str())
            .and_then(|&i| infos.get_mut(i))
        {
            info.add_running(task);
        }
    }
    let mut by_hostname: Vec<usize> = (0..nodes.len()).collect();
    by_hostname.sort_by(|&a, &b| {
        let key = |i: usize| {
            nodes
                .get(i)
                .map(|n| (n.hostname.as_str(), n.id.as_str(), i))
        };
        key(a).cmp(&key(b))
    });

    // The task of service `s`, unless SwarmKit refuses the service.
    let task_of = |s: usize| {
        Some(Task {
            service: s,
            spec: services.get(s)?,
            constraints: parsed.get(s)?.as_ref().ok()?,
        })
    };

    for &s in order {
        let Some(task) = task_of(s) else { continue };
        if !matches!(task.spec.mode, Mode::Global | Mode::GlobalJob) {
            continue;
        }
        let Some(outcome) = outcomes.get_mut(s) else {
            continue;
        };
        for &n in &by_hostname {
            let Some(info) = infos.get_mut(n) else {
                continue;
            };
            if !global::gets_task(task.spec.mode, task.constraints, info.node) {
                continue;
            }
            outcome.tasks += 1;
            match global::fit(info, task) {
                Ok(()) => add_placed(&mut outcome.placed, &info.node.id, 1),
                Err(error) => outcome.pending.push(Pending {
                    tasks: 1,
                    node: Some(info.node.id.clone()),
                    error,
                    closest: Shortfall::of(&Pipeline::new(task), info),
                    held: Vec::new(),
                }),
            }
        }
    }

    let mut retry: Vec<usize> = Vec::new();
    for &s in order {
        let Some(task) = task_of(s) else { continue };
        let Some((now, deferred)) = task.spec.mode.replicated_tasks() else {
            continue;
        };
        let Some(outcome) = outcomes.get_mut(s) else {
            continue;
        };
        let simulated = now.min(MAX_SIMULATED_TASKS);
        outcome.tasks = now;
        outcome.deferred = deferred;
        outcome.not_simulated = now - simulated;
        let unplaced = schedule(&mut infos, task, simulated, outcome);
        if unplaced > 0 {
            retry.push(s);
        }
    }

    // SwarmKit's later passes: the tasks left pending, service by service in the
    // same order, until a pass places nothing.
    while !retry.is_empty() {
        let mut progressed = false;
        retry.retain(|&s| {
            let (Some(task), Some(outcome)) = (task_of(s), outcomes.get_mut(s)) else {
                return false;
            };
            let Some(at) = outcome.pending.iter().position(|p| p.node.is_none()) else {
                return false;
            };
            let pending = outcome.pending.remove(at);
            let unplaced = schedule(&mut infos, task, pending.tasks, outcome);
            progressed |= unplaced < pending.tasks;
            unplaced > 0
        });
        if !progressed {
            break;
        }
    }

    Simulation { services: outcomes }
}

/// Places `tasks` tasks of `task`'s service, recording where in `outcome`, with
/// the tasks left pending; returns how many are left.
fn schedule<'a>(
    infos: &mut [NodeInfo<'a>],
    task: Task<'a>,
    tasks: u64,
    outcome: &mut ServiceOutcome,
) -> u64 {
    let result = placement::schedule_group(infos, task, tasks);
    for ((info, &count), &alternative) in infos.iter().zip(&result.placed).zip(&result.alternatives)
    {
        if count > 0 {
            add_placed(&mut outcome.placed, &info.node.id, count);
        }
        if alternative {
            outcome.alternatives.insert(info.node.id.clone());
        }
    }
    if let Some(error) = result.error {
        let pipeline = Pipeline::new(task);
        let closest = Shortfall::closest(&pipeline, infos);
        let held = Shortfall::held(&pipeline, infos, closest.as_ref());
        outcome.pending.push(Pending {
            tasks: result.unplaced,
            node: None,
            error,
            closest,
            held,
        });
    }
    result.unplaced
}

fn add_placed(placed: &mut BTreeMap<String, u64>, node: &str, count: u64) {
    let entry = placed.entry(node.to_owned()).or_insert(0);
    *entry = entry.saturating_add(count);
}
