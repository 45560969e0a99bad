//! `swarmc site import`: a site profile measured from a running swarm instead of
//! written by hand. It reads only what the docker CLI prints as JSON (`docker node
//! inspect`, `docker info`, `docker network inspect`, `docker secret ls`, `docker config
//! ls`), as pure functions of that text; running the CLI is the command driver's job.
//!
//! The import knows what it measured and says where each value came from; what a swarm
//! cannot tell (the LANs around the nodes, NFS servers, per-service decisions) it leaves
//! to a person, as notes. Refreshing a profile (`refresh`) replaces only measured parts.

mod info;
pub(crate) mod json;
mod network;
mod node;
mod object;
mod refresh;
mod render;

#[cfg(test)]
mod tests;

pub use info::ImportedInfo;
pub use network::{ImportedNetworks, STACK_LABEL, TakenSubnet};
pub use node::ImportedNode;
pub use refresh::{Change, refresh};
pub use render::render;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::rules;
use crate::source::{SourceId, Sources, Span};

/// The docker CLI's outputs to import, each already read into `Sources`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Inputs {
    /// `docker node inspect` of every node.
    pub nodes: Option<SourceId>,
    /// `docker info --format '{{json .}}'`.
    pub info: Option<SourceId>,
    /// `docker network inspect` of the swarm-scoped networks.
    pub networks: Option<SourceId>,
    /// `docker secret ls --format '{{json .}}'` or `docker secret inspect`.
    pub secrets: Option<SourceId>,
    /// `docker config ls --format '{{json .}}'` or `docker config inspect`.
    pub configs: Option<SourceId>,
}

/// The commands whose output each input is, as messages and comments name them.
pub const NODES_COMMAND: &str = "docker node inspect";
pub const INFO_COMMAND: &str = "docker info";
pub const NETWORKS_COMMAND: &str = "docker network inspect";
pub const SECRETS_COMMAND: &str = "docker secret ls";
pub const CONFIGS_COMMAND: &str = "docker config ls";

/// The swarm-scoped networks of one `docker network inspect` output, for `check`'s
/// view of what the swarm holds; `None` after reporting, located, what cannot be read.
pub(crate) fn networks(
    sources: &Sources,
    id: SourceId,
    diagnostics: &mut Diagnostics,
) -> Option<ImportedNetworks> {
    let networks =
        json::parse::<Vec<network::DockerNetwork>>(sources, id, NETWORKS_COMMAND, diagnostics)?;
    Some(network::import(networks))
}

/// Everything measured, before it becomes a profile.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Imported {
    /// Sorted by hostname.
    pub nodes: Vec<ImportedNode>,
    pub info: Option<ImportedInfo>,
    pub networks: Option<ImportedNetworks>,
    /// Sorted names; `None` when not imported.
    pub secrets: Option<Vec<String>>,
    pub configs: Option<Vec<String>>,
    /// Where each part came from (a file's name, or the command that printed it).
    pub origins: Origins,
}

/// The display name of the input each part was read from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Origins {
    pub nodes: String,
    pub info: Option<String>,
    pub networks: Option<String>,
    pub secrets: Option<String>,
    pub configs: Option<String>,
}

/// Reads every input; `None` after reporting, located, each one that cannot be read.
pub fn import(
    sources: &Sources,
    inputs: &Inputs,
    diagnostics: &mut Diagnostics,
) -> Option<Imported> {
    let before = diagnostics.len();
    let name = |id: Option<SourceId>| id.map(|id| sources.get(id).name.clone());
    let mut imported = Imported {
        origins: Origins {
            nodes: name(inputs.nodes).unwrap_or_default(),
            info: name(inputs.info),
            networks: name(inputs.networks),
            secrets: name(inputs.secrets),
            configs: name(inputs.configs),
        },
        ..Imported::default()
    };
    if let Some(id) = inputs.nodes
        && let Some(nodes) =
            json::parse::<Vec<node::DockerNode>>(sources, id, NODES_COMMAND, diagnostics)
    {
        let mut nodes: Vec<ImportedNode> = nodes.into_iter().map(|n| n.into_imported()).collect();
        nodes.sort_by(|a, b| a.node.hostname.cmp(&b.node.hostname));
        for pair in nodes.windows(2) {
            if pair[0]
                .node
                .hostname
                .eq_ignore_ascii_case(&pair[1].node.hostname)
            {
                diagnostics.push(
                    Diagnostic::new(
                        &rules::DOCKER_OUTPUT_UNRECOGNIZED,
                        format!("two nodes are named `{}`", pair[1].node.hostname),
                    )
                    .at(Span::new(id, 0, 0))
                    .help("give each node its own hostname: swarm constraints on `node.hostname` could not tell them apart"),
                );
            }
        }
        if nodes.is_empty() {
            diagnostics.push(
                Diagnostic::new(
                    &rules::DOCKER_OUTPUT_UNRECOGNIZED,
                    format!("`{NODES_COMMAND}` printed no node"),
                )
                .at(Span::new(id, 0, 0))
                .help("inspect every node: `docker node inspect $(docker node ls -q)`"),
            );
        }
        imported.nodes = nodes;
    }
    if let Some(id) = inputs.info
        && let Some(info) = json::parse::<info::DockerInfo>(sources, id, INFO_COMMAND, diagnostics)
    {
        imported.info = Some(info.into_imported());
    }
    if let Some(id) = inputs.networks
        && let Some(networks) =
            json::parse::<Vec<network::DockerNetwork>>(sources, id, NETWORKS_COMMAND, diagnostics)
    {
        imported.networks = Some(network::import(networks));
    }
    let objects = |id: Option<SourceId>, command: &str, diagnostics: &mut Diagnostics| {
        let id = id?;
        let objects = json::parse_lines::<object::DockerObject>(sources, id, command, diagnostics)?;
        let mut names: Vec<String> = objects.into_iter().map(|o| o.name).collect();
        names.sort();
        names.dedup();
        Some(names)
    };
    imported.secrets = objects(inputs.secrets, SECRETS_COMMAND, diagnostics);
    imported.configs = objects(inputs.configs, CONFIGS_COMMAND, diagnostics);
    (diagnostics.len() == before).then_some(imported)
}

impl Imported {
    /// What the import could not learn, and what a person should check or add.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = vec![
            "the nodes' addresses come without their subnets: add the LANs and servers containers must reach (NFS, DNS, VPN) to `network.host_networks`".to_owned(),
            "storage (NFS exports, shared and node-local paths) cannot be seen from the swarm: describe it under `storage`".to_owned(),
        ];
        for node in &self.nodes {
            if let Some(state) = &node.state {
                notes.push(format!(
                    "node `{}` was `{state}` at import: the profile counts it as able to run tasks",
                    node.node.hostname
                ));
            }
            if node.fractional_cpus {
                notes.push(format!(
                    "node `{}` has a fraction of a CPU more than the whole CPUs the profile counts",
                    node.node.hostname
                ));
            }
        }
        match &self.info {
            None => notes.push(
                "no `docker info`: the address pool and data-path port are not measured".to_owned(),
            ),
            Some(info) => {
                if let Some(state) = &info.not_a_manager {
                    notes.push(format!(
                        "`docker info` came from an engine that is no swarm manager (`{state}`): the address pool and data-path port are docker's defaults"
                    ));
                }
            }
        }
        if self.networks.is_none() {
            notes.push(
                "no `docker network inspect`: the ingress subnet and the subnets other stacks hold are not measured".to_owned(),
            );
        }
        notes
    }
}
