//! Networks: the top-level declarations, a service's attachments (list or map form),
//! `network_mode`, `extra_hosts` and `dns`.

use std::net::IpAddr;

use ipnet::IpNet;

use super::cx::{Cx, Place, sub_span};
use super::scalar::place_key;
use crate::compose::model::{
    ExtraHost, Ipam, IpamPool, Keys, Mapping, NameMap, Network, NetworkMode, ServiceNetwork, Text,
    name_map,
};
use crate::rules;
use crate::spanned::Spanned;
use crate::yaml::{Key, Node, NodeKind};

pub(super) const NETWORK_KEYS: &[&str] = &[
    "attachable",
    "driver",
    "driver_opts",
    "enable_ipv4",
    "enable_ipv6",
    "external",
    "internal",
    "ipam",
    "labels",
    "name",
];
pub(super) const IPAM_KEYS: &[&str] = &["config", "driver", "options"];
pub(super) const POOL_KEYS: &[&str] = &["aux_addresses", "gateway", "ip_range", "subnet"];
pub(super) const ATTACHMENT_KEYS: &[&str] = &[
    "aliases",
    "driver_opts",
    "gw_priority",
    "interface_name",
    "ipv4_address",
    "ipv6_address",
    "link_local_ips",
    "mac_address",
    "priority",
];

impl Cx<'_> {
    /// A top-level network; null means every default.
    pub(super) fn network(&mut self, key: &Key, node: &Node) -> Network {
        let mut network = Network {
            key: Spanned::new(Text::new(&key.text), key.span),
            keys: Keys::new(),
            name: None,
            driver: None,
            driver_opts: Mapping::default(),
            ipam: None,
            external: None,
            internal: None,
            attachable: None,
            enable_ipv4: None,
            enable_ipv6: None,
            labels: Mapping::default(),
        };
        if node.is_null() {
            return network;
        }
        let mut external_name = None;
        let keys = self.fields(node, Place::Key(&key.text), NETWORK_KEYS, |cx, f| {
            let (v, p) = (f.value, f.place());
            match f.name {
                "name" => network.name = cx.string(v, p),
                "driver" => network.driver = cx.string(v, p),
                "driver_opts" => network.driver_opts = cx.options(v, p),
                "ipam" => network.ipam = cx.ipam(v),
                "external" => (network.external, external_name) = cx.external(v),
                "internal" => network.internal = cx.bool(v, p),
                "attachable" => network.attachable = cx.bool(v, p),
                "enable_ipv4" => network.enable_ipv4 = cx.bool(v, p),
                "enable_ipv6" => network.enable_ipv6 = cx.bool(v, p),
                "labels" => network.labels = cx.mapping(v, p),
                _ => {}
            }
        });
        network.keys = keys.unwrap_or_default();
        network.name = self.merge_external_name(network.name, external_name);
        network
    }

    /// `external: true`, `external: "true"` or the deprecated `external: {name: x}`.
    pub(super) fn external(
        &mut self,
        node: &Node,
    ) -> (Option<Spanned<bool>>, Option<Spanned<Text>>) {
        if node.as_map().is_none() {
            return (self.bool(node, Place::Key("external")), None);
        }
        let mut name = None;
        self.fields(node, Place::Key("external"), &["name"], |cx, f| {
            name = cx.string(f.value, f.place());
        });
        (Some(Spanned::new(true, node.span)), name)
    }

    /// `name` wins over the deprecated `external.name`; they must agree when both are set.
    pub(super) fn merge_external_name(
        &mut self,
        name: Option<Spanned<Text>>,
        external_name: Option<Spanned<Text>>,
    ) -> Option<Spanned<Text>> {
        match (name, external_name) {
            (Some(name), Some(external)) => {
                if name.value != external.value {
                    self.report(
                        &rules::CONFLICTING_KEYS,
                        external.span,
                        format!(
                            "`external.name` `{}` differs from `name` `{}`",
                            external.value, name.value
                        ),
                    )
                    .also(name.span, "`name` is set here")
                    .help("remove `external.name` and keep `name`");
                }
                Some(name)
            }
            (name, external) => name.or(external),
        }
    }

    fn ipam(&mut self, node: &Node) -> Option<Ipam> {
        if node.is_null() {
            return None;
        }
        let mut ipam = Ipam {
            span: node.span,
            keys: Keys::new(),
            driver: None,
            config: Vec::new(),
            options: Mapping::default(),
        };
        ipam.keys = self.fields(node, Place::Key("ipam"), IPAM_KEYS, |cx, f| {
            let (v, p) = (f.value, f.place());
            match f.name {
                "driver" => ipam.driver = cx.string(v, p),
                "options" => ipam.options = cx.options(v, p),
                "config" => {
                    for item in cx.list(v, p).unwrap_or_default() {
                        ipam.config.extend(cx.ipam_pool(item));
                    }
                }
                _ => {}
            }
        })?;
        Some(ipam)
    }

    fn ipam_pool(&mut self, node: &Node) -> Option<IpamPool> {
        let mut pool = IpamPool {
            span: node.span,
            keys: Keys::new(),
            subnet: None,
            ip_range: None,
            gateway: None,
            aux_addresses: name_map(0),
        };
        pool.keys = self.fields(node, Place::Item("config"), POOL_KEYS, |cx, f| {
            let (v, p) = (f.value, f.place());
            match f.name {
                "subnet" => pool.subnet = cx.subnet(v, p),
                "ip_range" => pool.ip_range = cx.subnet(v, p),
                "gateway" => pool.gateway = cx.ip(v, p),
                "aux_addresses" => {
                    let Some(map) = v.as_map() else {
                        cx.wrong_type(v, p, "a mapping");
                        return;
                    };
                    for entry in &map.entries {
                        if let Some(ip) = cx.ip(&entry.value, Place::Key(&entry.key.text)) {
                            pool.aux_addresses.insert(Text::new(&entry.key.text), ip);
                        }
                    }
                }
                _ => {}
            }
        })?;
        Some(pool)
    }

    fn subnet(&mut self, node: &Node, place: Place<'_>) -> Option<Spanned<IpNet>> {
        let text = self.string(node, place)?;
        match text.value.parse::<IpNet>() {
            Ok(net) => Some(text.map(|_| net)),
            Err(_) => {
                self.invalid(
                    node,
                    format!("invalid subnet `{}` for {place}", text.value),
                    "write an address and a prefix length, such as `10.20.0.0/24`",
                );
                None
            }
        }
    }

    pub(super) fn ip(&mut self, node: &Node, place: Place<'_>) -> Option<Spanned<IpAddr>> {
        let text = self.string(node, place)?;
        match text.value.parse::<IpAddr>() {
            Ok(ip) => Some(text.map(|_| ip)),
            Err(_) => {
                self.invalid(
                    node,
                    format!("invalid IP address `{}` for {place}", text.value),
                    "write an IPv4 address such as `10.0.0.2` or an IPv6 address such as `fd00::2`",
                );
                None
            }
        }
    }

    /// A service's `networks`, as a list of names or a map of attachments.
    pub(super) fn service_networks(&mut self, node: &Node) -> NameMap<ServiceNetwork> {
        let mut out: NameMap<ServiceNetwork> = name_map(super::collection_len(node));
        match &node.kind {
            NodeKind::Seq(items) => {
                for item in items {
                    let Some(name) = self.string(item, Place::Item("networks")) else {
                        continue;
                    };
                    if let Some(first) = out.get(&name.value) {
                        let first = first.key.span;
                        self.duplicate(item.span, &name.value, first, "networks");
                        continue;
                    }
                    out.insert(name.value.clone(), attachment(name));
                }
            }
            NodeKind::Map(map) => {
                for entry in &map.entries {
                    let name = Spanned::new(Text::new(&entry.key.text), entry.key.span);
                    let mut network = attachment(name);
                    if !entry.value.is_null() {
                        let keys = self.fields(
                            &entry.value,
                            Place::Key(&entry.key.text),
                            ATTACHMENT_KEYS,
                            |cx, f| cx.attachment_field(&mut network, f.name, f.value),
                        );
                        network.keys = keys.unwrap_or_default();
                    }
                    out.insert(Text::new(&entry.key.text), network);
                }
            }
            NodeKind::Scalar(_) if node.is_null() => {}
            NodeKind::Scalar(_) => {
                self.wrong_type(node, Place::Key("networks"), "a list or a mapping");
            }
        }
        out
    }

    fn attachment_field(&mut self, network: &mut ServiceNetwork, name: &'static str, v: &Node) {
        let p = Place::Key(name);
        match name {
            "aliases" => network.aliases = self.strings(v, p),
            "ipv4_address" => {
                network.ipv4_address = self.ip(v, p).filter(|ip| self.family(v, ip, true))
            }
            "ipv6_address" => {
                network.ipv6_address = self.ip(v, p).filter(|ip| self.family(v, ip, false))
            }
            "link_local_ips" => {
                for item in self.list(v, p).unwrap_or_default() {
                    network
                        .link_local_ips
                        .extend(self.ip(item, Place::Item(name)));
                }
            }
            "mac_address" => network.mac_address = self.string(v, p),
            "interface_name" => network.interface_name = self.string(v, p),
            "driver_opts" => network.driver_opts = self.options(v, p),
            "priority" => network.priority = self.int(v, p),
            "gw_priority" => network.gw_priority = self.int(v, p),
            _ => {}
        }
    }

    /// Whether `ip` is of the family the key asks for, reporting when not.
    fn family(&mut self, node: &Node, ip: &Spanned<IpAddr>, v4: bool) -> bool {
        if ip.value.is_ipv4() == v4 {
            return true;
        }
        let (wanted, key) = if v4 {
            ("IPv4", "ipv6_address")
        } else {
            ("IPv6", "ipv4_address")
        };
        self.invalid(
            node,
            format!("`{}` is not an {wanted} address", ip.value),
            format!("use `{key}` for this address"),
        );
        false
    }

    pub(super) fn network_mode(&mut self, node: &Node) -> Option<Spanned<NetworkMode>> {
        let text = self.string(node, Place::Key("network_mode"))?;
        let mode = match text.value.as_str() {
            "bridge" => NetworkMode::Bridge,
            "host" => NetworkMode::Host,
            "none" => NetworkMode::None,
            other => {
                if let Some(service) = other.strip_prefix("service:") {
                    let at = "service:".len();
                    NetworkMode::Service(Spanned {
                        value: Text::new(service),
                        span: sub_span(node, at, other.len()),
                        origins: text.origins.clone(),
                    })
                } else if let Some(container) = other.strip_prefix("container:") {
                    NetworkMode::Container(Text::new(container))
                } else {
                    NetworkMode::Other(Text::new(other))
                }
            }
        };
        Some(text.map(|_| mode))
    }

    /// `extra_hosts` as `host:ip`/`host=ip` items (several addresses separated by
    /// commas) or as a map of host to address or addresses.
    pub(super) fn extra_hosts(&mut self, node: &Node, place: Place<'_>) -> Vec<ExtraHost> {
        let mut out = Vec::new();
        match &node.kind {
            NodeKind::Seq(items) => {
                for item in items {
                    let Some(text) = self.string(item, Place::Item(place_key(place))) else {
                        continue;
                    };
                    // `=` separates wherever it is; otherwise the first `:` does.
                    let split = text.value.find('=').or_else(|| text.value.find(':'));
                    if split == Some(0) {
                        self.invalid(
                            item,
                            format!("extra host `{}` has no host name", text.value),
                            "write it as `host:address` or `host=address`",
                        );
                        continue;
                    }
                    let Some(at) = split else {
                        self.invalid(
                            item,
                            format!("extra host `{}` has no address", text.value),
                            "write it as `host:address` or `host=address`",
                        );
                        continue;
                    };
                    let host = Spanned {
                        value: Text::new(&text.value[..at]),
                        span: sub_span(item, 0, at),
                        origins: text.origins.clone(),
                    };
                    self.host_addresses(item, &host, &text.value[at + 1..], at + 1, &mut out);
                }
            }
            NodeKind::Map(map) => {
                for entry in &map.entries {
                    if entry.key.text.is_empty() {
                        self.invalid(
                            &entry.value,
                            "extra host without a host name".to_owned(),
                            "write the host name as the key",
                        );
                        continue;
                    }
                    let host = Spanned::new(Text::new(&entry.key.text), entry.key.span);
                    let addresses = if entry.value.as_seq().is_some() {
                        self.strings(&entry.value, Place::Key(&entry.key.text))
                    } else {
                        self.string(&entry.value, Place::Key(&entry.key.text))
                            .into_iter()
                            .collect()
                    };
                    for address in addresses {
                        self.host_address(&host, address, &mut out);
                    }
                }
            }
            NodeKind::Scalar(_) if node.is_null() => {}
            NodeKind::Scalar(_) => self.wrong_type(node, place, "a list or a mapping"),
        }
        out
    }

    fn host_addresses(
        &mut self,
        item: &Node,
        host: &Spanned<Text>,
        addresses: &str,
        mut at: usize,
        out: &mut Vec<ExtraHost>,
    ) {
        for address in addresses.split(',') {
            let spanned = Spanned {
                value: Text::new(address),
                span: sub_span(item, at, at + address.len()),
                origins: host.origins.clone(),
            };
            at += address.len() + 1;
            self.host_address(host, spanned, out);
        }
    }

    fn host_address(
        &mut self,
        host: &Spanned<Text>,
        address: Spanned<Text>,
        out: &mut Vec<ExtraHost>,
    ) {
        let bare = address
            .value
            .strip_prefix('[')
            .and_then(|a| a.strip_suffix(']'))
            .unwrap_or(&address.value);
        let bare = Text::new(bare);
        if bare != "host-gateway" && bare.parse::<IpAddr>().is_err() {
            self.report(
                &rules::INVALID_VALUE,
                address.span,
                format!(
                    "invalid address `{}` for extra host `{}`",
                    address.value, host.value
                ),
            )
            .help("write an IP address, or `host-gateway` for the host's own address");
            return;
        }
        out.push(ExtraHost {
            host: host.clone(),
            ip: address.map(|_| bare),
        });
    }

    /// `dns`: one address or a list of them.
    pub(super) fn dns(&mut self, node: &Node) -> Vec<Spanned<Text>> {
        let servers = self.string_or_list(node, Place::Key("dns"));
        servers
            .into_iter()
            .filter(|server| {
                // compose-go drops an empty server, typically `${DNS}` left unset.
                if server.value.is_empty() {
                    return false;
                }
                if server.value.parse::<IpAddr>().is_ok() {
                    return true;
                }
                self.report(
                    &rules::INVALID_VALUE,
                    server.span,
                    format!("invalid DNS server `{}`", server.value),
                )
                .help("write the IP address of a DNS server");
                false
            })
            .collect()
    }
}

fn attachment(key: Spanned<Text>) -> ServiceNetwork {
    ServiceNetwork {
        key,
        keys: Keys::new(),
        aliases: Vec::new(),
        ipv4_address: None,
        ipv6_address: None,
        link_local_ips: Vec::new(),
        mac_address: None,
        interface_name: None,
        driver_opts: Mapping::default(),
        priority: None,
        gw_priority: None,
    }
}
