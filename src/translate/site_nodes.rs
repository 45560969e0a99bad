//! What the site passes share: a service's settings in the site profile and where they
//! were written, the constraints a node selector becomes, the node-local data a service
//! mounts, and the nodes a service may run on. Every site pass computes these from the
//! compose model and the site, never from what another pass wrote, so each pass decides
//! on the same nodes whichever order the passes run in.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::compose::{MountSource, Service};
use crate::schedule::{self, Constraint};
use crate::site::{self, Availability, NodeSelector, Role, ServiceSettings, Site, child, pointer};
use crate::source::Span;

use super::Cx;

/// The site profile's settings for a service, when it has any.
pub(super) fn settings<'a>(cx: &Cx<'a>, service: &Service) -> Option<&'a ServiceSettings> {
    cx.site().services.get(service.name.value.as_str())
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
    selector_constraints(selector, "==")
}

/// The `!=` constraints that keep a service off the nodes a selector names: a node
/// matching any one part of the selector fails one of them.
pub(super) fn keep_off_constraints(selector: &NodeSelector) -> Vec<String> {
    selector_constraints(selector, "!=")
}

fn selector_constraints(selector: &NodeSelector, operator: &str) -> Vec<String> {
    let hostname = selector
        .node
        .iter()
        .map(|node| format!("node.hostname {operator} {node}"));
    let labels = selector
        .labels
        .iter()
        .map(|(key, value)| format!("node.labels.{key} {operator} {value}"));
    hostname.chain(labels).collect()
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
        let node_path = match &mount.source {
            Some(MountSource::Host(path)) => node_path(cx, &path.value.path),
            Some(MountSource::Volume(name)) => {
                let Some(volume) = cx.project().volumes.get(name.value.as_str()) else {
                    continue;
                };
                match volume.driver_opts.value("device") {
                    Some(device) if device.starts_with('/') => {
                        node_path(cx, &crate::fs::normalize(Path::new(device)))
                    }
                    _ => continue,
                }
            }
            _ => continue,
        };
        let holder = site
            .storage
            .local_paths
            .iter()
            .filter(|(path, _)| contains(path, &node_path))
            .max_by_key(|(path, _)| path.len());
        if let Some((path, selector)) = holder {
            if found.iter().all(|f| f.path != path.as_str()) {
                found.push(LocalData {
                    path,
                    selector,
                    mount: mount.span,
                    node_path,
                });
            }
        }
    }
    found
}

/// The path on the nodes for a host path of the compose project: the longest matching
/// prefix of `storage.path_translation` replaced, else the path itself.
fn node_path(cx: &Cx<'_>, path: &Path) -> String {
    let site = cx.site();
    let project_dir = cx.input.project_dir;
    let translated = site
        .storage
        .path_translation
        .iter()
        .filter_map(|(from, to)| {
            let from_path = crate::fs::resolve(project_dir, Path::new(from));
            let rest = path.strip_prefix(&from_path).ok()?;
            Some((from_path.as_os_str().len(), PathBuf::from(to).join(rest)))
        })
        .max_by_key(|(len, _)| *len)
        .map(|(_, to)| to);
    let path = translated.unwrap_or_else(|| path.to_path_buf());
    path.to_string_lossy().trim_end_matches('/').to_owned()
}

/// Whether directory `dir` is `path` or one of its ancestors.
fn contains(dir: &str, path: &str) -> bool {
    let dir = dir.trim_end_matches('/');
    path == dir || (path.starts_with(dir) && path[dir.len()..].starts_with('/')) || dir.is_empty()
}

/// Every placement constraint the service will have on this site: the compose file's,
/// the site's `pin` and `keep_off`, and the pins of its node-local data.
pub(super) fn all_constraints(cx: &Cx<'_>, service: &Service) -> Vec<String> {
    let mut constraints = compose_constraints(service);
    if let Some(settings) = settings(cx, service) {
        if let Some(pin) = &settings.pin {
            constraints.extend(pin_constraints(pin));
        }
        if let Some(keep_off) = &settings.keep_off {
            constraints.extend(keep_off_constraints(keep_off));
        }
    }
    for data in local_data(cx, service) {
        constraints.extend(pin_constraints(data.selector));
    }
    constraints
}

/// The nodes that may run the service's tasks, in the profile's order: active, and
/// matching every constraint from [`all_constraints`]. A constraint that does not parse
/// is left to docker, which refuses it; it restricts nothing here.
pub(super) fn eligible_nodes<'a>(cx: &Cx<'a>, service: &Service) -> Vec<&'a site::Node> {
    let constraints: Vec<Constraint> = all_constraints(cx, service)
        .iter()
        .filter_map(|c| Constraint::parse(c).ok())
        .collect();
    cx.site()
        .nodes
        .iter()
        .filter(|node| node.availability == Availability::Active)
        .filter(|node| {
            let seen = scheduler_view(node);
            constraints.iter().all(|c| c.matches(&seen))
        })
        .collect()
}

/// A site node as placement constraints read it.
fn scheduler_view(node: &site::Node) -> schedule::Node {
    let mut seen = schedule::Node::new(&node.hostname);
    seen.role = match node.role {
        Role::Manager => schedule::Role::Manager,
        Role::Worker => schedule::Role::Worker,
    };
    seen.addr = node
        .addresses
        .first()
        .map(|a| a.address().to_string())
        .unwrap_or_default();
    seen.labels = node
        .labels
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect::<BTreeMap<_, _>>();
    let os = match node.platform.os {
        site::Os::Linux => "linux",
        site::Os::Windows => "windows",
    };
    seen.platform = schedule::Platform::new(os, node.platform.arch.as_str());
    seen
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

    #[test]
    fn local_paths_contain_their_subdirectories_only() {
        assert!(contains("/srv/pg", "/srv/pg"));
        assert!(contains("/srv/pg/", "/srv/pg/data"));
        assert!(!contains("/srv/pg", "/srv/pgadmin"));
        assert!(!contains("/srv/pg", "/srv"));
    }
}
