//! Puts the spec `docker stack deploy` sends and the spec the manager holds into one
//! form, so that what differs between them is what the update changes. The manager
//! fills defaults the CLI leaves out (a stop grace period of 10 s, the restart policy,
//! the update and rollback settings, `vip`), names networks by ID where the CLI names
//! them, and gives secrets and configs IDs the request cannot know; and the CLI itself
//! copies the running image (with the digest a registry gave it) when the stack names
//! the same image as before, and the running `ForceUpdate`.

use serde_json::{Map, Value, json};

use super::running::RunningService;

/// The label `docker stack deploy` writes the image as the stack names it into.
pub const IMAGE_LABEL: &str = "com.docker.stack.image";

/// What the manager fills in when a spec leaves it out (docker 20.10 to 28).
const STOP_GRACE_PERIOD_NS: u64 = 10_000_000_000;
const RESTART_DELAY_NS: u64 = 5_000_000_000;
const MONITOR_NS: u64 = 5_000_000_000;

/// The requested spec as the CLI sends it to update `running`: with the running image
/// when the stack names the same one, and the running `ForceUpdate`.
pub fn as_sent(request: &Value, running: Option<&RunningService>) -> Value {
    let mut spec = request.clone();
    let Some(running) = running else {
        return spec;
    };
    let same_image = request.pointer("/Labels").and_then(|l| l.get(IMAGE_LABEL))
        == running
            .spec
            .pointer("/Labels")
            .and_then(|l| l.get(IMAGE_LABEL));
    if same_image
        && let Some(image) = running.spec.pointer("/TaskTemplate/ContainerSpec/Image")
        && let Some(container) = spec
            .pointer_mut("/TaskTemplate/ContainerSpec")
            .and_then(Value::as_object_mut)
    {
        container.insert("Image".into(), image.clone());
    }
    if let Some(force) = running.spec.pointer("/TaskTemplate/ForceUpdate")
        && let Some(template) = spec
            .pointer_mut("/TaskTemplate")
            .and_then(Value::as_object_mut)
    {
        template.insert("ForceUpdate".into(), force.clone());
    }
    spec
}

/// The comparable form of a service spec: defaults filled in, networks named,
/// object IDs left out, and every empty value (`null`, `""`, `0`, `false`, `{}`, `[]`)
/// removed, since the API omits what the other side writes out as empty.
/// `network_name` turns a network ID into its name.
pub fn comparable(spec: &Value, network_name: &dyn Fn(&str) -> Option<String>) -> Value {
    let mut spec = spec.clone();
    let Some(root) = spec.as_object_mut() else {
        return spec;
    };
    root.remove("Name");
    // The manager moves networks from the deprecated top-level field into the task
    // template.
    if let Some(networks) = root.remove("Networks")
        && let Some(template) = root.get_mut("TaskTemplate").and_then(Value::as_object_mut)
        && template.get("Networks").is_none_or(is_empty)
    {
        template.insert("Networks".into(), networks);
    }
    if let Some(template) = root.get_mut("TaskTemplate").and_then(Value::as_object_mut) {
        template.remove("ForceUpdate");
        template.entry("Runtime").or_insert(json!("container"));
        let restart = object_at(template, "RestartPolicy");
        if let Some(restart) = restart.as_object_mut() {
            default(restart, "Condition", json!("any"));
            default(restart, "Delay", json!(RESTART_DELAY_NS));
        }
        if let Some(networks) = template.get_mut("Networks").and_then(Value::as_array_mut) {
            for network in networks.iter_mut() {
                if let Some(target) = network.get("Target").and_then(Value::as_str)
                    && let Some(name) = network_name(target)
                {
                    network["Target"] = Value::String(name);
                }
            }
            networks.sort_by(|a, b| {
                let target = |v: &Value| v.get("Target").and_then(Value::as_str).map(String::from);
                target(a).cmp(&target(b))
            });
        }
        if let Some(container) = template
            .get_mut("ContainerSpec")
            .and_then(Value::as_object_mut)
        {
            default(container, "StopGracePeriod", json!(STOP_GRACE_PERIOD_NS));
            default(container, "Isolation", json!("default"));
            for (list, id) in [("Secrets", "SecretID"), ("Configs", "ConfigID")] {
                if let Some(refs) = container.get_mut(list).and_then(Value::as_array_mut) {
                    for item in refs.iter_mut().filter_map(Value::as_object_mut) {
                        item.remove(id);
                    }
                }
            }
        }
    }
    for key in ["UpdateConfig", "RollbackConfig"] {
        let config = object_at(root, key);
        if let Some(config) = config.as_object_mut() {
            default(config, "Parallelism", json!(1));
            default(config, "FailureAction", json!("pause"));
            default(config, "Monitor", json!(MONITOR_NS));
            default(config, "Order", json!("stop-first"));
        }
    }
    let endpoint = object_at(root, "EndpointSpec");
    if let Some(endpoint) = endpoint.as_object_mut() {
        default(endpoint, "Mode", json!("vip"));
    }
    if let Some(mode) = root.get_mut("Mode").and_then(Value::as_object_mut) {
        if let Some(replicated) = mode.get_mut("Replicated").and_then(Value::as_object_mut) {
            default(replicated, "Replicas", json!(1));
        }
        // An empty mode is a mode: keep it through the removal of empty values.
        for value in mode.values_mut() {
            if is_empty(value) {
                *value = Value::Bool(true);
            }
        }
    }
    strip(&mut spec);
    spec
}

/// The mode of a spec: `Replicated`, `Global`, `ReplicatedJob` or `GlobalJob`.
pub fn mode(spec: &Value) -> Option<&str> {
    spec.get("Mode")?
        .as_object()?
        .keys()
        .next()
        .map(String::as_str)
}

/// The object at `key`, made empty when it is missing or `null`.
fn object_at<'a>(object: &'a mut Map<String, Value>, key: &str) -> &'a mut Value {
    let value = object.entry(key).or_insert_with(|| json!({}));
    if value.is_null() {
        *value = json!({});
    }
    value
}

fn default(object: &mut Map<String, Value>, key: &str, value: Value) {
    if object.get(key).is_none_or(Value::is_null) {
        object.insert(key.to_owned(), value);
    }
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
    }
}

/// Removes empty values, deepest first, so that an object left empty goes too.
fn strip(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for item in map.values_mut() {
                strip(item);
            }
            map.retain(|_, v| !is_empty(v));
        }
        Value::Array(items) => {
            for item in items.iter_mut() {
                strip(item);
            }
        }
        _ => {}
    }
}
