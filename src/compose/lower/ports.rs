//! `ports` and `expose`. The short syntax follows docker's port-spec grammar
//! (`[[ip:]host:]container[/protocol]`, each port possibly a range, IPv6 addresses in
//! brackets) and is expanded into one long-syntax [`Port`] per container port.

use std::net::IpAddr;

use super::cx::{Cx, MAX_PORTS, Place, at_node, part_of};
use super::fields::Field;
use crate::compose::model::{Expose, Keys, Port, PortMode, PortRange, Protocol, Syntax};
use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::spanned::Spanned;
use crate::yaml::{Node, NodeKind, ScalarValue};

pub(super) const PORT_KEYS: &[&str] = &[
    "app_protocol",
    "host_ip",
    "mode",
    "name",
    "protocol",
    "published",
    "target",
];

/// A problem in a short-syntax string: the byte range it is about, and what to say.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct PortError {
    pub(super) range: (usize, usize),
    pub(super) message: String,
    pub(super) help: &'static str,
}

/// The parts of a short-syntax port, each with its byte range in the text.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct ShortPort {
    pub(super) host_ip: Option<(IpAddr, (usize, usize))>,
    pub(super) published: Option<(PortRange, (usize, usize))>,
    pub(super) target: (PortRange, (usize, usize)),
    pub(super) protocol: Option<(Protocol, (usize, usize))>,
}

const PORT_HELP: &str = "use a port number from 1 to 65535, or a range such as `8000-8010`";

pub(super) fn parse_short_port(text: &str) -> Result<ShortPort, PortError> {
    if text.is_empty() {
        return Err(PortError {
            range: (0, 0),
            message: "empty port".to_owned(),
            help: "write a port such as `8080:80`",
        });
    }
    // Compose's split: the last part is the container port, the one before it the host
    // port, and everything before that the host IP (which may hold colons itself).
    let (container_at, container_with_proto) = match text.rfind(':') {
        Some(i) => (i + 1, &text[i + 1..]),
        None => (0, text),
    };
    let host = text[..container_at.saturating_sub(1)]
        .rfind(':')
        .map(|i| (i + 1, &text[i + 1..container_at - 1]))
        .or_else(|| (container_at > 0).then(|| (0, &text[..container_at - 1])));
    let ip = match host {
        Some((host_at, _)) if host_at > 0 => Some((0, &text[..host_at - 1])),
        _ => None,
    };

    let (container, protocol) = match container_with_proto.split_once('/') {
        Some((port, proto)) => {
            let proto_at = container_at + port.len() + 1;
            let range = (proto_at, proto_at + proto.len());
            let protocol = if proto.is_empty() {
                None
            } else {
                match parse_protocol(proto) {
                    Some(p) => Some((p, range)),
                    None => {
                        return Err(PortError {
                            range,
                            message: format!("unknown protocol `{proto}`"),
                            help: "use `tcp`, `udp` or `sctp`",
                        });
                    }
                }
            };
            (port, protocol)
        }
        None => (container_with_proto, None),
    };
    let container_range = (container_at, container_at + container.len());
    if container.is_empty() {
        return Err(PortError {
            range: container_range,
            message: format!("no container port in `{text}`"),
            help: "write the container port last, as in `8080:80`",
        });
    }
    let target = parse_range(container, container_range)?;

    let published = match host {
        Some((at, host)) if !host.is_empty() => {
            let range = (at, at + host.len());
            Some((parse_range(host, range)?, range))
        }
        _ => None,
    };

    let host_ip = match ip {
        Some((_, "")) | None => None,
        Some((at, raw)) => {
            let range = (at, at + raw.len());
            let inner = match raw.strip_prefix('[') {
                Some(rest) => rest.strip_suffix(']'),
                None => Some(raw),
            };
            match inner.and_then(|s| s.parse::<IpAddr>().ok()) {
                Some(addr) => Some((addr, range)),
                None => {
                    return Err(PortError {
                        range,
                        message: format!("invalid IP address `{raw}`"),
                        help: "write an IPv4 address, or an IPv6 address in brackets such as `[::1]:8080:80`",
                    });
                }
            }
        }
    };

    if let Some((published_range, at)) = published {
        if published_range.count() != target.count() && !target.is_single() {
            return Err(PortError {
                range: (at.0, container_range.1),
                message: format!(
                    "port ranges `{}` and `{container}` have different lengths",
                    &text[at.0..at.1]
                ),
                help: "give the host and container ranges the same number of ports",
            });
        }
    }

    Ok(ShortPort {
        host_ip,
        published,
        target: (target, container_range),
        protocol,
    })
}

/// `80` or `8000-8010`, each port from 1 to 65535.
fn parse_range(text: &str, at: (usize, usize)) -> Result<PortRange, PortError> {
    let invalid = |message: String| PortError {
        range: at,
        message,
        help: PORT_HELP,
    };
    let (start, end) = match text.split_once('-') {
        Some((a, b)) => (parse_port(a), parse_port(b)),
        None => (parse_port(text), parse_port(text)),
    };
    match (start, end) {
        (Some(start), Some(end)) if start <= end => Ok(PortRange { start, end }),
        (Some(_), Some(_)) => Err(invalid(format!("port range `{text}` is reversed"))),
        _ => Err(invalid(format!("invalid port `{text}`"))),
    }
}

/// `tcp`, `udp` or `sctp`, in any case, as docker reads them.
fn parse_protocol(text: &str) -> Option<Protocol> {
    Protocol::VALUES
        .iter()
        .find(|p| p.eq_ignore_ascii_case(text))
        .and_then(|p| Protocol::parse(p))
}

fn parse_port(text: &str) -> Option<u16> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<u16>().ok().filter(|p| *p != 0)
}

/// How many ports a `ports` entry publishes once docker expands its ranges: one per
/// container port, or one per published port of a range onto a single container port.
fn port_count(item: &Node) -> usize {
    let range_len = |r: PortRange| usize::from(r.end - r.start) + 1;
    match &item.kind {
        NodeKind::Scalar(scalar) => match parse_short_port(&scalar.text) {
            Ok(short) => match short.published {
                Some((published, _)) if short.target.0.is_single() => range_len(published),
                _ => range_len(short.target.0),
            },
            Err(_) => 1,
        },
        NodeKind::Map(map) => map
            .get("published")
            .and_then(Node::as_scalar)
            .and_then(|s| parse_range(&s.text, (0, s.text.len())).ok())
            .map_or(1, range_len),
        NodeKind::Seq(_) => 1,
    }
}

impl Cx<'_> {
    pub(super) fn ports(&mut self, node: &Node, place: Place<'_>) -> Vec<Port> {
        let Some(items) = self.list(node, place) else {
            return Vec::new();
        };
        let mut ports = Vec::with_capacity(items.len().min(MAX_PORTS));
        for item in items {
            if !self.take_ports(item) {
                continue;
            }
            match &item.kind {
                NodeKind::Map(_) => ports.extend(self.long_port(item)),
                NodeKind::Scalar(scalar) => match scalar.value() {
                    ScalarValue::Int(_) | ScalarValue::Str(_) => {
                        self.short_port(item, &scalar.text, &mut ports);
                    }
                    _ => self.wrong_type(
                        item,
                        Place::Item("ports"),
                        "a string, a number or a mapping",
                    ),
                },
                NodeKind::Seq(_) => {
                    self.wrong_type(
                        item,
                        Place::Item("ports"),
                        "a string, a number or a mapping",
                    );
                }
            }
        }
        ports
    }

    /// Counts the ports `item` publishes against the stack's [`MAX_PORTS`]; false,
    /// after reporting it, when they are more than are left. An entry that is not
    /// valid counts as one port and is reported when it is read.
    fn take_ports(&mut self, item: &Node) -> bool {
        let count = port_count(item);
        let Some(left) = self.ports_left else {
            // Past the limit already, and reported there.
            return false;
        };
        if count <= left {
            self.ports_left = Some(left - count);
            return true;
        }
        let published = MAX_PORTS - left;
        {
            let diagnostic = Diagnostic::new(
                &rules::TOO_MANY_PORTS,
                format!(
                    "this `ports` entry takes the stack to {} published ports, past the limit of {MAX_PORTS}",
                    published + count
                ),
            );
            self.push(at_node(diagnostic, item).help(
                "publish the ports the service serves on, or run it with `network_mode: host`",
            ));
        }
        self.ports_left = None;
        false
    }

    fn short_port(&mut self, item: &Node, text: &str, out: &mut Vec<Port>) {
        let short = match parse_short_port(text) {
            Ok(short) => short,
            Err(error) => {
                self.invalid_part(item, error.range, error.message, error.help);
                return;
            }
        };
        let (target, target_at) = short.target;
        for port in target.start..=target.end {
            let offset = port - target.start;
            let published = short.published.map(|(range, at)| {
                let value = if target.is_single() {
                    range
                } else {
                    PortRange::single(range.start.saturating_add(offset))
                };
                part_of(item, value, at)
            });
            out.push(Port {
                span: item.span,
                syntax: Syntax::Short,
                keys: Keys::new(),
                target: part_of(item, port, target_at),
                published,
                host_ip: short.host_ip.map(|(ip, at)| part_of(item, ip, at)),
                protocol: short.protocol.map(|(p, at)| part_of(item, p, at)),
                mode: None,
                name: None,
                app_protocol: None,
            });
        }
    }

    fn long_port(&mut self, item: &Node) -> Option<Port> {
        let mut target = None;
        let mut port = Port {
            span: item.span,
            syntax: Syntax::Long,
            keys: Keys::new(),
            target: Spanned::new(0, item.span),
            published: None,
            host_ip: None,
            protocol: None,
            mode: None,
            name: None,
            app_protocol: None,
        };
        let keys = self.fields(item, Place::Item("ports"), PORT_KEYS, |cx, f| {
            cx.port_field(&mut port, &mut target, &f);
        })?;
        port.keys = keys;
        match target {
            Some(target) => {
                port.target = target;
                Some(port)
            }
            None => {
                if !port.keys.contains_key("target") {
                    self.missing(
                        item.span,
                        "port has no `target`".to_owned(),
                        "add `target:` with the port inside the container",
                    );
                }
                None
            }
        }
    }

    fn port_field(&mut self, port: &mut Port, target: &mut Option<Spanned<u16>>, f: &Field<'_>) {
        let (v, p) = (f.value, f.place());
        match f.name {
            "target" => *target = self.port_number(v, p),
            "published" => port.published = self.published(v),
            "host_ip" => {
                let text = self.string(v, p);
                port.host_ip = text.and_then(|t| match t.value.parse::<IpAddr>() {
                    Ok(ip) => Some(t.map(|_| ip)),
                    Err(_) => {
                        self.invalid(
                            v,
                            format!("invalid IP address `{}`", t.value),
                            "write an IPv4 or IPv6 address",
                        );
                        None
                    }
                });
            }
            "protocol" => port.protocol = self.keyword(v, p, parse_protocol, Protocol::VALUES),
            "mode" => port.mode = self.keyword(v, p, PortMode::parse, PortMode::VALUES),
            "name" => port.name = self.string(v, p),
            "app_protocol" => port.app_protocol = self.string(v, p),
            _ => {}
        }
    }

    fn port_number(&mut self, node: &Node, place: Place<'_>) -> Option<Spanned<u16>> {
        let value = self.int_in(node, place, 1, 65535)?;
        Some(value.map(|n| u16::try_from(n).unwrap_or(0)))
    }

    /// `published` in long syntax: a port, a range, or empty for "any".
    fn published(&mut self, node: &Node) -> Option<Spanned<PortRange>> {
        let text = self.text(node, Place::Key("published"))?;
        if text.value.is_empty() {
            return None;
        }
        match parse_range(&text.value, (0, text.value.len())) {
            Ok(range) => Some(text.map(|_| range)),
            Err(error) => {
                self.invalid(node, error.message, error.help);
                None
            }
        }
    }

    pub(super) fn expose(&mut self, node: &Node, place: Place<'_>) -> Vec<Spanned<Expose>> {
        let Some(items) = self.list(node, place) else {
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            let Some(text) = self.text(item, Place::Item("expose")) else {
                continue;
            };
            let (ports, protocol) = match text.value.split_once('/') {
                Some((ports, proto)) => (ports, Some(proto)),
                None => (text.value.as_str(), None),
            };
            let protocol = match protocol {
                None => None,
                Some(proto) => match parse_protocol(proto) {
                    Some(p) => Some(p),
                    None => {
                        let at = ports.len() + 1;
                        self.invalid_part(
                            item,
                            (at, at + proto.len()),
                            format!("unknown protocol `{proto}`"),
                            "use `tcp`, `udp` or `sctp`",
                        );
                        continue;
                    }
                },
            };
            match parse_range(ports, (0, ports.len())) {
                Ok(range) => out.push(Spanned {
                    value: Expose {
                        ports: range,
                        protocol,
                    },
                    span: text.span,
                    origins: text.origins,
                }),
                Err(error) => self.invalid_part(item, error.range, error.message, error.help),
            }
        }
        out
    }
}
