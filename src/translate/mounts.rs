//! A service's `volumes`: bind mounts, volume mounts and tmpfs mounts, in long syntax.
//!
//! Input: `./site:/usr/share/nginx/html:ro`, `data:/var/lib/data`, `type: tmpfs`, ...
//! Output: the same mounts in long syntax. A bind mount's host path is written where the
//! nodes find it: `storage.path_translation` maps a compose path to the nodes' path
//! (`SW382`); a path under `storage.shared_paths` is on every node; one under
//! `storage.local_paths` is on the nodes the site pins the service to (`SW383`); any
//! other path of a site with more than one node is warned about (`SW322`). A named
//! volume of the `local` driver used by a service whose tasks may run on several nodes
//! is warned about (`SW384`) unless the site backs it with NFS. Options swarm drops
//! (SELinux labels, `create_host_path`, `tmpfs.mode`, ...) are left out with a warning
//! (`SW380`); `npipe` mounts are kept, `cluster` and `image` mounts refused (`SW381`).

use crate::compose::{
    self, BindOptions, HostPath, Mount, MountKind, MountSource, Service, TmpfsOptions,
    VolumeOptions,
};
use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::site::pointer;
use crate::source::Span;
use crate::spanned::Spanned;
use crate::swarm;

use super::host_paths::{local_root, shared_root, stack_path, translated};
use super::{Cx, Origin};

pub(super) fn mounts(cx: &mut Cx<'_>, service: &Service, out: &mut swarm::Service) {
    let name = service.name.value.as_str();
    let mut warned_volumes: Vec<&str> = Vec::new();
    for mount in &service.volumes {
        let Some(converted) = convert(cx, service, mount, &mut warned_volumes) else {
            continue;
        };
        let item = Origin::service(name)
            .field("volumes")
            .item(out.volumes.len());
        cx.origins.record(item, mount.span);
        if let Some(span) = source_span(mount) {
            let source = Origin::service(name)
                .field("volumes.source")
                .item(out.volumes.len());
            cx.origins.record(source, span);
        }
        out.volumes.push(converted);
    }
}

fn source_span(mount: &Mount) -> Option<Span> {
    match mount.source.as_ref()? {
        MountSource::Host(path) => Some(path.span),
        MountSource::Volume(text) | MountSource::Other(text) => Some(text.span),
    }
}

fn convert<'m>(
    cx: &mut Cx<'_>,
    service: &'m Service,
    mount: &'m Mount,
    warned_volumes: &mut Vec<&'m str>,
) -> Option<swarm::Mount> {
    if let Some(consistency) = &mount.consistency {
        dropped(
            cx,
            consistency.span,
            "consistency",
            "it only tunes file sharing on Docker Desktop",
        );
    }
    let target = mount.target.value.to_string();
    let read_only = mount.is_read_only();
    match mount.kind.value {
        MountKind::Bind => {
            let Some(MountSource::Host(path)) = &mount.source else {
                return None;
            };
            let bind = mount.bind.as_deref().and_then(|b| bind_options(cx, b));
            let source = bind_source(cx, service, path);
            Some(swarm::Mount::Bind {
                source,
                target,
                read_only,
                bind,
            })
        }
        MountKind::Volume => {
            let source = match &mount.source {
                Some(MountSource::Volume(key)) => {
                    if !warned_volumes.contains(&key.value.as_str())
                        && check_volume_sharing(cx, service, key)
                    {
                        warned_volumes.push(key.value.as_str());
                    }
                    Some(key.value.to_string())
                }
                _ => None,
            };
            let volume = mount.volume.as_deref().and_then(|v| volume_options(cx, v));
            Some(swarm::Mount::Volume {
                source,
                target,
                read_only,
                volume,
            })
        }
        MountKind::Tmpfs => {
            let tmpfs = mount.tmpfs.as_deref().and_then(|t| tmpfs_options(cx, t));
            Some(swarm::Mount::Tmpfs {
                target,
                read_only,
                tmpfs,
            })
        }
        MountKind::Npipe => {
            let Some(MountSource::Other(source)) = &mount.source else {
                return None;
            };
            Some(swarm::Mount::Npipe {
                source: source.value.to_string(),
                target,
                read_only,
            })
        }
        MountKind::Cluster | MountKind::Image => {
            let kind = mount.kind.value.as_str();
            let help = match mount.kind.value {
                MountKind::Image => "copy the content into the service's image or a named volume",
                _ => "create the cluster volume ahead and mount it as an external volume",
            };
            cx.report(
                Diagnostic::new(
                    &rules::MOUNT_TYPE_UNSUPPORTED,
                    format!("`{kind}` mounts cannot be written into a stack"),
                )
                .at_value(&mount.kind)
                .label("swarmc cannot express this mount")
                .help(help),
            );
            None
        }
    }
}

/// Reports an option swarm services drop.
fn dropped(cx: &mut Cx<'_>, span: Span, option: &str, why: &str) {
    cx.report(
        Diagnostic::new(
            &rules::MOUNT_OPTION_DROPPED,
            format!("mount option `{option}` is not part of a stack"),
        )
        .at(span)
        .label("left out")
        .help("remove the option, or do on every node what it would have done")
        .note(format!("swarm ignores it: {why}")),
    );
}

fn bind_options(cx: &mut Cx<'_>, bind: &BindOptions) -> Option<swarm::BindOptions> {
    if let Some(selinux) = &bind.selinux {
        dropped(
            cx,
            selinux.span,
            selinux.value.as_str(),
            "SELinux relabelling is not applied to services' bind mounts; label the path on every node (`chcon -Rt container_file_t PATH`)",
        );
    }
    if let Some(create) = bind.create_host_path.as_ref().filter(|c| c.value) {
        dropped(
            cx,
            create.span,
            "create_host_path",
            "a service's bind mount never creates its host path; a task whose node lacks it fails to start",
        );
    }
    if let Some(recursive) = &bind.recursive {
        dropped(
            cx,
            recursive.span,
            "recursive",
            "the stack format has no recursive bind option",
        );
    }
    let propagation = bind.propagation.as_ref().map(|p| match p.value {
        compose::Propagation::Rprivate => swarm::Propagation::Rprivate,
        compose::Propagation::Private => swarm::Propagation::Private,
        compose::Propagation::Rshared => swarm::Propagation::Rshared,
        compose::Propagation::Shared => swarm::Propagation::Shared,
        compose::Propagation::Rslave => swarm::Propagation::Rslave,
        compose::Propagation::Slave => swarm::Propagation::Slave,
    });
    propagation.map(|propagation| swarm::BindOptions {
        propagation: Some(propagation),
    })
}

fn volume_options(cx: &mut Cx<'_>, volume: &VolumeOptions) -> Option<swarm::VolumeOptions> {
    if let Some(span) = volume.keys.get("labels") {
        dropped(
            cx,
            span,
            "volume.labels",
            "the stack format has no labels for a volume mount",
        );
    }
    let options = swarm::VolumeOptions {
        nocopy: volume.nocopy.as_ref().is_some_and(|n| n.value),
        subpath: volume.subpath.as_ref().map(|s| s.value.to_string()),
    };
    (options != swarm::VolumeOptions::default()).then_some(options)
}

fn tmpfs_options(cx: &mut Cx<'_>, tmpfs: &TmpfsOptions) -> Option<swarm::TmpfsOptions> {
    if let Some(mode) = &tmpfs.mode {
        dropped(
            cx,
            mode.span,
            "tmpfs.mode",
            "a service's tmpfs mount always has the default mode `1777`",
        );
    }
    let size = tmpfs.size.as_ref().map(|s| s.value.bytes);
    size.map(|size| swarm::TmpfsOptions { size: Some(size) })
}

/// Where the nodes find a bind mount's host path, reported when the site does not
/// share it.
fn bind_source(cx: &mut Cx<'_>, service: &Service, path: &Spanned<HostPath>) -> String {
    let site = cx.site();
    let written = path.value.written.as_str();
    let (node_path, source) = match translated(cx.input, site, &path.value) {
        Some((node_path, from)) => {
            let mut diagnostic = Diagnostic::new(
                &rules::BIND_SOURCE_TRANSLATED,
                format!(
                    "bind source `{written}` is `{}` on the nodes",
                    node_path.display()
                ),
            )
            .at_value(path)
            .label("written as the nodes' path")
            .help("nothing to do");
            if let Some(at) = site.locate(&pointer(&["storage", "path_translation", from])) {
                diagnostic = diagnostic.also(at.key_or_value(), "the site's path translation");
            }
            cx.report(diagnostic);
            let text = node_path.display().to_string();
            (Some(node_path), text)
        }
        None => {
            let node_path =
                (path.value.anchor != compose::PathAnchor::Home).then(|| path.value.path.clone());
            (node_path, stack_path(cx.input, &path.value))
        }
    };
    if let Some(node_path) = &node_path {
        if shared_root(site, node_path).is_some() {
            return source;
        }
        if let Some(root) = local_root(site, node_path) {
            let held_by = site
                .storage
                .local_paths
                .get(root)
                .map(describe_selector)
                .unwrap_or_default();
            let mut diagnostic = Diagnostic::new(
                &rules::BIND_MOUNT_PINNED,
                format!(
                    "`{}` is on {held_by} only, where service `{}` runs",
                    node_path.display(),
                    service.name.value
                ),
            )
            .at_value(path)
            .label("a node-local path")
            .help("nothing to do; keep the data on that node");
            if let Some(at) = site.locate(&pointer(&["storage", "local_paths", root])) {
                diagnostic = diagnostic.also(at.key_or_value(), "the nodes that hold it");
            }
            cx.report(diagnostic);
            return source;
        }
    }
    let everywhere = node_path.as_deref().is_some_and(every_node_has_its_own);
    if site.nodes.len() > 1 && !everywhere && runs_on_several_nodes(cx, service) {
        let shown = match &node_path {
            Some(node_path) if node_path.display().to_string() == source => source.clone(),
            _ => written.to_owned(),
        };
        let mut diagnostic = Diagnostic::new(
            &rules::BIND_MOUNT_NODE_LOCAL,
            format!("host path `{shown}` is not shared by every node"),
        )
        .at_value(path)
        .label("a task on another node finds this path missing or different")
        .help("mount it on every node and list it under `storage.shared_paths`, map it with `storage.path_translation`, or list it under `storage.local_paths` with the node that holds it");
        if path.value.anchor == compose::PathAnchor::Home {
            diagnostic =
                diagnostic.note("`~` is the home directory of whoever runs `docker stack deploy`");
        }
        cx.report(diagnostic);
    }
    source
}

/// Host paths every node has its own of, which a service mounts to reach the node it
/// runs on (its engine, clock, kernel and devices), not to share data: the same path
/// on another node is the right one there.
const PER_NODE_PATHS: &[&str] = &[
    "/var/run/docker.sock",
    "/run/docker.sock",
    "/etc/localtime",
    "/etc/timezone",
    "/etc/machine-id",
    "/proc",
    "/sys",
    "/dev",
    "/lib/modules",
    "/var/lib/docker",
];

fn every_node_has_its_own(path: &std::path::Path) -> bool {
    path == std::path::Path::new("/") || PER_NODE_PATHS.iter().any(|p| path.starts_with(p))
}

/// Whether the service's tasks may land on more than one of the site's nodes: a
/// service its constraints or the site pin to one node always finds that node's path.
fn runs_on_several_nodes(cx: &Cx<'_>, service: &Service) -> bool {
    cx.placement(service).is_none_or(|p| p.eligible.len() != 1)
}

fn describe_selector(selector: &crate::site::NodeSelector) -> String {
    let mut parts = Vec::new();
    if let Some(node) = &selector.node {
        parts.push(format!("node `{node}`"));
    }
    if let Some(role) = selector.role {
        let role = match role {
            crate::site::Role::Manager => "managers",
            crate::site::Role::Worker => "workers",
        };
        parts.push(role.to_owned());
    }
    for (label, value) in &selector.labels {
        parts.push(format!("nodes labelled `{label}={value}`"));
    }
    for (label, value) in &selector.engine_labels {
        parts.push(format!("engines labelled `{label}={value}`"));
    }
    for constraint in &selector.constraints {
        parts.push(format!("nodes where `{}`", constraint.trim()));
    }
    if parts.is_empty() {
        "some nodes".to_owned()
    } else {
        parts.join(" and ")
    }
}

/// Warns when a `local` named volume would hold different data on different nodes;
/// whether it warned.
fn check_volume_sharing(cx: &mut Cx<'_>, service: &Service, key: &Spanned<compose::Text>) -> bool {
    let site = cx.site();
    if site.nodes.len() <= 1 {
        return false;
    }
    let Some(volume) = cx.project().volumes.get(key.value.as_str()) else {
        return false;
    };
    let nfs_backed = site.storage.nfs.contains_key(key.value.as_str())
        || volume
            .name
            .as_ref()
            .is_some_and(|n| site.storage.nfs.contains_key(n.value.as_str()));
    if volume.is_external() || nfs_backed || !is_local(volume) {
        return false;
    }
    let name = service.name.value.as_str();
    // Only the nodes the service may actually run on count: a pin by role, label or
    // hostname that one node matches keeps every task with the same volume.
    let Some(placement) = cx.placement(service) else {
        return false;
    };
    let nodes = placement.eligible.len();
    if placement.global || nodes <= 1 {
        return false;
    }
    let replicas = placement.replicas;
    let volume_key = key.value.as_str();
    let (message, label) = if replicas > 1 {
        (
            format!("volume `{volume_key}` holds different data on each node that runs `{name}`"),
            format!("{replicas} replicas on {nodes} nodes, each with the volume of its own node"),
        )
    } else {
        (
            format!("volume `{volume_key}` stays on the node where `{name}` first ran"),
            format!(
                "a task moved to another of the {nodes} nodes it may run on starts with an empty volume"
            ),
        )
    };
    cx.report(
        Diagnostic::new(&rules::VOLUME_NODE_LOCAL, message)
            .at_value(key)
            .label(label)
            .also(volume.key.span, "created by the `local` driver on each node")
            .help(format!(
                "back it with NFS in the site profile (`storage.nfs.{volume_key}`), or run one replica pinned to one node (`services.{name}.pin`)"
            )),
    );
    true
}

/// Whether the volume's data stays on the node that created it: the `local` driver
/// without a network file system behind it.
fn is_local(volume: &compose::Volume) -> bool {
    let driver = volume.driver.as_ref().map(|d| d.value.as_str());
    if driver.is_some_and(|d| d != "local") {
        return false;
    }
    let fstype = volume.driver_opts.value("type").unwrap_or_default();
    !matches!(
        fstype,
        "nfs" | "nfs4" | "cifs" | "smb" | "glusterfs" | "ceph"
    )
}
