//! Order dependence. SwarmKit places one service's tasks after another's, in Go map
//! order, greedily and without look-ahead (swarmkit#310, moby#24103), so the same
//! stack on the same cluster can fit on one deployment and not on the next. This
//! simulates a few deterministic orders and says whether the outcome depends on
//! the order, naming an order that fails while another succeeds.

use std::cmp::Reverse;

use super::node::Node;
use super::outcome::Simulation;
use super::service::ServiceSpec;
use super::simulate::simulate_in_order;

/// One simulated order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderRun {
    /// Service names, in the order they were placed.
    pub order: Vec<String>,
    pub simulation: Simulation,
}

/// Two orders of which the first leaves tasks pending and the second does not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Witness {
    /// Index in [`OrderReport::runs`] of an order that leaves tasks pending.
    pub failing: usize,
    /// Index in [`OrderReport::runs`] of an order that places every task.
    pub succeeding: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderReport {
    /// The orders tried, the given one first.
    pub runs: Vec<OrderRun>,
    /// Whether some service ends with a different number of tasks placed or a
    /// different error in some order.
    pub differs: bool,
    pub witness: Option<Witness>,
}

/// Simulates up to `n` orders (at least the given one): the given order, the
/// reverse, largest reservations first, smallest first, then rotations and swaps
/// of neighbours of the given order, leaving out repeats.
pub fn simulate_orders(nodes: &[Node], services: &[ServiceSpec], n: usize) -> OrderReport {
    let runs: Vec<OrderRun> = candidate_orders(services)
        .into_iter()
        .take(n.max(1))
        .map(|order| OrderRun {
            order: order
                .iter()
                .filter_map(|&s| services.get(s).map(|spec| spec.name.clone()))
                .collect(),
            simulation: simulate_in_order(nodes, services, &order),
        })
        .collect();
    let signatures: Vec<_> = runs.iter().map(|r| signature(&r.simulation)).collect();
    let differs = signatures.windows(2).any(|w| w.first() != w.get(1));
    let failing = runs.iter().position(|r| r.simulation.pending_tasks() > 0);
    let succeeding = runs.iter().position(|r| r.simulation.pending_tasks() == 0);
    let witness = failing
        .zip(succeeding)
        .map(|(failing, succeeding)| Witness {
            failing,
            succeeding,
        });
    OrderReport {
        runs,
        differs,
        witness,
    }
}

/// What is compared between orders: per service, the tasks placed and the errors
/// of pending tasks (not which node took what).
fn signature(simulation: &Simulation) -> Vec<(u64, Vec<(u64, &str)>)> {
    simulation
        .services
        .iter()
        .map(|s| {
            let pending = s
                .pending
                .iter()
                .map(|p| (p.tasks, p.error.as_str()))
                .collect();
            (s.placed_tasks(), pending)
        })
        .collect()
}

/// The orders to try, without repeats, most telling first.
fn candidate_orders(services: &[ServiceSpec]) -> Vec<Vec<usize>> {
    let given: Vec<usize> = (0..services.len()).collect();
    let size = |s: &usize| {
        services.get(*s).map_or((0, 0, 0), |spec| {
            let r = &spec.reservations;
            let generic = r
                .generic
                .iter()
                .fold(0u64, |a, g| a.saturating_add(g.count));
            (r.memory_bytes, r.nano_cpus, generic)
        })
    };
    let mut candidates = vec![given.clone(), given.iter().rev().copied().collect()];
    let mut largest_first = given.clone();
    largest_first.sort_by_key(|s| Reverse(size(s)));
    let mut smallest_first = given.clone();
    smallest_first.sort_by_key(size);
    candidates.push(largest_first);
    candidates.push(smallest_first);
    for k in 1..given.len() {
        let mut rotated = given.clone();
        rotated.rotate_left(k);
        candidates.push(rotated);
    }
    for i in 1..given.len() {
        let mut swapped = given.clone();
        swapped.swap(i - 1, i);
        candidates.push(swapped);
    }
    let mut unique: Vec<Vec<usize>> = Vec::new();
    for order in candidates {
        if !unique.contains(&order) {
            unique.push(order);
        }
    }
    unique
}
