//! `deploy`: how many tasks, where, with what resources and how they are updated. This
//! is the part of a service swarm reads most directly.

use super::{ByteSize, Cpus, DeviceRequest, Duration, Keys, Mapping, Text};
use crate::source::Span;
use crate::spanned::Spanned;

keyword_enum! {
    pub enum DeployMode {
        Replicated = "replicated",
        Global = "global",
        ReplicatedJob = "replicated-job",
        GlobalJob = "global-job",
    }
}

keyword_enum! {
    /// How other services reach this one: a virtual IP or DNS round-robin.
    pub enum EndpointMode {
        Vip = "vip",
        Dnsrr = "dnsrr",
    }
}

keyword_enum! {
    pub enum RestartCondition {
        None = "none",
        OnFailure = "on-failure",
        Any = "any",
    }
}

keyword_enum! {
    pub enum FailureAction {
        Continue = "continue",
        Pause = "pause",
        Rollback = "rollback",
    }
}

keyword_enum! {
    pub enum UpdateOrder {
        StopFirst = "stop-first",
        StartFirst = "start-first",
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Deploy {
    /// The `deploy` mapping.
    pub span: Option<Span>,
    pub keys: Keys,
    pub mode: Option<Spanned<DeployMode>>,
    pub replicas: Option<Spanned<u64>>,
    pub labels: Mapping,
    pub endpoint_mode: Option<Spanned<EndpointMode>>,
    pub resources: Option<Box<Resources>>,
    pub restart_policy: Option<Box<RestartPolicy>>,
    pub placement: Option<Box<Placement>>,
    pub update_config: Option<Box<UpdateConfig>>,
    pub rollback_config: Option<Box<UpdateConfig>>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Resources {
    pub keys: Keys,
    pub limits: Option<Resource>,
    pub reservations: Option<Resource>,
}

/// `limits` or `reservations`. Compose allows `pids` only in limits and
/// `generic_resources` and `devices` only in reservations; lowering enforces that.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Resource {
    pub keys: Keys,
    pub cpus: Option<Spanned<Cpus>>,
    pub memory: Option<Spanned<ByteSize>>,
    pub pids: Option<Spanned<i64>>,
    pub generic_resources: Vec<GenericResource>,
    pub devices: Vec<DeviceRequest>,
}

/// One `generic_resources` entry.
#[derive(Clone, Debug, PartialEq)]
pub struct GenericResource {
    pub span: Span,
    pub keys: Keys,
    pub discrete_resource_spec: Option<DiscreteResource>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DiscreteResource {
    pub span: Span,
    pub keys: Keys,
    pub kind: Spanned<Text>,
    pub value: Spanned<i64>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct RestartPolicy {
    pub keys: Keys,
    pub condition: Option<Spanned<RestartCondition>>,
    pub delay: Option<Spanned<Duration>>,
    pub max_attempts: Option<Spanned<u64>>,
    pub window: Option<Spanned<Duration>>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Placement {
    pub keys: Keys,
    pub constraints: Vec<Spanned<Text>>,
    pub preferences: Vec<PlacementPreference>,
    pub max_replicas_per_node: Option<Spanned<u64>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PlacementPreference {
    pub span: Span,
    pub keys: Keys,
    pub spread: Option<Spanned<Text>>,
}

/// `update_config` or `rollback_config`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UpdateConfig {
    pub keys: Keys,
    pub parallelism: Option<Spanned<u64>>,
    pub delay: Option<Spanned<Duration>>,
    pub failure_action: Option<Spanned<FailureAction>>,
    pub monitor: Option<Spanned<Duration>>,
    pub max_failure_ratio: Option<Spanned<f64>>,
    pub order: Option<Spanned<UpdateOrder>>,
}
