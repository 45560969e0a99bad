//! SwarmKit's filter pipeline (`manager/scheduler/pipeline.go`). Each call to
//! [`Pipeline::process`] runs the enabled filters in order, stops at the first that
//! fails and counts that failure; a node that passes resets every count. The
//! explanation a pending task carries is therefore about the nodes tried since the
//! last node that fitted, which is why the model replays SwarmKit's calls in
//! SwarmKit's order rather than checking each node once.

use super::filter::{Filter, Task};
use super::nodeinfo::NodeInfo;

#[derive(Clone, Debug)]
pub(crate) struct Pipeline<'a> {
    task: Task<'a>,
    enabled: [bool; Filter::PIPELINE.len()],
    failures: [u64; Filter::PIPELINE.len()],
}

impl<'a> Pipeline<'a> {
    /// A pipeline set up for `task`, with every count at zero (SwarmKit's `SetTask`).
    pub(crate) fn new(task: Task<'a>) -> Self {
        Pipeline {
            task,
            enabled: Filter::PIPELINE.map(|f| f.enabled(&task)),
            failures: [0; Filter::PIPELINE.len()],
        }
    }

    pub(crate) fn task(&self) -> &Task<'a> {
        &self.task
    }

    fn first_failure(&self, node: &NodeInfo<'_>) -> Option<usize> {
        Filter::PIPELINE
            .iter()
            .zip(self.enabled)
            .position(|(f, enabled)| enabled && !f.check(&self.task, node))
    }

    /// Runs `node` through the pipeline, counting the failure or resetting the
    /// counts.
    pub(crate) fn process(&mut self, node: &NodeInfo<'_>) -> bool {
        match self.first_failure(node) {
            Some(i) => {
                if let Some(count) = self.failures.get_mut(i) {
                    *count = count.saturating_add(1);
                }
                false
            }
            None => {
                self.failures = [0; Filter::PIPELINE.len()];
                true
            }
        }
    }

    /// Whether `node` would pass, without touching the counts.
    pub(crate) fn passes(&self, node: &NodeInfo<'_>) -> bool {
        self.first_failure(node).is_none()
    }

    /// Every enabled filter `node` fails, in pipeline order.
    pub(crate) fn failing(&self, node: &NodeInfo<'_>) -> Vec<Filter> {
        Filter::PIPELINE
            .iter()
            .zip(self.enabled)
            .filter(|(f, enabled)| *enabled && !f.check(&self.task, node))
            .map(|(f, _)| *f)
            .collect()
    }

    /// SwarmKit's `Explain`: the counted failures, most frequent first, ties in
    /// pipeline order, joined by "; ".
    pub(crate) fn explain(&self) -> String {
        let counts: Vec<(Filter, u64)> = Filter::PIPELINE.into_iter().zip(self.failures).collect();
        explain_counts(&counts)
    }
}

/// Orders failure counts as SwarmKit does (count descending; its sort is an
/// insertion sort at this size, so ties keep pipeline order) and joins their
/// explanations.
pub(crate) fn explain_counts(counts: &[(Filter, u64)]) -> String {
    let mut counted: Vec<(Filter, u64)> = counts.iter().copied().filter(|(_, n)| *n > 0).collect();
    counted.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
    counted
        .iter()
        .map(|(f, n)| f.explain(*n))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The error SwarmKit gives a task no node can take.
pub(crate) fn no_suitable_node(explanation: &str) -> String {
    if explanation.is_empty() {
        "no suitable node".to_owned()
    } else {
        format!("no suitable node ({explanation})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explanations_sort_by_count_then_pipeline_order() {
        // Counts: ready 2, resources 1, constraints 2, max replicas 3. Sorted by
        // count descending: max replicas (3); then the two 2s in pipeline order,
        // ready before constraints; then resources (1).
        let counts = [
            (Filter::Ready, 2),
            (Filter::Resources, 1),
            (Filter::Plugins, 0),
            (Filter::Constraints, 2),
            (Filter::Platform, 0),
            (Filter::HostPorts, 0),
            (Filter::MaxReplicas, 3),
        ];
        assert_eq!(
            explain_counts(&counts),
            "max replicas per node limit exceed; 2 nodes not available for new tasks; \
             scheduling constraints not satisfied on 2 nodes; insufficient resources on 1 node"
        );
    }

    #[test]
    fn no_suitable_node_wraps_a_non_empty_explanation() {
        assert_eq!(no_suitable_node(""), "no suitable node");
        assert_eq!(
            no_suitable_node("insufficient resources on 2 nodes"),
            "no suitable node (insufficient resources on 2 nodes)"
        );
    }
}
