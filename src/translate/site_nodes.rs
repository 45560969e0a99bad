//! What the site passes share: a service's settings in the site profile and where they
//! were written, the constraints a node selector becomes, the node-local data a service
//! mounts, and the nodes a service may run on. Every site pass computes these from the
//! compose model and the site, never from what another pass wrote, so each pass decides
//! on the same nodes whichever order the passes run in.

use std::path::{Path, PathBuf};

use crate::compose::{MountSource, PathAnchor, Service};
use crate::schedule::{self, Constraint};
use crate::site::{self, NodeSelector, ServiceSettings, Site, child, pointer};
use crate::source::Span;

use super::Cx;
use super::host_paths::{local_root, translated};

/// The site profile's settings for a service, when it has any.
pub(super) fn settings<'a>(cx: &Cx<'a>, service: &Service) -> Option<&'a ServiceSettings> {
    cx.site().services.get(service.name.value.as_str())
}

/// Whether a service runs one task on every eligible node once the site has decided:
/// the site's `mode` replaces the compose file's `deploy.mode`.
pub(super) fn runs_global(site: &Site, service: &Service) -> bool {
    site::runs_global(Some(site), service)
}

/// How many tasks a replicated service runs once the site has decided: the site's
/// `replicas`, else the compose file's, else one.
pub(super) fn replicas(site: &Site, service: &Service) -> u64 {
    site::effective_replicas(Some(site), service)
}

/// The JSON pointer of a setting of a service in the site profile
/// (`/services/db/pin`).
pub(super) fn setting_pointer(service: &Service, setting: &str) -> String {
    pointer(&["services", service.name.value.as_str(), setting])
}

/// Where the key at `pointer` (or its closest written ancestor) is in the site profile.
pub(super) fn site_key(site: &Site, pointer: &str) -> Option<Span> {
    site.spans.nearest(pointer).map(|l| l.key_or_value())
}

/// Where the value at `pointer` (or its closest written ancestor) is in the site profile.
pub(super) fn site_value(site: &Site, pointer: &str) -> Option<Span> {
    site.spans.nearest(pointer).map(|l| l.value)
}

/// The `==` constraints that keep a service on the nodes a selector names: all of them
/// must hold.
pub(super) fn pin_constraints(selector: &NodeSelector) -> Vec<String> {
    selector.pin_constraints()
}

/// The `!=` constraints that keep a service off the nodes a selector names: a node
/// matching any one part of the selector fails one of them.
pub(super) fn keep_off_constraints(selector: &NodeSelector) -> Vec<String> {
    selector.keep_off_constraints()
}

/// Whether two constraints say the same, as swarm reads them: spaces around the
/// operator do not count, and keys and values compare without case.
pub(super) fn same_constraint(a: &str, b: &str) -> bool {
    match (Constraint::parse(a), Constraint::parse(b)) {
        (Ok(a), Ok(b)) => {
            a.operator() == b.operator()
                && a.key().eq_ignore_ascii_case(b.key())
                && a.value().eq_ignore_ascii_case(b.value())
        }
        _ => a.trim() == b.trim(),
    }
}

/// The placement constraints the compose file writes for a service.
pub(super) fn compose_constraints(service: &Service) -> Vec<String> {
    service
        .deploy
        .as_ref()
        .and_then(|d| d.placement.as_ref())
        .map(|p| p.constraints.iter().map(|c| c.value.to_string()).collect())
        .unwrap_or_default()
}

/// A mount of node-local data: the service must run where the data is.
pub(super) struct LocalData<'a> {
    /// The key of `storage.local_paths` that holds the data.
    pub path: &'a str,
    pub selector: &'a NodeSelector,
    /// The mount in the compose file.
    pub mount: Span,
    /// The path on the nodes that the mount reads.
    pub node_path: String,
}

/// The service's mounts of paths the site lists in `storage.local_paths`: bind mounts
/// (after `storage.path_translation`) and named volumes bound to a host path
/// (`driver_opts.device`). The longest listed path that contains the mounted one wins.
pub(super) fn local_data<'a>(cx: &Cx<'a>, service: &Service) -> Vec<LocalData<'a>> {
    let site = cx.site();
    if site.storage.local_paths.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<LocalData<'a>> = Vec::new();
    for mount in &service.volumes {
        let node_path: PathBuf = match &mount.source {
            Some(MountSource::Host(path)) => {
                if path.value.anchor == PathAnchor::Home {
                    continue;
                }
                translated(cx.input, site, &path.value)
                    .map_or_else(|| path.value.path.clone(), |(node, _)| node)
            }
            Some(MountSource::Volume(name)) => {
                let Some(volume) = cx.project().volumes.get(name.value.as_str()) else {
                    continue;
                };
                match volume.driver_opts.value("device") {
                    Some(device) if device.starts_with('/') => {
                        crate::fs::normalize(Path::new(device))
                    }
                    _ => continue,
                }
            }
            _ => continue,
        };
        let Some(root) = local_root(site, &node_path) else {
            continue;
        };
        let Some((path, selector)) = site.storage.local_paths.get_key_value(root) else {
            continue;
        };
        if found.iter().all(|f| f.path != path.as_str()) {
            found.push(LocalData {
                path,
                selector,
                mount: mount.span,
                node_path: node_path.display().to_string(),
            });
        }
    }
    found
}

/// The nodes that may run the service's tasks, in the profile's order, as resolved
/// once per translation (`placements.rs`).
pub(super) fn eligible_nodes<'a>(cx: &Cx<'a>, service: &Service) -> Vec<&'a site::Node> {
    cx.placement(service)
        .map(|p| p.eligible.clone())
        .unwrap_or_default()
}

/// The site's nodes that may take a task of a service with these constraints, by the
/// scheduler's one eligibility rule ([`schedule::may_run`]). A constraint that does
/// not parse is left out here: swarm refuses the service, which `check` reports
/// (`SW502`), and the site passes decide as if it were absent rather than report every
/// node as too small.
pub(super) fn eligible_for<'a>(site: &'a Site, constraints: &[String]) -> Vec<&'a site::Node> {
    let parsed: Vec<String> = constraints
        .iter()
        .filter(|c| Constraint::parse(c).is_ok())
        .cloned()
        .collect();
    schedule::eligible_site_nodes(&site.nodes, &parsed, &[]).unwrap_or_default()
}

/// The JSON pointer of a node's field in the site profile (`/nodes/2/memory`).
pub(super) fn node_pointer(site: &Site, node: &site::Node, field: &str) -> String {
    let index = site
        .nodes
        .iter()
        .position(|n| std::ptr::eq(n, node))
        .unwrap_or_default();
    child(&pointer(&["nodes", &index.to_string()]), field)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_render_as_constraints() {
        let mut selector = NodeSelector {
            node: Some("data-1".to_owned()),
            ..NodeSelector::default()
        };
        selector
            .labels
            .insert("bids.role".to_owned(), "data".to_owned());
        assert_eq!(
            pin_constraints(&selector),
            ["node.hostname == data-1", "node.labels.bids.role == data"]
        );
        assert_eq!(
            keep_off_constraints(&selector),
            ["node.hostname != data-1", "node.labels.bids.role != data"]
        );
        for constraint in pin_constraints(&selector) {
            assert!(Constraint::parse(&constraint).is_ok(), "{constraint}");
        }
    }

    #[test]
    fn constraints_compare_as_swarm_reads_them() {
        assert!(same_constraint(
            "node.hostname==Data-1",
            "node.hostname == data-1"
        ));
        assert!(!same_constraint(
            "node.hostname != data-1",
            "node.hostname == data-1"
        ));
        assert!(!same_constraint("node.labels.a == 1", "node.labels.b == 1"));
    }
}
