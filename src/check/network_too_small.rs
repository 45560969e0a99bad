use std::collections::BTreeSet;

use super::networks::{DEFAULT_NETWORK, attached, ingress_subnet, network_span, uses_ingress};
use super::{Cx, plural};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::source::Span;
use crate::swarm::{EndpointMode, UpdateOrder};

crate::rules::declare_rule! {
    /// ## What it does
    /// Reports a network whose subnet has fewer usable addresses than the stack's
    /// tasks take on it: one per task, one virtual IP per service in `vip` mode, and
    /// one load-balancer address per node that runs tasks on it (on the ingress
    /// network, every node). A subnet loses three addresses to the network, the
    /// broadcast and the gateway.
    ///
    /// ## Why
    /// Swarm allocates addresses when it creates tasks; when the subnet runs out, the
    /// tasks stay pending with `no available addresses on this pool` long after
    /// `docker stack deploy` returned. A network that swarm allocates from its pool
    /// gets the pool's mask length, `/24` (253 usable addresses) unless the swarm was
    /// initialised otherwise.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   worker:
    ///     image: worker:2.1
    ///     deploy: {replicas: 300}
    /// ```
    ///
    /// ## Fix
    /// Give the network a larger subnet (`ipam.config`), or spread the services over
    /// several networks. For the ingress network, recreate it with a larger subnet or
    /// publish fewer services' ports through it.
    pub static NETWORK_TOO_SMALL = ("SW505", "network-too-small", Error);
}

crate::rules::declare_rule! {
    /// ## What it does
    /// Reports a network whose subnet holds the stack's tasks, but not the extra
    /// tasks that `order: start-first` updates start before they stop the old ones.
    ///
    /// ## Why
    /// During a start-first update a service briefly runs its new tasks next to its
    /// old ones, each with its own address. When the subnet cannot hold both, the new
    /// tasks stay pending and the update stalls or rolls back.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     deploy:
    ///       replicas: 200
    ///       update_config: {order: start-first}
    /// ```
    ///
    /// ## Fix
    /// Give the network a larger subnet, or update with `order: stop-first`.
    pub static NETWORK_TOO_SMALL_FOR_UPDATES = ("SW506", "network-too-small-for-updates", Warning);
}

/// Addresses a network needs.
#[derive(Default)]
struct Demand<'a> {
    tasks: u64,
    vips: u64,
    nodes: BTreeSet<&'a str>,
    /// Tasks that start-first updates add.
    update_tasks: u64,
    /// The service with the most tasks on the network, where the finding goes when
    /// the network itself was not written.
    largest: Option<(&'a str, u64)>,
}

impl<'a> Demand<'a> {
    fn add(&mut self, cx: &'a Cx<'_>, s: usize) {
        let (Some(service), Some(outcome)) = (cx.services.get(s), cx.simulation.services.get(s))
        else {
            return;
        };
        let tasks = outcome.tasks;
        self.tasks = self.tasks.saturating_add(tasks);
        let deploy = service.service.deploy.as_ref();
        if deploy.and_then(|d| d.endpoint_mode) != Some(EndpointMode::Dnsrr) {
            self.vips += 1;
        }
        self.nodes.extend(outcome.placed.keys().map(String::as_str));
        let start_first = deploy
            .and_then(|d| d.update_config.as_ref())
            .and_then(|u| u.order)
            == Some(UpdateOrder::StartFirst);
        if start_first {
            self.update_tasks = self.update_tasks.saturating_add(tasks);
        }
        if self.largest.is_none_or(|(_, most)| tasks > most) {
            self.largest = Some((service.name, tasks));
        }
    }

    fn steady(&self, per_node: u64) -> u64 {
        self.tasks
            .saturating_add(self.vips)
            .saturating_add(per_node)
    }
}

/// Usable addresses in a subnet of this prefix length: all but the network, the
/// broadcast and the gateway addresses. `None` for IPv6, which does not run out.
fn usable(subnet: ipnet::IpNet) -> Option<u64> {
    match subnet {
        ipnet::IpNet::V4(net) => {
            let size = 1u64 << (32 - u32::from(net.prefix_len()));
            Some(size.saturating_sub(3))
        }
        ipnet::IpNet::V6(_) => None,
    }
}

pub(super) fn check(cx: &Cx<'_>, diagnostics: &mut Diagnostics) {
    let site = cx.site();
    let mask = site.network.address_pool.mask_length;
    let pool_first = site.network.address_pool.subnets.first().map(|s| s.0);

    // The stack's networks, including the default one services join without
    // `networks`.
    let mut names: BTreeSet<&str> = cx
        .input
        .stack
        .networks
        .iter()
        .filter(|(_, n)| !n.external)
        .map(|(name, _)| name.as_str())
        .collect();
    // Services by network, built once: a stack has many networks and many services.
    let mut users: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    for (s, service) in cx.services.iter().enumerate() {
        for network in attached(service.service) {
            names.insert(network);
            users.entry(network).or_default().push(s);
        }
    }
    for name in names {
        let network = cx.input.stack.networks.get(name);
        if network
            .is_some_and(|n| n.external || n.driver.as_deref().is_some_and(|d| d != "overlay"))
        {
            continue;
        }
        if network.is_none() && name != DEFAULT_NETWORK {
            continue;
        }
        let subnets: Vec<ipnet::IpNet> = network
            .and_then(|n| n.ipam.as_ref())
            .map(|ipam| ipam.config.iter().map(|p| p.subnet.trunc()).collect())
            .unwrap_or_default();
        let (capacity, written) = if subnets.is_empty() {
            let Some(net) = pool_first.and_then(|p| ipnet::IpNet::new(p.network(), mask).ok())
            else {
                continue;
            };
            (usable(net), false)
        } else {
            let sizes: Option<Vec<u64>> = subnets.iter().map(|s| usable(*s)).collect();
            (
                sizes.map(|s| s.iter().fold(0u64, |a, b| a.saturating_add(*b))),
                true,
            )
        };
        let Some(capacity) = capacity else { continue };
        let mut demand = Demand::default();
        for &s in users.get(name).map(Vec::as_slice).unwrap_or_default() {
            demand.add(cx, s);
        }
        let at = if written {
            network_span(cx, name, Some(0))
        } else {
            demand
                .largest
                .and_then(|(service, _)| cx.service_span(service, &["networks", "deploy.replicas"]))
        };
        let size = if written {
            format!("its subnet holds {capacity} addresses")
        } else {
            format!("a `/{mask}` from the address pool holds {capacity} addresses")
        };
        let per_node = demand.nodes.len() as u64;
        report(
            diagnostics,
            &format!("network `{name}`"),
            &demand,
            per_node,
            capacity,
            &size,
            at,
            "give the network a larger subnet (`ipam.config`), or spread the services over several networks",
        );
    }

    // The ingress network: a task address for every task of a service publishing in
    // ingress mode, a virtual IP per such service, and an address on every node.
    let Some(ingress) = ingress_subnet(site) else {
        return;
    };
    let Some(capacity) = usable(ingress.0) else {
        return;
    };
    let mut demand = Demand::default();
    for (s, service) in cx.services.iter().enumerate() {
        if uses_ingress(service.service) {
            demand.add(cx, s);
        }
    }
    if demand.tasks == 0 {
        return;
    }
    let at = demand
        .largest
        .and_then(|(service, _)| cx.service_span(service, &["ports"]));
    let mut size = format!("its subnet `{ingress}` holds {capacity} addresses");
    if site.network.ingress_subnet.is_none() {
        size.push_str(" (the subnet docker gives it from the address pool)");
    }
    report(
        diagnostics,
        "the ingress network",
        &demand,
        cx.nodes.len() as u64,
        capacity,
        &size,
        at,
        "recreate the ingress network with a larger subnet (`docker network rm ingress`, then `docker network create --driver overlay --ingress --subnet ...`) and write it in the site profile, or publish fewer services' ports in ingress mode",
    );
}

#[allow(clippy::too_many_arguments)]
fn report(
    diagnostics: &mut Diagnostics,
    what: &str,
    demand: &Demand<'_>,
    per_node: u64,
    capacity: u64,
    size: &str,
    at: Option<Span>,
    help: &str,
) {
    let steady = demand.steady(per_node);
    let breakdown = format!(
        "{}, {} and {}",
        plural(demand.tasks, "task", "tasks"),
        plural(demand.vips, "virtual IP", "virtual IPs"),
        plural(per_node, "node address", "node addresses"),
    );
    if steady > capacity {
        diagnostics.push(
            Diagnostic::new(
                &NETWORK_TOO_SMALL,
                format!("{what} needs {steady} addresses but {size}"),
            )
            .at_opt(at)
            .note(format!("{breakdown} take an address each"))
            .help(help.to_owned()),
        );
    } else if steady.saturating_add(demand.update_tasks) > capacity {
        let during = steady.saturating_add(demand.update_tasks);
        diagnostics.push(
            Diagnostic::new(
                &NETWORK_TOO_SMALL_FOR_UPDATES,
                format!("{what} needs {during} addresses during start-first updates but {size}"),
            )
            .at_opt(at)
            .note(format!(
                "{breakdown} take an address each, and start-first updates add {}",
                plural(demand.update_tasks, "task", "tasks")
            ))
            .help(format!("{help}; or update with `order: stop-first`")),
        );
    }
}
