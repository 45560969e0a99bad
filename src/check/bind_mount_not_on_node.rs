use std::path::Path;

use super::{Cx, list};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::site::{NodeSelector, Site};
use crate::swarm::Mount;
use crate::translate::Origin;

crate::rules::declare_rule! {
    /// ## What it does
    /// Reports a bind mount of a path the site holds on some nodes only
    /// (`storage.local_paths`) when the service's tasks may also land on nodes
    /// without it: its placement constraints do not keep it on the nodes that hold
    /// the path.
    ///
    /// ## Why
    /// The task fails to start wherever the path is missing (`invalid mount config for
    /// type "bind": bind source path does not exist`), and swarm retries it there or
    /// on another node without the data; where the path exists but holds other data,
    /// the task starts on the wrong files.
    ///
    /// ## Example
    /// ```yaml
    /// # site: storage.local_paths: {/srv/mongo: {node: db-1}}
    /// services:
    ///   mongo:
    ///     image: mongo:7
    ///     volumes: ["/srv/mongo:/data/db"]   # no constraint keeps it on db-1
    /// ```
    ///
    /// ## Fix
    /// Constrain the service to the nodes that hold the path (`node.hostname ==
    /// db-1`, or a node label they carry), or share the path on every node.
    pub static BIND_MOUNT_NOT_ON_NODE = ("SW507", "bind-mount-not-on-node", Error);
}

/// Whether `selector` picks the site node `node`.
fn holds(selector: &NodeSelector, node: &crate::site::Node) -> bool {
    selector.selects(node)
}

/// The `local_paths` entry a host path is under, the longest first.
fn local_path<'s>(site: &'s Site, source: &str) -> Option<(&'s str, &'s NodeSelector)> {
    site.storage
        .local_paths
        .iter()
        .filter(|(path, _)| Path::new(source).starts_with(Path::new(path.as_str())))
        .max_by_key(|(path, _)| path.len())
        .map(|(path, selector)| (path.as_str(), selector))
}

pub(super) fn check(cx: &Cx<'_>, diagnostics: &mut Diagnostics) {
    let site = cx.site();
    if site.storage.local_paths.is_empty() {
        return;
    }
    for service in &cx.services {
        for (i, mount) in service.service.volumes.iter().enumerate() {
            let Mount::Bind { source, .. } = mount else {
                continue;
            };
            let Some((path, selector)) = local_path(site, source) else {
                continue;
            };
            let missing: Vec<&str> = service
                .eligible
                .iter()
                .filter_map(|&n| site.nodes.get(n))
                .filter(|node| !holds(selector, node))
                .map(|node| node.hostname.as_str())
                .collect();
            if missing.is_empty() {
                continue;
            }
            let holders: Vec<&str> = site
                .nodes
                .iter()
                .filter(|node| holds(selector, node))
                .map(|node| node.hostname.as_str())
                .collect();
            let at = cx.span(&Origin::service(service.name).field("volumes").item(i));
            let pointer = crate::site::pointer(&["storage", "local_paths", path]);
            let mut diagnostic = Diagnostic::new(
                &BIND_MOUNT_NOT_ON_NODE,
                format!(
                    "service `{}` bind-mounts `{source}`, which {} lack, and its tasks may land there",
                    service.name,
                    list(&missing, 6)
                ),
            )
            .at_opt(at);
            if let Some(located) = site.locate(&pointer) {
                diagnostic =
                    diagnostic.also(located.key_or_value(), "the nodes that hold the path");
            }
            let help = match holders.as_slice() {
                [] => {
                    "no node of the site holds the path: correct `storage.local_paths`".to_owned()
                }
                [one] => format!(
                    "constrain the service to the node that holds the path (`node.hostname == {one}`)"
                ),
                _ => format!(
                    "constrain the service to the nodes that hold the path ({}), with a node label they carry",
                    list(&holders, 6)
                ),
            };
            diagnostics.push(diagnostic.help(help));
        }
    }
}
