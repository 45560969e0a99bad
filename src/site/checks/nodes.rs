//! Checks of the node list: unique hostnames, at least one manager, each named generic
//! resource (GPU) listed once.

use std::collections::HashMap;

use super::At;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::rules;
use crate::site::node::{GenericResource, Role};
use crate::site::spans::pointer;

pub(super) fn check(at: &At<'_>, diagnostics: &mut Diagnostics) {
    let nodes = &at.site.nodes;
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, node) in nodes.iter().enumerate() {
        let lower = node.hostname.to_ascii_lowercase();
        match seen.get(&lower) {
            Some(&first) => diagnostics.push(
                Diagnostic::new(
                    &rules::SITE_DUPLICATE_NODE,
                    format!("node `{}` is listed twice", node.hostname),
                )
                .at(at.value(&pointer(&["nodes", &i.to_string(), "hostname"])))
                .also(
                    at.value(&pointer(&["nodes", &first.to_string(), "hostname"])),
                    "first listed here",
                )
                .help("list each node once, with its hostname as `docker node ls` shows it")
                .note("swarm compares hostnames without regard to case"),
            ),
            None => {
                seen.insert(lower, i);
            }
        }
    }

    if !nodes.is_empty() && !nodes.iter().any(|n| n.role == Role::Manager) {
        diagnostics.push(
            Diagnostic::new(&rules::SITE_NO_MANAGER, "no node is a manager")
                .at(at.key("/nodes"))
                .help("mark the node that ran `docker swarm init` with `role: manager`"),
        );
    }

    let mut ids: HashMap<(&str, &str), (usize, usize)> = HashMap::new();
    for (n, node) in nodes.iter().enumerate() {
        for (kind, resource) in &node.generic_resources {
            let GenericResource::Named(list) = resource else {
                continue;
            };
            for (i, id) in list.iter().enumerate() {
                let here = pointer(&[
                    "nodes",
                    &n.to_string(),
                    "generic_resources",
                    kind,
                    &i.to_string(),
                ]);
                match ids.get(&(kind.as_str(), id.as_str())) {
                    Some(&(first_node, first_index)) => {
                        let first = pointer(&[
                            "nodes",
                            &first_node.to_string(),
                            "generic_resources",
                            kind,
                            &first_index.to_string(),
                        ]);
                        let where_first = if first_node == n {
                            "first listed here".to_owned()
                        } else {
                            format!("first listed on `{}`", nodes[first_node].hostname)
                        };
                        diagnostics.push(
                            Diagnostic::new(
                                &rules::SITE_DUPLICATE_RESOURCE,
                                format!("`{kind}` `{id}` is listed twice"),
                            )
                            .at(at.value(&here))
                            .also(at.value(&first), where_first)
                            .help("list each device once, on the node it is in (`nvidia-smi -L` prints a node's GPU UUIDs)"),
                        );
                    }
                    None => {
                        ids.insert((kind.as_str(), id.as_str()), (n, i));
                    }
                }
            }
        }
    }
}
