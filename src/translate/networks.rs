//! The stack's top-level `networks`, and a subnet for each overlay network it creates.
//!
//! Input: the project's `networks` (and the implicit `default` network of services that
//! list none), the site's address pool, host networks, ingress subnet, other stacks'
//! subnets and overlay options.
//! Output: the networks the services use: external ones as they are; the others with
//! the `overlay` driver (`bridge` and an unset driver become `overlay`; `host`, `none`,
//! `macvlan` and `ipvlan` are refused), the site's `attachable` and `encrypted`
//! options, and an explicit `ipam.config[].subnet`: the one written, once checked
//! against everything else on the site, or one allocated from the pool (see
//! `subnets.rs`) and reported. IPAM settings docker's stack format cannot carry are
//! left out. `network_mode: host` services get the external `host` network.

use std::collections::BTreeMap;

use ipnet::IpNet;

use crate::compose::{Network, Project};
use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::site::{self, Site, Subnet};
use crate::source::Span;
use crate::spanned::Spanned;
use crate::swarm;

use super::address_needs::AddressNeeds;
use super::service_networks::{HOST_NETWORK, attached};
use super::subnets::{self, Request};
use super::volumes::strings;
use super::{Cx, Origin};

/// The driver of a network the stack creates.
const OVERLAY: &str = "overlay";

pub(super) fn networks(cx: &mut Cx<'_>, stack: &mut swarm::Stack) {
    let project = cx.project();
    let used = used_networks(project);
    let mut to_allocate: Vec<ToAllocate> = Vec::new();
    let mut explicit: Vec<Explicit> = Vec::new();
    for (key, first_user) in &used {
        let declared = project.networks.get(key.as_str());
        if key == HOST_NETWORK && declared.is_none_or(|n| n.is_external()) {
            cx.origins
                .record(Origin::object("networks", key), *first_user);
            let name = declared
                .and_then(|n| n.name.as_ref())
                .map_or_else(|| HOST_NETWORK.to_owned(), |n| n.value.to_string());
            stack.networks.insert(
                key.clone(),
                swarm::Network {
                    name: Some(name),
                    external: true,
                    ..swarm::Network::default()
                },
            );
            continue;
        }
        let span = declared.map_or(*first_user, |n| n.key.span);
        cx.origins.record(Origin::object("networks", key), span);
        let Some(network) = declared else {
            // The implicit `default` network: an overlay with every default.
            stack.networks.insert(key.clone(), created(cx.site()));
            to_allocate.push(ToAllocate {
                key: key.clone(),
                span,
                declared: false,
            });
            continue;
        };
        if network.is_external() {
            stack.networks.insert(
                key.clone(),
                swarm::Network {
                    name: network.name.as_ref().map(|n| n.value.to_string()),
                    external: true,
                    ..swarm::Network::default()
                },
            );
            continue;
        }
        let Some(mut out) = declare(cx, network) else {
            continue;
        };
        let subnets = ipam(cx, network, &mut out);
        // A network plugin or an IPAM driver of its own manages its addresses.
        let own_ipam = network
            .ipam
            .as_ref()
            .and_then(|i| i.driver.as_ref())
            .is_some_and(|d| d.value.as_str() != "default");
        let overlay = out.driver.as_deref() == Some(OVERLAY) && !own_ipam;
        if subnets.is_empty() {
            if overlay {
                to_allocate.push(ToAllocate {
                    key: key.clone(),
                    span,
                    declared: true,
                });
            }
        } else {
            for (index, subnet) in subnets.iter().enumerate() {
                cx.origins.record(
                    Origin::object("networks", key)
                        .field("ipam.config")
                        .item(index),
                    subnet.span,
                );
                explicit.push(Explicit {
                    network: key.clone(),
                    subnet: subnet.clone(),
                });
            }
        }
        stack.networks.insert(key.clone(), out);
    }
    let reserved = reserved(cx.site());
    check_explicit(cx, &reserved, &explicit);
    let needs = AddressNeeds::of(cx);
    check_sizes(cx, &needs, &explicit);
    allocate(cx, stack, &needs, &reserved, &explicit, &to_allocate);
}

/// A network the stack creates without a subnet.
struct ToAllocate {
    key: String,
    /// The network's key, or the first service attached to the implicit `default`.
    span: Span,
    /// Written under `networks`, rather than the implicit `default` network.
    declared: bool,
}

/// Every network key some service attaches to, with the span of the first such
/// service's name, in a stable order.
fn used_networks(project: &Project) -> BTreeMap<String, Span> {
    let mut used: BTreeMap<String, Span> = BTreeMap::new();
    for service in project.services.values() {
        for key in attached(service) {
            used.entry(key.to_owned()).or_insert(service.name.span);
        }
    }
    used
}

/// A network the stack creates with the site's options.
fn created(site: &Site) -> swarm::Network {
    let mut out = swarm::Network {
        driver: Some(OVERLAY.to_owned()),
        attachable: site.network.overlays.attachable,
        ..swarm::Network::default()
    };
    if site.network.overlays.encrypted {
        out.driver_opts
            .insert("encrypted".to_owned(), String::new());
    }
    out
}

/// A declared, not external network, or `None` when its driver cannot span a swarm.
fn declare(cx: &mut Cx<'_>, network: &Network) -> Option<swarm::Network> {
    let key = &network.key.value;
    let driver = network.driver.as_ref();
    match driver.map(|d| d.value.as_str()) {
        None | Some("bridge") => {
            let diagnostic = Diagnostic::new(
                &rules::NETWORK_DRIVER_TRANSLATED,
                format!("network `{key}` is created as an `overlay` network"),
            );
            let diagnostic = match driver {
                Some(driver) => diagnostic.at_value(driver),
                None => diagnostic.at(network.key.span),
            };
            cx.report(
                diagnostic
                    .label("services on several nodes can share only an overlay network")
                    .help("nothing to do; write `driver: overlay` to silence this note"),
            );
        }
        Some(OVERLAY) => {}
        Some(name @ ("host" | "none" | "macvlan" | "ipvlan")) => {
            let help = if matches!(name, "host" | "none") {
                "use an `overlay` network; for the host's network write `network_mode: host` on the service"
            } else {
                "create the network on the swarm beforehand (`docker network create --config-only` on each node, then `--driver macvlan --scope swarm --config-from`) and declare it `external: true`"
            };
            if let Some(driver) = driver {
                cx.report(
                    Diagnostic::new(
                        &rules::NETWORK_DRIVER_UNSUPPORTED,
                        format!("network `{key}` has driver `{name}`, which a stack cannot create"),
                    )
                    .at_value(driver)
                    .help(help),
                );
            }
            return None;
        }
        // A network plugin: kept as written; it manages its own addresses.
        Some(_) => {}
    }
    let site = cx.site();
    let mut out = created(site);
    if let Some(driver) = driver.filter(|d| !matches!(d.value.as_str(), "bridge" | OVERLAY)) {
        out.driver = Some(driver.value.to_string());
        out.driver_opts.clear();
    }
    out.name = network.name.as_ref().map(|n| n.value.to_string());
    for entry in network.driver_opts.entries() {
        let value = entry.value.as_ref().map(|v| v.value.to_string());
        out.driver_opts
            .insert(entry.name.to_string(), value.unwrap_or_default());
    }
    out.attachable |= network.attachable.as_ref().is_some_and(|a| a.value);
    out.internal = network.internal.as_ref().is_some_and(|i| i.value);
    out.labels = strings(&network.labels);
    for setting in ["enable_ipv4", "enable_ipv6"] {
        if let Some(span) = network.keys.get(setting) {
            dropped(cx, key, setting, span);
        }
    }
    Some(out)
}

fn dropped(cx: &mut Cx<'_>, network: &str, setting: &str, span: Span) {
    cx.report(
        Diagnostic::new(
            &rules::IPAM_SETTING_DROPPED,
            format!("`{setting}` of network `{network}` is left out"),
        )
        .at(span)
        .help("remove it; docker's stack format takes only the driver and subnets of a network's ipam"),
    );
}

/// Keeps the IPAM driver and subnets, reports the rest; returns the subnets.
fn ipam(cx: &mut Cx<'_>, network: &Network, out: &mut swarm::Network) -> Vec<Spanned<IpNet>> {
    let key = &network.key.value;
    let Some(ipam) = &network.ipam else {
        return Vec::new();
    };
    if let Some(span) = ipam.keys.get("options") {
        dropped(cx, key, "ipam.options", span);
    }
    let mut subnets = Vec::new();
    for pool in &ipam.config {
        for setting in ["gateway", "ip_range", "aux_addresses"] {
            if let Some(span) = pool.keys.get(setting) {
                dropped(cx, key, setting, span);
            }
        }
        if let Some(subnet) = &pool.subnet {
            subnets.push(subnet.clone());
        }
    }
    let config: Vec<swarm::IpamPool> = subnets
        .iter()
        .map(|s| swarm::IpamPool { subnet: s.value })
        .collect();
    let driver = ipam.driver.as_ref().map(|d| d.value.to_string());
    if driver.is_some() || !config.is_empty() {
        out.ipam = Some(swarm::Ipam { driver, config });
    }
    subnets
}

/// A subnet written in the project.
struct Explicit {
    network: String,
    subnet: Spanned<IpNet>,
}

/// Address space of the site that the stack's networks must keep clear of.
struct Reserved {
    subnet: IpNet,
    /// `host network `lan``, `the ingress network`, ...
    what: String,
    /// Where the site says so; `None` for values the profile does not write.
    at: Option<Span>,
    /// A network of the hosts, rather than overlay address space.
    host: bool,
}

/// Where the site profile writes the value at `pointer`; never in the embedded default
/// site, which the user did not write and whose lines depend on the machine.
pub(super) fn locate(site: &Site, pointer: &str) -> Option<Span> {
    site.base_dir.as_ref()?;
    site.locate(pointer).map(|l| l.value)
}

/// Host networks, node subnets, the ingress network and other stacks' subnets.
fn reserved(site: &Site) -> Vec<Reserved> {
    let network = &site.network;
    let mut out: Vec<Reserved> = network
        .host_networks
        .iter()
        .map(|(name, subnet)| Reserved {
            subnet: subnet.0,
            what: format!("host network `{name}`"),
            at: locate(site, &site::pointer(&["network", "host_networks", name])),
            host: true,
        })
        .collect();
    for (n, node) in site.nodes.iter().enumerate() {
        for (i, address) in node.addresses.iter().enumerate() {
            let subnet = address.subnet().0;
            if out.iter().any(|r| r.subnet.contains(&subnet)) {
                continue;
            }
            out.push(Reserved {
                subnet,
                what: format!("the subnet of node `{}`", node.hostname),
                at: locate(
                    site,
                    &site::pointer(&["nodes", &n.to_string(), "addresses", &i.to_string()]),
                ),
                host: true,
            });
        }
    }
    match network.ingress_subnet {
        Some(subnet) => out.push(Reserved {
            subnet: subnet.0,
            what: "the ingress network".to_owned(),
            at: locate(site, "/network/ingress_subnet"),
            host: false,
        }),
        None => {
            // docker gives the ingress network the first subnet of the pool.
            let pool = &network.address_pool;
            if let Some(first) = pool.subnets.first() {
                let prefix = pool
                    .mask_length
                    .clamp(first.0.prefix_len(), first.0.max_prefix_len());
                if let Ok(subnet) = IpNet::new(first.0.network(), prefix) {
                    out.push(Reserved {
                        subnet: subnet.trunc(),
                        what: "the ingress network (the pool's first subnet)".to_owned(),
                        at: locate(site, "/network/address_pool/subnets/0"),
                        host: false,
                    });
                }
            }
        }
    }
    for (name, subnet) in &network.taken_subnets {
        out.push(Reserved {
            subnet: subnet.0,
            what: format!("network `{name}` of another stack"),
            at: locate(site, &site::pointer(&["network", "taken_subnets", name])),
            host: false,
        });
    }
    out
}

fn overlaps(a: IpNet, b: IpNet) -> bool {
    Subnet(a).overlaps(Subnet(b))
}

fn check_explicit(cx: &mut Cx<'_>, reserved: &[Reserved], explicit: &[Explicit]) {
    for (i, mine) in explicit.iter().enumerate() {
        let subnet = mine.subnet.value;
        let message = |other: &str| {
            format!(
                "subnet `{subnet}` of network `{}` overlaps {other}",
                mine.network
            )
        };
        if let Some(r) = reserved.iter().find(|r| overlaps(r.subnet, subnet)) {
            let mut diagnostic = Diagnostic::new(
                &rules::SUBNET_OVERLAP,
                message(&format!("{} (`{}`)", r.what, r.subnet)),
            )
            .at_value(&mine.subnet)
            .help("remove the `ipam` block to let swarmc allocate a free subnet from the site's address pool, or choose a subnet that overlaps nothing");
            if let Some(at) = r.at {
                diagnostic = diagnostic.also(at, "the site holds this subnet");
            }
            cx.report(diagnostic);
            continue;
        }
        if let Some(other) = explicit[..i]
            .iter()
            .find(|o| overlaps(o.subnet.value, subnet))
        {
            let what = if other.network == mine.network {
                format!("its own subnet `{}`", other.subnet.value)
            } else {
                format!(
                    "subnet `{}` of network `{}`",
                    other.subnet.value, other.network
                )
            };
            cx.report(
                Diagnostic::new(&rules::SUBNET_OVERLAP, message(&what))
                    .at_value(&mine.subnet)
                    .also(other.subnet.span, "overlapped here")
                    .help("give each network a subnet of its own, or remove the `ipam` blocks to let swarmc allocate them")
                    .note("swarm creates the second network but never allocates it; its tasks stay pending"),
            );
        }
    }
}

/// Explicit subnets too small for the network's tasks; a network's IPv4 subnets count
/// together, since docker takes addresses from each in turn.
fn check_sizes(cx: &mut Cx<'_>, needs: &AddressNeeds<'_>, explicit: &[Explicit]) {
    let mut networks: Vec<&str> = explicit.iter().map(|e| e.network.as_str()).collect();
    networks.dedup();
    for key in networks {
        let subnets: Vec<&Spanned<IpNet>> = explicit
            .iter()
            .filter(|e| e.network == key && matches!(e.subnet.value, IpNet::V4(_)))
            .map(|e| &e.subnet)
            .collect();
        let Some(last) = subnets.last() else {
            continue;
        };
        let holds: u128 = subnets
            .iter()
            .map(|s| 1u128 << (s.value.max_prefix_len() - s.value.prefix_len()))
            .sum();
        let need = needs.of_network(key);
        if holds >= need {
            continue;
        }
        cx.report(
            Diagnostic::new(
                &rules::SUBNET_TOO_SMALL,
                format!(
                    "network `{key}` has {holds} addresses but its tasks, virtual IPs and nodes need {need}"
                ),
            )
            .at_value(*last)
            .help("write a larger subnet, or remove the `ipam` block to let swarmc allocate one of the right size")
            .note("the tasks that find no address stay pending"),
        );
    }
}

fn allocate(
    cx: &mut Cx<'_>,
    stack: &mut swarm::Stack,
    needs: &AddressNeeds<'_>,
    reserved: &[Reserved],
    explicit: &[Explicit],
    to_allocate: &[ToAllocate],
) {
    if to_allocate.is_empty() {
        return;
    }
    let site = cx.site();
    let project = cx.project();
    let pool_settings = &site.network.address_pool;
    let pool: Vec<IpNet> = pool_settings.subnets.iter().map(|s| s.0).collect();
    let v6 = pool.first().is_some_and(|p| p.max_prefix_len() == 128);
    // The network's name on the swarm: two projects' `default` networks must not
    // share a home. The stack is named as `swarmc plan` deploys it.
    let stack_name = project.stack_name(cx.input.project_dir);
    let requests: Vec<Request> = to_allocate
        .iter()
        .map(|ToAllocate { key, .. }| {
            let name = stack
                .networks
                .get(key)
                .and_then(|n| n.name.clone())
                .unwrap_or_else(|| format!("{stack_name}_{key}"));
            let need = needs.of_network(key);
            Request {
                name,
                host_bits: subnets::host_bits_for(need, pool_settings.mask_length, v6),
            }
        })
        .collect();
    let blocked: Vec<IpNet> = reserved
        .iter()
        .map(|r| r.subnet)
        .chain(explicit.iter().map(|e| e.subnet.value))
        .collect();
    let placed = subnets::allocate(&pool, &requests, &blocked);
    let pool_at = locate(site, "/network/address_pool/subnets");
    let shadowed: Vec<&str> = reserved
        .iter()
        .filter(|r| r.host && pool.iter().any(|p| overlaps(*p, r.subnet)))
        .map(|r| r.what.as_str())
        .collect();
    for ((network, request), placement) in to_allocate.iter().zip(&requests).zip(placed) {
        let (key, span) = (&network.key, &network.span);
        let Some(placement) = placement else {
            let mut diagnostic = Diagnostic::new(
                &rules::ADDRESS_POOL_EXHAUSTED,
                format!(
                    "no free `/{}` subnet is left in the address pool for network `{key}`",
                    max_prefix(v6) - request.host_bits
                ),
            )
            .at(*span)
            .help("add a subnet the swarm was initialised with to `network.address_pool`, or free subnets listed under `network.taken_subnets`");
            if let Some(at) = pool_at {
                diagnostic = diagnostic.also(at, "the pool");
            }
            cx.report(diagnostic);
            continue;
        };
        let subnet = placement.subnet;
        cx.origins.record(
            Origin::object("networks", key).field("ipam.config").item(0),
            *span,
        );
        if let Some(network) = stack.networks.get_mut(key) {
            let ipam = network.ipam.get_or_insert_with(swarm::Ipam::default);
            ipam.config = vec![swarm::IpamPool { subnet }];
        }
        // The implicit `default` network was not written: nothing to point at, and
        // every project has one; its subnet is in the stack. With the embedded default
        // site the subnet comes from docker's own default pool, as it would without
        // swarmc: only a subnet that had to move is news.
        let default_site = cx.site().base_dir.is_none();
        if !network.declared || (default_site && placement.home && shadowed.is_empty()) {
            continue;
        }
        let mut diagnostic = Diagnostic::new(
            &rules::SUBNET_ALLOCATED,
            format!("network `{key}` gets subnet `{subnet}` from the address pool"),
        )
        .at(*span)
        .help("nothing to do; to choose the subnet yourself, write `ipam.config[].subnet`");
        if let Some(at) = pool_at {
            diagnostic = diagnostic.also(at, "the pool");
        }
        if !shadowed.is_empty() {
            diagnostic = diagnostic.note(format!(
                "the pool overlaps {}; this network keeps clear, but networks docker allocates itself may not",
                shadowed.join(" and ")
            ));
        }
        if !placement.home {
            diagnostic = diagnostic.note(
                "the subnet this network's name points to was taken, so it got the next free one; it may move when that one is freed",
            );
        }
        cx.report(diagnostic);
    }
}

fn max_prefix(v6: bool) -> u8 {
    if v6 { 128 } else { 32 }
}
