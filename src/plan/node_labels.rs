//! Node labels that this stack's placement reads. A constraint on a label no node
//! carries leaves the service pending for ever, and labels live in the swarm's state,
//! not on the machines, so they are set once the nodes have joined. Only labels the
//! stack uses are set, with the values the site profile gives each node. A label that a
//! constraint requires and no node of the profile carries (the one that keeps a
//! node-local volume, `swarmc.volume.<volume>=true`) belongs on a node only an operator
//! can choose: the plan says so and gives the command, and never picks one.

use std::collections::BTreeSet;

use serde::Serialize;

use super::Input;
use super::model::{Detail, RunsOn, Step};
use super::nodes::first_manager;
use crate::schedule::{Constraint, Operator};

/// The prefix of constraints and spread preferences that read node labels.
const LABEL_PREFIX: &str = "node.labels.";

#[derive(Clone, Debug, Serialize)]
pub struct NodeLabels {
    pub nodes: Vec<LabelledNode>,
    /// Labels a constraint requires (`==`) that no node of the profile carries.
    pub unplaced: Vec<Label>,
}

#[derive(Clone, Debug, Serialize)]
pub struct LabelledNode {
    pub hostname: String,
    pub labels: Vec<Label>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Label {
    pub key: String,
    pub value: String,
    /// `KEY=VALUE`, as `--label-add` takes it.
    pub assignment: String,
}

pub(super) fn node_labels(input: &Input<'_>) -> Option<Step> {
    let (used, required) = used_labels(input);
    if used.is_empty() {
        return None;
    }
    let nodes: Vec<LabelledNode> = input
        .site
        .nodes
        .iter()
        .filter_map(|node| {
            let mut labels: Vec<Label> = node
                .labels
                .iter()
                .filter(|(key, _)| used.contains(*key))
                .map(|(key, value)| Label {
                    key: key.clone(),
                    value: value.clone(),
                    assignment: format!("{key}={value}"),
                })
                .collect();
            labels.sort_by(|a, b| a.key.cmp(&b.key));
            (!labels.is_empty()).then(|| LabelledNode {
                hostname: node.hostname.clone(),
                labels,
            })
        })
        .collect();
    let unplaced = required
        .into_iter()
        .filter(|(key, value)| {
            !input.site.nodes.iter().any(|n| {
                n.labels
                    .get(key)
                    .is_some_and(|v| v.eq_ignore_ascii_case(value))
            })
        })
        .map(|(key, value)| Label {
            assignment: format!("{key}={value}"),
            key,
            value,
        })
        .collect();
    Some(Step {
        name: "node-labels",
        function: "node_labels",
        title: "Label the nodes",
        runs_on: RunsOn::manager(first_manager(input.site).map(|n| n.hostname.as_str())),
        detail: Detail::NodeLabels(NodeLabels { nodes, unplaced }),
    })
}

/// The label keys the stack's constraints and spread preferences read, and the
/// `KEY=VALUE` pairs its `==` constraints require. The prefix is matched without regard
/// to case, as swarm does; label keys keep theirs.
fn used_labels(input: &Input<'_>) -> (BTreeSet<String>, BTreeSet<(String, String)>) {
    let mut used = BTreeSet::new();
    let mut required = BTreeSet::new();
    for service in input.stack.services.values() {
        let Some(placement) = service.deploy.as_ref().and_then(|d| d.placement.as_ref()) else {
            continue;
        };
        for written in &placement.constraints {
            if let Ok(constraint) = Constraint::parse(written) {
                if let Some(key) = label_key(constraint.key()) {
                    used.insert(key.to_owned());
                    if constraint.operator() == Operator::Eq {
                        required.insert((key.to_owned(), constraint.value().to_owned()));
                    }
                }
            }
        }
        for preference in &placement.preferences {
            if let Some(key) = label_key(preference.spread.trim()) {
                used.insert(key.to_owned());
            }
        }
    }
    (used, required)
}

/// The label key in `node.labels.KEY`.
fn label_key(key: &str) -> Option<&str> {
    let prefix = key.get(..LABEL_PREFIX.len())?;
    prefix
        .eq_ignore_ascii_case(LABEL_PREFIX)
        .then(|| &key[LABEL_PREFIX.len()..])
        .filter(|k| !k.is_empty())
}
