use super::Cx;
use crate::compose::NetworkMode;
use crate::diagnostic::{Diagnostic, Diagnostics};

crate::rules::declare_rule! {
    /// ## What it does
    /// Reports a service that runs in the host's network namespace: `network_mode:
    /// host` (which swarmc turns into an attachment to swarm's `host` network), or a
    /// network declared `external` with `name: host`.
    ///
    /// ## Why
    /// A task on the host network has no network of its own. Every port its process
    /// listens on is open on every interface of the node it lands on, whatever `ports`
    /// says, and bypasses the routing mesh; it reaches services bound to the node's
    /// loopback (an engine API or a database that listens on `localhost` because it was
    /// meant to be local); and it is on no overlay network, so other services of the
    /// stack can only reach it through a node address. On a swarm that node is
    /// whichever one the scheduler picks. (`pid: host` and `ipc: host` are refused by
    /// translation, `SW324`.)
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   api:
    ///     image: example/api:3.1
    ///     network_mode: host
    /// ```
    ///
    /// ## Fix
    /// Attach the service to an overlay network and publish only the ports it serves.
    /// Keep the host network for node agents that must see the node's interfaces (a
    /// metrics exporter, a DHCP or VRRP daemon), run them as `mode: global` or
    /// constrained to their nodes, and suppress the finding with the reason.
    pub static HOST_NETWORK_EXPOSED = ("SW603", "host-network-exposed", Warning);
}

const LABEL: &str = "every port the process opens is open on the node's interfaces";
const HELP: &str = "attach the service to an overlay network and publish only the ports it serves";
const NOTE: &str = "the task also reaches whatever listens on the node's loopback, and no overlay network reaches it";

pub(super) fn check(cx: &Cx<'_>, diagnostics: &mut Diagnostics) {
    for service in cx.project.services.values() {
        if let Some(mode) = &service.network_mode {
            if mode.value == NetworkMode::Host {
                diagnostics.push(
                    Diagnostic::new(
                        &HOST_NETWORK_EXPOSED,
                        format!(
                            "service `{}` shares the network of the node it runs on",
                            service.name.value
                        ),
                    )
                    .at_value(mode)
                    .label(LABEL)
                    .help(HELP)
                    .note(NOTE),
                );
            }
        }
        for attachment in service.networks.values() {
            let Some(network) = cx.project.networks.get(&*attachment.key.value) else {
                continue;
            };
            let is_host =
                network.is_external() && network.name.as_ref().is_some_and(|n| n.value == "host");
            if !is_host {
                continue;
            }
            let mut diagnostic = Diagnostic::new(
                &HOST_NETWORK_EXPOSED,
                format!(
                    "service `{}` shares the network of the node it runs on",
                    service.name.value
                ),
            )
            .at(attachment.key.span)
            .label(LABEL);
            if let Some(name) = &network.name {
                diagnostic = diagnostic.also(name.span, "this network is the node's own");
            }
            diagnostics.push(diagnostic.help(HELP).note(NOTE));
        }
    }
}
