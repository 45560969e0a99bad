//! The fields that differ between two comparable specs, each with a path a person can
//! read (`TaskTemplate.ContainerSpec.Env[GREETING]`), its old and new value, and
//! whether changing it restarts the service's tasks.
//!
//! SwarmKit restarts a task when the service's task template or endpoint differs from
//! the one the task was made from (`orchestrator.IsTaskDirty`), with one exception:
//! placement constraints alone do not move a task whose node still satisfies them.
//! Everything else (replicas, labels on the service, update and rollback settings)
//! changes the service without touching a running task.

use serde_json::Value;

/// One field that changes.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    pub path: String,
    /// `None`: the field is added.
    pub old: Option<Value>,
    /// `None`: the field is removed.
    pub new: Option<Value>,
    pub restarts: Restart,
}

/// Whether a change restarts the service's running tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Restart {
    No,
    /// Only tasks on nodes that no longer satisfy the placement constraints.
    Moved,
    Yes,
}

/// The fields that differ between `old` and `new`, in the order of their paths.
pub fn differences(old: &Value, new: &Value) -> Vec<FieldChange> {
    let mut changes = Vec::new();
    walk("", Some(old), Some(new), &mut changes);
    changes
}

/// Whether changing the field at `path` restarts tasks.
pub fn restart_of(path: &str) -> Restart {
    if path.starts_with("TaskTemplate.Placement.Constraints") {
        Restart::Moved
    } else if path.starts_with("TaskTemplate") || path.starts_with("EndpointSpec") {
        Restart::Yes
    } else {
        Restart::No
    }
}

fn walk(path: &str, old: Option<&Value>, new: Option<&Value>, out: &mut Vec<FieldChange>) {
    if old == new {
        return;
    }
    match (old, new) {
        (Some(Value::Object(a)), Some(Value::Object(b))) => {
            let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                walk(&join(path, key), a.get(key), b.get(key), out);
            }
        }
        (Some(Value::Array(a)), Some(Value::Array(b))) if path.ends_with(".Env") => {
            let (a, b) = (env(a), env(b));
            let mut names: Vec<&str> = a.iter().chain(&b).map(|(k, _)| *k).collect();
            names.sort_unstable();
            names.dedup();
            for name in names {
                let value = |list: &[(&str, Value)]| {
                    list.iter()
                        .find(|(k, _)| *k == name)
                        .map(|(_, v)| v.clone())
                };
                let (old, new) = (value(&a), value(&b));
                if old != new {
                    out.push(change(format!("{path}[{name}]"), old, new));
                }
            }
        }
        _ => out.push(change(path.to_owned(), old.cloned(), new.cloned())),
    }
}

fn change(path: String, old: Option<Value>, new: Option<Value>) -> FieldChange {
    FieldChange {
        restarts: restart_of(&path),
        path,
        old,
        new,
    }
}

/// `NAME=value` entries as pairs; an entry without `=` has a null value.
fn env(list: &[Value]) -> Vec<(&str, Value)> {
    list.iter()
        .filter_map(Value::as_str)
        .map(|entry| match entry.split_once('=') {
            Some((name, value)) => (name, Value::String(value.to_owned())),
            None => (entry, Value::Null),
        })
        .collect()
}

/// A field of the API (`PascalCase`) after a dot; a key of a map (labels, options)
/// in brackets, since it may hold dots.
fn join(path: &str, key: &str) -> String {
    let field = key.starts_with(|c: char| c.is_ascii_uppercase())
        && key.chars().all(|c| c.is_ascii_alphanumeric());
    match (path.is_empty(), field) {
        (true, true) => key.to_owned(),
        (_, false) => format!("{path}[{key}]"),
        (false, true) => format!("{path}.{key}"),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn paths_read_as_fields_and_keys() {
        let old = json!({"Labels": {"com.docker.stack.image": "a"}, "TaskTemplate": {"ContainerSpec": {"Env": ["A=1", "B=2"]}}});
        let new = json!({"Labels": {"com.docker.stack.image": "b"}, "TaskTemplate": {"ContainerSpec": {"Env": ["A=1", "B=3", "C"]}}});
        let paths: Vec<(String, Restart)> = differences(&old, &new)
            .into_iter()
            .map(|c| (c.path, c.restarts))
            .collect();
        assert_eq!(
            paths,
            [
                ("Labels[com.docker.stack.image]".to_owned(), Restart::No),
                ("TaskTemplate.ContainerSpec.Env[B]".to_owned(), Restart::Yes),
                ("TaskTemplate.ContainerSpec.Env[C]".to_owned(), Restart::Yes),
            ]
        );
    }

    #[test]
    fn replicas_and_update_settings_do_not_restart_but_ports_and_constraints_may() {
        assert_eq!(restart_of("Mode.Replicated.Replicas"), Restart::No);
        assert_eq!(restart_of("UpdateConfig.Parallelism"), Restart::No);
        assert_eq!(restart_of("EndpointSpec.Ports"), Restart::Yes);
        assert_eq!(
            restart_of("TaskTemplate.Placement.Constraints"),
            Restart::Moved
        );
        assert_eq!(
            restart_of("TaskTemplate.Placement.Preferences"),
            Restart::Yes
        );
    }
}
