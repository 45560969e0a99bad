//! One simulated deployment: every service's tasks created at once, then placed the
//! way one pass of SwarmKit's scheduler does. Tasks created for a node (global
//! services and global jobs) are confirmed first, as `processPreassignedTasks`
//! runs before `tick`; then the other services are placed one at a time, each
//! service's tasks as one group. SwarmKit takes the groups in Go map order; the
//! model takes them in the order given, and [`super::simulate_orders`] tries others.

use std::collections::BTreeMap;

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
/// into `services`); outcomes stay in the order of `services`.
pub(crate) fn simulate_in_order(
    nodes: &[Node],
    services: &[ServiceSpec],
    order: &[usize],
) -> Simulation {
    simulate_in_order_from(nodes, &[], services, order)
}

/// [`simulate_in_order`] on nodes that already run `running`.
pub(crate) fn simulate_in_order_from(
    nodes: &[Node],
    running: &[RunningTask],
    services: &[ServiceSpec],
    order: &[usize],
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
            pending: Vec::new(),
        })
        .collect();
    let mut infos: Vec<NodeInfo<'_>> = nodes
        .iter()
        .map(|n| NodeInfo::new(n, services.len()))
        .collect();
    for task in running {
        if let Some(info) = infos.iter_mut().find(|i| i.node.id == task.node) {
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
                }),
            }
        }
    }

    for &s in order {
        let Some(task) = task_of(s) else { continue };
        let (now, deferred) = match task.spec.mode {
            Mode::Replicated { replicas } => (replicas, 0),
            Mode::ReplicatedJob {
                max_concurrent,
                total_completions,
            } => {
                let concurrent = max_concurrent.unwrap_or(1);
                let total = total_completions.unwrap_or(concurrent);
                let now = concurrent.min(total);
                (now, total - now)
            }
            Mode::Global | Mode::GlobalJob => continue,
        };
        let Some(outcome) = outcomes.get_mut(s) else {
            continue;
        };
        let simulated = now.min(MAX_SIMULATED_TASKS);
        outcome.tasks = now;
        outcome.deferred = deferred;
        outcome.not_simulated = now - simulated;
        let result = placement::schedule_group(&mut infos, task, simulated);
        for (info, &count) in infos.iter().zip(&result.placed) {
            if count > 0 {
                add_placed(&mut outcome.placed, &info.node.id, count);
            }
        }
        if let Some(error) = result.error {
            outcome.pending.push(Pending {
                tasks: result.unplaced,
                node: None,
                error,
                closest: Shortfall::closest(&Pipeline::new(task), &infos),
            });
        }
    }

    Simulation { services: outcomes }
}

fn add_placed(placed: &mut BTreeMap<String, u64>, node: &str, count: u64) {
    let entry = placed.entry(node.to_owned()).or_insert(0);
    *entry = entry.saturating_add(count);
}
