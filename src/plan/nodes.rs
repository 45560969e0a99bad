//! Which of the site's nodes a step concerns: the manager the swarm starts on, and the
//! nodes a service's tasks may land on. A directory or an NFS mount is only needed
//! where a task can run, so storage steps ask the scheduler's own eligibility rule.

use crate::schedule;
use crate::site::{self, Role, Site};
use crate::swarm;

/// The manager `docker swarm init` runs on: the first one the profile lists.
pub(super) fn first_manager(site: &Site) -> Option<&site::Node> {
    site.nodes.iter().find(|n| n.role == Role::Manager)
}

/// The address a node advertises to the others: its first interface address.
pub(super) fn address(node: &site::Node) -> Option<String> {
    node.addresses.first().map(|a| a.address().to_string())
}

/// The nodes that may run tasks of `service`, in the profile's order, by the
/// scheduler's one eligibility rule ([`schedule::may_run`]): ready and active,
/// matching every placement constraint, and advertising enough of every generic
/// resource it reserves. None when a constraint does not parse: swarm refuses the
/// service, so no node needs preparing for it.
pub(super) fn eligible<'a>(site: &'a Site, service: &swarm::Service) -> Vec<&'a site::Node> {
    let written = service
        .deploy
        .as_ref()
        .and_then(|d| d.placement.as_ref())
        .map(|p| p.constraints.as_slice())
        .unwrap_or_default();
    schedule::eligible_site_nodes(&site.nodes, written, &schedule::generic_requests(service))
        .unwrap_or_default()
}

/// Hostnames, in the order given.
pub(super) fn hostnames<'a>(nodes: impl IntoIterator<Item = &'a site::Node>) -> Vec<String> {
    nodes.into_iter().map(|n| n.hostname.clone()).collect()
}
