//! Global services and global jobs. Their tasks are not placed by the scheduler
//! but created by the orchestrator for one node each (`orchestrator/global`,
//! `orchestrator/jobs/global`), and the scheduler only confirms that the node can
//! run them (`taskFitNode`), before it places any other task. A task that does not
//! fit stays pending with the bare explanation, without "no suitable node": SwarmKit
//! sets the pipeline's explanation as is.

use super::constraint::{self, Constraint};
use super::filter::Task;
use super::node::{Availability, Node, NodeState};
use super::nodeinfo::NodeInfo;
use super::pipeline::Pipeline;
use super::service::Mode;

/// Whether the orchestrator creates a task of a `mode` service for `node`. A global
/// service skips down and drained nodes, adds nothing to paused ones, and skips
/// nodes that fail its constraints; a global job wants ready, active nodes that
/// satisfy its constraints. Platforms are not looked at: a node of the wrong
/// platform gets a task that never leaves pending.
pub(crate) fn gets_task(mode: Mode, constraints: &[Constraint], node: &Node) -> bool {
    let eligible = match mode {
        Mode::Global => {
            node.state != NodeState::Down
                && node.availability != Availability::Drain
                && node.availability != Availability::Pause
        }
        Mode::GlobalJob => {
            node.state == NodeState::Ready && node.availability == Availability::Active
        }
        Mode::Replicated { .. } | Mode::ReplicatedJob { .. } => false,
    };
    eligible && constraint::all_match(constraints, node)
}

/// `taskFitNode`: runs the task's node through the pipeline; places the task if it
/// passes, or returns SwarmKit's explanation.
pub(crate) fn fit(node: &mut NodeInfo<'_>, task: Task<'_>) -> Result<(), String> {
    let mut pipeline = Pipeline::new(task);
    if pipeline.process(node) {
        node.add_task(task.service, task.spec);
        Ok(())
    } else {
        Err(pipeline.explain())
    }
}
