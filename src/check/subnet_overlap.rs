use super::Context;
use super::networks::{host_networks, ingress_subnet, network_span};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::site::Subnet;

crate::rules::declare_rule! {
    /// ## What it does
    /// Reports a subnet the stack gives one of its networks that overlaps another
    /// network's: another network of the stack, the ingress network, a network of
    /// another stack the site lists, or a host network the site describes.
    ///
    /// ## Why
    /// Swarm creates the network and then fails to allocate it (`Pool overlaps with
    /// other one on this address space`), asynchronously: `docker stack deploy`
    /// succeeds and the tasks stay `New` with `network ... not allocated yet`. A
    /// subnet over a host network allocates, but its containers can no longer reach
    /// the hosts (DNS, NFS, the LAN) it shadows.
    ///
    /// ## Example
    /// ```yaml
    /// networks:
    ///   back:
    ///     ipam:
    ///       config: [{subnet: 10.0.0.0/16}]   # holds the ingress network's 10.0.0.0/24
    /// ```
    ///
    /// ## Fix
    /// Give the network a free subnet, or leave `ipam` out and let swarm allocate one
    /// from its address pool.
    pub static NETWORK_SUBNET_OVERLAP = ("SW505", "network-subnet-overlap", Error);
}

pub(super) fn check(cx: &Context<'_>, diagnostics: &mut Diagnostics) {
    let site = cx.site();
    let hosts = host_networks(site);
    let ingress = ingress_subnet(site);
    let ingress_at = site.locate("/network/ingress_subnet").map(|l| l.value);
    let mut earlier: Vec<(Subnet, &str, usize)> = Vec::new();
    for (name, network) in &cx.input.stack.networks {
        if network.external {
            continue;
        }
        let configs = network.ipam.iter().flat_map(|ipam| &ipam.config);
        for (i, pool) in configs.enumerate() {
            let subnet = Subnet(pool.subnet.trunc());
            let at = network_span(cx, name, Some(i));
            let report = |with: String, help: &str, also: Option<(Option<_>, &str)>| {
                let mut d = Diagnostic::new(
                    &NETWORK_SUBNET_OVERLAP,
                    format!("subnet `{subnet}` of network `{name}` overlaps {with}"),
                )
                .at_opt(at)
                .help(help.to_owned());
                if let Some((Some(span), text)) = also {
                    d = d.also(span, text);
                }
                d
            };
            if let Some((other, other_name, j)) =
                earlier.iter().find(|(s, _, _)| s.overlaps(subnet))
            {
                let also = network_span(cx, other_name, Some(*j));
                diagnostics.push(report(
                    format!("subnet `{other}` of network `{other_name}`"),
                    "give each network of the stack its own subnet",
                    Some((also, "the other network")),
                ));
            }
            if let Some(ingress) = ingress.filter(|s| s.overlaps(subnet)) {
                diagnostics.push(report(
                    format!("the ingress network's subnet `{ingress}`"),
                    "give the network a subnet outside the ingress network's, or recreate the ingress network with a free subnet (`docker network rm ingress`, then `docker network create --driver overlay --ingress --subnet ...`)",
                    Some((ingress_at, "the ingress network's subnet")),
                ));
            }
            for (other_name, other) in &site.network.taken_subnets {
                if other.overlaps(subnet) {
                    let at = crate::site::pointer(&["network", "taken_subnets", other_name]);
                    diagnostics.push(report(
                        format!("subnet `{other}` of network `{other_name}` of another stack"),
                        "give the network a subnet no other stack holds",
                        Some((site.locate(&at).map(|l| l.value), "held by another stack")),
                    ));
                }
            }
            if let Some((host, what, host_at)) = hosts.iter().find(|(h, _, _)| h.overlaps(subnet)) {
                let _ = host;
                diagnostics.push(report(
                    what.clone(),
                    "give the network a subnet outside the host networks: its containers cannot reach the hosts it shadows",
                    Some((*host_at, "the host network")),
                ));
            }
            earlier.push((subnet, name.as_str(), i));
        }
    }
}
