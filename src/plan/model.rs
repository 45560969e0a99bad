//! The plan as the templates see it: a typed, serializable value in which every
//! decision is already taken. Templates choose wording and layout, never what to do,
//! so the markdown and the shell forms of one plan cannot disagree.

use serde::Serialize;

use super::deploy::Deploy;
use super::engine_api::EngineApi;
use super::firewall::Firewall;
use super::generic_resources::GenericResources;
use super::images::Images;
use super::ingress::Ingress;
use super::node_labels::NodeLabels;
use super::secrets::Secrets;
use super::storage::Storage;
use super::swarm_init::SwarmInit;
use super::swarm_join::SwarmJoin;

/// Every manual step around `docker stack deploy` that one stack on one site needs,
/// in the order they are run.
#[derive(Clone, Debug, Serialize)]
pub struct Plan {
    /// The stack name (`docker stack deploy ... NAME`).
    pub stack: String,
    /// The site's name, as the profile gives it.
    pub site: String,
    pub steps: Vec<Step>,
}

/// One step: what it is called, where it runs, and what it does.
#[derive(Clone, Debug, Serialize)]
pub struct Step {
    /// The step's name on the shell plan's command line (`swarm-init`).
    pub name: &'static str,
    /// The name of the shell function that runs it (`swarm_init`).
    pub function: &'static str,
    pub title: &'static str,
    pub runs_on: RunsOn,
    pub detail: Detail,
}

/// Where a step runs.
#[derive(Clone, Debug, Serialize)]
pub struct RunsOn {
    pub kind: Where,
    /// The nodes, by hostname, for [`Where::Nodes`]; the manager to prefer for
    /// [`Where::Manager`].
    pub nodes: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Where {
    /// Each of the listed nodes, each doing its own part.
    Nodes,
    /// Any manager of the swarm.
    Manager,
    /// The machine that holds the compose project.
    Project,
}

impl RunsOn {
    pub(super) fn nodes(nodes: Vec<String>) -> RunsOn {
        RunsOn {
            kind: Where::Nodes,
            nodes,
        }
    }

    pub(super) fn manager(preferred: Option<&str>) -> RunsOn {
        RunsOn {
            kind: Where::Manager,
            nodes: preferred.map(str::to_owned).into_iter().collect(),
        }
    }

    pub(super) fn project() -> RunsOn {
        RunsOn {
            kind: Where::Project,
            nodes: Vec::new(),
        }
    }
}

/// What a step does; the step's name says which variant it holds.
#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub enum Detail {
    Firewall(Firewall),
    EngineApi(EngineApi),
    GenericResources(GenericResources),
    Storage(Storage),
    SwarmInit(SwarmInit),
    SwarmJoin(SwarmJoin),
    Ingress(Ingress),
    NodeLabels(NodeLabels),
    Secrets(Secrets),
    Images(Images),
    Deploy(Deploy),
}
