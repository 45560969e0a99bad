//! What the nodes' disks must hold before tasks start. Swarm refuses to start a task
//! whose bind-mount source is missing on its node, and mounts an NFS volume only when
//! the task starts, so a typo in an export shows up as a task stuck in `Rejected`.
//! For every node that may run a service with such a mount, the plan checks that shared
//! paths lie on the shared file system, that files to be bind-mounted are there (saying
//! where to copy each from), creates the directories the site lets it create and checks
//! that the others exist, and mounts each NFS export once to check it.
//!
//! A missing source is never created unless the site lists a directory above it under
//! `storage.create_directories`, and never when it looks like a file: `docker run -v`
//! makes a missing `./nginx.conf` or `/var/run/docker.sock` an empty directory, and the
//! service then fails in a way that hides why.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::Input;
use super::model::{Detail, RunsOn, Step};
use super::nodes::eligible;
use crate::swarm::{self, Mount};

#[derive(Clone, Debug, Serialize)]
pub struct Storage {
    /// The NFS exports the stack mounts.
    pub nfs: Vec<NfsExport>,
    pub nodes: Vec<StorageNode>,
}

/// An NFS export behind a volume of the stack.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct NfsExport {
    /// The volume's key in the stack.
    pub volume: String,
    /// `SERVER:/EXPORT`, as `mount` takes it.
    pub source: String,
    /// `nfs` or `nfs4`.
    pub fstype: String,
    /// Mount options, comma-separated, without `addr=`.
    pub options: String,
}

/// What one node must hold.
#[derive(Clone, Debug, Default, Serialize)]
pub struct StorageNode {
    pub hostname: String,
    /// Shared paths (`storage.shared_paths`) that must lie on a shared file system, which
    /// may be mounted above them.
    pub shared: Vec<String>,
    /// Bind-mount sources to create when missing (under `storage.create_directories`).
    pub directories: Vec<String>,
    /// Bind-mount sources that must exist already: directories the site does not let the
    /// plan create, and paths that may be files or sockets.
    pub existing: Vec<String>,
    /// Bind-mount sources that are files.
    pub files: Vec<NodeFile>,
    /// NFS exports to test-mount.
    pub nfs: Vec<NfsExport>,
}

/// A file that a service bind-mounts.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct NodeFile {
    /// The path on the node.
    pub path: String,
    /// Where to copy it from on the machine that holds the project, relative to the plan
    /// when it lies below it; `None` when only the node can have it.
    pub copy_from: Option<String>,
}

#[derive(Default)]
struct Needs {
    shared: BTreeSet<String>,
    directories: BTreeSet<String>,
    existing: BTreeSet<String>,
    files: BTreeSet<NodeFile>,
    nfs: BTreeSet<NfsExport>,
}

pub(super) fn storage(input: &Input<'_>) -> Option<Step> {
    let mut needs: BTreeMap<&str, Needs> = BTreeMap::new();
    let mut exports = BTreeSet::new();
    for service in input.stack.services.values() {
        let nodes = eligible(input.site, service);
        for mount in &service.volumes {
            let Some(need) = need_of(input, mount) else {
                continue;
            };
            if let Need::Nfs(export) = &need {
                exports.insert(export.clone());
            }
            for node in &nodes {
                need.add_to(input, needs.entry(node.hostname.as_str()).or_default());
            }
        }
    }
    if needs.is_empty() {
        return None;
    }
    // In the profile's order, each node once.
    let nodes: Vec<StorageNode> = input
        .site
        .nodes
        .iter()
        .filter_map(|node| {
            let needs = needs.remove(node.hostname.as_str())?;
            Some(StorageNode {
                hostname: node.hostname.clone(),
                shared: needs.shared.into_iter().collect(),
                directories: needs.directories.into_iter().collect(),
                existing: needs.existing.into_iter().collect(),
                files: needs.files.into_iter().collect(),
                nfs: needs.nfs.into_iter().collect(),
            })
        })
        .collect();
    let hostnames = nodes.iter().map(|n| n.hostname.clone()).collect();
    Some(Step {
        name: "storage",
        function: "storage",
        title: "Prepare storage on the nodes",
        runs_on: RunsOn::nodes(hostnames),
        detail: Detail::Storage(Storage {
            nfs: exports.into_iter().collect(),
            nodes,
        }),
    })
}

/// What one mount needs from the nodes its service may run on.
enum Need {
    /// A directory, or a path that is neither a file here nor looks like one.
    Directory(PathBuf),
    /// A file, copied from where the project is when it is there.
    File(PathBuf, Option<String>),
    Nfs(NfsExport),
}

impl Need {
    fn add_to(&self, input: &Input<'_>, needs: &mut Needs) {
        match self {
            Need::Directory(path) | Need::File(path, _) => {
                if let Some(root) = shared_root(input, path) {
                    needs.shared.insert(root.to_owned());
                    // Checking the shared path checks that it exists.
                    if path == Path::new(root) {
                        return;
                    }
                }
                let text = path.display().to_string();
                match self {
                    Need::File(_, copy_from) => {
                        needs.files.insert(NodeFile {
                            path: text,
                            copy_from: copy_from.clone(),
                        });
                    }
                    _ if may_create(input, path) => {
                        needs.directories.insert(text);
                    }
                    _ => {
                        needs.existing.insert(text);
                    }
                }
            }
            Need::Nfs(export) => {
                needs.nfs.insert(export.clone());
            }
        }
    }
}

fn need_of(input: &Input<'_>, mount: &Mount) -> Option<Need> {
    match mount {
        Mount::Bind { source, .. } => {
            // A Windows path belongs to Windows nodes, which this plan does not prepare;
            // `~` is the home directory of whoever deploys, which no node can know.
            if source.as_bytes().get(1) == Some(&b':') || source.starts_with('~') {
                return None;
            }
            // docker resolves a relative source against the stack file's directory, on
            // the machine that deploys; every node then uses that absolute path.
            let path = crate::fs::resolve(input.output_dir, Path::new(source));
            if !path.is_absolute() {
                return None;
            }
            if input.fs.is_file(&path) {
                let copy_from = match path.strip_prefix(input.output_dir) {
                    Ok(below) => below.display().to_string(),
                    Err(_) => path.display().to_string(),
                };
                Some(Need::File(path, Some(copy_from)))
            } else if looks_like_a_file(&path) {
                Some(Need::File(path, None))
            } else {
                Some(Need::Directory(path))
            }
        }
        Mount::Volume {
            source: Some(key), ..
        } => volume_need(key, input.stack.volumes.get(key)?),
        Mount::Volume { source: None, .. } | Mount::Tmpfs { .. } | Mount::Npipe { .. } => None,
    }
}

/// An NFS volume needs its export; a `local` volume bound to a host directory
/// (`type: none`, `o: bind`) needs the directory.
fn volume_need(key: &str, volume: &swarm::Volume) -> Option<Need> {
    if volume.external || volume.driver.as_deref().is_some_and(|d| d != "local") {
        return None;
    }
    let opts = &volume.driver_opts;
    let fstype = opts.get("type").map(String::as_str).unwrap_or_default();
    let options: Vec<&str> = opts
        .get("o")
        .map(|o| {
            o.split(',')
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let device = opts.get("device").map(String::as_str).unwrap_or_default();
    match fstype {
        "nfs" | "nfs4" => {
            let addr = options.iter().find_map(|o| o.strip_prefix("addr="));
            let source = match (device.strip_prefix(':'), addr) {
                (Some(export), Some(addr)) => format!("{}:{export}", bracketed(addr)),
                (Some(_), None) => return None,
                (None, _) if device.contains(":/") => device.to_owned(),
                (None, _) => return None,
            };
            let rest: Vec<&str> = options
                .iter()
                .copied()
                .filter(|o| !o.starts_with("addr="))
                .collect();
            Some(Need::Nfs(NfsExport {
                volume: key.to_owned(),
                source,
                fstype: fstype.to_owned(),
                options: if rest.is_empty() {
                    "defaults".to_owned()
                } else {
                    rest.join(",")
                },
            }))
        }
        "none" if options.contains(&"bind") && device.starts_with('/') => {
            Some(Need::Directory(PathBuf::from(device)))
        }
        _ => None,
    }
}

/// Whether a path that is not a file here is still likely one on the nodes: a socket
/// (`docker.sock`) or a name with an extension (`nginx.conf`), except the `.d` of
/// configuration directories (`conf.d`).
fn looks_like_a_file(path: &Path) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        Some("d") | None => false,
        Some(_) => true,
    }
}

/// Whether the site lets the plan create the directory `path`.
fn may_create(input: &Input<'_>, path: &Path) -> bool {
    input
        .site
        .storage
        .create_directories
        .iter()
        .any(|root| path.starts_with(root.as_str()))
}

/// An IPv6 server address in brackets, as `mount` takes it.
fn bracketed(addr: &str) -> String {
    if addr.contains(':') && !addr.starts_with('[') {
        format!("[{addr}]")
    } else {
        addr.to_owned()
    }
}

/// The shared path (`storage.shared_paths`) `path` lies under, if any.
fn shared_root<'a>(input: &'a Input<'_>, path: &Path) -> Option<&'a str> {
    input
        .site
        .storage
        .shared_paths
        .iter()
        .filter(|root| path.starts_with(root.as_str()))
        .max_by_key(|root| root.len())
        .map(String::as_str)
}
