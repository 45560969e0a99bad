//! Checks of node selectors (`services.*.pin`, `services.*.keep_off`,
//! `storage.local_paths.*`, `network.engine_api.on`): they must name nodes that exist, carry labels that some node
//! has, and leave at least one node for the service.

use super::{At, quoted};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::rules;
use crate::schedule::Constraint;
use crate::site::node::Node;
use crate::site::service::NodeSelector;
use crate::site::spans::{child, pointer};
use crate::suggest::did_you_mean;

/// What a selector is for, which decides what it must match.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Purpose {
    /// The service runs only on matching nodes: some node must match.
    Pin,
    /// The service never runs on matching nodes.
    KeepOff,
}

pub(super) fn check(at: &At<'_>, diagnostics: &mut Diagnostics) {
    let site = at.site;
    for (name, settings) in &site.services {
        let base = pointer(&["services", name]);
        if let Some(pin) = &settings.pin {
            check_selector(at, pin, &child(&base, "pin"), Purpose::Pin, diagnostics);
        }
        if let Some(keep_off) = &settings.keep_off {
            let here = child(&base, "keep_off");
            check_selector(at, keep_off, &here, Purpose::KeepOff, diagnostics);
            let left = site.nodes.iter().any(|node| {
                settings.pin.as_ref().is_none_or(|pin| pins(pin, node))
                    && !keeps_off(keep_off, node)
            });
            if !keep_off.is_empty() && !site.nodes.is_empty() && !left {
                diagnostics.push(
                    Diagnostic::new(
                        &rules::SITE_NO_MATCHING_NODE,
                        format!("no node is left for service `{name}`"),
                    )
                    .at(at.key(&here))
                    .label("this keeps the service off every node it could run on")
                    .help("narrow `keep_off`, or add a node that it does not select"),
                );
            }
        }
    }
    for (path, selector) in &site.storage.local_paths {
        let here = pointer(&["storage", "local_paths", path]);
        check_selector(at, selector, &here, Purpose::Pin, diagnostics);
    }
    if let Some(on) = site
        .network
        .engine_api
        .as_ref()
        .and_then(|api| api.on.as_ref())
    {
        let here = pointer(&["network", "engine_api", "on"]);
        check_selector(at, on, &here, Purpose::Pin, diagnostics);
    }
}

fn check_selector(
    at: &At<'_>,
    selector: &NodeSelector,
    here: &str,
    purpose: Purpose,
    diagnostics: &mut Diagnostics,
) {
    let nodes = &at.site.nodes;
    if selector.is_empty() {
        diagnostics.push(
            Diagnostic::new(
                &rules::SITE_SCHEMA_VIOLATION,
                format!("{} selects no node", quoted(here)),
            )
            .at(at.key(here))
            .help("name a `node`, a `role`, `labels` or `engine_labels` that the nodes carry, or `constraints`"),
        );
        return;
    }
    let mut named: Option<&Node> = None;
    if let Some(hostname) = &selector.node {
        match at.site.node(hostname) {
            Some(node) => named = Some(node),
            None => {
                let hostnames: Vec<&str> = nodes.iter().map(|n| n.hostname.as_str()).collect();
                let diagnostic = Diagnostic::new(
                    &rules::SITE_UNKNOWN_NODE,
                    format!("no node is named `{hostname}`"),
                )
                .at(at.value(&child(here, "node")));
                diagnostics.push(match did_you_mean(hostname, &hostnames) {
                    Some(suggestion) => diagnostic
                        .label(format!("did you mean `{suggestion}`?"))
                        .help(format!("write `{suggestion}`")),
                    None => diagnostic.help("name one of the profile's `nodes`, or add the node"),
                });
                return;
            }
        }
    }
    for (i, written) in selector.constraints.iter().enumerate() {
        if let Err(error) = Constraint::parse(written) {
            diagnostics.push(
                Diagnostic::new(
                    &rules::SITE_SCHEMA_VIOLATION,
                    format!("constraint `{}` is not one swarm accepts", written.trim()),
                )
                .at(at.value(&child(&child(here, "constraints"), &i.to_string())))
                .label(error.to_string())
                .help(
                    "write `KEY == VALUE` or `KEY != VALUE`, as in `deploy.placement.constraints`",
                ),
            );
            return;
        }
    }
    if purpose == Purpose::KeepOff {
        return;
    }
    let candidates: Vec<&Node> = match named {
        Some(node) => vec![node],
        None => nodes.iter().collect(),
    };
    if selector.labels.is_empty() || candidates.iter().any(|node| has_labels(node, selector)) {
        if !nodes.is_empty() && !nodes.iter().any(|node| selector.selects(node)) {
            diagnostics.push(
                Diagnostic::new(
                    &rules::SITE_NO_MATCHING_NODE,
                    format!("no node matches every part of {}", quoted(here)),
                )
                .at(at.key(here))
                .help("select nodes as the profile's `nodes` describe them, or describe the nodes as they are"),
            );
        }
        return;
    }
    let wanted: Vec<String> = selector
        .labels
        .iter()
        .map(|(k, v)| format!("`{k}={v}`"))
        .collect();
    let message = match (named, wanted.as_slice()) {
        (Some(node), [one]) => format!("node `{}` has no label {one}", node.hostname),
        (Some(node), _) => format!(
            "node `{}` lacks some of {}",
            node.hostname,
            wanted.join(", ")
        ),
        (None, [one]) => format!("no node has label {one}"),
        (None, _) => format!("no node has all of {}", wanted.join(", ")),
    };
    let mut diagnostic =
        Diagnostic::new(&rules::SITE_NO_MATCHING_NODE, message).at(at.key(&child(here, "labels")));
    // A node with the same key but another value is the likely intent.
    let near: Vec<String> = candidates
        .iter()
        .flat_map(|node| {
            selector.labels.iter().filter_map(move |(key, value)| {
                node.labels
                    .get(key)
                    .filter(|v| *v != value)
                    .map(|v| format!("`{}` has `{key}={v}`", node.hostname))
            })
        })
        .take(3)
        .collect();
    diagnostic = if near.is_empty() {
        diagnostic.help(
            "add the label to a node under `nodes`, and on the swarm with `docker node update --label-add`",
        )
    } else {
        diagnostic.help(format!("use a value a node carries: {}", near.join(", ")))
    };
    diagnostics.push(diagnostic);
}

fn has_labels(node: &Node, selector: &NodeSelector) -> bool {
    selector
        .labels
        .iter()
        .all(|(key, value)| node.labels.get(key) == Some(value))
}

/// Whether a `pin` lets the service run on `node`: every part matches.
fn pins(selector: &NodeSelector, node: &Node) -> bool {
    selector.selects(node)
}

/// Whether a `keep_off` keeps the service off `node`: each part is a `!=` constraint, so
/// any one part matching is enough.
fn keeps_off(selector: &NodeSelector, node: &Node) -> bool {
    selector.keeps_off(node)
}
