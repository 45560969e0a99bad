//! What the swarm runs, as `diff` needs it: every service's whole spec (not only what it
//! reserves, as [`crate::state`] keeps), every swarm network with its driver, subnets
//! and options, the secrets and configs that exist, and how many tasks each service
//! runs. Read from the same docker outputs as `check --state`, recognised by the same
//! shapes ([`crate::state::kind`]), and located the same way when one cannot be read.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::diagnostic::Diagnostics;
use crate::site::import::json;
use crate::site::import::{CONFIGS_COMMAND, NETWORKS_COMMAND, SECRETS_COMMAND, STACK_LABEL};
use crate::source::{SourceId, Sources};
use crate::state::{Output, SERVICES_COMMAND, TASKS_COMMAND, kind};

/// The swarm's services, networks, secrets and configs.
#[derive(Debug, Clone, Default)]
pub struct Running {
    pub services: Vec<RunningService>,
    pub networks: Vec<RunningNetwork>,
    /// `None` when no list of secrets was read: nothing is said about them.
    pub secrets: Option<Vec<RunningObject>>,
    pub configs: Option<Vec<RunningObject>>,
    /// Tasks desired running, by service name; `None` when no task list was read.
    pub tasks: Option<BTreeMap<String, u64>>,
}

/// One service as `docker service inspect` prints it.
#[derive(Debug, Clone)]
pub struct RunningService {
    pub id: String,
    pub name: String,
    /// `Spec`, as the manager holds it.
    pub spec: Value,
    /// `Endpoint.Ports`: the ports the service holds, published ports the swarm
    /// chose included.
    pub ports: Vec<Value>,
}

impl RunningService {
    /// The stack that deployed it (`com.docker.stack.namespace`).
    pub fn stack(&self) -> Option<&str> {
        self.spec
            .pointer("/Labels")
            .and_then(|l| l.get(STACK_LABEL))
            .and_then(Value::as_str)
    }
}

/// One swarm network as `docker network inspect` prints it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RunningNetwork {
    #[serde(default, alias = "ID")]
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub driver: String,
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub internal: bool,
    #[serde(default)]
    pub attachable: bool,
    #[serde(default)]
    pub ingress: bool,
    #[serde(rename = "IPAM", default)]
    pub ipam: Ipam,
    #[serde(default, deserialize_with = "null_default")]
    pub options: BTreeMap<String, String>,
    #[serde(default, deserialize_with = "null_default")]
    pub labels: BTreeMap<String, String>,
}

impl RunningNetwork {
    pub fn stack(&self) -> Option<&str> {
        self.labels.get(STACK_LABEL).map(String::as_str)
    }

    pub fn subnets(&self) -> Vec<&str> {
        self.ipam
            .config
            .iter()
            .filter_map(|c| c.subnet.as_deref())
            .filter(|s| !s.is_empty())
            .collect()
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Ipam {
    #[serde(default, deserialize_with = "null_default")]
    pub config: Vec<IpamConfig>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IpamConfig {
    #[serde(default)]
    pub subnet: Option<String>,
}

/// A secret or config that exists.
#[derive(Debug, Clone, PartialEq)]
pub struct RunningObject {
    pub id: String,
    pub name: String,
    /// The stack that created it, if a stack did.
    pub stack: Option<String>,
    /// Its content, base64 as the API carries it: only `docker config inspect` prints
    /// it, and docker never prints a secret's.
    pub data: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct InspectedService {
    #[serde(rename = "ID", default)]
    id: String,
    spec: Value,
    #[serde(default)]
    endpoint: Option<Endpoint>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Endpoint {
    #[serde(default, deserialize_with = "null_default")]
    ports: Vec<Value>,
}

/// A line of `docker secret ls`/`docker config ls`, or an item of `inspect`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ListedObject {
    #[serde(rename = "ID", default)]
    id: String,
    #[serde(default)]
    name: Option<String>,
    /// `ls` prints labels as one `k=v,k=v` string; `inspect` keeps them in `Spec`.
    #[serde(default)]
    labels: Option<Value>,
    #[serde(default)]
    spec: Option<ObjectSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ObjectSpec {
    name: String,
    #[serde(default, deserialize_with = "null_default")]
    labels: BTreeMap<String, String>,
    #[serde(default)]
    data: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ListedTask {
    name: String,
    #[serde(default)]
    desired_state: String,
    #[serde(rename = "ID", default)]
    id: String,
}

/// Reads the docker outputs in `files`, in any order; `None` after reporting, located,
/// an output that cannot be read.
pub fn read(
    sources: &Sources,
    files: &[SourceId],
    diagnostics: &mut Diagnostics,
) -> Option<Running> {
    let mut running = Running::default();
    let mut ok = true;
    let mut seen_tasks = std::collections::BTreeSet::new();
    for &id in files {
        let text = &sources.get(id).text;
        match kind(text) {
            Some(Output::Services) => {
                match json::parse::<Vec<InspectedService>>(
                    sources,
                    id,
                    SERVICES_COMMAND,
                    diagnostics,
                ) {
                    Some(services) => {
                        running
                            .services
                            .extend(services.into_iter().filter_map(|s| {
                                let name = s.spec.get("Name")?.as_str()?.to_owned();
                                Some(RunningService {
                                    id: s.id,
                                    name,
                                    spec: s.spec,
                                    ports: s.endpoint.map(|e| e.ports).unwrap_or_default(),
                                })
                            }))
                    }
                    None => ok = false,
                }
            }
            Some(Output::Networks) => {
                match json::parse::<Vec<RunningNetwork>>(sources, id, NETWORKS_COMMAND, diagnostics)
                {
                    Some(networks) => running.networks.extend(networks),
                    None => ok = false,
                }
            }
            Some(Output::Tasks) => {
                match json::parse_lines::<ListedTask>(sources, id, TASKS_COMMAND, diagnostics) {
                    Some(tasks) => {
                        let counts = running.tasks.get_or_insert_with(BTreeMap::new);
                        for task in tasks {
                            if task.desired_state != "Running"
                                || (!task.id.is_empty() && !seen_tasks.insert(task.id.clone()))
                            {
                                continue;
                            }
                            // `<service>.<slot>` or `<service>.<node id>`.
                            let service = task.name.split('.').next().unwrap_or_default();
                            *counts.entry(service.to_owned()).or_default() += 1;
                        }
                    }
                    None => ok = false,
                }
            }
            Some(output @ (Output::Secrets | Output::Configs)) => {
                let command = if output == Output::Secrets {
                    SECRETS_COMMAND
                } else {
                    CONFIGS_COMMAND
                };
                match json::parse_lines::<ListedObject>(sources, id, command, diagnostics) {
                    Some(listed) => {
                        let objects = listed.into_iter().filter_map(object);
                        let into = if output == Output::Secrets {
                            &mut running.secrets
                        } else {
                            &mut running.configs
                        };
                        into.get_or_insert_with(Vec::new).extend(objects);
                    }
                    None => ok = false,
                }
            }
            Some(Output::Empty) => {}
            None => {
                ok = false;
                diagnostics.push(unrecognized(sources, id));
            }
        }
    }
    running.services.sort_by(|a, b| a.name.cmp(&b.name));
    running
        .networks
        .retain(|n| n.scope.is_empty() || n.scope == "swarm");
    running.networks.sort_by(|a, b| a.name.cmp(&b.name));
    for objects in [&mut running.secrets, &mut running.configs]
        .into_iter()
        .flatten()
    {
        objects.sort_by(|a, b| a.name.cmp(&b.name));
        objects.dedup_by(|a, b| a.name == b.name);
    }
    ok.then_some(running)
}

fn object(listed: ListedObject) -> Option<RunningObject> {
    if let Some(spec) = listed.spec {
        return Some(RunningObject {
            id: listed.id,
            stack: spec.labels.get(STACK_LABEL).cloned(),
            name: spec.name,
            data: spec.data,
        });
    }
    let stack = match listed.labels {
        Some(Value::String(text)) => text
            .split(',')
            .filter_map(|pair| pair.split_once('='))
            .find(|(k, _)| *k == STACK_LABEL)
            .map(|(_, v)| v.to_owned()),
        Some(Value::Object(map)) => map
            .get(STACK_LABEL)
            .and_then(Value::as_str)
            .map(String::from),
        _ => None,
    };
    Some(RunningObject {
        id: listed.id,
        name: listed.name?,
        stack,
        data: None,
    })
}

fn unrecognized(sources: &Sources, id: SourceId) -> crate::diagnostic::Diagnostic {
    let file = sources.get(id);
    let start = file.text.len() - file.text.trim_start().len();
    crate::diagnostic::Diagnostic::new(
        &crate::rules::DOCKER_OUTPUT_UNRECOGNIZED,
        format!(
            "this is not what `{SERVICES_COMMAND}`, `{NETWORKS_COMMAND}`, `{SECRETS_COMMAND}`, `{CONFIGS_COMMAND}` or `{TASKS_COMMAND}` prints"
        ),
    )
    .at(crate::source::Span::new(id, start, start))
    .help("save the output of `docker service inspect $(docker service ls -q)`, `docker network inspect $(docker network ls -q --filter scope=swarm)`, `docker secret ls --format '{{json .}}'` and `docker config inspect $(docker config ls -q)`, or use `--docker`")
}

fn null_default<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(
    d: D,
) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}
