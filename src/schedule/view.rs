//! The scheduler's view of a site and a stack: a site profile's node as SwarmKit
//! would see it once the node joined, and a stack's service as the spec
//! `docker stack deploy` would send. Every command that asks where tasks may run
//! (`check` simulates the placement, `plan` prepares the nodes tasks can land on, the
//! site passes of translation match constraints)
//! builds its scheduler inputs here, so that they agree, and asks [`may_run`] which
//! nodes may ever take a task: the one eligibility rule.

use std::collections::BTreeMap;

use super::constraint::{Constraint, ConstraintError, all_match};
use super::node::{Availability, GenericResource, Node, NodeState, Platform, Role};
use super::service::{GenericRequest, HostPort, Mode, Reservations, ServiceSpec};
use crate::site;
use crate::swarm;

const NANOS_PER_CPU: u64 = 1_000_000_000;

impl Node {
    /// A node of the site profile, ready, as the engine describes it. CPUs or memory
    /// the profile leaves unknown are taken as unlimited, so that reservations are not
    /// checked against them.
    pub fn from_site(node: &site::Node) -> Node {
        let mut seen = Node::new(&node.hostname);
        seen.role = match node.role {
            site::Role::Manager => Role::Manager,
            site::Role::Worker => Role::Worker,
        };
        seen.availability = match node.availability {
            site::Availability::Active => Availability::Active,
            site::Availability::Pause => Availability::Pause,
            site::Availability::Drain => Availability::Drain,
        };
        seen.addr = node
            .addresses
            .first()
            .map(|a| a.address().to_string())
            .unwrap_or_default();
        seen.labels = node
            .labels
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect::<BTreeMap<_, _>>();
        seen.engine_labels = node
            .engine_labels
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect::<BTreeMap<_, _>>();
        let os = match node.platform.os {
            site::Os::Linux => "linux",
            site::Os::Windows => "windows",
        };
        seen.platform = Platform::new(os, node.platform.arch.as_str());
        seen.nano_cpus = node.cpus.map_or(u64::MAX, |cpus| {
            u64::from(cpus).saturating_mul(NANOS_PER_CPU)
        });
        seen.memory_bytes = node.memory.map_or(u64::MAX, |m| m.bytes());
        seen.generic = node
            .generic_resources
            .iter()
            .map(|(kind, resource)| match resource {
                site::GenericResource::Discrete(count) => GenericResource::Discrete {
                    kind: kind.clone(),
                    count: *count,
                },
                site::GenericResource::Named(values) => GenericResource::Named {
                    kind: kind.clone(),
                    values: values.clone(),
                },
            })
            .collect();
        seen
    }
}

impl ServiceSpec {
    /// The spec `docker stack deploy` sends for a stack's service, as far as the
    /// scheduler reads it. Image platforms are unknown before the registry is asked,
    /// so none is required; plugins are left out because site nodes do not report
    /// theirs.
    pub fn from_stack(name: &str, service: &swarm::Service) -> ServiceSpec {
        let deploy = service.deploy.as_ref();
        let replicas = deploy.and_then(|d| d.replicas);
        let mode = match deploy.and_then(|d| d.mode) {
            None | Some(swarm::Mode::Replicated) => Mode::Replicated {
                replicas: replicas.unwrap_or(1),
            },
            Some(swarm::Mode::Global) => Mode::Global,
            // docker/cli sets both from `replicas`.
            Some(swarm::Mode::ReplicatedJob) => Mode::ReplicatedJob {
                max_concurrent: replicas,
                total_completions: replicas,
            },
            Some(swarm::Mode::GlobalJob) => Mode::GlobalJob,
        };
        let mut spec = ServiceSpec::new(name, mode);
        if let Some(r) = deploy
            .and_then(|d| d.resources.as_ref())
            .and_then(|r| r.reservations.as_ref())
        {
            spec.reservations = Reservations {
                nano_cpus: r.cpus.as_ref().and_then(swarm::Cpus::nanos).unwrap_or(0),
                memory_bytes: r
                    .memory
                    .as_ref()
                    .and_then(swarm::Memory::bytes)
                    .unwrap_or(0),
                generic: r
                    .generic_resources
                    .iter()
                    .map(|g| GenericRequest {
                        kind: g.discrete_resource_spec.kind.clone(),
                        count: g.discrete_resource_spec.value,
                    })
                    .collect(),
            };
        }
        if let Some(placement) = deploy.and_then(|d| d.placement.as_ref()) {
            spec.constraints.clone_from(&placement.constraints);
            spec.spread = placement
                .preferences
                .iter()
                .map(|p| p.spread.clone())
                .collect();
            spec.max_replicas_per_node = placement.max_replicas_per_node.unwrap_or(0);
        }
        spec.host_ports = service
            .ports
            .iter()
            .filter(|p| p.mode == Some(swarm::PortMode::Host))
            .filter_map(|p| {
                Some(HostPort {
                    protocol: p.protocol.unwrap_or_default(),
                    port: u32::from(p.published?),
                })
            })
            .collect();
        spec
    }
}

/// Whether `node` may ever take a task of a service with these (parsed) placement
/// constraints and generic-resource reservations, before any task uses its room: what
/// SwarmKit's filters that do not depend on other tasks accept. The node is ready and
/// active (a paused or drained node takes no new task), matches every constraint, and
/// advertises at least as much of every generic resource as one task reserves.
pub fn may_run(node: &Node, constraints: &[Constraint], generic: &[GenericRequest]) -> bool {
    node.state == NodeState::Ready
        && node.availability == Availability::Active
        && all_match(constraints, node)
        && generic
            .iter()
            .all(|want| generic_total(node, &want.kind) >= want.count)
}

/// How much of a generic resource `node` advertises in all.
pub fn generic_total(node: &Node, kind: &str) -> u64 {
    node.generic
        .iter()
        .map(|g| match g {
            GenericResource::Discrete { kind: k, count } if k == kind => *count,
            GenericResource::Named { kind: k, values } if k == kind => values.len() as u64,
            _ => 0,
        })
        .fold(0, u64::saturating_add)
}

/// The site's nodes, in the profile's order, that may take a task of a service with
/// these written constraints and generic-resource reservations ([`may_run`]). None
/// when a constraint does not parse: swarm refuses the service.
pub fn eligible_site_nodes<'a>(
    nodes: &'a [site::Node],
    constraints: &[String],
    generic: &[GenericRequest],
) -> Result<Vec<&'a site::Node>, ConstraintError> {
    let parsed = Constraint::parse_all(constraints)?;
    Ok(nodes
        .iter()
        .filter(|node| may_run(&Node::from_site(node), &parsed, generic))
        .collect())
}

/// The generic resources a stack service reserves per task.
pub fn generic_requests(service: &swarm::Service) -> Vec<GenericRequest> {
    service
        .deploy
        .as_ref()
        .and_then(|d| d.resources.as_ref())
        .and_then(|r| r.reservations.as_ref())
        .map(|r| {
            r.generic_resources
                .iter()
                .map(|g| GenericRequest {
                    kind: g.discrete_resource_spec.kind.clone(),
                    count: g.discrete_resource_spec.value,
                })
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gpu_node(hostname: &str, gpus: u64) -> Node {
        let mut node = Node::new(hostname);
        node.generic = vec![GenericResource::Discrete {
            kind: "NVIDIA-GPU".into(),
            count: gpus,
        }];
        node
    }

    #[test]
    fn nodes_that_may_run_a_task_pass_every_filter_that_does_not_depend_on_other_tasks() {
        let two_gpus = [GenericRequest {
            kind: "NVIDIA-GPU".into(),
            count: 2,
        }];
        let role = Constraint::parse_all(&["node.role == manager".to_owned()]).unwrap();
        let mut manager = gpu_node("m1", 2);
        manager.role = Role::Manager;
        assert!(may_run(&manager, &role, &two_gpus));
        // Too few GPUs in all, another role, paused, drained or down: never.
        assert!(!may_run(&gpu_node("m2", 1), &[], &two_gpus));
        assert!(!may_run(&gpu_node("w1", 2), &role, &two_gpus));
        for availability in [Availability::Pause, Availability::Drain] {
            let mut node = manager.clone();
            node.availability = availability;
            assert!(!may_run(&node, &role, &two_gpus));
        }
        let mut down = manager.clone();
        down.state = NodeState::Down;
        assert!(!may_run(&down, &role, &two_gpus));
    }
}
