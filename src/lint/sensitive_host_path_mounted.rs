use std::path::Path;

use super::Cx;
use super::docker_socket_mounted::exposes_socket;
use crate::compose::{MountKind, MountSource, PathAnchor};
use crate::diagnostic::{Diagnostic, Diagnostics};

crate::rules::declare_rule! {
    /// ## What it does
    /// Reports a bind mount of a directory that belongs to the node's operating system
    /// or to its container engine: `/`, `/boot`, `/dev`, `/etc`, `/proc`, `/root`,
    /// `/sys`, `/var/lib/docker`, `/run` and `/var/run`. A mount of one of them is
    /// reported, whatever its mode; a mount of something inside them is reported when
    /// it is writable. A read-only mount of one file or directory inside them
    /// (`/etc/localtime:ro`, `/etc/ssl/certs:ro`) is not: it shows the container that
    /// one thing and cannot change the node. Mounts that reach the docker socket (`/run`,
    /// `/var/run`, `docker.sock`) are reported by `SW601` instead.
    ///
    /// ## Why
    /// These paths are the node: its configuration and credentials (`/etc`, `/root`),
    /// its kernel's interfaces (`/proc`, `/sys`, `/dev`), its boot loader, and every
    /// container's files (`/var/lib/docker`). A container that can write them controls
    /// the node, and one that can read them learns its secrets. On a swarm the mount is
    /// made on whichever node runs the task, so every eligible node is exposed, and the
    /// files differ from node to node.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   backup:
    ///     image: example/backup:1.4
    ///     volumes:
    ///       - /etc:/host/etc
    /// ```
    ///
    /// ## Fix
    /// Mount only the file or directory the service needs, read-only (`:ro`); give it
    /// configuration and credentials as swarm `configs` and `secrets`. Node agents that
    /// must see the host (a metrics exporter reading `/proc` and `/sys`) are the
    /// exception: mount read-only and suppress the finding with the reason.
    pub static SENSITIVE_HOST_PATH_MOUNTED = ("SW604", "sensitive-host-path-mounted", Warning);
}

/// Directories of the node's system and engine, with what they hold.
const SENSITIVE: &[(&str, &str)] = &[
    ("/", "the node's whole file system"),
    ("/boot", "the node's kernel and boot loader"),
    ("/dev", "the node's devices"),
    ("/etc", "the node's configuration and credentials"),
    ("/proc", "the node's processes and kernel settings"),
    ("/root", "the home of the node's root user"),
    ("/run", "the node's runtime state and sockets"),
    ("/sys", "the node's kernel and hardware settings"),
    (
        "/var/lib/docker",
        "the files of every container on the node",
    ),
    ("/var/run", "the node's runtime state and sockets"),
];

/// Why mounting `path` is reported, if it is.
fn sensitive(path: &Path, read_only: bool) -> Option<String> {
    for (dir, holds) in SENSITIVE {
        let dir = Path::new(dir);
        if path == dir {
            return Some(format!("`{}` is {holds}", dir.display()));
        }
        // Everything is inside `/`; only the root itself is reported.
        if !read_only && dir != Path::new("/") && path.starts_with(dir) {
            return Some(format!("writable, and inside `{}`: {holds}", dir.display()));
        }
    }
    None
}

pub(super) fn check(cx: &Cx<'_>, diagnostics: &mut Diagnostics) {
    for service in cx.project.services.values() {
        for mount in &service.volumes {
            let Some(MountSource::Host(host)) = &mount.source else {
                continue;
            };
            if mount.kind.value != MountKind::Bind
                || host.anchor != PathAnchor::Absolute
                || exposes_socket(&host.path).is_some()
            {
                continue;
            }
            let Some(label) = sensitive(&host.path, mount.is_read_only()) else {
                continue;
            };
            diagnostics.push(
                Diagnostic::new(
                    &SENSITIVE_HOST_PATH_MOUNTED,
                    format!(
                        "service `{}` mounts `{}` from the node",
                        service.name.value,
                        host.path.display()
                    ),
                )
                .at(host.span)
                .label(label)
                .help("mount only the files the service needs, read-only, or pass them as swarm configs and secrets"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_directories_are_sensitive_and_read_only_files_inside_are_not() {
        assert!(sensitive(Path::new("/etc"), true).is_some());
        assert!(sensitive(Path::new("/"), true).is_some());
        assert!(sensitive(Path::new("/etc/nginx"), false).is_some());
        assert!(sensitive(Path::new("/var/lib/docker/volumes/x"), false).is_some());
        assert!(sensitive(Path::new("/etc/localtime"), true).is_none());
        assert!(sensitive(Path::new("/srv/data"), false).is_none());
        assert!(sensitive(Path::new("/etcetera"), false).is_none());
    }
}
