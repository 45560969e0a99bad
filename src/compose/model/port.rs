//! Published and exposed ports. Short syntax (`"127.0.0.1:8080-8081:80-81/udp"`) is
//! expanded here into one [`Port`] per container port, exactly as compose does, so a
//! pass sees the same shape whichever syntax was written.

use std::net::IpAddr;

use super::{Keys, Syntax, Text};
use crate::source::Span;
use crate::spanned::Spanned;

pub use crate::protocol::Protocol;

keyword_enum! {
    /// How swarm publishes a port: on the routing mesh or on the node that runs the task.
    pub enum PortMode {
        Ingress = "ingress",
        Host = "host",
    }
}

/// An inclusive range of port numbers; a single port has `start == end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PortRange {
    pub start: u16,
    pub end: u16,
}

impl PortRange {
    pub fn single(port: u16) -> PortRange {
        PortRange {
            start: port,
            end: port,
        }
    }

    pub fn is_single(self) -> bool {
        self.start == self.end
    }

    /// How many ports the range holds (at least one).
    pub fn count(self) -> u32 {
        u32::from(self.end) - u32::from(self.start) + 1
    }
}

/// One entry of `ports`, in long syntax.
#[derive(Clone, Debug, PartialEq)]
pub struct Port {
    /// The list item this port came from (several ports share it when a short-syntax
    /// range was expanded).
    pub span: Span,
    pub syntax: Syntax,
    /// Keys of the long syntax; empty for short syntax.
    pub keys: Keys,
    /// The port inside the container.
    pub target: Spanned<u16>,
    /// The port on the host: `None` lets the engine choose; a range lets it choose
    /// within the range.
    pub published: Option<Spanned<PortRange>>,
    pub host_ip: Option<Spanned<IpAddr>>,
    /// `None` means `tcp`.
    pub protocol: Option<Spanned<Protocol>>,
    /// `None` means `ingress`.
    pub mode: Option<Spanned<PortMode>>,
    pub name: Option<Spanned<Text>>,
    pub app_protocol: Option<Spanned<Text>>,
}

impl Port {
    pub fn protocol(&self) -> Protocol {
        self.protocol.as_ref().map_or(Protocol::Tcp, |p| p.value)
    }

    pub fn mode(&self) -> PortMode {
        self.mode.as_ref().map_or(PortMode::Ingress, |m| m.value)
    }
}

/// One entry of `expose`: container ports reachable by other services, never published.
#[derive(Clone, Debug, PartialEq)]
pub struct Expose {
    pub ports: PortRange,
    pub protocol: Option<Protocol>,
}
