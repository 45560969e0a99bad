//! The swarm's running state, from what the docker CLI prints: `docker service
//! inspect` (what each running service reserves and publishes) and `docker stack ps`
//! or `docker node ps` with `--format '{{json .}}'` (where each task runs). The
//! scheduler model starts from these tasks ([`crate::schedule::simulate_from`]), so
//! that a prediction on a busy swarm counts what other stacks already hold. Tasks of
//! the stack being deployed are left out: a deploy replaces them. `docker network
//! inspect` adds the subnets other stacks' networks hold, which a new network cannot
//! take.
//!
//! The outputs come as files in any order (`--state FILE|DIR`) or from the docker CLI
//! (`--docker`); each is recognised by its shape, so that a directory of saved
//! outputs needs no naming convention. The lists of secrets and configs are recognised
//! too, so that one directory serves `check` and `diff` (which reads them,
//! [`crate::changes`]); `check` leaves them aside.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};

use crate::diagnostic::Diagnostics;
use crate::schedule::{GenericRequest, HostPort, Protocol, Reservations, RunningTask};
use crate::site::import::json;
use crate::site::import::{STACK_LABEL, TakenSubnet};
use crate::source::{SourceId, Sources};

pub const SERVICES_COMMAND: &str = "docker service inspect";
pub const TASKS_COMMAND: &str = "docker stack ps";

/// What the swarm already runs and holds outside the stack being deployed.
#[derive(Debug, Clone, Default)]
pub struct State {
    /// Tasks of other stacks (and of services outside any stack), by node.
    pub running: Vec<RunningTask>,
    /// Subnets the networks of other stacks hold, by network name.
    pub taken_subnets: Vec<TakenSubnet>,
}

/// Which docker output a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Services,
    Tasks,
    Networks,
    /// `docker secret ls --format '{{json .}}'`.
    Secrets,
    /// `docker config ls --format '{{json .}}'` or `docker config inspect`.
    Configs,
    /// An empty list or file: nothing runs.
    Empty,
}

/// Recognises a docker output by its shape: `docker service inspect` prints specs
/// with a `TaskTemplate`, `docker network inspect` networks with an `IPAM`, `docker
/// config inspect` configs with their `Data`, and `docker stack ps`/`docker node ps`
/// one JSON object per line (or, saved another way, a list of objects with a
/// `DesiredState`). `docker secret ls` and `docker config ls` also print a line per
/// object, with `UpdatedAt`, which tasks lack; only secrets have a `Driver`. `None`
/// for anything else.
pub fn kind(text: &str) -> Option<Output> {
    let trimmed = text.trim_start();
    let compact: String = trimmed
        .chars()
        .take(64)
        .filter(|c| !c.is_whitespace())
        .collect();
    if trimmed.is_empty() || compact.starts_with("[]") {
        Some(Output::Empty)
    } else if trimmed.starts_with('{') {
        let first = trimmed.lines().next().unwrap_or_default();
        let listed_object = first.contains("\"UpdatedAt\"") && !first.contains("\"DesiredState\"");
        Some(match (listed_object, first.contains("\"Driver\"")) {
            (true, true) => Output::Secrets,
            (true, false) => Output::Configs,
            (false, _) => Output::Tasks,
        })
    } else if !trimmed.starts_with('[') {
        None
    } else if text.contains("\"TaskTemplate\"") {
        Some(Output::Services)
    } else if text.contains("\"IPAM\"") {
        Some(Output::Networks)
    } else if text.contains("\"DesiredState\"") {
        Some(Output::Tasks)
    } else if text.contains("\"Data\"") {
        Some(Output::Configs)
    } else if text.contains("\"Spec\"") {
        Some(Output::Services)
    } else {
        None
    }
}

/// Reads the docker outputs in `files` (any of [`Output`], in any order) into the state
/// the stack `stack` is deployed into; `None` after reporting, located, an output
/// that cannot be read.
pub fn read(
    sources: &Sources,
    files: &[SourceId],
    stack: &str,
    diagnostics: &mut Diagnostics,
) -> Option<State> {
    let mut services = Vec::new();
    let mut tasks = Vec::new();
    let mut networks = Vec::new();
    let mut ok = true;
    for &id in files {
        match kind(&sources.get(id).text) {
            Some(Output::Services) => services.push(id),
            Some(Output::Tasks) => tasks.push(id),
            Some(Output::Networks) => networks.push(id),
            // What exists says nothing about where tasks run.
            Some(Output::Secrets | Output::Configs | Output::Empty) => {}
            None => {
                ok = false;
                diagnostics.push(unrecognized(sources, id));
            }
        }
    }
    let running = running_tasks_of(sources, &services, &tasks, Some(stack), diagnostics);
    let mut taken_subnets = Vec::new();
    for id in networks {
        match crate::site::import::networks(sources, id, diagnostics) {
            Some(imported) => taken_subnets.extend(
                imported
                    .taken
                    .into_iter()
                    .filter(|t| t.stack.as_deref() != Some(stack)),
            ),
            None => ok = false,
        }
    }
    taken_subnets.sort_by(|a, b| a.key.cmp(&b.key));
    taken_subnets.dedup_by(|a, b| a.key == b.key);
    let running = running?;
    ok.then_some(State {
        running,
        taken_subnets,
    })
}

fn unrecognized(sources: &Sources, id: SourceId) -> crate::diagnostic::Diagnostic {
    let file = sources.get(id);
    let start = file.text.len() - file.text.trim_start().len();
    crate::diagnostic::Diagnostic::new(
        &crate::rules::DOCKER_OUTPUT_UNRECOGNIZED,
        format!(
            "this is not what `{SERVICES_COMMAND}`, `{}` or `{TASKS_COMMAND} --format '{{{{json .}}}}'` prints",
            crate::site::import::NETWORKS_COMMAND
        ),
    )
    .at(crate::source::Span::new(id, start, start))
    .help("save the output of `docker service inspect $(docker service ls -q)`, `docker node ps $(docker node ls -q) --format '{{json .}}'` and `docker network inspect $(docker network ls -q --filter scope=swarm)`, or use `--docker`")
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DockerService {
    spec: ServiceSpec,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ServiceSpec {
    name: String,
    #[serde(default, deserialize_with = "null_default")]
    labels: BTreeMap<String, String>,
    task_template: TaskTemplate,
    #[serde(default)]
    endpoint_spec: Option<EndpointSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TaskTemplate {
    #[serde(default)]
    resources: Option<Resources>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Resources {
    #[serde(default)]
    reservations: Option<DockerReservations>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DockerReservations {
    #[serde(default, rename = "NanoCPUs")]
    nano_cpus: u64,
    #[serde(default)]
    memory_bytes: u64,
    #[serde(default, deserialize_with = "null_default")]
    generic_resources: Vec<GenericSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
enum GenericSpec {
    #[serde(rename = "NamedResourceSpec")]
    Named(Kind),
    #[serde(rename = "DiscreteResourceSpec")]
    Discrete(Discrete),
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Kind {
    kind: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Discrete {
    kind: String,
    value: u64,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct EndpointSpec {
    #[serde(default, deserialize_with = "null_default")]
    ports: Vec<Port>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Port {
    #[serde(default)]
    protocol: Option<String>,
    #[serde(default)]
    published_port: u32,
    #[serde(default)]
    publish_mode: Option<String>,
}

/// One line of `docker stack ps --format '{{json .}}'` (or `docker node ps`).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DockerTask {
    /// Absent from hand-written outputs; the same task read twice (from `docker stack
    /// ps` and `docker node ps`) counts once.
    #[serde(default, rename = "ID")]
    id: String,
    name: String,
    node: String,
    desired_state: String,
}

/// What one running service holds per task.
struct Held {
    stack: Option<String>,
    reservations: Reservations,
    host_ports: Vec<HostPort>,
}

/// The tasks running on the swarm outside `exclude_stack`; `None` after reporting,
/// located, an output that cannot be read. A task of a service missing from the
/// services' output still counts on its node, with no reservations.
pub fn running_tasks(
    sources: &Sources,
    services: SourceId,
    tasks: SourceId,
    exclude_stack: Option<&str>,
    diagnostics: &mut Diagnostics,
) -> Option<Vec<RunningTask>> {
    running_tasks_of(sources, &[services], &[tasks], exclude_stack, diagnostics)
}

/// [`running_tasks`] over several outputs of each command, every one of them read
/// (and each failure reported) before giving up.
pub fn running_tasks_of(
    sources: &Sources,
    services: &[SourceId],
    tasks: &[SourceId],
    exclude_stack: Option<&str>,
    diagnostics: &mut Diagnostics,
) -> Option<Vec<RunningTask>> {
    let mut ok = true;
    let mut all_services: Vec<DockerService> = Vec::new();
    for &id in services {
        match json::parse::<Vec<DockerService>>(sources, id, SERVICES_COMMAND, diagnostics) {
            Some(read) => all_services.extend(read),
            None => ok = false,
        }
    }
    let mut all_tasks: Vec<DockerTask> = Vec::new();
    for &id in tasks {
        match json::parse_lines::<DockerTask>(sources, id, TASKS_COMMAND, diagnostics) {
            Some(read) => all_tasks.extend(read),
            None => ok = false,
        }
    }
    if !ok {
        return None;
    }
    let (services, tasks) = (all_services, all_tasks);
    let held: BTreeMap<String, Held> = services
        .into_iter()
        .map(|s| (s.spec.name.clone(), held(s.spec)))
        .collect();
    let mut running = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for task in tasks {
        if task.desired_state != "Running" || task.node.is_empty() {
            continue;
        }
        if !task.id.is_empty() && !seen.insert(task.id.clone()) {
            continue;
        }
        // Task names are `<service>.<slot>` or `<service>.<node id>`; service names
        // cannot hold a dot.
        let service = task.name.split('.').next().unwrap_or_default().to_owned();
        let (reservations, host_ports) = match held.get(&service) {
            Some(h) if h.stack.is_some() && h.stack.as_deref() == exclude_stack => continue,
            Some(h) => (h.reservations.clone(), h.host_ports.clone()),
            // Without the service's labels, its name says the stack: `docker stack
            // deploy` names services `<stack>_<service>`.
            None if exclude_stack.is_some_and(|stack| {
                service
                    .strip_prefix(stack)
                    .is_some_and(|rest| rest.starts_with('_'))
            }) =>
            {
                continue;
            }
            None => (Reservations::default(), Vec::new()),
        };
        running.push(RunningTask {
            service,
            node: task.node,
            reservations,
            host_ports,
        });
    }
    running.sort_by(|a, b| (&a.node, &a.service).cmp(&(&b.node, &b.service)));
    Some(running)
}

fn held(spec: ServiceSpec) -> Held {
    let reservations = spec
        .task_template
        .resources
        .and_then(|r| r.reservations)
        .map(|r| {
            let mut generic: Vec<GenericRequest> = Vec::new();
            for resource in r.generic_resources {
                let (kind, count) = match resource {
                    GenericSpec::Named(k) => (k.kind, 1),
                    GenericSpec::Discrete(d) => (d.kind, d.value),
                };
                match generic.iter_mut().find(|g| g.kind == kind) {
                    Some(g) => g.count = g.count.saturating_add(count),
                    None => generic.push(GenericRequest { kind, count }),
                }
            }
            Reservations {
                nano_cpus: r.nano_cpus,
                memory_bytes: r.memory_bytes,
                generic,
            }
        })
        .unwrap_or_default();
    let host_ports = spec
        .endpoint_spec
        .map(|e| e.ports)
        .unwrap_or_default()
        .into_iter()
        .filter(|p| p.publish_mode.as_deref() == Some("host") && p.published_port != 0)
        .map(|p| HostPort {
            protocol: p
                .protocol
                .as_deref()
                .and_then(Protocol::parse)
                .unwrap_or_default(),
            port: p.published_port,
        })
        .collect();
    Held {
        stack: spec.labels.get(STACK_LABEL).cloned(),
        reservations,
        host_ports,
    }
}

fn null_default<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(
    d: D,
) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

#[cfg(test)]
mod tests;
