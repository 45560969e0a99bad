use super::Cx;
use crate::compose::{EndpointMode, NetworkMode, Service};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::image_reference::ImageRef;
use crate::site::DEFAULT_IPVS_IDLE_TIMEOUT;
use crate::source::Span;

crate::rules::declare_rule! {
    /// ## What it does
    /// Reports a database or message broker reached through a virtual IP with nothing
    /// that keeps its idle connections alive. A service is taken for one by its image
    /// (PostgreSQL, MySQL, MariaDB, MongoDB, Redis, Valkey, RabbitMQ, ActiveMQ, Kafka,
    /// ZooKeeper, NATS, SQL Server, Cassandra, Memcached and their usual images, but not
    /// their web consoles and exporters) or by a container port it publishes or exposes
    /// (5432, 6432, 3306, 27017, 6379, 5672, 61616, 9092, 2181, 4222, 1433, 9042,
    /// 11211).
    ///
    /// It counts as protected when it uses `deploy.endpoint_mode: dnsrr`, sets
    /// `net.ipv4.tcp_keepalive_time` in `sysctls` below the site's IPVS idle timeout
    /// (`network.ipvs_idle_timeout`, 900 seconds by default), runs on the host network,
    /// or the site profile records a mitigation for it
    /// (`services.NAME.long_lived_connections`).
    ///
    /// ## Why
    /// Swarm balances a service's virtual IP with the kernel's IPVS, which forgets a
    /// connection that has been idle for 900 seconds and tells neither end. Clients of
    /// databases and brokers hold pooled connections open for hours; after a quiet
    /// quarter of an hour the next query on such a connection goes nowhere, and the
    /// client hangs until its own timeout, typically at night or over a weekend. TCP
    /// keepalive only refreshes IPVS if its first probe comes sooner than the timeout,
    /// and Linux waits 7200 seconds by default.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:16.4
    /// ```
    ///
    /// ## Fix
    /// Bypass IPVS: clients resolve the tasks' addresses directly (a `dnsrr` service
    /// cannot publish ports on the routing mesh):
    /// ```yaml
    ///     deploy:
    ///       endpoint_mode: dnsrr
    /// ```
    /// or send keepalive probes before IPVS forgets the connection:
    /// ```yaml
    ///     sysctls:
    ///       net.ipv4.tcp_keepalive_time: 600
    /// ```
    /// If the server or its protocol keeps connections alive by itself (Redis's
    /// `tcp-keepalive` is 300 seconds by default; AMQP clients usually negotiate
    /// heartbeats), record that in the site profile:
    /// `long_lived_connections: { mitigation: keepalive, seconds: 300 }`.
    pub static IDLE_CONNECTIONS_UNPROTECTED = ("SW612", "idle-connections-unprotected", Warning);
}

/// Servers whose clients keep connections open: the name shown, the words of their
/// image names, and the ports they listen on.
const SERVERS: &[(&str, &[&str], &[u16])] = &[
    (
        "PostgreSQL",
        &[
            "postgres",
            "postgresql",
            "postgis",
            "timescaledb",
            "pgbouncer",
        ],
        &[5432, 6432],
    ),
    ("MySQL", &["mysql", "mariadb", "percona"], &[3306]),
    ("MongoDB", &["mongo", "mongodb"], &[27017]),
    ("Redis", &["redis", "valkey", "keydb"], &[6379]),
    ("RabbitMQ", &["rabbitmq"], &[5672]),
    ("ActiveMQ", &["activemq", "artemis"], &[61616]),
    ("Kafka", &["kafka"], &[9092]),
    ("ZooKeeper", &["zookeeper"], &[2181]),
    ("NATS", &["nats"], &[4222]),
    ("SQL Server", &["mssql"], &[1433]),
    ("Cassandra", &["cassandra"], &[9042]),
    ("Memcached", &["memcached"], &[11211]),
];

/// Words of image names that mark a client or a console of a server, not the server.
const NOT_A_SERVER: &[&str] = &[
    "admin",
    "commander",
    "console",
    "dashboard",
    "exporter",
    "express",
    "insight",
    "ui",
    "web",
];

/// The sysctl that sets when TCP sends its first keepalive probe.
const KEEPALIVE_SYSCTL: &str = "net.ipv4.tcp_keepalive_time";

/// What the service serves and where that shows, when it is one of [`SERVERS`].
fn server(service: &Service) -> Option<(&'static str, Span, String)> {
    if let Some(image) = &service.image {
        let words: Vec<String> = ImageRef::parse(&image.value).words().collect();
        if !words.iter().any(|w| NOT_A_SERVER.contains(&w.as_str())) {
            let found = SERVERS
                .iter()
                .find(|(_, names, _)| words.iter().any(|w| names.contains(&w.as_str())));
            if let Some((name, _, _)) = found {
                return Some((
                    name,
                    image.span,
                    format!("{name} keeps client connections open"),
                ));
            }
        }
    }
    let ports = service
        .ports
        .iter()
        .map(|p| (p.target.value, p.target.span))
        .chain(
            service
                .expose
                .iter()
                .flat_map(|e| (e.value.ports.start..=e.value.ports.end).map(|p| (p, e.span))),
        );
    for (port, span) in ports {
        if let Some((name, _, _)) = SERVERS.iter().find(|(_, _, p)| p.contains(&port)) {
            return Some((
                name,
                span,
                format!("port {port} is {name}'s, whose clients keep connections open"),
            ));
        }
    }
    None
}

/// Whether the service's own settings keep its connections out of reach of the IPVS
/// timeout.
fn mitigated(service: &Service, timeout: u32) -> bool {
    let dnsrr = service
        .deploy
        .as_ref()
        .and_then(|d| d.endpoint_mode.as_ref())
        .is_some_and(|m| m.value == EndpointMode::Dnsrr);
    let host_network = service
        .network_mode
        .as_ref()
        .is_some_and(|m| m.value == NetworkMode::Host);
    let keepalive = service
        .sysctls
        .value(KEEPALIVE_SYSCTL)
        .and_then(|v| v.trim().parse::<u64>().ok())
        .is_some_and(|seconds| seconds < u64::from(timeout));
    dnsrr || host_network || keepalive
}

pub(super) fn check(cx: &Cx<'_>, diagnostics: &mut Diagnostics) {
    let timeout = cx
        .site
        .map_or(DEFAULT_IPVS_IDLE_TIMEOUT, |s| s.network.ipvs_idle_timeout);
    for service in cx.project.services.values() {
        let Some((_, at, label)) = server(service) else {
            continue;
        };
        let site_mitigates = cx
            .site_settings(service)
            .is_some_and(|s| s.long_lived_connections.is_some());
        if site_mitigates || mitigated(service, timeout) {
            continue;
        }
        let mut diagnostic = Diagnostic::new(
            &IDLE_CONNECTIONS_UNPROTECTED,
            format!(
                "connections to service `{}` are dropped after {timeout} idle seconds",
                service.name.value
            ),
        )
        .at(at)
        .label(label);
        if let Some(keepalive) = service.sysctls.get(KEEPALIVE_SYSCTL) {
            if let Some(value) = &keepalive.value {
                diagnostic = diagnostic.also(
                    value.span,
                    format!("probes start too late to refresh a {timeout}-second timeout"),
                );
            }
        }
        diagnostics.push(
            diagnostic
                .help(format!(
                    "set `deploy.endpoint_mode: dnsrr`, or `{KEEPALIVE_SYSCTL}` below {timeout} in `sysctls`, or record the mitigation in the site profile's `services.{}.long_lived_connections`",
                    service.name.value
                ))
                .note("swarm balances the service's virtual IP with IPVS, which forgets idle connections without telling either end"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::Service;
    use crate::source::{SourceKind, Sources};
    use crate::spanned::Spanned;

    fn with_image(image: &str) -> Service {
        let mut sources = Sources::new();
        let id = sources.add("c.yaml", None, SourceKind::Compose, String::new());
        let span = Span::new(id, 0, 0);
        let mut service = Service::new(Spanned::new("s".into(), span));
        service.image = Some(Spanned::new(image.into(), span));
        service
    }

    #[test]
    fn servers_are_known_by_their_images_and_consoles_are_not() {
        let name = |image: &str| server(&with_image(image)).map(|s| s.0);
        assert_eq!(name("postgres:16.4"), Some("PostgreSQL"));
        assert_eq!(name("bitnami/postgresql:16"), Some("PostgreSQL"));
        assert_eq!(name("confluentinc/cp-kafka:7.6.1"), Some("Kafka"));
        assert_eq!(
            name("mcr.microsoft.com/mssql/server:2022-latest"),
            Some("SQL Server")
        );
        assert_eq!(name("mongo-express:1.0"), None);
        assert_eq!(name("provectuslabs/kafka-ui:v0.7.2"), None);
        assert_eq!(name("prometheuscommunity/postgres-exporter:v0.15.0"), None);
        assert_eq!(name("nginx:1.27"), None);
    }
}
