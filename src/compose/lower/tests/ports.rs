//! `ports` and `expose`: every short form, the long form, and what is wrong with each bad one.

use std::net::IpAddr;

use super::{lower_service, service_ok};
use crate::compose::model::{PortMode, PortRange, Protocol, Syntax};

fn range(start: u16, end: u16) -> PortRange {
    PortRange { start, end }
}

#[test]
fn short_ports_expand_to_long_syntax() {
    let service = service_ok(
        r#"    ports:
      - 80
      - "8080:80"
      - 127.0.0.1:8443:443
      - "[::1]:5353:53/udp"
      - 127.0.0.1::9000
      - "3000/sctp"
"#,
    );
    let ports: Vec<_> = service
        .ports
        .iter()
        .map(|p| {
            (
                p.target.value,
                p.published.as_ref().map(|r| r.value),
                p.host_ip.as_ref().map(|ip| ip.value),
                p.protocol(),
            )
        })
        .collect();
    let localhost: IpAddr = "127.0.0.1".parse().unwrap();
    let v6: IpAddr = "::1".parse().unwrap();
    assert_eq!(
        ports,
        vec![
            (80, None, None, Protocol::Tcp),
            (80, Some(range(8080, 8080)), None, Protocol::Tcp),
            (443, Some(range(8443, 8443)), Some(localhost), Protocol::Tcp),
            (53, Some(range(5353, 5353)), Some(v6), Protocol::Udp),
            (9000, None, Some(localhost), Protocol::Tcp),
            (3000, None, None, Protocol::Sctp),
        ]
    );
    assert!(service.ports.iter().all(|p| p.syntax == Syntax::Short));
    assert_eq!(service.ports[0].mode(), PortMode::Ingress);
}

#[test]
fn short_port_ranges_expand_one_port_per_container_port() {
    let lowered =
        lower_service("    ports:\n      - \"8000-8002:80-82/udp\"\n      - 9000-9010:80\n");
    assert!(lowered.diagnostics.is_empty(), "{:?}", lowered.found());
    let ports = &lowered.project.services["web"].ports;
    let pairs: Vec<_> = ports
        .iter()
        .map(|p| (p.target.value, p.published.as_ref().map(|r| r.value)))
        .collect();
    assert_eq!(
        pairs,
        vec![
            (80, Some(range(8000, 8000))),
            (81, Some(range(8001, 8001))),
            (82, Some(range(8002, 8002))),
            // A single container port with a host range: the engine picks a host port.
            (80, Some(range(9000, 9010))),
        ]
    );
    // Expanded ports point at the parts of the item they came from.
    assert_eq!(lowered.text(ports[1].target.span), "80-82");
    assert_eq!(
        lowered.text(ports[1].published.as_ref().unwrap().span),
        "8000-8002"
    );
    assert_eq!(
        lowered.text(ports[0].protocol.as_ref().unwrap().span),
        "udp"
    );
    assert_eq!(lowered.text(ports[3].span), "9000-9010:80");
}

#[test]
fn long_ports_keep_every_field_and_cast_strings() {
    let service = service_ok(
        r#"    ports:
      - target: "80"
        published: "8080"
        host_ip: 10.0.0.1
        protocol: udp
        mode: host
        name: web
        app_protocol: http
      - target: 443
        published: 8443-8444
      - target: 22
        published: ""
"#,
    );
    let port = &service.ports[0];
    assert_eq!(port.syntax, Syntax::Long);
    assert_eq!(port.target.value, 80);
    assert_eq!(port.published.as_ref().unwrap().value, range(8080, 8080));
    assert_eq!(port.protocol(), Protocol::Udp);
    assert_eq!(port.mode(), PortMode::Host);
    assert_eq!(port.name.as_ref().unwrap().value, "web");
    assert_eq!(port.app_protocol.as_ref().unwrap().value, "http");
    assert_eq!(port.keys.len(), 7);
    assert_eq!(
        service.ports[1].published.as_ref().unwrap().value,
        range(8443, 8444)
    );
    assert!(service.ports[2].published.is_none());
}

#[test]
fn malformed_short_ports_point_at_the_offending_part() {
    let lowered = lower_service(
        r#"    ports:
      - "8080:80/tpc"
      - "99999:80"
      - "8000-8010:80-85"
      - "10.0.0.300:80:80"
      - "[::1:80:80"
      - "8080:"
      - "90-80:80"
      - 80.5
"#,
    );
    assert_eq!(
        lowered.found(),
        vec![
            ("SW112", "tpc"),
            ("SW112", "99999"),
            ("SW112", "8000-8010:80-85"),
            ("SW112", "10.0.0.300"),
            ("SW112", "[::1"),
            ("SW112", ""),
            ("SW112", "90-80"),
            ("SW111", "80.5"),
        ]
    );
    assert_eq!(
        lowered.messages()[..3],
        [
            "unknown protocol `tpc`",
            "invalid port `99999`",
            "port ranges `8000-8010` and `80-85` have different lengths",
        ]
    );
    assert!(lowered.project.services["web"].ports.is_empty());
}

#[test]
fn long_port_problems_are_reported_each_in_place() {
    let lowered = lower_service(
        r#"    ports:
      - published: 8080
      - target: eighty
      - target: 80
        mode: hots
        publised: 8080
        protocol: tcpp
"#,
    );
    assert_eq!(
        lowered.found(),
        vec![
            ("SW113", "published: 8080"),
            ("SW112", "eighty"),
            ("SW112", "hots"),
            ("SW110", "publised"),
            ("SW112", "tcpp"),
        ]
    );
    let mode = &lowered.diagnostics[2];
    assert_eq!(mode.message, "invalid value `hots` for `mode`");
    assert_eq!(
        mode.help.as_deref(),
        Some("use `host` (one of `ingress` or `host`)")
    );
    let unknown = &lowered.diagnostics[3];
    assert_eq!(
        unknown.message,
        "unknown key `publised` in an item of `ports`"
    );
    assert_eq!(unknown.help.as_deref(), Some("rename it to `published`"));
    // The port with a bad mode is still read, without the mode.
    assert_eq!(lowered.project.services["web"].ports.len(), 1);
}

#[test]
fn ports_must_be_a_list() {
    let lowered = lower_service("    ports:\n      http: \"8080:80\"\n");
    assert_eq!(lowered.found(), vec![("SW111", "http: \"8080:80\"")]);
    assert_eq!(
        lowered.messages(),
        vec!["expected a list for `ports`, found a mapping"]
    );
}

#[test]
fn expose_accepts_numbers_ranges_and_protocols() {
    let service = service_ok("    expose:\n      - 3000\n      - \"8000-8001\"\n      - 53/udp\n");
    let exposed: Vec<_> = service
        .expose
        .iter()
        .map(|e| (e.value.ports, e.value.protocol))
        .collect();
    assert_eq!(
        exposed,
        vec![
            (range(3000, 3000), None),
            (range(8000, 8001), None),
            (range(53, 53), Some(Protocol::Udp)),
        ]
    );
    let lowered = lower_service("    expose:\n      - 53/dns\n      - abc\n");
    assert_eq!(lowered.found(), vec![("SW112", "dns"), ("SW112", "abc")]);
}
