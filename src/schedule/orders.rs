//! Order dependence. SwarmKit places one service's tasks after another's, in Go map
//! order, greedily and without look-ahead (swarmkit#310, moby#24103), so the same
//! stack on the same cluster can fit on one deployment and not on the next. This
//! simulates a few deterministic orders and says whether the outcome depends on
//! the order, naming an order that fails while another succeeds.

use std::cmp::Reverse;

use super::node::Node;
use super::outcome::Simulation;
use super::running::RunningTask;
use super::service::ServiceSpec;
use super::simulate::simulate_in_order_from;

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
    let all: Vec<usize> = (0..services.len()).collect();
    simulate_orders_of(nodes, services, &all, n)
}

/// Like [`simulate_orders`], but only the services in `movable` (indices into
/// `services`, in the given order) change places; every other service keeps its
/// place. Services that cannot take room from each other (no reservations, no
/// shared host-mode port) place the same in every order, so a caller moves only
/// those that can, and each run's [`OrderRun::order`] names only them.
pub fn simulate_orders_of(
    nodes: &[Node],
    services: &[ServiceSpec],
    movable: &[usize],
    n: usize,
) -> OrderReport {
    simulate_orders_of_from(nodes, &[], services, movable, n)
}

/// [`simulate_orders_of`] on nodes that already run `running`: the tasks of other
/// stacks hold their room in every order tried.
pub fn simulate_orders_of_from(
    nodes: &[Node],
    running: &[RunningTask],
    services: &[ServiceSpec],
    movable: &[usize],
    n: usize,
) -> OrderReport {
    let mut places: Vec<usize> = movable.to_vec();
    places.sort_unstable();
    let runs: Vec<OrderRun> = candidate_orders(services, movable, n.max(1))
        .into_iter()
        .map(|moved| {
            let mut order: Vec<usize> = (0..services.len()).collect();
            for (&place, &s) in places.iter().zip(&moved) {
                if let Some(slot) = order.get_mut(place) {
                    *slot = s;
                }
            }
            OrderRun {
                order: moved
                    .iter()
                    .filter_map(|&s| services.get(s).map(|spec| spec.name.clone()))
                    .collect(),
                simulation: simulate_in_order_from(nodes, running, services, &order),
            }
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

/// Up to `n` orders to try, without repeats, most telling first. Orders are made
/// one at a time and only until `n` are found, so that a stack of thousands of
/// services costs `n` orders, not thousands.
fn candidate_orders(services: &[ServiceSpec], movable: &[usize], n: usize) -> Vec<Vec<usize>> {
    let given: Vec<usize> = movable.to_vec();
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
    let len = given.len();
    let mut unique: Vec<Vec<usize>> = Vec::new();
    // 0: given, 1: reverse, 2: largest first, 3: smallest first, then rotations,
    // then swaps of neighbours.
    for candidate in 0..(4 + 2 * len.saturating_sub(1)) {
        if unique.len() >= n {
            break;
        }
        let order = match candidate {
            0 => given.clone(),
            1 => given.iter().rev().copied().collect(),
            2 => {
                let mut largest_first = given.clone();
                largest_first.sort_by_key(|s| Reverse(size(s)));
                largest_first
            }
            3 => {
                let mut smallest_first = given.clone();
                smallest_first.sort_by_key(size);
                smallest_first
            }
            c if c < 4 + len.saturating_sub(1) => {
                let mut rotated = given.clone();
                rotated.rotate_left(c - 3);
                rotated
            }
            c => {
                let i = c - 3 - len.saturating_sub(1);
                let mut swapped = given.clone();
                swapped.swap(i - 1, i);
                swapped
            }
        };
        if !unique.contains(&order) {
            unique.push(order);
        }
    }
    unique
}
