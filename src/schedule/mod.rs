//! A model of SwarmKit's scheduler, so that `swarmc check` can say before a deploy
//! which tasks will stay pending with "no suitable node", and why.
//!
//! The model follows SwarmKit (`manager/scheduler`, `manager/constraint`,
//! `api/genericresource` and the global orchestrators) step by step, including the
//! order in which it runs the filter pipeline, because that order decides the
//! counts in a pending task's error. Where SwarmKit depends on Go map iteration,
//! and so is random, the model picks one documented deterministic order; where
//! the order of services changes the outcome, [`simulate_orders`] shows it.
//!
//! Inputs are small types of this module ([`Node`], [`ServiceSpec`]), built from the
//! site profile and the swarm stack by [`Node::from_site`] and
//! [`ServiceSpec::from_stack`].

mod constraint;
mod filter;
mod global;
mod node;
mod nodeinfo;
mod orders;
mod outcome;
mod pipeline;
mod placement;
mod resources;
mod running;
mod service;
mod shortfall;
mod simulate;
mod spread;
mod view;

pub use constraint::{Constraint, ConstraintError, Operator, Unmatchable, all_match};
pub use node::{
    Availability, GenericResource, Node, NodeState, Platform, Plugin, PluginKind, Role,
};
pub use orders::{
    OrderReport, OrderRun, Witness, simulate_orders, simulate_orders_of, simulate_orders_of_from,
};
pub use outcome::{Pending, ServiceOutcome, Simulation};
pub use running::RunningTask;
pub use service::{GenericRequest, HostPort, Mode, Protocol, Reservations, ServiceSpec};
pub use shortfall::{Reason, Shortfall};
pub use simulate::{
    MAX_SIMULATED_TASKS, simulate, simulate_from, simulate_with_ties, simulate_with_ties_from,
};
pub use view::{eligible_site_nodes, generic_requests, generic_total, may_run};

#[cfg(test)]
mod tests;
