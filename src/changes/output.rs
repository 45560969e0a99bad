//! The change set for machines: what `swarmc diff --changes FILE` writes, so that a
//! pipeline can gate a deploy on what it will do (a restart, a removal, a refusal)
//! without parsing the plan written for people. Its shape is
//! `schemas/changes.schema.json`, generated from these types and described in
//! `docs/DIFF.md`.

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

use super::refusals::Outcome;
use super::{Action, ChangeSet, ObjectAction, Restart};

/// The value of `schema`: changes only when a field changes meaning or goes away.
pub const CHANGES_SCHEMA: &str = "swarmc-changes/1";

#[derive(Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "swarmc changes",
    description = "What `swarmc diff --changes` says `docker stack deploy` will change in a running stack"
)]
pub struct Changes {
    /// Always `swarmc-changes/1`.
    pub schema: &'static str,
    /// The stack's name, as `docker stack deploy` is given it.
    pub stack: String,
    /// Whether the deploy is run with `--prune`.
    pub prune: bool,
    /// Whether the deploy changes anything on the swarm.
    pub changed: bool,
    /// Every service of the stack file and of the stack on the swarm, sorted by name.
    pub services: Vec<ServiceOut>,
    /// Every network the stack creates, sorted by name.
    pub networks: Vec<ObjectOut>,
    /// Every secret the stack creates, and those the stack created and no longer
    /// uses; absent when the secrets on the swarm were not read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secrets: Option<Vec<ObjectOut>>,
    /// As `secrets`, for configs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub configs: Option<Vec<ObjectOut>>,
    /// What docker will refuse, stopping the deploy, or silently not do.
    pub refusals: Vec<RefusalOut>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceOut {
    /// The service's name on the swarm, `<stack>_<service>`.
    pub name: String,
    pub action: ActionName,
    /// Whether the update restarts the service's running tasks: `no`; `yes`, every
    /// task; `moved`, only tasks on nodes that no longer satisfy the placement
    /// constraints.
    pub restarts: RestartName,
    /// Tasks the service runs now, when the task list was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub running_tasks: Option<u64>,
    /// How an update that restarts tasks replaces them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rollout: Option<RolloutOut>,
    /// The fields an update changes, sorted by path.
    pub changes: Vec<FieldOut>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RolloutOut {
    /// `stop-first` or `start-first`.
    pub order: String,
    /// Tasks replaced at once; 0 is all of them.
    pub parallelism: u64,
    /// Nanoseconds between batches.
    pub delay_ns: u64,
    /// `pause`, `continue` or `rollback`.
    pub failure_action: String,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldOut {
    /// The field in the Engine API's service spec: `TaskTemplate.ContainerSpec.Image`,
    /// `Labels[com.docker.stack.image]`, `TaskTemplate.ContainerSpec.Env[NAME]`.
    pub path: String,
    /// The value on the swarm; absent when the field is added.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<Value>,
    /// The value the deploy sends; absent when the field is removed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<Value>,
    pub restarts: RestartName,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectOut {
    pub name: String,
    pub action: ObjectActionName,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RefusalOut {
    /// The rule's code (`SW701`).
    pub code: &'static str,
    /// `refused`: docker stops the deploy with an error there; `ignored`: docker goes
    /// on without making the change.
    pub outcome: OutcomeName,
    pub message: String,
    /// The line docker prints when it stops, for a refusal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docker_says: Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ActionName {
    Create,
    Update,
    Unchanged,
    /// Removed by `--prune`.
    Remove,
    /// Left running without `--prune`, though the stack file no longer has it.
    Orphan,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ObjectActionName {
    Create,
    Keep,
    /// Created by the stack, no longer used; docker leaves it in place.
    Unused,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RestartName {
    No,
    Moved,
    Yes,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum OutcomeName {
    Refused,
    Ignored,
}

fn restart(r: Restart) -> RestartName {
    match r {
        Restart::No => RestartName::No,
        Restart::Moved => RestartName::Moved,
        Restart::Yes => RestartName::Yes,
    }
}

impl ChangeSet {
    pub fn to_output(&self) -> Changes {
        let objects = |list: &[super::ObjectChange]| {
            list.iter()
                .map(|o| ObjectOut {
                    name: o.name.clone(),
                    action: match o.action {
                        ObjectAction::Create => ObjectActionName::Create,
                        ObjectAction::Keep => ObjectActionName::Keep,
                        ObjectAction::Unused => ObjectActionName::Unused,
                    },
                })
                .collect::<Vec<_>>()
        };
        Changes {
            schema: CHANGES_SCHEMA,
            stack: self.stack.clone(),
            prune: self.prune,
            changed: self.changes_anything(),
            services: self
                .services
                .iter()
                .map(|s| ServiceOut {
                    name: s.name.clone(),
                    action: match s.action {
                        Action::Create => ActionName::Create,
                        Action::Update => ActionName::Update,
                        Action::Unchanged => ActionName::Unchanged,
                        Action::Remove => ActionName::Remove,
                        Action::Orphan => ActionName::Orphan,
                    },
                    restarts: restart(s.restarts),
                    running_tasks: s.running_tasks,
                    rollout: s.rollout.as_ref().map(|r| RolloutOut {
                        order: r.order.clone(),
                        parallelism: r.parallelism,
                        delay_ns: r.delay,
                        failure_action: r.failure_action.clone(),
                    }),
                    changes: s
                        .fields
                        .iter()
                        .map(|f| FieldOut {
                            path: f.path.clone(),
                            old: f.old.clone(),
                            new: f.new.clone(),
                            restarts: restart(f.restarts),
                        })
                        .collect(),
                })
                .collect(),
            networks: objects(&self.networks),
            secrets: self.secrets_known.then(|| objects(&self.secrets)),
            configs: self.configs_known.then(|| objects(&self.configs)),
            refusals: self
                .refusals
                .iter()
                .map(|r| RefusalOut {
                    code: r.rule.code,
                    outcome: match r.outcome {
                        Outcome::Refused => OutcomeName::Refused,
                        Outcome::Ignored => OutcomeName::Ignored,
                    },
                    message: r.message.clone(),
                    docker_says: r.docker_says.clone(),
                })
                .collect(),
        }
    }

    /// The change set as JSON text, with a final newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(&self.to_output()).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// `schemas/changes.schema.json`.
pub fn changes_schema() -> String {
    let schema = schemars::schema_for!(Changes);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn the_schema_file_is_in_sync() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/changes.schema.json");
        let expected = changes_schema();
        let written = std::fs::read_to_string(&path).unwrap_or_default();
        if written != expected {
            std::fs::write(&path, &expected).unwrap();
            panic!(
                "`{}` was out of date and has been regenerated; review and commit it",
                path.display()
            );
        }
    }
}
