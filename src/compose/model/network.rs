//! Networks: the top-level declarations and a service's attachments to them.

use std::net::IpAddr;

use ipnet::IpNet;

use super::{Keys, Mapping, NameMap, Text};
use crate::source::Span;
use crate::spanned::Spanned;

/// A top-level network. `networks: {back: }` (null) is a network with every default.
#[derive(Clone, Debug, PartialEq)]
pub struct Network {
    /// The key under `networks`, with its span.
    pub key: Spanned<Text>,
    pub keys: Keys,
    /// `name:`, or the deprecated `external: {name: ...}`.
    pub name: Option<Spanned<Text>>,
    pub driver: Option<Spanned<Text>>,
    pub driver_opts: Mapping,
    pub ipam: Option<Ipam>,
    /// `true` also when written as `external: {name: ...}`.
    pub external: Option<Spanned<bool>>,
    pub internal: Option<Spanned<bool>>,
    pub attachable: Option<Spanned<bool>>,
    pub enable_ipv4: Option<Spanned<bool>>,
    pub enable_ipv6: Option<Spanned<bool>>,
    pub labels: Mapping,
}

impl Network {
    pub fn is_external(&self) -> bool {
        self.external.as_ref().is_some_and(|e| e.value)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Ipam {
    pub span: Span,
    pub keys: Keys,
    pub driver: Option<Spanned<Text>>,
    pub config: Vec<IpamPool>,
    pub options: Mapping,
}

/// One `ipam.config` entry.
#[derive(Clone, Debug, PartialEq)]
pub struct IpamPool {
    pub span: Span,
    pub keys: Keys,
    pub subnet: Option<Spanned<IpNet>>,
    pub ip_range: Option<Spanned<IpNet>>,
    pub gateway: Option<Spanned<IpAddr>>,
    pub aux_addresses: NameMap<Spanned<IpAddr>>,
}

/// A service's attachment to one network (`networks: [back]` or `networks: {back: {...}}`).
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceNetwork {
    /// The network's key (the list item or the mapping key), checked to be declared.
    pub key: Spanned<Text>,
    pub keys: Keys,
    pub aliases: Vec<Spanned<Text>>,
    pub ipv4_address: Option<Spanned<IpAddr>>,
    pub ipv6_address: Option<Spanned<IpAddr>>,
    pub link_local_ips: Vec<Spanned<IpAddr>>,
    pub mac_address: Option<Spanned<Text>>,
    pub interface_name: Option<Spanned<Text>>,
    pub driver_opts: Mapping,
    pub priority: Option<Spanned<i64>>,
    pub gw_priority: Option<Spanned<i64>>,
}
