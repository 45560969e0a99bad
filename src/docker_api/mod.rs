//! The Engine API requests `docker stack deploy` (docker CLI 28) sends for a stack:
//! the networks, secrets and configs it creates and the service specs it creates or
//! updates, each with the stack's name prefixed and its namespace labels. A deploy is
//! judged by what reaches the manager, not by the stack file: `swarmc diff` compares
//! these bodies with what a running swarm reports.
//!
//! The typed bodies (`ServiceSpec` and its parts, `NetworkCreate`, `SecretSpec`,
//! `ConfigSpec`) carry the Engine API's field names and Go's omission rules, so that
//! they serialize to exactly the JSON docker sends and read back the `Spec` of
//! `docker service inspect`. [`requests`] reproduces the CLI's `convert` step over a
//! [`crate::swarm::Stack`]: names scoped as `<stack>_<name>`, the labels
//! `com.docker.stack.namespace` and `com.docker.stack.image`, the defaults it fills
//! (the `overlay` driver, update parallelism 1, secret and config files owned by root
//! with mode `0o444`, the service's name as an alias on each network), its orderings
//! (environment, ports, networks, secrets, configs, ulimits, capabilities) and the
//! order of the requests: networks, then secrets, then configs, then services.
//!
//! What the bodies hold that swarmc cannot know comes from the [`Deployer`] or is left
//! out, and a comparison with docker's own requests must allow for it:
//! - `SecretID` and `ConfigID` (and a credential spec's config) are the IDs the manager
//!   gave the objects; they are empty here.
//! - Docker creates the objects of one kind in Go's map order, which changes from run to
//!   run; here each kind is sorted by name.
//! - A variable written without a value takes the deployer's environment, relative bind
//!   mounts and secret and config files resolve against the stack file's directory, and
//!   the content of those files is read when the deploy runs, and `~` is the deployer's
//!   home: all of these are the [`Deployer`]'s.

mod container;
mod convert;
mod mount;
mod objects;
mod service;
mod task;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use container::{
    ConfigReference, ContainerSpec, CredentialSpec, DnsConfig, FileTarget, HealthConfig,
    Privileges, SecretReference, Ulimit,
};
pub use mount::{BindOptions, Mount, TmpfsOptions, VolumeOptions};
pub use objects::{ConfigFrom, ConfigSpec, Ipam, IpamConfig, NetworkCreate, SecretSpec};
pub use service::{
    Empty, EndpointSpec, PortConfig, Replicated, ReplicatedJob, ServiceMode, ServiceSpec,
    UpdateConfig,
};
pub use task::{
    DiscreteGenericResource, Driver, GenericResource, Limit, NetworkAttachment, Placement,
    PlacementPreference, Reservation, ResourceRequirements, RestartPolicy, SpreadOver, TaskSpec,
};

use crate::fs::FileSystem;
use crate::swarm::Stack;

/// The label docker puts on every object of a stack, with the stack's name.
pub const LABEL_NAMESPACE: &str = "com.docker.stack.namespace";
/// The label docker puts on every service, with the image the stack file names.
pub const LABEL_IMAGE: &str = "com.docker.stack.image";
/// The network of a service that names none.
const DEFAULT_NETWORK: &str = "default";

/// What a request asks the manager to do, named as the request bodies are recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    NetworkCreate,
    SecretCreate,
    ConfigCreate,
    ServiceCreate,
}

/// One request: its kind and its JSON body, exactly as docker sends it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    pub kind: RequestKind,
    pub body: serde_json::Value,
}

/// What `docker stack deploy` takes from the machine it runs on rather than from the
/// stack file: the stack file's directory, the environment, and the content of the
/// secret and config files. Build it with [`Deployer::read`] at the edge.
#[derive(Clone, Debug, Default)]
pub struct Deployer {
    /// The directory of the stack file; relative paths resolve against it.
    pub stack_dir: PathBuf,
    /// The deployer's environment: fills a variable written without a value.
    pub environment: BTreeMap<String, String>,
    /// The content of each secret and config file, by resolved path.
    pub files: BTreeMap<PathBuf, Vec<u8>>,
}

impl Deployer {
    /// Reads the stack's secret and config files through `fs`; a file that cannot be
    /// read is left out (docker would refuse to deploy, and its data is empty here).
    pub fn read(
        stack: &Stack,
        stack_dir: &Path,
        environment: BTreeMap<String, String>,
        fs: &dyn FileSystem,
    ) -> Deployer {
        let mut deployer = Deployer {
            stack_dir: stack_dir.to_path_buf(),
            environment,
            files: BTreeMap::new(),
        };
        let files = stack
            .secrets
            .values()
            .filter(|s| !s.external && s.driver.is_none())
            .filter_map(|s| s.file.as_deref())
            .chain(
                stack
                    .configs
                    .values()
                    .filter(|c| !c.external)
                    .filter_map(|c| c.file.as_deref()),
            );
        for file in files {
            let path = deployer.path(file);
            if let Ok(content) = fs.read(&path) {
                deployer.files.insert(path, content);
            }
        }
        deployer
    }

    /// A path of the stack file as docker's loader makes it absolute: a leading `~`
    /// is the deployer's `HOME`, and a relative path is relative to the stack file.
    pub fn path(&self, path: &str) -> PathBuf {
        let expanded = match (path.strip_prefix('~'), self.environment.get("HOME")) {
            (Some(rest), Some(home)) => format!("{home}{rest}"),
            _ => path.to_owned(),
        };
        crate::fs::resolve(&self.stack_dir, Path::new(&expanded))
    }

    fn content(&self, file: Option<&str>) -> &[u8] {
        file.and_then(|file| self.files.get(&self.path(file)))
            .map_or(&[], Vec::as_slice)
    }
}

/// The requests `docker stack deploy` sends to deploy `stack` as `stack_name` on a
/// swarm where none of it exists yet: networks, secrets, configs, then services, each
/// kind sorted by name. Pure: everything read from the machine is in `deployer`.
pub fn requests(stack: &Stack, stack_name: &str, deployer: &Deployer) -> Vec<Request> {
    let mut requests = Vec::new();
    let mut push = |kind: RequestKind, name: &str, body: Result<serde_json::Value, _>| {
        if let Ok(body) = body {
            requests.push((kind, name.to_owned(), sorted(body)));
        }
    };
    for network in convert::networks(stack, stack_name) {
        push(
            RequestKind::NetworkCreate,
            &network.name,
            serde_json::to_value(&network),
        );
    }
    for secret in convert::secrets(stack, stack_name, deployer) {
        push(
            RequestKind::SecretCreate,
            &secret.name,
            serde_json::to_value(&secret),
        );
    }
    for config in convert::configs(stack, stack_name, deployer) {
        push(
            RequestKind::ConfigCreate,
            &config.name,
            serde_json::to_value(&config),
        );
    }
    for (key, service) in &stack.services {
        let spec = convert::service(key, service, stack, stack_name, deployer);
        push(
            RequestKind::ServiceCreate,
            &spec.name,
            serde_json::to_value(&spec),
        );
    }
    requests.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    requests
        .into_iter()
        .map(|(kind, _, body)| Request { kind, body })
        .collect()
}

/// The JSON with every object's keys sorted, as the capture tool records it.
fn sorted(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<_> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            serde_json::Value::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect())
        }
        serde_json::Value::Array(items) => {
            serde_json::Value::Array(items.into_iter().map(sorted).collect())
        }
        other => other,
    }
}

/// For Go's `omitempty` on numbers.
fn is_zero<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// For Go's `omitempty` on booleans.
fn is_false(value: &bool) -> bool {
    !*value
}

/// Standard base64 with padding: how Go's JSON encoder writes a `[]byte`.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut text = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                let index = (n >> (18 - 6 * i)) & 63;
                text.push(char::from(ALPHABET[index as usize]));
            } else {
                text.push('=');
            }
        }
    }
    text
}

#[cfg(test)]
mod tests;
