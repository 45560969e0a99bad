//! Spread placement preferences, as SwarmKit's decision tree (`nodeset.go`,
//! `decision_tree.go`, `scheduleNTasksOnSubtree` in `scheduler.go`).
//!
//! Each `spread` descriptor is one level of the tree; nodes are grouped by the
//! value of the label it names, a node without the label going to the "" branch.
//! Only `node.labels.*` and `engine.labels.*` descriptors make a level, others are
//! silently ignored. Nodes that do not fit still make their branch exist, so a
//! branch can have no room at all. At each level the tasks are divided evenly
//! between branches (counting tasks already there), the remainder going one each to
//! the first branches; a branch that cannot take its share is marked as having no
//! room and what it could not take is divided again among the others.
//!
//! The leaves keep at most as many nodes as there are tasks to place, the best
//! ones by SwarmKit's ranking, and SwarmKit only runs the pipeline on a node when
//! it could enter its leaf: both affect which failures the explanation counts.
//!
//! SwarmKit visits branches in Go map order, which is random; here they are
//! visited by label value in byte order, so the remainder goes to the smallest
//! values.

use std::collections::{BTreeMap, BTreeSet};

use super::constraint::{ENGINE_LABEL_PREFIX, NODE_LABEL_PREFIX, strip_prefix_fold};
use super::node::Node;
use super::placement::Group;

/// One level of the tree: which label it reads.
enum Level<'s> {
    NodeLabel(&'s str),
    EngineLabel(&'s str),
}

impl Level<'_> {
    /// The node's value for this level; a node without the label has "".
    fn value(&self, node: &Node) -> String {
        let (labels, key) = match self {
            Level::NodeLabel(key) => (&node.labels, key),
            Level::EngineLabel(key) => (&node.engine_labels, key),
        };
        labels.get(*key).cloned().unwrap_or_default()
    }
}

#[derive(Default)]
struct Branch {
    /// Tasks of the service already in this subtree.
    tasks: i64,
    /// Sub-branches by label value; empty for a leaf.
    next: BTreeMap<String, usize>,
    /// A leaf's candidate nodes.
    nodes: Vec<usize>,
    /// How many of `nodes` are still in SwarmKit's heap: equal to `nodes.len()`
    /// until the leaf is first used, 0 after.
    heap_len: usize,
}

pub(crate) struct Tree {
    /// Branches, the root first.
    branches: Vec<Branch>,
}

impl Tree {
    /// `nodeSet.tree`: groups the nodes, visited in `visit` order, by the
    /// service's spread preferences, keeping in each leaf the best `tasks` nodes
    /// that pass the pipeline.
    pub(crate) fn build(group: &mut Group<'_, '_>, visit: &[usize], tasks: u64) -> Tree {
        let mut tree = Tree {
            branches: vec![Branch::default()],
        };
        if tasks == 0 {
            return tree;
        }
        let task = *group.pipeline.task();
        let levels: Vec<Level<'_>> = task
            .spec
            .spread
            .iter()
            .filter_map(|descriptor| {
                if let Some(key) = strip_prefix_fold(descriptor, NODE_LABEL_PREFIX) {
                    Some(Level::NodeLabel(key))
                } else {
                    strip_prefix_fold(descriptor, ENGINE_LABEL_PREFIX).map(Level::EngineLabel)
                }
            })
            .collect();
        let max = usize::try_from(tasks).unwrap_or(usize::MAX);
        for &n in visit {
            let Some(info) = group.nodes.get(n) else {
                continue;
            };
            let service_tasks = i64::try_from(info.service_tasks(task.service)).unwrap_or(0);
            let values: Vec<String> = levels.iter().map(|l| l.value(info.node)).collect();
            let mut at = 0;
            for value in values {
                tree.add_tasks(at, service_tasks);
                at = tree.child(at, value);
            }
            tree.add_tasks(at, service_tasks);
            tree.offer(group, at, n, max);
        }
        tree
    }

    fn add_tasks(&mut self, branch: usize, tasks: i64) {
        if let Some(b) = self.branches.get_mut(branch) {
            b.tasks = b.tasks.saturating_add(tasks);
        }
    }

    fn child(&mut self, branch: usize, value: String) -> usize {
        let fresh = self.branches.len();
        let Some(b) = self.branches.get_mut(branch) else {
            return branch;
        };
        let child = *b.next.entry(value).or_insert(fresh);
        if child == fresh {
            self.branches.push(Branch::default());
        }
        child
    }

    /// Offers node `n` to a leaf holding at most `max` nodes: it enters if there is
    /// room, or if it ranks strictly better than the worst node there; either way
    /// only after passing the pipeline, which is only run when it could enter.
    fn offer(&mut self, group: &mut Group<'_, '_>, leaf: usize, n: usize, max: usize) {
        let Some(b) = self.branches.get(leaf) else {
            return;
        };
        if b.nodes.len() < max {
            if group.process(n) {
                if let Some(b) = self.branches.get_mut(leaf) {
                    b.nodes.push(n);
                    b.heap_len = b.nodes.len();
                }
            }
            return;
        }
        let worst = b
            .nodes
            .iter()
            .enumerate()
            .max_by(|(_, x), (_, y)| group.order(**x, **y))
            .map(|(i, node)| (i, *node));
        if let Some((slot, worst)) = worst {
            if group.less(n, worst) && group.process(n) {
                if let Some(entry) = self
                    .branches
                    .get_mut(leaf)
                    .and_then(|b| b.nodes.get_mut(slot))
                {
                    *entry = n;
                }
            }
        }
    }

    /// `decisionTree.orderedNodes`: the leaf's nodes, best first. From the second
    /// use on, nodes are run through the pipeline again and dropped if they fail.
    fn ordered_nodes(&mut self, group: &mut Group<'_, '_>, leaf: usize) -> Vec<usize> {
        let Some(b) = self.branches.get_mut(leaf) else {
            return Vec::new();
        };
        let mut nodes = std::mem::take(&mut b.nodes);
        if b.heap_len != nodes.len() {
            let mut i = 0;
            while let Some(&n) = nodes.get(i) {
                if group.process(n) {
                    i += 1;
                } else {
                    nodes.swap_remove(i);
                }
            }
        }
        nodes.sort_by(|&x, &y| group.order(x, y));
        b.heap_len = 0;
        b.nodes.clone_from(&nodes);
        nodes
    }

    /// Places `n` tasks on the whole tree; returns how many were placed.
    pub(crate) fn schedule(&mut self, group: &mut Group<'_, '_>, n: i64) -> i64 {
        self.schedule_subtree(group, 0, n)
    }

    /// `scheduleNTasksOnSubtree`.
    fn schedule_subtree(&mut self, group: &mut Group<'_, '_>, branch: usize, n: i64) -> i64 {
        let Some(b) = self.branches.get(branch) else {
            return 0;
        };
        if b.next.is_empty() {
            let nodes = self.ordered_nodes(group, branch);
            return group.schedule_on_nodes(n, &nodes);
        }
        let children: Vec<usize> = b.next.values().copied().collect();
        let mut usable_tasks = b.tasks;
        let mut scheduled = 0;
        let mut no_room = BTreeSet::new();
        while scheduled != n && no_room.len() != children.len() {
            let before = (scheduled, no_room.len());
            let usable = i64::try_from(children.len() - no_room.len()).unwrap_or(i64::MAX);
            let to_share = usable_tasks.saturating_add(n).saturating_sub(scheduled);
            let desired = to_share / usable;
            let mut remainder = to_share % usable;
            for &child in &children {
                if no_room.contains(&child) {
                    continue;
                }
                // SwarmKit reads the count from when the tree was built, not
                // counting tasks placed since.
                let child_tasks = self.branches.get(child).map_or(0, |c| c.tasks);
                if child_tasks < desired || (child_tasks == desired && remainder > 0) {
                    let mut assign = desired - child_tasks;
                    if remainder > 0 {
                        assign += 1;
                    }
                    let placed = self.schedule_subtree(group, child, assign);
                    if placed < assign {
                        no_room.insert(child);
                        usable_tasks -= child_tasks;
                    } else if remainder > 0 {
                        remainder -= 1;
                    }
                    scheduled += placed;
                }
            }
            if before == (scheduled, no_room.len()) {
                // Cannot happen with SwarmKit's arithmetic; guards the loop anyway.
                break;
            }
        }
        scheduled
    }
}
