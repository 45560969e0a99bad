//! What the network checks share: which networks a service's tasks attach to, the
//! ingress network's subnet, and where a network was written.

use crate::site::{Site, Subnet};
use crate::source::Span;
use crate::swarm::{self, PortMode};
use crate::translate::Origin;

use super::Cx;

/// The network a service without `networks` joins.
pub(super) const DEFAULT_NETWORK: &str = "default";

/// The stack networks a service's tasks attach to.
pub(super) fn attached(service: &swarm::Service) -> Vec<&str> {
    if service.networks.is_empty() {
        vec![DEFAULT_NETWORK]
    } else {
        service.networks.keys().map(String::as_str).collect()
    }
}

/// Whether a service's tasks join the ingress network: it publishes a port in
/// ingress mode.
pub(super) fn uses_ingress(service: &swarm::Service) -> bool {
    service.ports.iter().any(|p| p.mode != Some(PortMode::Host))
}

/// The ingress network's subnet: the site's, or the first the address pool gives,
/// which is what docker gives it.
pub(super) fn ingress_subnet(site: &Site) -> Option<Subnet> {
    if let Some(subnet) = site.network.ingress_subnet {
        return Some(subnet);
    }
    let pool = &site.network.address_pool;
    let first = pool.subnets.first()?;
    let net =
        ipnet::IpNet::new(first.0.network(), pool.mask_length.max(first.prefix_len())).ok()?;
    Some(Subnet(net.trunc()))
}

/// Where a stack network, or one of its subnets, was written; else the first
/// service that attaches to it.
pub(super) fn network_span(cx: &Cx<'_>, name: &str, subnet: Option<usize>) -> Option<Span> {
    let object = Origin::object("networks", name);
    let exact = match subnet {
        Some(i) => cx
            .input
            .origins
            .get_exact(&object.field("ipam.config").item(i))
            .or_else(|| cx.input.origins.get_exact(&object.field("ipam"))),
        None => None,
    };
    exact
        .or_else(|| cx.input.origins.get_exact(&object))
        .or_else(|| {
            cx.services
                .iter()
                .find(|s| attached(s.service).contains(&name))
                .and_then(|s| cx.service_span(s.name, &["networks"]))
        })
}
