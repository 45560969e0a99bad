//! What `docker stack deploy` will change in a running stack, before it changes it:
//! docker has no dry run. The desired side is the Engine API requests a deploy sends
//! ([`crate::docker_api::Request`]), the running side what the docker CLI prints of
//! the swarm ([`running`]); [`plan`] compares them as docker and SwarmKit do and
//! returns the change set: per service created, updated (which fields, whether tasks
//! restart, in what order), unchanged, removed or orphaned; per network, secret and
//! config created or kept; and every change docker will refuse half-way or silently
//! ignore ([`refusals`]).
//!
//! Not to be confused with `src/diff.rs`, the unified diff of `compile --check`.

pub mod driver;
pub mod fields;
pub mod locate;
pub mod normalize;
pub mod output;
pub mod refusals;
pub mod render;
pub mod running;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::docker_api::{Request, RequestKind};
pub use fields::{FieldChange, Restart};
pub use output::{CHANGES_SCHEMA, changes_schema};
pub use refusals::{Refusal, Subject};
pub use running::Running;

/// How the deploy is run.
#[derive(Debug, Clone)]
pub struct Options {
    /// The stack's name, as `docker stack deploy` is given it.
    pub stack: String,
    /// `docker stack deploy --prune`: services of the stack that the stack file no
    /// longer has are removed.
    pub prune: bool,
}

/// What happens to a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Action {
    Create,
    Update,
    Unchanged,
    /// Removed by `--prune`.
    Remove,
    /// In the stack on the swarm, not in the stack file, and left running without
    /// `--prune`.
    Orphan,
}

/// What happens to a network, secret or config.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ObjectAction {
    Create,
    /// Exists and is used as it is.
    Keep,
    /// The stack created it and no longer uses it; a deploy leaves it in place.
    Unused,
}

/// How a service's tasks are replaced, from its `UpdateConfig`.
#[derive(Debug, Clone, PartialEq)]
pub struct Rollout {
    /// `stop-first` or `start-first`.
    pub order: String,
    /// Tasks replaced at once; 0 is all of them.
    pub parallelism: u64,
    /// Nanoseconds between batches.
    pub delay: u64,
    /// `pause`, `continue` or `rollback`.
    pub failure_action: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ServiceChange {
    /// The name on the swarm (`<stack>_<service>`).
    pub name: String,
    pub action: Action,
    pub fields: Vec<FieldChange>,
    /// The largest restart any field causes; `No` for anything but an update.
    pub restarts: Restart,
    /// Tasks it runs now, when the task list was read.
    pub running_tasks: Option<u64>,
    /// How an update replaces its tasks, when it restarts them.
    pub rollout: Option<Rollout>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ObjectChange {
    pub name: String,
    pub action: ObjectAction,
}

/// The change set of one deploy.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeSet {
    pub stack: String,
    pub prune: bool,
    pub services: Vec<ServiceChange>,
    pub networks: Vec<ObjectChange>,
    pub secrets: Vec<ObjectChange>,
    pub configs: Vec<ObjectChange>,
    /// Whether the secrets (and configs) that exist were read: without them, every
    /// secret is listed as created.
    pub secrets_known: bool,
    pub configs_known: bool,
    pub refusals: Vec<Refusal>,
}

impl ChangeSet {
    /// Whether the deploy changes anything on the swarm.
    pub fn changes_anything(&self) -> bool {
        self.services
            .iter()
            .any(|s| !matches!(s.action, Action::Unchanged | Action::Orphan))
            || [&self.networks, &self.secrets, &self.configs]
                .iter()
                .any(|list| list.iter().any(|o| o.action == ObjectAction::Create))
    }
}

/// Compares the requests a deploy sends with what the swarm runs.
pub fn plan(requests: &[Request], running: &Running, options: &Options) -> ChangeSet {
    let stack = options.stack.as_str();
    let network_names: BTreeMap<&str, &str> = running
        .networks
        .iter()
        .map(|n| (n.id.as_str(), n.name.as_str()))
        .collect();
    let network_name = |id: &str| network_names.get(id).map(|n| (*n).to_owned());
    let of = |kind: RequestKind| requests.iter().filter(move |r| r.kind == kind);
    let name = |r: &Request| {
        r.body
            .get("Name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };

    let mut refusals = Vec::new();
    let requested: BTreeSet<String> = of(RequestKind::ServiceCreate).map(name).collect();
    let mut services = Vec::new();
    for request in of(RequestKind::ServiceCreate) {
        let service_name = name(request);
        let current = running.services.iter().find(|s| s.name == service_name);
        // Only the stack's own services are updated; docker creates the others, and
        // the manager refuses a name that is taken.
        let current = current.filter(|s| s.stack() == Some(stack));
        let sent = normalize::as_sent(&request.body, current);
        let desired = normalize::comparable(&sent, &network_name);
        let (action, fields) = match current {
            None => (Action::Create, Vec::new()),
            Some(current) => {
                let now = normalize::comparable(&current.spec, &network_name);
                let fields = fields::differences(&now, &desired);
                if fields.is_empty() {
                    (Action::Unchanged, fields)
                } else {
                    (Action::Update, fields)
                }
            }
        };
        refusals.extend(refusals::of_service(
            &service_name,
            &request.body,
            current,
            running,
            &requested,
            options,
        ));
        let restarts = fields
            .iter()
            .map(|f| f.restarts)
            .max()
            .unwrap_or(Restart::No);
        let rollout = (restarts != Restart::No).then(|| rollout(&request.body));
        services.push(ServiceChange {
            running_tasks: running
                .tasks
                .as_ref()
                .map(|t| t.get(&service_name).copied().unwrap_or(0)),
            name: service_name,
            action,
            fields,
            restarts,
            rollout,
        });
    }
    for current in running.services.iter().filter(|s| s.stack() == Some(stack)) {
        if requested.contains(&current.name) {
            continue;
        }
        services.push(ServiceChange {
            name: current.name.clone(),
            action: if options.prune {
                Action::Remove
            } else {
                Action::Orphan
            },
            fields: Vec::new(),
            restarts: Restart::No,
            running_tasks: running
                .tasks
                .as_ref()
                .map(|t| t.get(&current.name).copied().unwrap_or(0)),
            rollout: None,
        });
    }
    services.sort_by(|a, b| a.name.cmp(&b.name));

    let mut networks = Vec::new();
    for request in of(RequestKind::NetworkCreate) {
        let network_name = name(request);
        let current = running.networks.iter().find(|n| n.name == network_name);
        let action = match current {
            Some(current) if current.stack() == Some(stack) => {
                refusals.extend(refusals::of_kept_network(&request.body, current));
                ObjectAction::Keep
            }
            Some(current) => {
                refusals.push(refusals::network_taken(&network_name, current));
                ObjectAction::Create
            }
            None => ObjectAction::Create,
        };
        networks.push(ObjectChange {
            name: network_name,
            action,
        });
    }
    networks.sort_by(|a, b| a.name.cmp(&b.name));

    let objects = |kind: RequestKind,
                   existing: Option<&Vec<running::RunningObject>>,
                   refusals: &mut Vec<Refusal>| {
        let mut changes = Vec::new();
        let mut wanted = BTreeSet::new();
        for request in of(kind) {
            let object_name = name(request);
            wanted.insert(object_name.clone());
            let current = existing.and_then(|e| e.iter().find(|o| o.name == object_name));
            let action = match current {
                Some(current) => {
                    refusals.extend(refusals::of_kept_object(kind, &request.body, current));
                    ObjectAction::Keep
                }
                None => ObjectAction::Create,
            };
            changes.push(ObjectChange {
                name: object_name,
                action,
            });
        }
        for current in existing.into_iter().flatten() {
            if current.stack.as_deref() == Some(stack) && !wanted.contains(&current.name) {
                changes.push(ObjectChange {
                    name: current.name.clone(),
                    action: ObjectAction::Unused,
                });
            }
        }
        changes.sort_by(|a, b| a.name.cmp(&b.name));
        changes
    };
    let secrets = objects(
        RequestKind::SecretCreate,
        running.secrets.as_ref(),
        &mut refusals,
    );
    let configs = objects(
        RequestKind::ConfigCreate,
        running.configs.as_ref(),
        &mut refusals,
    );
    refusals.sort_by(|a, b| (a.stage(), &a.subject).cmp(&(b.stage(), &b.subject)));
    ChangeSet {
        stack: stack.to_owned(),
        prune: options.prune,
        services,
        networks,
        secrets,
        configs,
        secrets_known: running.secrets.is_some(),
        configs_known: running.configs.is_some(),
        refusals,
    }
}

/// The update settings of a requested spec, with the manager's defaults.
fn rollout(spec: &Value) -> Rollout {
    let config = spec.get("UpdateConfig");
    let field = |key: &str| config.and_then(|c| c.get(key));
    Rollout {
        order: field("Order")
            .and_then(Value::as_str)
            .unwrap_or("stop-first")
            .to_owned(),
        parallelism: field("Parallelism").and_then(Value::as_u64).unwrap_or(1),
        delay: field("Delay").and_then(Value::as_u64).unwrap_or(0),
        failure_action: field("FailureAction")
            .and_then(Value::as_str)
            .unwrap_or("pause")
            .to_owned(),
    }
}
