//! One service's spec: its name and labels, scheduling mode, endpoint, policies and
//! the task around its container.

use std::collections::BTreeMap;

use crate::swarm::{self, Stack};

use super::super::service::{
    Empty, EndpointSpec, PortConfig, Replicated, ReplicatedJob, ServiceMode, ServiceSpec,
    UpdateConfig,
};
use super::super::task::{
    DiscreteGenericResource, Driver, GenericResource, Limit, NetworkAttachment, Placement,
    PlacementPreference, Reservation, ResourceRequirements, RestartPolicy, SpreadOver, TaskSpec,
};
use super::super::{DEFAULT_NETWORK, Deployer, LABEL_IMAGE};
use super::mounts::enum_text;
use super::{container, nanos, object_name, scope, with_namespace};

pub(in super::super) fn service(
    key: &str,
    service: &swarm::Service,
    stack: &Stack,
    stack_name: &str,
    deployer: &Deployer,
) -> ServiceSpec {
    let deploy = service.deploy.clone().unwrap_or_default();
    let mut labels = with_namespace(&deploy.labels, stack_name);
    labels.insert(LABEL_IMAGE.to_owned(), service.image.clone());
    ServiceSpec {
        name: scope(stack_name, key),
        labels,
        task_template: TaskSpec {
            container_spec: Some(container::container(service, stack, stack_name, deployer)),
            resources: Some(resources(deploy.resources.as_ref())),
            restart_policy: deploy.restart_policy.as_ref().map(restart_policy),
            placement: Some(placement(deploy.placement.as_ref())),
            networks: attachments(key, service, stack, stack_name),
            log_driver: service.logging.as_ref().map(|logging| Driver {
                name: logging.driver.clone().unwrap_or_default(),
                options: logging.options.clone(),
            }),
            force_update: 0,
        },
        mode: mode(deploy.mode, deploy.replicas),
        update_config: deploy.update_config.as_ref().map(update_config),
        rollback_config: deploy.rollback_config.as_ref().map(update_config),
        endpoint_spec: Some(endpoint(deploy.endpoint_mode, &service.ports)),
    }
}

fn mode(mode: Option<swarm::Mode>, replicas: Option<u64>) -> ServiceMode {
    match mode.unwrap_or(swarm::Mode::Replicated) {
        swarm::Mode::Replicated => ServiceMode {
            replicated: Some(Replicated { replicas }),
            ..ServiceMode::default()
        },
        swarm::Mode::Global => ServiceMode {
            global: Some(Empty {}),
            ..ServiceMode::default()
        },
        swarm::Mode::ReplicatedJob => ServiceMode {
            replicated_job: Some(ReplicatedJob {
                max_concurrent: replicas,
                total_completions: replicas,
            }),
            ..ServiceMode::default()
        },
        swarm::Mode::GlobalJob => ServiceMode {
            global_job: Some(Empty {}),
            ..ServiceMode::default()
        },
    }
}

/// Ports sorted by published port, keeping the written order among equals.
fn endpoint(mode: Option<swarm::EndpointMode>, ports: &[swarm::Port]) -> EndpointSpec {
    let mut ports: Vec<PortConfig> = ports
        .iter()
        .map(|port| PortConfig {
            protocol: port.protocol.map(|p| enum_text(&p)).unwrap_or_default(),
            target_port: u32::from(port.target),
            published_port: port.published.map(u32::from).unwrap_or(0),
            publish_mode: port.mode.map(|m| enum_text(&m)).unwrap_or_default(),
            ..PortConfig::default()
        })
        .collect();
    ports.sort_by_key(|port| port.published_port);
    EndpointSpec {
        mode: mode.map(|m| enum_text(&m)).unwrap_or_default(),
        ports,
    }
}

/// Docker's parallelism is 1 unless the stack says otherwise.
fn update_config(config: &swarm::UpdateConfig) -> UpdateConfig {
    UpdateConfig {
        parallelism: config.parallelism.unwrap_or(1),
        delay: nanos(config.delay.as_ref()),
        failure_action: config
            .failure_action
            .map(|a| enum_text(&a))
            .unwrap_or_default(),
        monitor: nanos(config.monitor.as_ref()),
        max_failure_ratio: config.max_failure_ratio.unwrap_or(0.0),
        order: config.order.map(|o| enum_text(&o)).unwrap_or_default(),
    }
}

fn resources(resources: Option<&swarm::Resources>) -> ResourceRequirements {
    let cpus = |cpus: Option<&swarm::Cpus>| {
        cpus.and_then(swarm::Cpus::nanos)
            .and_then(|n| i64::try_from(n).ok())
            .unwrap_or(0)
    };
    let memory = |memory: Option<&swarm::Memory>| {
        memory
            .and_then(swarm::Memory::bytes)
            .and_then(|n| i64::try_from(n).ok())
            .unwrap_or(0)
    };
    let Some(resources) = resources else {
        return ResourceRequirements::default();
    };
    ResourceRequirements {
        limits: resources.limits.as_ref().map(|limits| Limit {
            nano_cpus: cpus(limits.cpus.as_ref()),
            memory_bytes: memory(limits.memory.as_ref()),
            pids: limits.pids.and_then(|p| i64::try_from(p).ok()).unwrap_or(0),
        }),
        reservations: resources
            .reservations
            .as_ref()
            .map(|reservations| Reservation {
                nano_cpus: cpus(reservations.cpus.as_ref()),
                memory_bytes: memory(reservations.memory.as_ref()),
                generic_resources: reservations
                    .generic_resources
                    .iter()
                    .map(|resource| GenericResource {
                        discrete_resource_spec: Some(DiscreteGenericResource {
                            kind: resource.discrete_resource_spec.kind.clone(),
                            value: i64::try_from(resource.discrete_resource_spec.value)
                                .unwrap_or(i64::MAX),
                        }),
                    })
                    .collect(),
            }),
    }
}

fn restart_policy(policy: &swarm::RestartPolicy) -> RestartPolicy {
    RestartPolicy {
        condition: policy.condition.map(|c| enum_text(&c)).unwrap_or_default(),
        delay: policy.delay.as_ref().and_then(swarm::Duration::nanos),
        max_attempts: policy.max_attempts,
        window: policy.window.as_ref().and_then(swarm::Duration::nanos),
    }
}

fn placement(placement: Option<&swarm::Placement>) -> Placement {
    let Some(placement) = placement else {
        return Placement::default();
    };
    Placement {
        constraints: placement.constraints.clone(),
        preferences: placement
            .preferences
            .iter()
            .map(|preference| PlacementPreference {
                spread: Some(SpreadOver {
                    spread_descriptor: preference.spread.clone(),
                }),
            })
            .collect(),
        max_replicas: placement.max_replicas_per_node.unwrap_or(0),
    }
}

/// Network modes the engine has built in take no aliases; every other network gets
/// the service's name as an alias after the ones written.
fn user_defined(target: &str) -> bool {
    !matches!(target, "default" | "bridge" | "host" | "none") && !target.starts_with("container:")
}

/// The service's networks (the stack's `default` when it names none), by the
/// network's name on the swarm, sorted by it.
fn attachments(
    key: &str,
    service: &swarm::Service,
    stack: &Stack,
    stack_name: &str,
) -> Vec<NetworkAttachment> {
    let default = BTreeMap::from([(DEFAULT_NETWORK.to_owned(), swarm::ServiceNetwork::default())]);
    let networks = if service.networks.is_empty() {
        &default
    } else {
        &service.networks
    };
    let mut attachments: Vec<NetworkAttachment> = networks
        .iter()
        .map(|(network, attachment)| {
            let declared = stack.networks.get(network);
            let target = object_name(
                stack_name,
                network,
                declared.and_then(|n| n.name.as_deref()),
                declared.is_some_and(|n| n.external),
            );
            let mut aliases = attachment.aliases.clone();
            if user_defined(&target) {
                aliases.push(key.to_owned());
            }
            NetworkAttachment {
                target,
                aliases,
                driver_opts: attachment.driver_opts.clone(),
            }
        })
        .collect();
    attachments.sort_by(|a, b| a.target.cmp(&b.target));
    attachments
}
