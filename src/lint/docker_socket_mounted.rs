use std::path::Path;

use super::Cx;
use crate::compose::{MountKind, MountSource, PathAnchor};
use crate::diagnostic::{Diagnostic, Diagnostics};

crate::rules::declare_rule! {
    /// ## What it does
    /// Reports a service that mounts the docker engine's socket: a bind mount of a file
    /// named `docker.sock` (`/var/run/docker.sock`, `/run/docker.sock`, a rootless
    /// `/run/user/1000/docker.sock`), of a directory that holds it (`/run`, `/var/run`),
    /// or of the Windows pipe `\\.\pipe\docker_engine`.
    ///
    /// ## Why
    /// Whoever can talk to the socket can start a privileged container that mounts the
    /// host's root file system: the socket is root on the node, and mounting it
    /// read-only changes nothing. On a swarm the task mounts the socket of whichever node
    /// the scheduler picks, so every eligible node is exposed, and on a manager the
    /// socket is the API of the whole swarm: every service, every node, and every
    /// secret, which a new service can mount.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   ci-runner:
    ///     image: gitlab/gitlab-runner:v17.5.0
    ///     volumes:
    ///       - /var/run/docker.sock:/var/run/docker.sock
    /// ```
    ///
    /// ## Fix
    /// Remove the mount when the service does not need the docker API. When it does (a
    /// reverse proxy that discovers services, a CI runner), give it a socket proxy that
    /// allows only the calls it makes, constrain it to the nodes it must run on, and
    /// suppress the finding with the reason: `# swarmc: ignore[SW601] reads labels
    /// through the socket proxy`.
    ///
    /// The rule is a warning: swarm deploys such a service, and the examples of reverse
    /// proxies and dashboards mount the socket by design. To make it fail the run, set
    /// `docker-socket-mounted = "error"` under `[severity]` in `swarmc.toml`.
    pub static DOCKER_SOCKET_MOUNTED = ("SW601", "docker-socket-mounted", Warning);
}

/// Directories whose bind mount brings the docker socket along.
const SOCKET_DIRECTORIES: &[&str] = &["/run", "/var/run"];

/// The Windows named pipe of the docker engine, as compose writes it.
const ENGINE_PIPE: &str = r"\\.\pipe\docker_engine";

/// Why a mount source reaches the docker socket, if it does.
pub(super) fn exposes_socket(path: &Path) -> Option<String> {
    if path.file_name().is_some_and(|name| name == "docker.sock") {
        return Some("the docker socket of the node that runs the task".to_owned());
    }
    SOCKET_DIRECTORIES
        .iter()
        .find(|dir| path == Path::new(dir))
        .map(|dir| format!("`{dir}` holds the docker socket"))
}

pub(super) fn check(cx: &Cx<'_>, diagnostics: &mut Diagnostics) {
    for service in cx.project.services.values() {
        for mount in &service.volumes {
            let (span, label) = match (&mount.source, mount.kind.value) {
                (Some(MountSource::Host(host)), MountKind::Bind)
                    if host.anchor == PathAnchor::Absolute =>
                {
                    match exposes_socket(&host.path) {
                        Some(label) => (host.span, label),
                        None => continue,
                    }
                }
                (Some(MountSource::Other(pipe)), MountKind::Npipe)
                    if pipe.eq_ignore_ascii_case(ENGINE_PIPE) =>
                {
                    (pipe.span, "the docker engine's pipe".to_owned())
                }
                _ => continue,
            };
            diagnostics.push(
                Diagnostic::new(
                    &DOCKER_SOCKET_MOUNTED,
                    format!("service `{}` mounts the docker socket", service.name.value),
                )
                .at(span)
                .label(label)
                .help("remove the mount, or give the service a socket proxy that allows only the API calls it makes")
                .note("the socket is root on the node, read-only or not; on a manager it is the API of the whole swarm"),
            );
        }
    }
}
