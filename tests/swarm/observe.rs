//! What the real scheduler did, read the way a user reads it: `docker service ps
//! --no-trunc`, whose error column is swarm's own text.

use std::collections::BTreeMap;
use std::thread::sleep;
use std::time::{Duration, Instant};

use crate::lab::Lab;

/// One task that swarm still wants (desired state other than shutdown or remove).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Task {
    pub(crate) node: String,
    /// The first word of the current state: `Running`, `Pending`, `Complete`, ...
    pub(crate) state: String,
    pub(crate) error: String,
}

/// A service's tasks, summed up as the prediction states them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Outcome {
    pub(crate) placed: usize,
    pub(crate) pending: usize,
    /// Swarm's error on the pending tasks (one entry per distinct text).
    pub(crate) errors: Vec<String>,
    /// Placed tasks per node.
    pub(crate) nodes: BTreeMap<String, usize>,
}

/// The tasks swarm keeps for service `full_name` (`<stack>_<service>`).
pub(crate) fn tasks(lab: &Lab, full_name: &str) -> Vec<Task> {
    let text = lab.manager(&[
        "service",
        "ps",
        "--no-trunc",
        "--format",
        "{{json .}}",
        full_name,
    ]);
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|line| {
            let row: serde_json::Value = serde_json::from_str(line).expect("a JSON row");
            let field = |name: &str| row[name].as_str().unwrap_or_default().to_string();
            let desired = field("DesiredState");
            let state = field("CurrentState");
            // A rejected task never ran: swarm replaces it with another task, as the
            // constraint enforcer's rejections of tasks holding generic resources show.
            if matches!(desired.as_str(), "Shutdown" | "Remove") || state.starts_with("Rejected") {
                return None;
            }
            Some(Task {
                node: field("Node"),
                state: state.split_whitespace().next().unwrap_or("").to_string(),
                error: unquote(&field("Error")),
            })
        })
        .collect()
}

/// `docker service ps` prints the error as a Go quoted string.
fn unquote(text: &str) -> String {
    let Some(inner) = text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) else {
        return text.to_string();
    };
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Sums up the tasks: running and completed tasks are placed, pending ones are not.
pub(crate) fn outcome(tasks: &[Task]) -> Outcome {
    let mut outcome = Outcome {
        placed: 0,
        pending: 0,
        errors: Vec::new(),
        nodes: BTreeMap::new(),
    };
    for task in tasks {
        if task.state == "Pending" {
            outcome.pending += 1;
            if !outcome.errors.contains(&task.error) {
                outcome.errors.push(task.error.clone());
            }
        } else {
            outcome.placed += 1;
            *outcome.nodes.entry(task.node.clone()).or_default() += 1;
        }
    }
    outcome
}

/// States a task leaves by itself; the scheduler has not finished with a service
/// while one of its tasks is in one of them.
fn transient(state: &str) -> bool {
    matches!(
        state,
        "New" | "Allocated" | "Assigned" | "Accepted" | "Preparing" | "Ready" | "Starting" | ""
    )
}

/// How many tasks a replicated service or job wants; `None` for global services.
fn wanted(lab: &Lab, full_name: &str) -> Option<usize> {
    let format = "{{if .Spec.Mode.Replicated}}{{.Spec.Mode.Replicated.Replicas}}\
                  {{else if .Spec.Mode.ReplicatedJob}}{{.Spec.Mode.ReplicatedJob.TotalCompletions}}\
                  {{end}}";
    let text = lab.manager(&["service", "inspect", "--format", format, full_name]);
    text.trim().parse().ok()
}

/// Waits until the services' tasks are settled (as many as each wants, each running,
/// pending, complete or failed) and have stayed the same for three readings a second
/// apart, then returns each service's tasks.
pub(crate) fn settle(lab: &Lab, full_names: &[String]) -> BTreeMap<String, Vec<Task>> {
    let deadline = Instant::now() + Duration::from_secs(90);
    let wants: BTreeMap<&String, Option<usize>> =
        full_names.iter().map(|n| (n, wanted(lab, n))).collect();
    let mut last = BTreeMap::new();
    let mut same = 0;
    loop {
        let now: BTreeMap<String, Vec<Task>> = full_names
            .iter()
            .map(|name| (name.clone(), tasks(lab, name)))
            .collect();
        let settled = now.values().flatten().all(|t| !transient(&t.state))
            && now
                .iter()
                .all(|(name, tasks)| wants[name].is_none_or(|w| tasks.len() == w));
        if settled && now == last {
            same += 1;
            if same == 2 {
                return now;
            }
        } else {
            same = 0;
        }
        assert!(
            Instant::now() < deadline,
            "the tasks never settled: {now:#?}"
        );
        last = now;
        sleep(Duration::from_secs(1));
    }
}
