//! Refreshing an existing profile from a new import: the measured parts (nodes, the
//! address pool, the swarm's networks) are replaced, what a person wrote is kept, and
//! every difference is reported, so that a node that left the swarm or a GPU that
//! appeared is seen before the next deploy, not after.

use super::{Imported, ImportedNode, TakenSubnet};
use crate::site::{GenericResource, Node, Site};

/// One difference between a profile and the swarm it describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change(pub String);

/// `imported`, ordered and completed by `existing` (its node order, and addresses a
/// person wrote with their subnets), and what changed.
pub fn refresh(existing: &Site, mut imported: Imported) -> (Imported, Vec<Change>) {
    let mut changes = Vec::new();
    let mut measured = std::mem::take(&mut imported.nodes);
    let mut nodes: Vec<ImportedNode> = Vec::new();
    for old in &existing.nodes {
        let Some(at) = measured
            .iter()
            .position(|n| n.node.hostname.eq_ignore_ascii_case(&old.hostname))
        else {
            changes.push(Change(format!(
                "node `{}` is gone from the swarm",
                old.hostname
            )));
            continue;
        };
        let mut new = measured.remove(at);
        node_changes(old, &new.node, &mut changes);
        let mut addresses = old.addresses.clone();
        for address in &new.node.addresses {
            if !addresses.iter().any(|a| a.address() == address.address()) {
                changes.push(Change(format!(
                    "node `{}`: address `{address}` added",
                    old.hostname
                )));
                addresses.push(*address);
            }
        }
        new.node.addresses = addresses;
        nodes.push(new);
    }
    for new in measured {
        changes.push(Change(format!("node `{}` is new", new.node.hostname)));
        nodes.push(new);
    }
    imported.nodes = nodes;
    let network = &existing.network;
    if let Some(pool) = imported.info.as_ref().and_then(|i| i.address_pool.as_ref()) {
        if pool != &network.address_pool {
            changes.push(Change(format!(
                "address pool changed from `{}` to `{}`",
                pool_text(&network.address_pool),
                pool_text(pool)
            )));
        }
    }
    if let Some(port) = imported.info.as_ref().and_then(|i| i.data_path_port)
        && port != network.data_path_port
    {
        changes.push(Change(format!(
            "data-path port changed from `{}` to `{port}`",
            network.data_path_port
        )));
    }
    if let Some(networks) = &imported.networks {
        if networks.ingress_subnet != network.ingress_subnet {
            changes.push(Change(format!(
                "ingress subnet changed from `{}` to `{}`",
                optional(network.ingress_subnet),
                optional(networks.ingress_subnet)
            )));
        }
        for (key, subnet) in &network.taken_subnets {
            match networks.taken.iter().find(|t| &t.key == key) {
                None => changes.push(Change(format!(
                    "network `{key}` ({subnet}) is gone from the swarm"
                ))),
                Some(t) if t.subnet != *subnet => changes.push(Change(format!(
                    "network `{key}`: subnet changed from `{subnet}` to `{}`",
                    t.subnet
                ))),
                Some(_) => {}
            }
        }
        for TakenSubnet { key, subnet, .. } in &networks.taken {
            if !network.taken_subnets.contains_key(key) {
                changes.push(Change(format!("network `{key}` ({subnet}) is new")));
            }
        }
    }
    (imported, changes)
}

fn node_changes(old: &Node, new: &Node, changes: &mut Vec<Change>) {
    let host = &old.hostname;
    let mut changed = |what: &str, from: String, to: String| {
        if from != to {
            changes.push(Change(format!(
                "node `{host}`: {what} changed from `{from}` to `{to}`"
            )));
        }
    };
    changed(
        "role",
        format!("{:?}", old.role).to_lowercase(),
        format!("{:?}", new.role).to_lowercase(),
    );
    changed(
        "availability",
        format!("{:?}", old.availability).to_lowercase(),
        format!("{:?}", new.availability).to_lowercase(),
    );
    changed("cpus", optional(old.cpus), optional(new.cpus));
    changed("memory", optional(old.memory), optional(new.memory));
    changed(
        "architecture",
        old.platform.arch.as_str().to_owned(),
        new.platform.arch.as_str().to_owned(),
    );
    for (what, old, new) in [
        ("label", &old.labels, &new.labels),
        ("engine label", &old.engine_labels, &new.engine_labels),
    ] {
        for (key, value) in old {
            match new.get(key) {
                None => changes.push(Change(format!("node `{host}`: {what} `{key}` removed"))),
                Some(v) if v != value => changes.push(Change(format!(
                    "node `{host}`: {what} `{key}` changed from `{value}` to `{v}`"
                ))),
                Some(_) => {}
            }
        }
        for (key, value) in new {
            if !old.contains_key(key) {
                changes.push(Change(format!(
                    "node `{host}`: {what} `{key}={value}` added"
                )));
            }
        }
    }
    for (kind, resource) in &old.generic_resources {
        match new.generic_resources.get(kind) {
            None => changes.push(Change(format!(
                "node `{host}`: generic resource `{kind}` removed"
            ))),
            Some(r) if r != resource => changes.push(Change(format!(
                "node `{host}`: generic resource `{kind}` changed from {} to {}",
                amount(resource),
                amount(r)
            ))),
            Some(_) => {}
        }
    }
    for (kind, resource) in &new.generic_resources {
        if !old.generic_resources.contains_key(kind) {
            changes.push(Change(format!(
                "node `{host}`: generic resource `{kind}` added ({})",
                amount(resource)
            )));
        }
    }
}

fn amount(resource: &GenericResource) -> String {
    match resource {
        GenericResource::Discrete(n) => format!("`{n}`"),
        GenericResource::Named(ids) => {
            let ids: Vec<String> = ids.iter().map(|id| format!("`{id}`")).collect();
            ids.join(", ")
        }
    }
}

fn optional<T: std::fmt::Display>(value: Option<T>) -> String {
    value.map_or_else(|| "unset".to_owned(), |v| v.to_string())
}

fn pool_text(pool: &crate::site::AddressPool) -> String {
    let subnets: Vec<String> = pool.subnets.iter().map(|s| s.to_string()).collect();
    format!("{} /{}", subnets.join(", "), pool.mask_length)
}
