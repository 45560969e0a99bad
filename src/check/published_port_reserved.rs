use super::Context;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::schedule::Protocol;
use crate::schedule::port_protocol as protocol;
use crate::source::Span;
use crate::translate::Origin;

crate::rules::declare_rule! {
    /// ## What it does
    /// Reports a published port that the site reserves: one of its `reserved_ports`,
    /// the engine API's port, or one of swarm's own (2377/tcp, 7946/tcp and udp, and
    /// the data-path port over udp).
    ///
    /// ## Why
    /// Something already listens there on the nodes. An ingress port is bound on every
    /// node, so the service either fails to bind or takes the port from what the site
    /// runs there: publishing swarm's own ports breaks the swarm itself.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     ports: ["7946:80"]
    /// ```
    ///
    /// ## Fix
    /// Publish the service on a free port.
    pub static PUBLISHED_PORT_RESERVED = ("SW514", "published-port-reserved", Error);
}

pub(super) fn check(cx: &Context<'_>, diagnostics: &mut Diagnostics) {
    let site = cx.site();
    let network = &site.network;
    let mut reserved: Vec<(u16, Protocol, String, Option<Span>)> = vec![
        (
            2377,
            Protocol::Tcp,
            "swarm's cluster management port".to_owned(),
            None,
        ),
        (
            7946,
            Protocol::Tcp,
            "swarm's node gossip port".to_owned(),
            None,
        ),
        (
            7946,
            Protocol::Udp,
            "swarm's node gossip port".to_owned(),
            None,
        ),
        (
            network.data_path_port,
            Protocol::Udp,
            "swarm's data-path port".to_owned(),
            site.locate("/network/data_path_port").map(|l| l.value),
        ),
    ];
    if let Some(api) = &network.engine_api {
        reserved.push((
            api.port,
            Protocol::Tcp,
            "the docker engine API's port".to_owned(),
            site.locate("/network/engine_api").map(|l| l.key_or_value()),
        ));
    }
    for (i, port) in network.reserved_ports.iter().enumerate() {
        let proto = match port.protocol {
            crate::site::Protocol::Tcp => Protocol::Tcp,
            crate::site::Protocol::Udp => Protocol::Udp,
            crate::site::Protocol::Sctp => Protocol::Sctp,
        };
        let what = match &port.description {
            Some(d) => format!("reserved on the site for {d}"),
            None => "reserved on the site".to_owned(),
        };
        let at = crate::site::pointer(&["network", "reserved_ports", i.to_string().as_str()]);
        reserved.push((port.port, proto, what, site.locate(&at).map(|l| l.value)));
    }
    for service in &cx.services {
        for (i, port) in service.service.ports.iter().enumerate() {
            let Some(published) = port.published else {
                continue;
            };
            let proto = protocol(port.protocol);
            let Some((_, _, what, site_at)) = reserved
                .iter()
                .find(|(p, pr, _, _)| *p == published && *pr == proto)
            else {
                continue;
            };
            let at = cx.span(&Origin::service(service.name).field("ports").item(i));
            let mut diagnostic = Diagnostic::new(
                &PUBLISHED_PORT_RESERVED,
                format!(
                    "service `{}` publishes port `{published}/{}`, {what}",
                    service.name,
                    proto.as_str()
                ),
            )
            .at_opt(at);
            if let Some(span) = site_at {
                diagnostic = diagnostic.also(*span, "reserved here");
            }
            diagnostics.push(diagnostic.help("publish the service on a free port"));
        }
    }
}
