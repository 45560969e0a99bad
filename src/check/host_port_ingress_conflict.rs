use std::collections::BTreeMap;

use super::Cx;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::schedule::Protocol;
use crate::swarm::PortMode;
use crate::translate::Origin;

crate::rules::declare_rule! {
    /// ## What it does
    /// Reports a port that one service publishes in host mode and another on the
    /// routing mesh (ingress mode, the default).
    ///
    /// ## Why
    /// An ingress port is bound on every node of the swarm, so no task can have it in
    /// host mode anywhere. Swarm refuses whichever service comes second (`port '8080'
    /// is already in use by service 'web' as an ingress port`), and since
    /// `docker stack deploy` creates services in no fixed order, it is sometimes one,
    /// sometimes the other, and the stack is left half deployed.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     ports: ["8080:80"]
    ///   metrics:
    ///     ports: [{target: 8000, published: 8080, mode: host}]
    /// ```
    ///
    /// ## Fix
    /// Publish each service on its own port.
    pub static HOST_PORT_INGRESS_CONFLICT = ("SW510", "host-port-ingress-conflict", Error);
}

/// A published port of a service: service index, port index, ingress or not.
type Use = (usize, usize, bool);

pub(super) fn check(cx: &Cx<'_>, diagnostics: &mut Diagnostics) {
    let mut uses: BTreeMap<(u16, Protocol), Vec<Use>> = BTreeMap::new();
    for (s, service) in cx.services.iter().enumerate() {
        for (i, port) in service.service.ports.iter().enumerate() {
            let Some(published) = port.published else {
                continue;
            };
            let ingress = port.mode != Some(PortMode::Host);
            let list = uses
                .entry((published, port.protocol.unwrap_or_default()))
                .or_default();
            // A service publishing the same port twice is the service's own matter.
            if !list.iter().any(|(other, _, _)| *other == s) {
                list.push((s, i, ingress));
            }
        }
    }
    for ((port, proto), list) in &uses {
        let Some(&(first, first_port, first_ingress)) = list.first() else {
            continue;
        };
        for &(s, i, ingress) in list.iter().skip(1) {
            // Two ingress uses are translation's to report; two host uses are
            // the scheduler's to spread.
            if ingress == first_ingress {
                continue;
            }
            let (Some(service), Some(holder)) = (cx.services.get(s), cx.services.get(first)) else {
                continue;
            };
            let how = if first_ingress {
                "an ingress port"
            } else {
                "a host-published port"
            };
            let at = cx.span(&Origin::service(service.name).field("ports").item(i));
            let mut diagnostic = Diagnostic::new(
                &HOST_PORT_INGRESS_CONFLICT,
                format!(
                    "port `{port}/{}` of service `{}` is already published by service `{}` as {how}",
                    proto.as_str(),
                    service.name,
                    holder.name
                ),
            )
            .at_opt(at);
            if let Some(span) =
                cx.span(&Origin::service(holder.name).field("ports").item(first_port))
            {
                diagnostic = diagnostic.also(span, "published here first");
            }
            diagnostics.push(diagnostic.help("publish each service on its own port"));
        }
    }
}
