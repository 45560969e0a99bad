//! What a simulated deployment ends with: for every service, how many tasks each
//! node took and, for the tasks no node took, SwarmKit's error and the node that
//! came closest.

use std::collections::{BTreeMap, BTreeSet};

use super::constraint::ConstraintError;
use super::shortfall::Shortfall;

/// The outcome of deploying a set of services on a set of nodes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Simulation {
    /// One outcome per service, in the order the services were given.
    pub services: Vec<ServiceOutcome>,
}

impl Simulation {
    pub fn service(&self, name: &str) -> Option<&ServiceOutcome> {
        self.services.iter().find(|s| s.name == name)
    }

    /// Tasks left pending, all services together.
    pub fn pending_tasks(&self) -> u64 {
        self.services
            .iter()
            .map(ServiceOutcome::pending_tasks)
            .fold(0, u64::saturating_add)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServiceOutcome {
    pub name: String,
    /// Set when SwarmKit refuses the service itself: its constraints do not parse.
    pub rejected: Option<ConstraintError>,
    /// Tasks SwarmKit creates at deployment.
    pub tasks: u64,
    /// Job completions that only get a task once earlier tasks complete.
    pub deferred: u64,
    /// Tasks beyond [`MAX_SIMULATED_TASKS`](super::MAX_SIMULATED_TASKS), counted in
    /// `tasks` but not placed by the model.
    pub not_simulated: u64,
    /// Tasks placed, by node ID.
    pub placed: BTreeMap<String, u64>,
    /// Nodes, by ID, that SwarmKit ranked equal to a node that got a task and that
    /// could have taken it instead: where its choice was free.
    pub alternatives: BTreeSet<String>,
    pub pending: Vec<Pending>,
}

impl ServiceOutcome {
    pub fn placed_tasks(&self) -> u64 {
        self.placed.values().fold(0, |a, b| a.saturating_add(*b))
    }

    pub fn pending_tasks(&self) -> u64 {
        self.pending
            .iter()
            .fold(0, |a, p| a.saturating_add(p.tasks))
    }
}

/// Tasks of one service that stay pending for the same reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending {
    pub tasks: u64,
    /// The node a global service's task was created for.
    pub node: Option<String>,
    /// The error SwarmKit sets on the tasks, in its own words.
    pub error: String,
    /// The node that came closest to taking them.
    pub closest: Option<Shortfall>,
    /// What keeps each other node that runs tasks of other stacks from taking them,
    /// by hostname: where those tasks may be what is in the way, whichever node came
    /// closest. Empty on a swarm that runs nothing else.
    pub held: Vec<Shortfall>,
}
