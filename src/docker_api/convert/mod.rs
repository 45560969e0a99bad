//! docker CLI 28's stack `convert`, over swarmc's stack model: from a
//! [`crate::swarm::Stack`] to the bodies `docker stack deploy` sends. One file per
//! object family; each follows the CLI's own conversion, defaults and orderings.

mod container;
mod mounts;
mod objects;
mod service;

#[cfg(test)]
pub(super) use container::tagged;
pub(super) use objects::{configs, networks, secrets};
pub(super) use service::service;

/// Names docker scopes to the stack: `<stack>_<name>`.
pub(super) fn scope(stack_name: &str, name: &str) -> String {
    format!("{stack_name}_{name}")
}

/// The name of a stack object on the swarm: the one written, else the key itself for
/// an external object (docker's loader names it so), else the key scoped to the stack.
pub(super) fn object_name(
    stack_name: &str,
    key: &str,
    name: Option<&str>,
    external: bool,
) -> String {
    match name {
        Some(name) if !name.is_empty() => name.to_owned(),
        _ if external => key.to_owned(),
        _ => scope(stack_name, key),
    }
}

/// `labels` with the stack's namespace label added, as docker adds it to every object.
pub(super) fn with_namespace(
    labels: &std::collections::BTreeMap<String, String>,
    stack_name: &str,
) -> std::collections::BTreeMap<String, String> {
    let mut labels = labels.clone();
    labels.insert(super::LABEL_NAMESPACE.to_owned(), stack_name.to_owned());
    labels
}

/// Nanoseconds of a duration (0 for none), as Go's `time.Duration`.
pub(super) fn nanos(duration: Option<&crate::swarm::Duration>) -> i64 {
    duration
        .and_then(crate::swarm::Duration::nanos)
        .unwrap_or(0)
}
