//! How many addresses each network of a project needs, counted in one pass over the
//! services so that sizing every network stays linear in the size of the project.
//!
//! Two addresses per task of each attached service when it updates `start-first` (old
//! and new task run together), one otherwise; one virtual IP per service reached
//! through one; one load-balancer address per node; and the network, gateway and
//! broadcast addresses.

use std::collections::HashMap;

use crate::compose::{EndpointMode, Service, UpdateOrder};

use super::Cx;
use super::service_networks::attached;

/// The addresses each network key needs; a key no service attaches to needs only the
/// nodes' load balancers and the reserved three.
pub(super) struct AddressNeeds<'a> {
    by_network: HashMap<&'a str, u128>,
    base: u128,
}

impl<'a> AddressNeeds<'a> {
    pub(super) fn of(cx: &Cx<'a>) -> AddressNeeds<'a> {
        let nodes = cx.site().nodes.len().max(1) as u128;
        let base = nodes + 3;
        let mut by_network: HashMap<&str, u128> = HashMap::new();
        for service in cx.project().services.values() {
            let own = tasks(cx, service) + u128::from(has_vip(service));
            for key in attached(service) {
                *by_network.entry(key).or_insert(base) += own;
            }
        }
        AddressNeeds { by_network, base }
    }

    pub(super) fn of_network(&self, key: &str) -> u128 {
        self.by_network.get(key).copied().unwrap_or(self.base)
    }
}

/// The tasks of a service, as resolved once for the translation: a global service
/// runs one on each node it may run on, not on every node.
fn tasks(cx: &Cx<'_>, service: &Service) -> u128 {
    let count = u128::from(cx.placement(service).map_or(1, |p| p.tasks()));
    let start_first = service
        .deploy
        .as_deref()
        .and_then(|d| d.update_config.as_deref())
        .and_then(|u| u.order.as_ref())
        .is_some_and(|o| o.value == UpdateOrder::StartFirst);
    if start_first { count * 2 } else { count }
}

fn has_vip(service: &Service) -> bool {
    !service
        .deploy
        .as_deref()
        .and_then(|d| d.endpoint_mode.as_ref())
        .is_some_and(|m| m.value == EndpointMode::Dnsrr)
}
