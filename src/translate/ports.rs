//! `ports` and `expose`: what a service publishes on the swarm's nodes.
//!
//! Input: short or long syntax (`"8080:80"`, `"8000-8010:80"`, `{target, published,
//! mode: host}`), as lowering expanded it into one port per container port.
//! Output: long syntax with the protocol and the publish mode written out (`ingress`
//! unless `mode: host`), one entry per published port, as docker expands a published
//! range onto one container port. A host IP is refused (swarm publishes on every
//! interface of every node), as is a port the site reserves or another service already
//! publishes on the routing mesh. `expose` changes nothing on an overlay and is left out.

use crate::compose::{Port, PortMode, Protocol, Service};
use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::site::{self, Site};
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
    let mut seen: Vec<Published> = Vec::new();
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
            conflict(cx, service, &published, &seen);
            let index = out.ports.len();
            cx.origins.record(
                Origin::service(name).field("ports").item(index),
                published.span,
            );
            out.ports.push(swarm::Port {
                target: port.target.value,
                published: published.port,
                protocol: Some(swarm_protocol(published.protocol)),
                mode: Some(match published.mode {
                    PortMode::Ingress => swarm::PortMode::Ingress,
                    PortMode::Host => swarm::PortMode::Host,
                }),
            });
            seen.push(published);
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

fn swarm_protocol(protocol: Protocol) -> swarm::Protocol {
    match protocol {
        Protocol::Tcp => swarm::Protocol::Tcp,
        Protocol::Udp => swarm::Protocol::Udp,
        Protocol::Sctp => swarm::Protocol::Sctp,
    }
}

fn protocol_name(protocol: Protocol) -> &'static str {
    match protocol {
        Protocol::Tcp => "tcp",
        Protocol::Udp => "udp",
        Protocol::Sctp => "sctp",
    }
}

fn site_protocol(protocol: Protocol) -> site::Protocol {
    match protocol {
        Protocol::Tcp => site::Protocol::Tcp,
        Protocol::Udp => site::Protocol::Udp,
        Protocol::Sctp => site::Protocol::Sctp,
    }
}

/// A port the site holds for something else, what holds it and where the site says so.
struct Reservation {
    what: String,
    pointer: String,
}

/// What holds `port` on every node, if anything does.
fn reservation(site: &Site, port: u16, protocol: site::Protocol) -> Option<Reservation> {
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
    let Some(reservation) = reservation(site, port, site_protocol(published.protocol)) else {
        return;
    };
    let mut diagnostic = Diagnostic::new(
        &rules::PUBLISHED_PORT_RESERVED,
        format!(
            "service `{service}` publishes port `{port}/{}`, {}",
            protocol_name(published.protocol),
            reservation.what
        ),
    )
    .at(published.span)
    .help("publish the service on another port");
    if !reservation.pointer.is_empty() {
        if let Some(located) = site.locate(&reservation.pointer) {
            diagnostic = diagnostic.also(located.value, "reserved here");
        }
    }
    cx.report(diagnostic);
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

fn conflict(cx: &mut Cx<'_>, service: &Service, published: &Published, seen: &[Published]) {
    let Some(port) = published.port else {
        return;
    };
    let name = &service.name.value;
    let mut earlier: Option<(String, Span)> = seen
        .iter()
        .find(|p| clash(p, published))
        .map(|p| (name.to_string(), p.span));
    if earlier.is_none() {
        let project = cx.project();
        for (other_name, other) in &project.services {
            if other_name == name {
                break;
            }
            if let Some(p) = other
                .ports
                .iter()
                .filter(|p| {
                    p.host_ip
                        .as_ref()
                        .is_none_or(|ip| ip.value.is_unspecified())
                })
                .flat_map(expand)
                .find(|p| clash(p, published))
            {
                earlier = Some((other_name.to_string(), p.span));
                break;
            }
        }
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
                protocol_name(published.protocol)
            ),
        )
        .at(published.span)
        .also(span, "published here first")
        .help("publish one of them on another port"),
    );
}
