//! What docker will refuse half-way through a deploy, or silently leave as it was.
//! `docker stack deploy` removes pruned services, creates networks, then secrets, then
//! configs, then creates or updates each service, and stops at the first request the
//! manager refuses: what came before it is applied, what comes after is not. Each
//! refusal carries the words docker prints (docker 20.10 to 28, checked on a real
//! swarm by `tests/swarm/changes.rs`).

use std::collections::BTreeSet;

use serde_json::Value;

use super::Options;
use super::running::{Running, RunningNetwork, RunningObject, RunningService};
use crate::docker_api::RequestKind;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a published port of the stack that another service of the swarm already
    /// publishes, as `swarmc diff` finds the swarm: an ingress port anyone else
    /// publishes, or a host-mode port another service publishes on the ingress network.
    ///
    /// ## Why
    /// The manager refuses to create or update the service (`port '8080' is already in
    /// use by service 'shop_web' (...) as an ingress port`), and `docker stack deploy`
    /// stops there, with the stack's networks, secrets, configs and some of its
    /// services already created or updated: the stack is left half-deployed.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   api:
    ///     ports:
    ///       - "8080:80"   # `shop_web` publishes 8080 already
    /// ```
    ///
    /// ## Fix
    /// Publish another port, or remove the port from the service that holds it first.
    pub static PORT_TAKEN_ON_SWARM = ("SW701", "port-taken-on-swarm", Error);
}

declare_rule! {
    /// ## What it does
    /// Reports a service whose mode (`replicated`, `global`, `replicated-job`,
    /// `global-job`) differs from the mode of the service of the same name running on
    /// the swarm.
    ///
    /// ## Why
    /// Swarm cannot change a service's mode: the manager refuses the update (`service
    /// mode change is not allowed`) and `docker stack deploy` stops there, half-way.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   agent:
    ///     deploy:
    ///       mode: global   # runs as `replicated` now
    /// ```
    ///
    /// ## Fix
    /// Remove the service first (`docker service rm <stack>_<service>`), or give the
    /// new service another name.
    pub static SERVICE_MODE_CHANGE = ("SW702", "service-mode-change", Error);
}

declare_rule! {
    /// ## What it does
    /// Reports a network, or a service, the stack creates under a name that something
    /// outside the stack already holds on the swarm: another stack's network, a
    /// network created by hand, a service created with `docker service create`.
    ///
    /// ## Why
    /// `docker stack deploy` only looks for its own objects (by the
    /// `com.docker.stack.namespace` label), so it asks to create the name again, and the
    /// manager refuses (`network with name shop_back already exists`, `name conflicts
    /// with an existing object`): the deploy stops there, half-way.
    ///
    /// ## Example
    /// ```yaml
    /// networks:
    ///   back:
    ///     name: shared_back   # created by another stack
    /// ```
    ///
    /// ## Fix
    /// Declare the network `external: true` to use the one that exists, or name it
    /// differently; remove or rename a service created by hand.
    pub static NAME_TAKEN_ON_SWARM = ("SW703", "name-taken-on-swarm", Error);
}

declare_rule! {
    /// ## What it does
    /// Reports a network of the stack whose driver, subnets, driver options, `internal`
    /// or `attachable` differ from the network of the same name that the stack created
    /// earlier.
    ///
    /// ## Why
    /// `docker stack deploy` never changes a network that exists: it skips it without a
    /// word, and the services keep the old subnet or options. The stack file then says
    /// something the swarm does not do.
    ///
    /// ## Example
    /// ```yaml
    /// networks:
    ///   back:
    ///     ipam:
    ///       config:
    ///         - subnet: 10.20.2.0/24   # the network holds 10.20.1.0/24
    /// ```
    ///
    /// ## Fix
    /// Remove the stack (`docker stack rm`) and deploy it again, which recreates its
    /// networks; or keep the network as it is in the stack file.
    pub static NETWORK_CHANGE_IGNORED = ("SW704", "network-change-ignored", Warning);
}

declare_rule! {
    /// ## What it does
    /// Reports a config of the stack whose content differs from the config of the same
    /// name on the swarm.
    ///
    /// ## Why
    /// Swarm cannot change a config's or a secret's content: `docker stack deploy` asks
    /// to update it and the manager refuses (`only updates to Labels are allowed`), which
    /// stops the deploy before any service. swarmc names configs and secrets made from
    /// files after their content, so this happens to configs named by hand (`name:`
    /// ending in a hash of other content) or created outside swarmc.
    ///
    /// ## Example
    /// ```yaml
    /// configs:
    ///   nginx:
    ///     name: nginx_conf   # holds other content on the swarm
    ///     file: ./nginx.conf
    /// ```
    ///
    /// ## Fix
    /// Leave `name` out, so that swarmc names the config after its content; or give it
    /// a new name.
    pub static OBJECT_CONTENT_CHANGE = ("SW705", "object-content-change", Error);
}

/// What a refusal is about, named as on the swarm.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    /// A published port (`protocol`, `port`) of a service.
    Port {
        service: String,
        protocol: String,
        port: u64,
    },
    ServiceMode {
        service: String,
    },
    ServiceName {
        service: String,
    },
    Network {
        network: String,
        /// The field that differs, for an ignored change (`subnet`, `driver`, ...).
        field: Option<String>,
    },
    Config {
        config: String,
    },
}

/// Whether docker stops on it or goes on without it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The deploy stops with an error here.
    Refused,
    /// The deploy goes on and the change is not made.
    Ignored,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    pub subject: Subject,
    pub outcome: Outcome,
    pub rule: &'static crate::rules::Rule,
    /// What swarmc says, for people.
    pub message: String,
    /// For a refusal, the line docker prints when it stops.
    pub docker_says: Option<String>,
}

impl Refusal {
    /// The step of the deploy it happens at, in docker's order.
    pub fn stage(&self) -> u8 {
        match self.subject {
            Subject::Network { .. } => 0,
            Subject::Config { .. } => 2,
            _ => 3,
        }
    }
}

const DAEMON: &str = "Error response from daemon: rpc error: code =";

fn ports(spec: &Value) -> Vec<&Value> {
    spec.pointer("/EndpointSpec/Ports")
        .and_then(Value::as_array)
        .map(|p| p.iter().collect())
        .unwrap_or_default()
}

fn port_key(port: &Value) -> Option<(String, u64, bool)> {
    let published = port.get("PublishedPort").and_then(Value::as_u64)?;
    if published == 0 {
        return None;
    }
    let protocol = port
        .get("Protocol")
        .and_then(Value::as_str)
        .unwrap_or("tcp")
        .to_owned();
    let host = port.get("PublishMode").and_then(Value::as_str) == Some("host");
    Some((protocol, published, host))
}

/// What the manager will refuse of one requested service (`current`: the running
/// service of the stack it updates, if any).
pub(super) fn of_service(
    name: &str,
    body: &Value,
    current: Option<&RunningService>,
    running: &Running,
    requested: &BTreeSet<String>,
    options: &Options,
) -> Vec<Refusal> {
    let verb = if current.is_some() {
        "update"
    } else {
        "create"
    };
    let mut found = Vec::new();
    if current.is_none()
        && let Some(holder) = running.services.iter().find(|s| s.name == name)
    {
        found.push(Refusal {
            subject: Subject::ServiceName {
                service: name.to_owned(),
            },
            outcome: Outcome::Refused,
            rule: &NAME_TAKEN_ON_SWARM,
            message: format!(
                "service `{name}` exists on the swarm outside stack `{}`",
                options.stack
            ),
            docker_says: Some(format!(
                "failed to create service {name}: {DAEMON} AlreadyExists desc = name conflicts with an existing object: service {} already exists",
                holder.name
            )),
        });
    }
    if let Some(current) = current {
        let (now, then) = (
            super::normalize::mode(&current.spec),
            super::normalize::mode(body),
        );
        if now.is_some() && then.is_some() && now != then {
            found.push(Refusal {
                subject: Subject::ServiceMode {
                    service: name.to_owned(),
                },
                outcome: Outcome::Refused,
                rule: &SERVICE_MODE_CHANGE,
                message: format!(
                    "service `{name}` runs in mode `{}` and swarm cannot change it to `{}`",
                    mode_name(now.unwrap_or_default()),
                    mode_name(then.unwrap_or_default())
                ),
                docker_says: Some(format!(
                    "failed to update service {name}: {DAEMON} Unimplemented desc = service mode change is not allowed"
                )),
            });
        }
    }
    // Ports held by the services that stay as they are: other stacks' services, and
    // this stack's that the deploy neither updates nor removes.
    let mut seen = BTreeSet::new();
    for wanted in ports(body) {
        let Some((protocol, port, host)) = port_key(wanted) else {
            continue;
        };
        if !seen.insert((protocol.clone(), port, host)) {
            continue;
        }
        for other in &running.services {
            let ours = other.stack() == Some(options.stack.as_str());
            if other.name == name || (ours && (requested.contains(&other.name) || options.prune)) {
                continue;
            }
            let held = ports(&other.spec)
                .into_iter()
                .chain(other.ports.iter())
                .filter_map(port_key)
                .find(|(p, n, other_host)| *p == protocol && *n == port && !(host && *other_host));
            let Some((_, _, other_host)) = held else {
                continue;
            };
            let how = if other_host {
                "a host-published port"
            } else {
                "an ingress port"
            };
            found.push(Refusal {
                subject: Subject::Port {
                    service: name.to_owned(),
                    protocol: protocol.clone(),
                    port,
                },
                outcome: Outcome::Refused,
                rule: &PORT_TAKEN_ON_SWARM,
                message: format!(
                    "port `{port}` of service `{name}` is published by `{}` on the swarm, as {how}",
                    other.name
                ),
                docker_says: Some(format!(
                    "failed to {verb} service {name}: {DAEMON} InvalidArgument desc = port '{port}' is already in use by service '{}' ({}) as {how}",
                    other.name, other.id
                )),
            });
            break;
        }
    }
    found
}

fn mode_name(mode: &str) -> &'static str {
    match mode {
        "Global" => "global",
        "ReplicatedJob" => "replicated-job",
        "GlobalJob" => "global-job",
        _ => "replicated",
    }
}

/// A network the stack creates under a name someone else holds.
pub(super) fn network_taken(name: &str, holder: &RunningNetwork) -> Refusal {
    let owner = match holder.stack() {
        Some(stack) => format!("stack `{stack}`"),
        None => "no stack".to_owned(),
    };
    Refusal {
        subject: Subject::Network {
            network: name.to_owned(),
            field: None,
        },
        outcome: Outcome::Refused,
        rule: &NAME_TAKEN_ON_SWARM,
        message: format!("network `{name}` exists on the swarm and belongs to {owner}"),
        docker_says: Some(format!(
            "failed to create network {name}: Error response from daemon: network with name {name} already exists"
        )),
    }
}

/// What of a requested network differs from the stack's network that exists, which
/// docker keeps as it is.
pub(super) fn of_kept_network(body: &Value, current: &RunningNetwork) -> Vec<Refusal> {
    let mut found = Vec::new();
    let mut differs = |field: &str, old: String, new: String| {
        if old != new {
            found.push(Refusal {
                subject: Subject::Network {
                    network: current.name.clone(),
                    field: Some(field.to_owned()),
                },
                outcome: Outcome::Ignored,
                rule: &NETWORK_CHANGE_IGNORED,
                message: format!(
                    "network `{}` has {field} `{old}` on the swarm; docker keeps it and ignores `{new}`",
                    current.name
                ),
                docker_says: None,
            });
        }
    };
    let driver = body
        .get("Driver")
        .and_then(Value::as_str)
        .filter(|d| !d.is_empty())
        .unwrap_or("overlay");
    differs("driver", current.driver.clone(), driver.to_owned());
    let wanted: Vec<&str> = body
        .pointer("/IPAM/Config")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|c| c.get("Subnet").and_then(Value::as_str))
        .collect();
    // A network created without a subnet got one from the pool: nothing to compare.
    if !wanted.is_empty() {
        differs("subnet", current.subnets().join(", "), wanted.join(", "));
    }
    if let Some(options) = body.get("Options").and_then(Value::as_object) {
        for (key, value) in options {
            let value = value.as_str().unwrap_or_default();
            let old = current.options.get(key).map_or("", String::as_str);
            differs(&format!("option {key}"), old.to_owned(), value.to_owned());
        }
    }
    for (field, old) in [
        ("internal", current.internal),
        ("attachable", current.attachable),
    ] {
        let key = if field == "internal" {
            "Internal"
        } else {
            "Attachable"
        };
        let new = body.get(key).and_then(Value::as_bool).unwrap_or(false);
        differs(field, old.to_string(), new.to_string());
    }
    found
}

/// A requested secret or config whose name exists: docker updates it, which the
/// manager refuses when the content differs. Only configs show their content.
pub(super) fn of_kept_object(
    kind: RequestKind,
    body: &Value,
    current: &RunningObject,
) -> Vec<Refusal> {
    let wanted = body.get("Data").and_then(Value::as_str);
    match (kind, &current.data, wanted) {
        (RequestKind::ConfigCreate, Some(old), Some(new)) if old != new => vec![Refusal {
            subject: Subject::Config {
                config: current.name.clone(),
            },
            outcome: Outcome::Refused,
            rule: &OBJECT_CONTENT_CHANGE,
            message: format!(
                "config `{}` holds other content on the swarm, which swarm cannot change",
                current.name
            ),
            docker_says: Some(format!(
                "failed to update config {}: {DAEMON} InvalidArgument desc = only updates to Labels are allowed",
                current.name
            )),
        }],
        _ => Vec::new(),
    }
}
