//! Which of the site's nodes a step concerns: the manager the swarm starts on, and the
//! nodes a service's tasks may land on. A directory or an NFS mount is only needed
//! where a task can run, so storage steps ask the same questions as the scheduler's
//! filters: availability, placement constraints and generic resources.

use crate::schedule::{self, Constraint};
use crate::site::{self, Availability, Role, Site};
use crate::swarm;

/// The manager `docker swarm init` runs on: the first one the profile lists.
pub(super) fn first_manager(site: &Site) -> Option<&site::Node> {
    site.nodes.iter().find(|n| n.role == Role::Manager)
}

/// The address a node advertises to the others: its first interface address.
pub(super) fn address(node: &site::Node) -> Option<String> {
    node.addresses.first().map(|a| a.address().to_string())
}

/// The nodes that may run tasks of `service`, in the profile's order: not drained,
/// matching every placement constraint, and advertising every generic resource kind it
/// reserves. Constraints that do not parse are left to docker, which refuses them; the
/// service is then taken to run anywhere.
pub(super) fn eligible<'a>(site: &'a Site, service: &swarm::Service) -> Vec<&'a site::Node> {
    let deploy = service.deploy.as_ref();
    let written = deploy
        .and_then(|d| d.placement.as_ref())
        .map(|p| p.constraints.as_slice())
        .unwrap_or_default();
    let constraints = Constraint::parse_all(written).unwrap_or_default();
    let generic = deploy
        .and_then(|d| d.resources.as_ref())
        .and_then(|r| r.reservations.as_ref())
        .map(|r| r.generic_resources.as_slice())
        .unwrap_or_default();
    site.nodes
        .iter()
        .filter(|node| node.availability != Availability::Drain)
        .filter(|node| {
            let seen = schedule::Node::from_site(node);
            constraints.iter().all(|c| c.matches(&seen))
        })
        .filter(|node| {
            generic.iter().all(|g| {
                let spec = &g.discrete_resource_spec;
                node.generic_resources
                    .get(&spec.kind)
                    .is_some_and(|r| r.count() >= spec.value)
            })
        })
        .collect()
}

/// Hostnames, in the order given.
pub(super) fn hostnames<'a>(nodes: impl IntoIterator<Item = &'a site::Node>) -> Vec<String> {
    nodes.into_iter().map(|n| n.hostname.clone()).collect()
}
