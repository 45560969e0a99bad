//! The site profile's top level, [`Site`]: the typed result of loading a profile, and the
//! root type the JSON Schema is generated from.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::env::SiteEnv;
use super::network::Network;
use super::node::Node;
use super::registry::Registry;
use super::secret::SiteSecret;
use super::service::ServiceSettings;
use super::spans::{Located, SiteSpans};
use super::storage::Storage;
use crate::env::EnvValue;
use crate::source::Span;

/// A swarmc site profile: the cluster a compose project is deployed to (its nodes,
/// networks, storage, registry and secrets) and the site's decisions about the project's
/// services. swarmc compiles the project into a stack that fits this cluster.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "swarmc site profile")]
pub struct Site {
    /// A short name for the site, used in reports (`lab-gpu`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,

    /// What the site is and who runs it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,

    /// Values for interpolating the compose files. Precedence, highest first: the process
    /// environment, this `env`, then the project's `.env` or `--env-file` files.
    #[serde(default, skip_serializing_if = "SiteEnv::is_empty")]
    pub env: SiteEnv,

    /// Every node of the swarm, managers and workers.
    #[schemars(length(min = 1))]
    pub nodes: Vec<Node>,

    /// Host networks to keep clear of, how overlays are allocated, reserved ports.
    #[serde(default)]
    pub network: Network,

    /// NFS exports, paths present on every node, path translation, node-local paths,
    /// directories a deploy plan may create.
    #[serde(default, skip_serializing_if = "Storage::is_empty")]
    pub storage: Storage,

    /// Where images built from source are pushed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry: Option<Registry>,

    /// How the project's secrets exist on the site, by compose secret name.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub secrets: IndexMap<String, SiteSecret>,

    /// Site settings for the project's services, by compose service name.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub services: IndexMap<String, ServiceSettings>,

    /// Where each value was written.
    #[serde(skip)]
    #[schemars(skip)]
    pub spans: SiteSpans,

    /// The directory relative paths in the profile are relative to; `None` for the
    /// embedded default site.
    #[serde(skip)]
    #[schemars(skip)]
    pub base_dir: Option<PathBuf>,
}

impl SiteEnv {
    fn is_empty(&self) -> bool {
        self.vars.is_empty() && self.files.is_empty()
    }
}

impl Storage {
    fn is_empty(&self) -> bool {
        self.nfs.is_empty()
            && self.shared_paths.is_empty()
            && self.path_translation.is_empty()
            && self.local_paths.is_empty()
            && self.create_directories.is_empty()
    }
}

impl Site {
    /// The site as it bears on a stack file deployed as written: its nodes, networks,
    /// the secrets that exist on it and the host paths every node shares. What the site
    /// decides for a compose project (interpolation values, NFS volumes, path
    /// translation, services pinned to local paths, the registry, per-service settings)
    /// is dropped, as `docker stack deploy` knows nothing of it.
    pub fn cluster_only(mut self) -> Site {
        self.env = SiteEnv::default();
        self.storage = Storage {
            shared_paths: std::mem::take(&mut self.storage.shared_paths),
            ..Storage::default()
        };
        self.registry = None;
        self.services = IndexMap::new();
        self
    }

    /// Where the value at a JSON pointer (`/nodes/0/hostname`) was written.
    pub fn locate(&self, pointer: &str) -> Option<Located> {
        self.spans.get(pointer)
    }

    /// The site's `env.vars` as an interpolation layer: each value remembers the span of
    /// its value in the profile. `env.files` are read by the loader, which owns the
    /// env-file syntax, as the next lower layer.
    pub fn env_layer(&self) -> Vec<(String, EnvValue)> {
        self.env
            .vars
            .iter()
            .map(|(name, var)| {
                let at = super::spans::pointer(&["env", "vars", name]);
                let origin = self
                    .spans
                    .get(&super::spans::child(&at, "value"))
                    .or_else(|| self.spans.get(&at))
                    .map(|l| l.value);
                (
                    name.clone(),
                    EnvValue {
                        value: var.value().to_owned(),
                        origin,
                    },
                )
            })
            .collect()
    }

    /// Names of the variables marked `secret: true`, whose values must never be shown.
    pub fn secret_env_names(&self) -> impl Iterator<Item = &str> {
        self.env
            .vars
            .iter()
            .filter(|(_, var)| var.is_secret())
            .map(|(name, _)| name.as_str())
    }

    /// `env.files`, resolved against the profile's directory, with where each was named.
    pub fn env_files(&self) -> Vec<(PathBuf, Option<Span>)> {
        self.env
            .files
            .iter()
            .enumerate()
            .map(|(i, file)| {
                let at = super::spans::pointer(&["env", "files", &i.to_string()]);
                (self.resolve(file), self.spans.get(&at).map(|l| l.value))
            })
            .collect()
    }

    /// A path written in the profile, resolved against the profile's directory.
    pub fn resolve(&self, path: &str) -> PathBuf {
        match &self.base_dir {
            Some(base) => crate::fs::resolve(base, Path::new(path)),
            None => PathBuf::from(path),
        }
    }

    /// The node with this hostname (compared as swarm does, ignoring case).
    pub fn node(&self, hostname: &str) -> Option<&Node> {
        self.nodes
            .iter()
            .find(|n| n.hostname.eq_ignore_ascii_case(hostname))
    }
}
