//! A service's networks and the names it is reached by: `networks`, `network_mode`,
//! `container_name`, `links` and `external_links`.
//!
//! Input: `networks: [back]` or `networks: {back: {aliases: [...]}}`, or none (the
//! project's `default` network); `network_mode: host`; `container_name: database`;
//! another service's `links: ["db:database"]`.
//! Output: one attachment per network, with the aliases written, the container name
//! (reached by that name in compose) and the aliases other services' links gave this
//! one; `network_mode: host` becomes an attachment to the external `host` network.
//! Fixed addresses and other per-container settings are left out; other network modes
//! are refused.

use std::collections::BTreeMap;

use crate::compose::{NetworkMode, Service, ServiceNetwork};
use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::swarm;

use super::volumes::strings;
use super::{Cx, Origin};

/// The network a `network_mode: host` service is attached to, declared external.
pub(super) const HOST_NETWORK: &str = "host";

/// The networks a service is attached to, by key: `host` for `network_mode: host`,
/// none for other modes, `default` when it lists none.
pub(super) fn attached(service: &Service) -> Vec<&str> {
    match service.network_mode.as_ref().map(|m| &m.value) {
        Some(NetworkMode::Host) => vec![HOST_NETWORK],
        Some(_) => Vec::new(),
        None if service.networks.is_empty() => vec!["default"],
        None => service.networks.keys().map(|k| k.as_str()).collect(),
    }
}

pub(super) fn networks(cx: &mut Cx<'_>, service: &Service, out: &mut swarm::Service) {
    let name = &service.name.value;
    network_mode(cx, service, out);
    for key in ["external_links", "mac_address"] {
        if let Some(span) = service.key_span(key) {
            let (rule, help) = if key == "mac_address" {
                (
                    &rules::STATIC_ADDRESS_DROPPED,
                    "remove `mac_address`; swarm gives each task its own address",
                )
            } else {
                (
                    &rules::EXTERNAL_LINK_DROPPED,
                    "attach the service to an external network that the containers are on, and reach them by name there",
                )
            };
            cx.report(
                Diagnostic::new(rule, format!("`{key}` of service `{name}` is left out"))
                    .at(span)
                    .help(help),
            );
        }
    }
    if service.network_mode.is_some() {
        return;
    }
    let keys = attached(service);
    let mut attachments: BTreeMap<String, swarm::ServiceNetwork> = BTreeMap::new();
    for key in &keys {
        let mut attachment = swarm::ServiceNetwork::default();
        if let Some(written) = service.networks.get(*key) {
            attachment.aliases = written
                .aliases
                .iter()
                .map(|a| a.value.to_string())
                .collect();
            attachment.driver_opts = strings(&written.driver_opts);
            dropped(cx, name, written);
        }
        attachments.insert((*key).to_owned(), attachment);
    }
    if let Some(container_name) = &service.container_name {
        for attachment in attachments.values_mut() {
            add_alias(attachment, &container_name.value);
        }
        // With several replicas, lowering already refuses `container_name` (`SW116`):
        // a note that there is nothing to do would contradict it.
        let refused = service.replicas().is_some_and(|r| r.value > 1);
        if !refused {
            cx.report(
            Diagnostic::new(
                &rules::CONTAINER_NAME_ALIASED,
                format!(
                    "`container_name` `{}` of service `{name}` becomes a network alias",
                    container_name.value
                ),
            )
            .at_value(container_name)
            .label(format!("an alias on {}", list(attachments.keys())))
            .help("nothing to do; to silence this note, refer to the service by its name and remove `container_name`"),
        );
        }
    }
    links(cx, service, &keys, &mut attachments);
    // Only the project's implicit `default` network with nothing to say is left to
    // docker's own default.
    let implicit = service.networks.is_empty()
        && attachments
            .values()
            .all(|a| a.aliases.is_empty() && a.driver_opts.is_empty());
    if implicit {
        return;
    }
    for (index, key) in attachments.keys().enumerate() {
        let span = service
            .networks
            .get_key_value(key.as_str())
            .map_or(service.name.span, |(_, n)| n.key.span);
        cx.origins
            .record(Origin::service(name).field("networks").item(index), span);
    }
    out.networks = attachments;
}

fn add_alias(attachment: &mut swarm::ServiceNetwork, alias: &str) {
    if !attachment.aliases.iter().any(|a| a == alias) {
        attachment.aliases.push(alias.to_owned());
    }
}

/// `` `back` and `front` `` for messages.
fn list<'a>(names: impl Iterator<Item = &'a String>) -> String {
    let names: Vec<String> = names.map(|n| format!("`{n}`")).collect();
    match names.as_slice() {
        [] => "no network".to_owned(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Settings of one attachment that a swarm service cannot have.
fn dropped(cx: &mut Cx<'_>, service: &str, network: &ServiceNetwork) {
    let key = &network.key.value;
    for (setting, span) in network.keys.iter() {
        let (rule, help) = match setting {
            "ipv4_address" | "ipv6_address" | "link_local_ips" | "mac_address" => (
                &rules::STATIC_ADDRESS_DROPPED,
                "reach the service by its name or an alias; swarm gives each task its own address",
            ),
            "priority" | "gw_priority" | "interface_name" => (
                &rules::SETTING_DROPPED,
                "remove it; swarm services have no such setting",
            ),
            _ => continue,
        };
        cx.report(
            Diagnostic::new(
                rule,
                format!("`{setting}` of service `{service}` on network `{key}` is left out"),
            )
            .at(span)
            .help(help),
        );
    }
}

fn network_mode(cx: &mut Cx<'_>, service: &Service, out: &mut swarm::Service) {
    let Some(mode) = &service.network_mode else {
        return;
    };
    let name = &service.name.value;
    match &mode.value {
        NetworkMode::Host => {
            out.networks
                .insert(HOST_NETWORK.to_owned(), swarm::ServiceNetwork::default());
            cx.origins
                .record(Origin::service(name).field("networks").item(0), mode.span);
            cx.report(
                Diagnostic::new(
                    &rules::HOST_NETWORK_TRANSLATED,
                    format!("service `{name}` uses the host's network through the external `host` network"),
                )
                .at_value(mode)
                .help("nothing to do; every task binds its ports on its node directly"),
            );
        }
        other => {
            let (written, help) = match other {
                NetworkMode::None => (
                    "none".to_owned(),
                    "attach the service to an `internal: true` network to keep it off the outside world",
                ),
                NetworkMode::Bridge => (
                    "bridge".to_owned(),
                    "remove `network_mode`; the service joins the stack's `default` overlay network",
                ),
                NetworkMode::Service(target) => (
                    format!("service:{}", target.value),
                    "put both processes in one image, or attach both services to one network and talk over it",
                ),
                NetworkMode::Container(target) => (
                    format!("container:{target}"),
                    "attach the service to an external network the container is on, and reach it by name",
                ),
                NetworkMode::Other(network) => (
                    network.to_string(),
                    "list the network under the service's `networks` instead",
                ),
                NetworkMode::Host => return,
            };
            cx.report(
                Diagnostic::new(
                    &rules::NETWORK_MODE_UNSUPPORTED,
                    format!("`network_mode: {written}` of service `{name}` cannot run on a swarm"),
                )
                .at_value(mode)
                .help(help),
            );
        }
    }
}

/// Other services' `links` to this one become aliases of this one on the networks the
/// two share (on all of this one's networks when they share none).
fn links(
    cx: &mut Cx<'_>,
    service: &Service,
    keys: &[&str],
    attachments: &mut BTreeMap<String, swarm::ServiceNetwork>,
) {
    let name = &service.name.value;
    let linkers = cx.linked_by(name.as_str()).to_vec();
    for linker in linkers {
        for link in &linker.links {
            if link.value.service.value != *name {
                continue;
            }
            let Some(alias) = &link.value.alias else {
                cx.report(
                    Diagnostic::new(
                        &rules::LINK_ALIASED,
                        format!(
                            "link of service `{}` to `{name}` is left out",
                            linker.name.value
                        ),
                    )
                    .at(link.span)
                    .label(format!(
                        "services on a shared network reach `{name}` by name"
                    ))
                    .help("nothing to do; to silence this note, remove the link"),
                );
                continue;
            };
            let theirs = attached(linker);
            let shared: Vec<&str> = keys
                .iter()
                .copied()
                .filter(|k| theirs.contains(k))
                .collect();
            let on: Vec<&str> = if shared.is_empty() {
                keys.to_vec()
            } else {
                shared
            };
            for key in &on {
                if let Some(attachment) = attachments.get_mut(*key) {
                    add_alias(attachment, &alias.value);
                }
            }
            let on: Vec<String> = on.iter().map(|k| (*k).to_owned()).collect();
            cx.report(
                Diagnostic::new(
                    &rules::LINK_ALIASED,
                    format!(
                        "link `{}:{}` of service `{}` becomes an alias of `{name}`",
                        name, alias.value, linker.name.value
                    ),
                )
                .at(link.span)
                .label(format!("an alias on {}", list(on.iter())))
                .help(
                    "nothing to do; to silence this note, use the service name and remove the link",
                ),
            );
        }
    }
}
