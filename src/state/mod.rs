//! The swarm's running state, from what the docker CLI prints: `docker service
//! inspect` (what each running service reserves and publishes) and `docker stack ps`
//! or `docker node ps` with `--format '{{json .}}'` (where each task runs). The
//! scheduler model starts from these tasks ([`crate::schedule::simulate_from`]), so
//! that a prediction on a busy swarm counts what other stacks already hold. Tasks of
//! the stack being deployed are left out: a deploy replaces them.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};

use crate::diagnostic::Diagnostics;
use crate::schedule::{GenericRequest, HostPort, Protocol, Reservations, RunningTask};
use crate::site::import::STACK_LABEL;
use crate::site::import::json;
use crate::source::{SourceId, Sources};

pub const SERVICES_COMMAND: &str = "docker service inspect";
pub const TASKS_COMMAND: &str = "docker stack ps";

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
    let services: Vec<DockerService> =
        json::parse(sources, services, SERVICES_COMMAND, diagnostics)?;
    let tasks: Vec<DockerTask> = json::parse_lines(sources, tasks, TASKS_COMMAND, diagnostics)?;
    let held: BTreeMap<String, Held> = services
        .into_iter()
        .map(|s| (s.spec.name.clone(), held(s.spec)))
        .collect();
    let mut running = Vec::new();
    for task in tasks {
        if task.desired_state != "Running" || task.node.is_empty() {
            continue;
        }
        // Task names are `<service>.<slot>` or `<service>.<node id>`; service names
        // cannot hold a dot.
        let service = task.name.split('.').next().unwrap_or_default().to_owned();
        let (reservations, host_ports) = match held.get(&service) {
            Some(h) if h.stack.is_some() && h.stack.as_deref() == exclude_stack => continue,
            Some(h) => (h.reservations.clone(), h.host_ports.clone()),
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
            protocol: match p.protocol.as_deref() {
                Some("udp") => Protocol::Udp,
                Some("sctp") => Protocol::Sctp,
                _ => Protocol::Tcp,
            },
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
