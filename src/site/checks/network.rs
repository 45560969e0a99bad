//! Checks of the network section that swarm or the hosts would trip over: overlay
//! address space overlapping host networks or other stacks, an address pool or
//! data-path port `docker swarm init` refuses, duplicate reserved ports, and an engine
//! API open without TLS.

use super::At;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::rules;
use crate::site::address::Subnet;
use crate::site::network::DEFAULT_MASK_LENGTH;
use crate::site::spans::pointer;

/// The ports swarm itself uses between nodes, besides the data-path port.
const SWARM_PORTS: [(u16, &str); 2] = [(2377, "cluster management"), (7946, "node gossip")];

pub(super) fn check(at: &At<'_>, diagnostics: &mut Diagnostics) {
    address_pool(at, diagnostics);
    overlaps(at, diagnostics);
    ports(at, diagnostics);
    engine_api(at, diagnostics);
}

fn address_pool(at: &At<'_>, diagnostics: &mut Diagnostics) {
    let pool = &at.site.network.address_pool;
    let mask_at = "/network/address_pool/mask_length";
    if !(16..=29).contains(&pool.mask_length) {
        diagnostics.push(
            Diagnostic::new(
                &rules::SITE_INVALID_ADDRESS_POOL,
                format!(
                    "address pool mask length `{}` is outside 16 to 29",
                    pool.mask_length
                ),
            )
            .at(at.value(mask_at))
            .help(format!(
                "write the mask length the swarm was initialised with; docker's default is {DEFAULT_MASK_LENGTH}"
            )),
        );
        return;
    }
    for (i, subnet) in pool.subnets.iter().enumerate() {
        if subnet.prefix_len() > pool.mask_length {
            diagnostics.push(
                Diagnostic::new(
                    &rules::SITE_INVALID_ADDRESS_POOL,
                    format!(
                        "pool `{subnet}` is smaller than the `/{}` networks taken from it",
                        pool.mask_length
                    ),
                )
                .at(at.value(&pointer(&[
                    "network",
                    "address_pool",
                    "subnets",
                    &i.to_string(),
                ])))
                .also(at.value(mask_at), "the size of each network")
                .help("use a larger pool subnet or a longer mask length"),
            );
        }
    }
}

/// A subnet in the profile, what it is, and where it was written.
struct Named {
    subnet: Subnet,
    what: String,
    pointer: String,
}

/// Host networks: `network.host_networks`, then the subnets of the nodes' addresses.
fn host_networks(at: &At<'_>) -> Vec<Named> {
    let site = at.site;
    let mut out: Vec<Named> = site
        .network
        .host_networks
        .iter()
        .map(|(name, subnet)| Named {
            subnet: *subnet,
            what: format!("host network `{name}`"),
            pointer: pointer(&["network", "host_networks", name]),
        })
        .collect();
    for (n, node) in site.nodes.iter().enumerate() {
        for (i, address) in node.addresses.iter().enumerate() {
            let subnet = address.subnet();
            // One entry per subnet: ten nodes on one LAN are one host network.
            if out.iter().any(|h| h.subnet.0.contains(&subnet.0)) {
                continue;
            }
            out.push(Named {
                subnet,
                what: format!("the subnet of `{}`", node.hostname),
                pointer: pointer(&["nodes", &n.to_string(), "addresses", &i.to_string()]),
            });
        }
    }
    out
}

fn overlaps(at: &At<'_>, diagnostics: &mut Diagnostics) {
    let network = &at.site.network;
    let hosts = host_networks(at);
    // The pool itself may hold host networks: swarmc gives every network a stack
    // creates a subnet outside them. The ingress network is not the stack's: without
    // `ingress_subnet`, docker gives it the pool's first subnet.
    let mut overlays: Vec<(Named, &str)> = Vec::new();
    let first_ingress = overlays.len();
    let ingress_help = "recreate the ingress network outside the host networks (`docker network create --driver overlay --ingress --subnet ...`) and write its subnet under `network.ingress_subnet`";
    if let Some(subnet) = network.ingress_subnet {
        overlays.push((
            Named {
                subnet,
                what: format!("ingress subnet `{subnet}`"),
                pointer: "/network/ingress_subnet".to_owned(),
            },
            ingress_help,
        ));
    } else if let Some(subnet) = implied_ingress(at) {
        overlays.push((
            Named {
                subnet,
                what: format!("the ingress network's subnet `{subnet}` (the pool's first)"),
                pointer: "/network/address_pool/subnets/0".to_owned(),
            },
            ingress_help,
        ));
    }
    let first_taken = overlays.len();
    for (name, subnet) in &network.taken_subnets {
        overlays.push((
            Named {
                subnet: *subnet,
                what: format!("subnet `{subnet}` of network `{name}`"),
                pointer: pointer(&["network", "taken_subnets", name]),
            },
            "move that network to a subnet outside the host networks",
        ));
    }

    for (overlay, help) in &overlays {
        if let Some(host) = hosts.iter().find(|h| h.subnet.overlaps(overlay.subnet)) {
            diagnostics.push(
                Diagnostic::new(
                    &rules::SITE_SUBNET_OVERLAP,
                    format!(
                        "{} overlaps {} (`{}`)",
                        overlay.what, host.what, host.subnet
                    ),
                )
                .at(at.value(&overlay.pointer))
                .also(
                    at.value(&host.pointer),
                    "containers could not reach this network",
                )
                .help(*help),
            );
        }
    }

    // Other stacks' networks must not overlap each other or the ingress network; they
    // were allocated from the pool, so lying inside it is expected.
    for (i, (taken, _)) in overlays.iter().enumerate().skip(first_taken) {
        let earlier = overlays[first_ingress..i]
            .iter()
            .find(|(o, _)| o.subnet.overlaps(taken.subnet));
        if let Some((other, _)) = earlier {
            diagnostics.push(
                Diagnostic::new(
                    &rules::SITE_SUBNET_OVERLAP,
                    format!("{} overlaps {}", taken.what, other.what),
                )
                .at(at.value(&taken.pointer))
                .also(at.value(&other.pointer), "overlapped here")
                .help("write each network's subnet as `docker network inspect` shows it; two networks cannot share addresses"),
            );
        }
    }
}

/// The subnet docker gives the ingress network when the profile does not say: the
/// first subnet of the pool's mask length.
fn implied_ingress(at: &At<'_>) -> Option<Subnet> {
    let pool = &at.site.network.address_pool;
    let first = pool.subnets.first()?.0;
    let prefix = pool
        .mask_length
        .clamp(first.prefix_len(), first.max_prefix_len());
    ipnet::IpNet::new(first.network(), prefix)
        .ok()
        .map(|net| Subnet(net.trunc()))
}

fn ports(at: &At<'_>, diagnostics: &mut Diagnostics) {
    let network = &at.site.network;
    let port = network.data_path_port;
    let port_at = "/network/data_path_port";
    if !(1024..=49151).contains(&port) {
        diagnostics.push(
            Diagnostic::new(
                &rules::SITE_INVALID_PORT,
                format!("data path port `{port}` is outside 1024 to 49151"),
            )
            .at(at.value(port_at))
            .help("write the port the swarm was initialised with (`docker swarm init --data-path-port`); docker's default is 4789"),
        );
    } else if let Some((_, what)) = SWARM_PORTS.iter().find(|(p, _)| *p == port) {
        diagnostics.push(
            Diagnostic::new(
                &rules::SITE_INVALID_PORT,
                format!("data path port `{port}` is swarm's {what} port"),
            )
            .at(at.value(port_at))
            .help("write the port the swarm was initialised with; docker's default is 4789"),
        );
    }
    for (i, reserved) in network.reserved_ports.iter().enumerate() {
        let first = network.reserved_ports[..i]
            .iter()
            .position(|r| r.port == reserved.port && r.protocol == reserved.protocol);
        if let Some(first) = first {
            diagnostics.push(
                Diagnostic::new(
                    &rules::SITE_INVALID_PORT,
                    format!(
                        "port `{}/{}` is reserved twice",
                        reserved.port,
                        reserved.protocol.as_str()
                    ),
                )
                .at(at.value(&pointer(&[
                    "network",
                    "reserved_ports",
                    &i.to_string(),
                    "port",
                ])))
                .also(
                    at.value(&pointer(&[
                        "network",
                        "reserved_ports",
                        &first.to_string(),
                        "port",
                    ])),
                    "first reserved here",
                )
                .help("list each port once"),
            );
        }
    }
}

fn engine_api(at: &At<'_>, diagnostics: &mut Diagnostics) {
    let Some(api) = &at.site.network.engine_api else {
        return;
    };
    if !api.tls {
        diagnostics.push(
            Diagnostic::new(
                &rules::SITE_INSECURE_ENGINE_API,
                format!(
                    "the engine api on port `{}` accepts clients without tls",
                    api.port
                ),
            )
            .at(at.value("/network/engine_api/tls"))
            .help("start dockerd with `--tlsverify` and certificates, then set `tls: true`")
            .note("whoever reaches the engine api is root on the node"),
        );
    }
}
