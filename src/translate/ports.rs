//! `ports` and `expose`: what a service publishes on the swarm's nodes.
//!
//! Input: short or long syntax (`"8080:80"`, `"8000-8010:80"`, `{target, published,
//! mode: host}`), as lowering expanded it into one port per container port.
//! Output: long syntax with the protocol and the publish mode written out (`ingress`
//! unless `mode: host`), one entry per published port, as docker expands a published
//! range onto one container port. A host IP is refused (swarm publishes on every
//! interface of every node), as is a port the site reserves or another service already
//! publishes on the routing mesh. `expose` changes nothing on an overlay and is left out.

use std::collections::{HashMap, HashSet};

use crate::compose::{EndpointMode, Port, PortMode, Protocol, Service};
use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::site::{self, Mitigation, Site};
use crate::source::Span;
use crate::swarm;

use super::{Cx, Origin};

pub(super) fn ports(cx: &mut Cx<'_>, service: &Service, out: &mut swarm::Service) {
    let name = &service.name.value;
    if let Some(key) = service.key_span("expose") {
        cx.report(
            Diagnostic::new(
                &rules::EXPOSE_DROPPED,
                format!("`expose` of service `{name}` is left out"),
            )
            .at(key)
            .help("remove `expose`; every port of a task is reachable from its overlay networks"),
        );
    }
    let mut seen = Seen::default();
    let mut emitted = HashSet::new();
    for port in &service.ports {
        dropped_keys(cx, name, port);
        if let Some(ip) = &port.host_ip {
            if !ip.value.is_unspecified() {
                cx.report(
                    Diagnostic::new(
                        &rules::PUBLISHED_PORT_HOST_IP,
                        format!(
                            "port `{}` of service `{name}` is bound to host ip `{}`",
                            port.target.value, ip.value
                        ),
                    )
                    .at_value(ip)
                    .label("swarm publishes on every interface of every node")
                    .help("drop the address and restrict the port with a firewall, or publish it with `mode: host` on the nodes that run the service")
                    .note("docker ignores the address: the port would be open on every network the nodes are on"),
                );
                continue;
            }
        }
        for published in expand(port) {
            reserved(cx, name, &published);
            dnsrr(cx, service, &published);
            conflict(cx, service, &published, &seen);
            // The same port twice (`"80-81"` beside `"81"`) is one port: docker would
            // ask the engine for it twice, and the stack's schema allows it once.
            let key = (
                port.target.value,
                published.port,
                published.protocol,
                published.mode,
            );
            if !emitted.insert(key) {
                continue;
            }
            let index = out.ports.len();
            cx.origins.record(
                Origin::service(name).field("ports").item(index),
                published.span,
            );
            out.ports.push(swarm::Port {
                target: port.target.value,
                published: published.port,
                protocol: Some(published.protocol),
                mode: Some(match published.mode {
                    PortMode::Ingress => swarm::PortMode::Ingress,
                    PortMode::Host => swarm::PortMode::Host,
                }),
            });
            seen.add(&published);
        }
    }
}

/// One port as swarm publishes it.
#[derive(Clone, Debug)]
struct Published {
    port: Option<u16>,
    protocol: Protocol,
    mode: PortMode,
    /// The published number as written, else the port entry.
    span: Span,
}

/// The ports one entry publishes: one per port of a published range, as docker's
/// loader expands `8000-8010:80` into eleven ports onto container port 80.
fn expand(port: &Port) -> Vec<Published> {
    let protocol = port.protocol();
    let mode = port.mode();
    match &port.published {
        None => vec![Published {
            port: None,
            protocol,
            mode,
            span: port.span,
        }],
        Some(range) => (range.value.start..=range.value.end)
            .map(|p| Published {
                port: Some(p),
                protocol,
                mode,
                span: range.span,
            })
            .collect(),
    }
}

/// Long-syntax keys docker's stack format has no field for.
fn dropped_keys(cx: &mut Cx<'_>, service: &str, port: &Port) {
    for key in ["name", "app_protocol"] {
        if let Some(span) = port.keys.get(key) {
            cx.report(
                Diagnostic::new(
                    &rules::SETTING_DROPPED,
                    format!(
                        "`{key}` of port `{}` of service `{service}` is left out",
                        port.target.value
                    ),
                )
                .at(span)
                .help(format!(
                    "remove `{key}`; docker's stack format has no field for it"
                )),
            );
        }
    }
}

/// A port the site holds for something else, what holds it and where the site says so.
struct Reservation {
    what: String,
    pointer: String,
}

/// What holds `port` on every node, if anything does.
fn reservation(site: &Site, port: u16, protocol: Protocol) -> Option<Reservation> {
    let network = &site.network;
    for (i, reserved) in network.reserved_ports.iter().enumerate() {
        if reserved.port == port && reserved.protocol == protocol {
            let what = match &reserved.description {
                Some(description) => format!("reserved by the site for {description}"),
                None => "reserved by the site".to_owned(),
            };
            return Some(Reservation {
                what,
                pointer: site::pointer(&["network", "reserved_ports", &i.to_string(), "port"]),
            });
        }
    }
    if let Some(api) = &network.engine_api {
        if api.port == port && protocol == site::Protocol::Tcp {
            return Some(Reservation {
                what: "the docker engine api's port".to_owned(),
                pointer: "/network/engine_api/port".to_owned(),
            });
        }
    }
    if port == network.data_path_port && protocol == site::Protocol::Udp {
        return Some(Reservation {
            what: "swarm's data-path port".to_owned(),
            pointer: "/network/data_path_port".to_owned(),
        });
    }
    let swarm_port = match (port, protocol) {
        (2377, site::Protocol::Tcp) => Some("swarm's cluster management port"),
        (7946, site::Protocol::Tcp | site::Protocol::Udp) => Some("swarm's node gossip port"),
        _ => None,
    };
    swarm_port.map(|what| Reservation {
        what: what.to_owned(),
        pointer: String::new(),
    })
}

fn reserved(cx: &mut Cx<'_>, service: &str, published: &Published) {
    let Some(port) = published.port else {
        return;
    };
    let site = cx.site();
    let Some(reservation) = reservation(site, port, published.protocol) else {
        return;
    };
    let mut diagnostic = Diagnostic::new(
        &rules::PUBLISHED_PORT_RESERVED,
        format!(
            "service `{service}` publishes port `{port}/{}`, {}",
            published.protocol.as_str(),
            reservation.what
        ),
    )
    .at(published.span)
    .help("publish the service on another port");
    if !reservation.pointer.is_empty() {
        if let Some(at) = super::networks::locate(site, &reservation.pointer) {
            diagnostic = diagnostic.also(at, "reserved here");
        }
    }
    cx.report(diagnostic);
}

/// The routing mesh forwards to a virtual IP, which a `dnsrr` service does not have.
fn dnsrr(cx: &mut Cx<'_>, service: &Service, published: &Published) {
    let Some(endpoint_mode) = service
        .deploy
        .as_deref()
        .and_then(|d| d.endpoint_mode.as_ref())
        .filter(|m| m.value == EndpointMode::Dnsrr)
    else {
        return;
    };
    // A `dnsrr` the site asks for is reported at the site profile (`SW358`).
    let site_dnsrr = cx
        .site()
        .services
        .get(service.name.value.as_str())
        .and_then(|s| s.long_lived_connections.as_ref())
        .is_some_and(|c| matches!(c.mitigation, Mitigation::Dnsrr));
    if published.mode != PortMode::Ingress || site_dnsrr {
        return;
    }
    let port = published
        .port
        .map_or_else(|| "a port".to_owned(), |p| format!("port `{p}`"));
    cx.report(
        Diagnostic::new(
            &rules::INGRESS_PORT_WITH_DNSRR,
            format!(
                "service `{}` publishes {port} on the routing mesh but has no virtual ip",
                service.name.value
            ),
        )
        .at(published.span)
        .also(endpoint_mode.span, "`dnsrr` leaves the service without one")
        .help("publish the port with `mode: host` (long syntax), or use `endpoint_mode: vip`")
        .note("the swarm manager refuses the service: `port published with ingress mode can't be used with dnsrr mode`"),
    );
}

/// Whether two published ports take the same port on the same nodes: every node for
/// the routing mesh, so any ingress port clashes; two host-mode ports only share the
/// nodes their tasks land on, which the scheduler avoids.
fn clash(a: &Published, b: &Published) -> bool {
    a.port.is_some()
        && a.port == b.port
        && a.protocol == b.protocol
        && (a.mode == PortMode::Ingress || b.mode == PortMode::Ingress)
}

/// The ports a service published so far: for each port and protocol, the first entry
/// that published it, and the first that published it on the routing mesh.
#[derive(Default)]
struct Seen {
    first: HashMap<(u16, Protocol), (Span, Option<Span>)>,
}

impl Seen {
    fn add(&mut self, published: &Published) {
        let Some(port) = published.port else {
            return;
        };
        let ingress = (published.mode == PortMode::Ingress).then_some(published.span);
        let entry = self
            .first
            .entry((port, published.protocol))
            .or_insert((published.span, ingress));
        entry.1 = entry.1.or(ingress);
    }

    /// The first entry that [`clash`]es with `published`: any entry of the same port
    /// when `published` is on the routing mesh, else the first that is.
    fn clash(&self, port: u16, published: &Published) -> Option<Span> {
        let (any, ingress) = self.first.get(&(port, published.protocol))?;
        match published.mode {
            PortMode::Ingress => Some(*any),
            PortMode::Host => *ingress,
        }
    }
}

fn conflict(cx: &mut Cx<'_>, service: &Service, published: &Published, seen: &Seen) {
    let Some(port) = published.port else {
        return;
    };
    let name = &service.name.value;
    let mut earlier: Option<(String, Span)> = seen
        .clash(port, published)
        .map(|span| (name.to_string(), span));
    if earlier.is_none() {
        let project = cx.project();
        let before = project
            .services
            .get_index_of(name.as_str())
            .unwrap_or(project.services.len());
        earlier = cx
            .published_ports()
            .first_clash(port, published, before)
            .and_then(|(index, span)| {
                let (other, _) = project.services.get_index(index)?;
                Some((other.to_string(), span))
            });
    }
    let Some((other, span)) = earlier else {
        return;
    };
    let by = if other == name.as_str() {
        "itself".to_owned()
    } else {
        format!("service `{other}`")
    };
    cx.report(
        Diagnostic::new(
            &rules::PUBLISHED_PORT_CONFLICT,
            format!(
                "service `{name}` publishes port `{port}/{}`, which {by} already publishes",
                published.protocol.as_str()
            ),
        )
        .at(published.span)
        .also(span, "published here first")
        .help("publish one of them on another port"),
    );
}

/// Every published port of the project, by port and protocol, so that finding an
/// earlier service that publishes the same port does not walk every earlier service:
/// that walk, once per port of every service, was quadratic in the number of services.
#[derive(Debug, Default)]
pub(super) struct PortIndex {
    /// Single ports, each with its publishers in project order.
    single: HashMap<(u16, Protocol), Vec<Publisher>>,
    /// Ranges of more than one port.
    ranges: Vec<RangePublisher>,
}

/// One entry of a service's `ports`.
#[derive(Clone, Copy, Debug)]
struct Publisher {
    /// The service's position in the project.
    service: usize,
    /// The entry's position in the service's `ports`.
    entry: usize,
    mode: PortMode,
    span: Span,
}

#[derive(Clone, Copy, Debug)]
struct RangePublisher {
    start: u16,
    end: u16,
    protocol: Protocol,
    publisher: Publisher,
}

impl PortIndex {
    pub(super) fn build(project: &crate::compose::Project) -> PortIndex {
        let mut index = PortIndex::default();
        for (service, compose) in project.services.values().enumerate() {
            let entries = compose.ports.iter().enumerate().filter(|(_, p)| {
                p.host_ip
                    .as_ref()
                    .is_none_or(|ip| ip.value.is_unspecified())
            });
            for (entry, p) in entries {
                let Some(range) = p.published.as_ref() else {
                    continue;
                };
                let publisher = Publisher {
                    service,
                    entry,
                    mode: p.mode(),
                    span: range.span,
                };
                let (start, end) = (range.value.start, range.value.end);
                if start == end {
                    index
                        .single
                        .entry((start, p.protocol()))
                        .or_default()
                        .push(publisher);
                } else {
                    index.ranges.push(RangePublisher {
                        start,
                        end,
                        protocol: p.protocol(),
                        publisher,
                    });
                }
            }
        }
        index
    }

    /// The first publisher of `port` among the services before position `before` (in
    /// project order, then in the order of their ports) that clashes with `published`.
    fn first_clash(
        &self,
        port: u16,
        published: &Published,
        before: usize,
    ) -> Option<(usize, Span)> {
        let clashes = |protocol: Protocol, p: &Publisher| {
            p.service < before
                && clash(
                    &Published {
                        port: Some(port),
                        protocol,
                        mode: p.mode,
                        span: p.span,
                    },
                    published,
                )
        };
        let single = self
            .single
            .get(&(port, published.protocol))
            .into_iter()
            .flatten()
            .find(|p| clashes(published.protocol, p));
        let ranged = self
            .ranges
            .iter()
            .filter(|r| (r.start..=r.end).contains(&port))
            .map(|r| (r.protocol, &r.publisher))
            .find(|(protocol, p)| clashes(*protocol, p))
            .map(|(_, p)| p);
        [single, ranged]
            .into_iter()
            .flatten()
            .min_by_key(|p| (p.service, p.entry))
            .map(|p| (p.service, p.span))
    }
}
