//! The predicted placement for machines: what `swarmc check --prediction FILE` writes,
//! so that a pipeline (or a test against a real swarm) can compare swarm's outcome
//! with `check`'s, service by service, without parsing the summary written for
//! people. Its shape is `schemas/prediction.schema.json`, generated from these types
//! and described in `docs/PREDICTION.md`.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use super::Cx;
use crate::schedule::ServiceOutcome;
use crate::swarm;

/// The value of `schema`: changes only when a field changes meaning or goes away.
pub const PREDICTION_SCHEMA: &str = "swarmc-prediction/1";

/// What `check` predicts swarm does with the stack on the site.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "swarmc prediction",
    description = "What `swarmc check --prediction` predicts swarm's scheduler does with a stack on a site"
)]
pub struct Prediction {
    /// Always `swarmc-prediction/1`.
    pub schema: &'static str,
    /// The stack's name, as `docker stack deploy` would be given it.
    pub stack: String,
    /// Every service of the stack, sorted by name.
    pub services: Vec<ServicePrediction>,
    /// For every service whose pending tasks depend on the order swarm creates the
    /// services in: an order that places the most of its tasks and one that places
    /// the fewest. Sorted by service.
    pub orders: Vec<OrderPrediction>,
}

/// One service's predicted placement.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServicePrediction {
    /// The service's key in the stack file.
    pub name: String,
    pub mode: ModeName,
    /// Tasks swarm creates at deployment: the replicas; for a global service, one
    /// per node it runs on; for a replicated job, the tasks run at once.
    pub desired: u64,
    /// Tasks the scheduler assigns to a node.
    pub placed: u64,
    /// Tasks left pending; `desired` is `placed` plus `pending`, except for tasks
    /// beyond the simulation's limit.
    pub pending: u64,
    /// The fewest and the most tasks left pending over every service order and
    /// tie-break tried; equal unless `order_dependent` or `tie_dependent`.
    pub pending_min: u64,
    pub pending_max: u64,
    /// Swarm's error on the pending tasks, in its own words; null when none is
    /// pending.
    pub error: Option<String>,
    /// Every group of pending tasks with its error, and the node a global service's
    /// task was created for.
    pub pending_tasks: Vec<PendingPrediction>,
    /// Tasks per node (by hostname) when the outcome is certain; null when swarm's
    /// choice among nodes it ranks equal, or the order it creates services in, can
    /// move a task.
    pub nodes: Option<BTreeMap<String, u64>>,
    /// Nodes that may receive the service's tasks, sorted; the keys of `nodes` when
    /// that is not null.
    pub candidates: Vec<String>,
    /// Whether how many tasks are placed depends on the order swarm creates the
    /// services in (Go map order: random); `orders` then names two orders.
    pub order_dependent: bool,
    /// Whether how many tasks are placed depends on which of the nodes it ranks
    /// equal swarm picks for some service (also random).
    pub tie_dependent: bool,
    /// Tasks of a job created only once earlier ones complete.
    pub later: u64,
    /// Set when swarm refuses the service itself (a constraint it cannot parse):
    /// its error; nothing is placed.
    pub refused: Option<String>,
}

/// Tasks of a service pending for one reason.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PendingPrediction {
    pub tasks: u64,
    /// The node a global service's task was created for; null for a replicated one.
    pub node: Option<String>,
    pub error: String,
}

/// Two creation orders of the services that compete for room, with different
/// outcomes for `service`.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderPrediction {
    /// The service whose outcome differs.
    pub service: String,
    /// The services that compete for room, sorted; only their order was varied.
    pub services: Vec<String>,
    /// An order of `services` that places the most tasks of `service`.
    pub fits: Vec<String>,
    /// An order of `services` that leaves the most tasks of `service` pending.
    pub fails: Vec<String>,
}

#[derive(Clone, Copy, Debug, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ModeName {
    Replicated,
    Global,
    ReplicatedJob,
    GlobalJob,
}

impl ModeName {
    fn of(service: &swarm::Service) -> ModeName {
        match service.deploy.as_ref().and_then(|d| d.mode) {
            None | Some(swarm::Mode::Replicated) => ModeName::Replicated,
            Some(swarm::Mode::Global) => ModeName::Global,
            Some(swarm::Mode::ReplicatedJob) => ModeName::ReplicatedJob,
            Some(swarm::Mode::GlobalJob) => ModeName::GlobalJob,
        }
    }
}

/// The prediction for the checked stack, named `stack`.
pub fn prediction(cx: &Cx<'_>, stack: &str) -> Prediction {
    let mut services: Vec<ServicePrediction> = cx
        .services
        .iter()
        .zip(&cx.simulation.services)
        .zip(&cx.orders.services)
        .map(|((service, outcome), variation)| {
            let refused = outcome.rejected.as_ref().map(ToString::to_string);
            let nodes = (variation.certain && refused.is_none()).then(|| outcome.placed.clone());
            let candidates = match &nodes {
                Some(nodes) => nodes.keys().cloned().collect(),
                None => variation.candidates.iter().cloned().collect(),
            };
            ServicePrediction {
                name: service.name.to_owned(),
                mode: ModeName::of(service.service),
                desired: outcome.tasks,
                placed: outcome.placed_tasks(),
                pending: outcome.pending_tasks(),
                pending_min: variation.fewest_pending,
                pending_max: variation.most_pending,
                error: outcome.pending.first().map(|p| p.error.clone()),
                pending_tasks: pending_tasks(outcome),
                nodes,
                candidates,
                order_dependent: variation.orders.is_some(),
                tie_dependent: variation.ties.is_some(),
                later: outcome.deferred,
                refused,
            }
        })
        .collect();
    services.sort_by(|a, b| a.name.cmp(&b.name));
    let mut competing = cx.orders.competing.clone();
    competing.sort();
    let mut orders: Vec<OrderPrediction> = cx
        .services
        .iter()
        .zip(&cx.orders.services)
        .filter_map(|(service, variation)| {
            let witness = variation.orders.as_ref()?;
            Some(OrderPrediction {
                service: service.name.to_owned(),
                services: competing.clone(),
                fits: witness.fits.clone(),
                fails: witness.fails.clone(),
            })
        })
        .collect();
    orders.sort_by(|a, b| a.service.cmp(&b.service));
    Prediction {
        schema: PREDICTION_SCHEMA,
        stack: stack.to_owned(),
        services,
        orders,
    }
}

fn pending_tasks(outcome: &ServiceOutcome) -> Vec<PendingPrediction> {
    outcome
        .pending
        .iter()
        .map(|p| PendingPrediction {
            tasks: p.tasks,
            node: p.node.clone(),
            error: p.error.clone(),
        })
        .collect()
}

impl Prediction {
    /// The prediction as pretty-printed JSON, ending with a newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// The JSON Schema of the prediction, as `schemas/prediction.schema.json` holds it.
pub fn prediction_schema() -> String {
    let schema = schemars::schema_for!(Prediction);
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
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/prediction.schema.json");
        let expected = prediction_schema();
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
