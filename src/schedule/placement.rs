//! Placing the tasks of one service, as SwarmKit's `scheduleTaskGroup` and
//! `scheduleNTasksOnNodes` do (`manager/scheduler/scheduler.go`).
//!
//! Nodes are ranked by how many tasks of the service they run, then by how many
//! tasks they run in all; the first node takes tasks while it stays strictly better
//! than the next one, after which tasks go round the nodes one at a time, skipping
//! nodes the pipeline now rejects, until none is left. There is no look-ahead and
//! no resource scoring.
//!
//! SwarmKit breaks ties between equally ranked nodes by Go map iteration order
//! (its node set is a map keyed by node ID, and the leaf's heap and sort keep
//! whatever order that gave), which is random. This model is deterministic instead:
//!
//! - equally ranked nodes are taken by the tie order the caller gives, by default
//!   hostname, then node ID, in byte order; every node that ranked equal to the
//!   one that got a task, and passed the pipeline, is recorded as an alternative,
//!   so that callers can say where SwarmKit's choice is free;
//! - when the decision tree is built, nodes that fit the task are visited before
//!   nodes that do not (each group in hostname order). SwarmKit may visit them in
//!   any order; this is the order whose explanation counts every node that does not
//!   fit, so the reported reasons are the most complete SwarmKit can give.

use std::cmp::Ordering;

use super::filter::Task;
use super::nodeinfo::NodeInfo;
use super::pipeline::{self, Pipeline};
use super::spread::Tree;

/// The tasks of one service being placed, with the cluster state they change.
pub(crate) struct Group<'n, 'a> {
    pub(crate) nodes: &'n mut [NodeInfo<'a>],
    pub(crate) pipeline: Pipeline<'a>,
    /// Tasks not placed yet.
    pub(crate) remaining: u64,
    /// Tasks placed on each node.
    pub(crate) placed: Vec<u64>,
    /// Nodes that could have taken a task placed elsewhere, had SwarmKit broken a
    /// tie the other way.
    pub(crate) alternatives: Vec<bool>,
}

/// The result of placing one service's tasks.
pub(crate) struct GroupResult {
    /// Tasks placed on each node, indexed like the nodes.
    pub(crate) placed: Vec<u64>,
    pub(crate) unplaced: u64,
    /// Nodes that tied with a node that got a task, indexed like the nodes.
    pub(crate) alternatives: Vec<bool>,
    /// SwarmKit's error for the tasks left, when some are.
    pub(crate) error: Option<String>,
}

impl<'n, 'a> Group<'n, 'a> {
    /// SwarmKit's `nodeLess`: fewer tasks of this service first, then fewer tasks.
    /// (SwarmKit first demotes nodes where the service failed 5 times in 5
    /// minutes; a deployment not yet made has no failures.)
    pub(crate) fn less(&self, a: usize, b: usize) -> bool {
        self.rank(a) < self.rank(b)
    }

    fn rank(&self, node: usize) -> (u64, u64) {
        self.nodes.get(node).map_or((u64::MAX, u64::MAX), |n| {
            (
                n.service_tasks(self.pipeline.task().service),
                n.active_tasks,
            )
        })
    }

    /// The total order used to sort nodes: SwarmKit's ranking, then the
    /// deterministic tie-break.
    pub(crate) fn order(&self, a: usize, b: usize) -> Ordering {
        self.rank(a)
            .cmp(&self.rank(b))
            .then_with(|| self.identity(a).cmp(&self.identity(b)))
    }

    fn identity(&self, node: usize) -> (usize, &str, &str, usize) {
        self.nodes
            .get(node)
            .map_or((usize::MAX, "", "", node), |n| {
                (n.tie, n.node.hostname.as_str(), n.node.id.as_str(), node)
            })
    }

    /// Records, before a task goes to `node`, the nodes SwarmKit could have chosen
    /// as well: those that pass the pipeline with as many tasks of this service.
    /// The ranking's second key, a node's tasks of every service, is no certainty:
    /// it counts the tasks of the services swarm happened to create before this
    /// one, in an order it picks at random. Only without spread preferences, where
    /// every node is in the one leaf.
    fn note_alternatives(&mut self, node: usize) {
        if !self.pipeline.task().spec.spread.is_empty() {
            return;
        }
        let tasks = self.rank(node).0;
        for other in 0..self.nodes.len() {
            if other != node && self.rank(other).0 == tasks && self.passes(other) {
                if let Some(seen) = self.alternatives.get_mut(other) {
                    *seen = true;
                }
            }
        }
    }

    pub(crate) fn process(&mut self, node: usize) -> bool {
        match self.nodes.get(node) {
            Some(info) => self.pipeline.process(info),
            None => false,
        }
    }

    fn passes(&self, node: usize) -> bool {
        self.nodes
            .get(node)
            .is_some_and(|info| self.pipeline.passes(info))
    }

    fn place(&mut self, node: usize) {
        self.note_alternatives(node);
        let task = *self.pipeline.task();
        if let Some(info) = self.nodes.get_mut(node) {
            info.add_task(task.service, task.spec);
        }
        if let Some(count) = self.placed.get_mut(node) {
            *count = count.saturating_add(1);
        }
        self.remaining = self.remaining.saturating_sub(1);
    }

    /// `scheduleNTasksOnNodes`: places up to `n` tasks on `nodes`, sorted best
    /// first, and returns how many it placed.
    pub(crate) fn schedule_on_nodes(&mut self, n: i64, nodes: &[usize]) -> i64 {
        let count = nodes.len();
        if count == 0 {
            return 0;
        }
        let at = |i: usize| nodes.get(i % count).copied().unwrap_or(usize::MAX);
        let mut scheduled = 0;
        let mut failed = vec![false; count];
        let mut iter = 0;
        while self.remaining > 0 {
            let node = at(iter);
            self.place(node);
            scheduled += 1;
            if scheduled == n {
                return scheduled;
            }
            if iter + 1 < count {
                // First pass: stay on this node while it is still strictly better
                // than the next one.
                if self.less(at(iter + 1), node) {
                    iter += 1;
                }
            } else {
                iter += 1;
            }
            let start = iter;
            while failed.get(iter % count).copied().unwrap_or(true) || !self.process(at(iter)) {
                if let Some(f) = failed.get_mut(iter % count) {
                    *f = true;
                }
                iter += 1;
                if iter - start == count {
                    return scheduled;
                }
            }
        }
        scheduled
    }
}

/// `scheduleTaskGroup`: places `tasks` tasks of `task`'s service on `nodes`.
pub(crate) fn schedule_group<'a>(
    nodes: &mut [NodeInfo<'a>],
    task: Task<'a>,
    tasks: u64,
) -> GroupResult {
    let node_count = nodes.len();
    let mut group = Group {
        nodes,
        pipeline: Pipeline::new(task),
        remaining: tasks,
        placed: vec![0; node_count],
        alternatives: vec![false; node_count],
    };
    // Each node is run through the pipeline once, not once per comparison.
    let passes: Vec<bool> = (0..node_count).map(|node| group.passes(node)).collect();
    let mut visit: Vec<usize> = (0..node_count).collect();
    visit.sort_by(|&a, &b| {
        passes[b]
            .cmp(&passes[a])
            .then_with(|| group.identity(a).cmp(&group.identity(b)))
    });
    let mut tree = Tree::build(&mut group, &visit, tasks);
    tree.schedule(&mut group, i64::try_from(tasks).unwrap_or(i64::MAX));
    let error =
        (group.remaining > 0).then(|| pipeline::no_suitable_node(&group.pipeline.explain()));
    GroupResult {
        unplaced: group.remaining,
        placed: group.placed,
        alternatives: group.alternatives,
        error,
    }
}
