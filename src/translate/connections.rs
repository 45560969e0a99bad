//! Long-lived connections through the IPVS idle timeout. Swarm balances a service's
//! virtual IP with IPVS, which forgets a connection idle for `network.ipvs_idle_timeout`
//! seconds (900 by default) without telling either end; the site profile says, per
//! service, how its pooled connections survive (`services.NAME.long_lived_connections`).
//!
//! Input: `long_lived_connections: { mitigation: dnsrr }` or `{ mitigation: keepalive,
//! seconds: 600 }` in the site profile.
//! Output: `deploy.endpoint_mode: dnsrr` (refused when the service publishes ports on
//! the routing mesh, which docker does not allow), or the service's `sysctls`
//! `net.ipv4.tcp_keepalive_time` (the site's seconds), `net.ipv4.tcp_keepalive_intvl:
//! 30` and `net.ipv4.tcp_keepalive_probes: 10`, each unless the compose file sets it
//! (a keepalive time at or above the timeout is replaced). A service on the host
//! network is not behind IPVS and is left as it is.

use crate::compose::{EndpointMode, NetworkMode, PortMode, Service};
use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::site::{Mitigation, child};
use crate::swarm;

use super::site_nodes::{setting_pointer, settings, site_value};
use super::{Cx, Origin};

/// The sysctl that sets when TCP sends its first keepalive probe.
const KEEPALIVE_TIME: &str = "net.ipv4.tcp_keepalive_time";
/// Seconds between unanswered probes, and how many are sent before the connection is
/// dropped: a dead peer is noticed five minutes after the first probe.
const KEEPALIVE_REST: [(&str, u32); 2] = [
    ("net.ipv4.tcp_keepalive_intvl", 30),
    ("net.ipv4.tcp_keepalive_probes", 10),
];

pub(super) fn connections(cx: &mut Cx<'_>, service: &Service, out: &mut swarm::Service) {
    let Some(connections) = settings(cx, service).and_then(|s| s.long_lived_connections.as_ref())
    else {
        return;
    };
    let name = service.name.value.as_str();
    let site = cx.site();
    let timeout = site.network.ipvs_idle_timeout;
    let here = setting_pointer(service, "long_lived_connections");
    let at = site_value(site, &child(&here, "mitigation"));
    if service
        .network_mode
        .as_ref()
        .is_some_and(|m| m.value == NetworkMode::Host)
    {
        cx.report(
            Diagnostic::new(
                &rules::CONNECTIONS_KEPT_ALIVE,
                format!("service `{name}` is on the host network, which IPVS does not balance"),
            )
            .at_opt(at)
            .label("nothing to do")
            .also(service.name.span, "the service")
            .help("remove `long_lived_connections` from the site profile"),
        );
        return;
    }
    match connections.mitigation {
        Mitigation::Dnsrr => {
            let ingress: Vec<_> = service
                .ports
                .iter()
                .filter(|p| p.mode() == PortMode::Ingress)
                .collect();
            if !ingress.is_empty() {
                let mut diagnostic = Diagnostic::new(
                    &rules::DNSRR_WITH_INGRESS_PORTS,
                    format!(
                        "service `{name}` cannot use `dnsrr` and publish ports on the routing mesh"
                    ),
                )
                .at_opt(at)
                .label("the site asks for `dnsrr`");
                for port in ingress {
                    diagnostic = diagnostic.also(port.span, "published on the routing mesh");
                }
                cx.report(
                    diagnostic
                        .help("publish the ports in host mode (`mode: host`), or use the `keepalive` mitigation in the site profile")
                        .note("docker refuses the service: `port published with ingress mode can't be used with dnsrr mode`"),
                );
                return;
            }
            out.deploy
                .get_or_insert_with(Default::default)
                .endpoint_mode = Some(swarm::EndpointMode::Dnsrr);
            if let Some(at) = at {
                cx.origins
                    .replace(Origin::service(name).field("deploy.endpoint_mode"), at);
            }
            let written = service
                .deploy
                .as_ref()
                .and_then(|d| d.endpoint_mode.as_ref());
            if written.is_some_and(|m| m.value == EndpointMode::Dnsrr) {
                return;
            }
            let mut diagnostic = Diagnostic::new(
                &rules::CONNECTIONS_KEPT_ALIVE,
                format!("clients reach service `{name}` by DNS round robin, bypassing IPVS"),
            )
            .at_opt(at)
            .label("the site's decision")
            .also(service.name.span, "the service");
            if let Some(written) = written {
                diagnostic =
                    diagnostic.also(written.span, "the compose file's endpoint mode, replaced");
            }
            cx.report(
                diagnostic
                    .help("nothing to do; clients must reconnect to another task's address when one goes away")
                    .note(format!("IPVS forgets connections idle for {timeout} seconds")),
            );
        }
        Mitigation::Keepalive => {
            let seconds = connections
                .seconds
                .unwrap_or(timeout.saturating_mul(2) / 3)
                .max(1);
            let mut set = Vec::new();
            let mut replaced = None;
            let written_time = service
                .sysctls
                .value(KEEPALIVE_TIME)
                .and_then(|v| v.trim().parse::<u64>().ok());
            let probes_after = match written_time {
                Some(t) if t < u64::from(timeout) => {
                    // The compose file's own value protects the connections already.
                    out.sysctls.insert(KEEPALIVE_TIME.to_owned(), t.to_string());
                    t
                }
                _ => {
                    set.push((KEEPALIVE_TIME, seconds));
                    replaced = service
                        .sysctls
                        .get(KEEPALIVE_TIME)
                        .and_then(|t| t.value.as_ref())
                        .map(|v| v.span);
                    u64::from(seconds)
                }
            };
            for (key, value) in KEEPALIVE_REST {
                match service.sysctls.value(key) {
                    Some(written) => {
                        out.sysctls.insert(key.to_owned(), written.to_owned());
                    }
                    None => set.push((key, value)),
                }
            }
            if set.is_empty() {
                return;
            }
            for (key, value) in &set {
                out.sysctls.insert((*key).to_owned(), value.to_string());
            }
            if let Some(at) = at {
                cx.origins
                    .record(Origin::service(name).field("sysctls"), at);
            }
            let mut diagnostic = Diagnostic::new(
                &rules::CONNECTIONS_KEPT_ALIVE,
                format!(
                    "service `{name}` probes idle connections after {probes_after} seconds, below the {timeout}-second IPVS timeout"
                ),
            )
            .at_opt(at)
            .label("the site's decision")
            .also(service.name.span, "the service");
            if let Some(span) = replaced {
                diagnostic = diagnostic.also(span, "too late for IPVS, replaced");
            }
            let written: Vec<String> = set.iter().map(|(k, v)| format!("`{k}: {v}`")).collect();
            cx.report(
                diagnostic
                    .help("make sure the application turns on `SO_KEEPALIVE` for its connections; most database and broker clients can")
                    .note(format!("swarmc set {}", written.join(", "))),
            );
        }
    }
}
