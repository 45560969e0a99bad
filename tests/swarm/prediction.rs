//! `swarmc check --prediction`, held against the real scheduler: for every service the
//! tasks placed, the tasks pending with swarm's exact error, and the node wherever
//! the prediction is certain of it; where it says the outcome depends on the order
//! services are created in, both orders are driven by deploying one service at a time.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::lab::Lab;
use crate::observe::{Outcome, outcome, settle};
use crate::project::{Project, only_services};

/// The JSON `swarmc check --prediction FILE` writes (`swarmc-prediction/1`).
#[derive(Debug, Deserialize)]
pub(crate) struct Prediction {
    pub(crate) schema: String,
    pub(crate) services: Vec<Service>,
    #[serde(default)]
    pub(crate) orders: Vec<Order>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Service {
    pub(crate) name: String,
    pub(crate) mode: String,
    pub(crate) desired: usize,
    pub(crate) placed: usize,
    pub(crate) pending: usize,
    pub(crate) error: Option<String>,
    pub(crate) nodes: Option<BTreeMap<String, usize>>,
    pub(crate) candidates: Vec<String>,
    pub(crate) order_dependent: bool,
    /// The fewest and most tasks left pending over the orders and tie-breaks tried.
    pub(crate) pending_min: usize,
    pub(crate) pending_max: usize,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Order {
    /// The service whose outcome the order decides.
    pub(crate) service: String,
    pub(crate) services: Vec<String>,
    pub(crate) fits: Vec<String>,
    pub(crate) fails: Vec<String>,
}

/// The project's prediction (`check` may exit 1 when it predicts pending tasks).
pub(crate) fn predict(project: &Project) -> Prediction {
    let (status, stdout, stderr) = project.swarmc("check", &["--prediction", "-"]);
    assert!(
        status == 0 || status == 1,
        "swarmc check failed ({status}):\n{stderr}"
    );
    let prediction: Prediction = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("the prediction is not its JSON ({e}):\n{stdout}"));
    assert_eq!(prediction.schema, "swarmc-prediction/1");
    prediction
}

/// How the real outcome of one service differs from its prediction, if it does.
pub(crate) fn differences(predicted: &Service, real: &Outcome) -> Vec<String> {
    let name = &predicted.name;
    let mut found = Vec::new();
    if predicted.placed + predicted.pending != predicted.desired {
        found.push(format!(
            "{name}: the prediction's own counts disagree: {} placed + {} pending != {} desired",
            predicted.placed, predicted.pending, predicted.desired
        ));
    }
    if real.placed + real.pending != predicted.desired {
        found.push(format!(
            "{name}: swarm wants {} tasks ({} placed, {} pending), the prediction {} ({})",
            real.placed + real.pending,
            real.placed,
            real.pending,
            predicted.desired,
            predicted.mode
        ));
    }
    if real.placed != predicted.placed || real.pending != predicted.pending {
        found.push(format!(
            "{name}: swarm placed {} and left {} pending; predicted {} placed, {} pending",
            real.placed, real.pending, predicted.placed, predicted.pending
        ));
    }
    if real.pending > 0 {
        let expected = predicted.error.as_deref().unwrap_or("<none>");
        for error in &real.errors {
            if error != expected {
                found.push(format!(
                    "{name}: swarm says `{error}`, the prediction `{expected}`"
                ));
            }
        }
    }
    match &predicted.nodes {
        Some(nodes) if real.pending == predicted.pending && nodes != &real.nodes => {
            found.push(format!(
                "{name}: swarm put tasks on {:?}, the prediction is certain of {nodes:?}",
                real.nodes
            ));
        }
        _ => {
            for node in real.nodes.keys() {
                if !predicted.candidates.contains(node) {
                    found.push(format!(
                        "{name}: swarm put a task on {node}, not among the candidates {:?}",
                        predicted.candidates
                    ));
                }
            }
        }
    }
    found
}

/// Deploys the project's whole stack and holds it against the prediction.
pub(crate) fn compare_deployed(
    lab: &Lab,
    project: &Project,
    prediction: &Prediction,
) -> Vec<String> {
    project.deploy(lab);
    compare_running(lab, project, prediction)
}

/// Holds the stack as it runs now against the prediction, except the services whose
/// outcome depends on the creation order; returns the differences.
pub(crate) fn compare_running(
    lab: &Lab,
    project: &Project,
    prediction: &Prediction,
) -> Vec<String> {
    let names: Vec<String> = prediction
        .services
        .iter()
        .map(|s| project.full_name(&s.name))
        .collect();
    let real = settle(lab, &names);
    let mut found = Vec::new();
    for service in &prediction.services {
        let tasks = &real[&project.full_name(&service.name)];
        let outcome = outcome(tasks);
        if service.order_dependent {
            // docker creates a stack's services in a random order; the orders are
            // driven one at a time below.
            if outcome.placed + outcome.pending != service.desired {
                found.push(format!(
                    "{}: swarm wants {} tasks, the prediction {}",
                    service.name,
                    outcome.placed + outcome.pending,
                    service.desired
                ));
            }
            continue;
        }
        found.extend(differences(service, &outcome));
    }
    found
}

/// Deploys the services of each order the prediction gives, one at a time, in the
/// order that fits (every one of them placed) and in the order that fails (some task
/// pending); returns the differences.
pub(crate) fn compare_orders(lab: &Lab, project: &Project, prediction: &Prediction) -> Vec<String> {
    let stack_text = project.compile();
    let mut found = Vec::new();
    for order in &prediction.orders {
        let Some(predicted) = prediction.services.iter().find(|s| s.name == order.service) else {
            found.push(format!(
                "the order for `{}` names no service of the prediction",
                order.service
            ));
            continue;
        };
        // `fits` places the most tasks of the service, `fails` leaves the most pending.
        for (sequence, expected) in [
            (&order.fits, predicted.pending_min),
            (&order.fails, predicted.pending_max),
        ] {
            lab.reset();
            let mut deployed: Vec<&str> = Vec::new();
            for service in sequence {
                deployed.push(service);
                project.deploy_text(lab, &only_services(&stack_text, &deployed));
                let names: Vec<String> = deployed.iter().map(|s| project.full_name(s)).collect();
                settle(lab, &names);
            }
            let names: Vec<String> = order
                .services
                .iter()
                .map(|s| project.full_name(s))
                .collect();
            let real = settle(lab, &names);
            let pending = real
                .get(&project.full_name(&order.service))
                .map_or(0, |tasks| outcome(tasks).pending);
            if pending != expected {
                found.push(format!(
                    "created in the order {sequence:?}, `{}` should leave {expected} tasks \
                     pending, as predicted; swarm left {pending}: {real:?}",
                    order.service
                ));
            }
        }
    }
    found
}
