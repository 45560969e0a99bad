//! The service-level part of a `ServiceSpec` (`POST /services/create`): name, labels,
//! scheduling mode, endpoint, update and rollback policies. The task it runs is in
//! [`super::task`]. Field names and omission rules are the Engine API's (Go's
//! `omitempty`), so a serialized spec is the JSON docker sends and a deserialized one
//! can be the `Spec` of `docker service inspect`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::is_zero;
use super::task::TaskSpec;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ServiceSpec {
    pub name: String,
    pub labels: BTreeMap<String, String>,
    pub task_template: TaskSpec,
    pub mode: ServiceMode,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update_config: Option<UpdateConfig>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rollback_config: Option<UpdateConfig>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint_spec: Option<EndpointSpec>,
}

/// Exactly one of the four is set.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ServiceMode {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replicated: Option<Replicated>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub global: Option<Empty>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replicated_job: Option<ReplicatedJob>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub global_job: Option<Empty>,
}

/// An object with no fields (`{}`), as Go writes an empty struct.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Empty {}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Replicated {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replicas: Option<u64>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ReplicatedJob {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_concurrent: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_completions: Option<u64>,
}

/// Durations are nanoseconds, as Go's `time.Duration`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct UpdateConfig {
    pub parallelism: u64,
    #[serde(skip_serializing_if = "is_zero")]
    pub delay: i64,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub failure_action: String,
    #[serde(skip_serializing_if = "is_zero")]
    pub monitor: i64,
    #[serde(serialize_with = "go_float")]
    pub max_failure_ratio: f64,
    pub order: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct EndpointSpec {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub mode: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<PortConfig>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PortConfig {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub protocol: String,
    #[serde(skip_serializing_if = "is_zero")]
    pub target_port: u32,
    #[serde(skip_serializing_if = "is_zero")]
    pub published_port: u32,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub publish_mode: String,
}

/// A float as Go's JSON encoder writes it: a whole number without a fraction.
fn go_float<S: serde::Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    let whole = value.trunc();
    if whole == *value && whole.abs() < 1e15 {
        // In range: the cast is exact.
        #[allow(clippy::cast_possible_truncation)]
        serializer.serialize_i64(whole as i64)
    } else {
        serializer.serialize_f64(*value)
    }
}
