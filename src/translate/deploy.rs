//! `deploy`: swarm's own section, copied field by field into swarm's types.
//!
//! Input: `deploy` as compose writes it (any mode, placement, resources, update and
//! rollback policies, restart policy, labels, endpoint mode).
//! Output: the same settings, with durations, CPU counts and memory sizes in the one
//! form docker reads back unchanged. GPU `devices` reservations are not this pass's:
//! they are refused or turned into generic resources where the site is known.
//! Where each constraint, preference, resource and policy was written is recorded, so
//! that a later check can point at it.

use crate::compose::{self, Service};
use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::source::Span;
use crate::swarm;

use super::{Cx, Origin};

pub(super) fn deploy(cx: &mut Cx<'_>, service: &Service, out: &mut swarm::Service) {
    let Some(deploy) = &service.deploy else {
        return;
    };
    let name = service.name.value.as_str();
    let at = |field: &'static str| Origin::service(name).field(field);
    if let Some(span) = deploy.span {
        cx.origins.record(at("deploy"), span);
    }
    let target = out.deploy.get_or_insert_with(Default::default);
    if let Some(mode) = &deploy.mode {
        target.mode = Some(match mode.value {
            compose::DeployMode::Replicated => swarm::Mode::Replicated,
            compose::DeployMode::Global => swarm::Mode::Global,
            compose::DeployMode::ReplicatedJob => swarm::Mode::ReplicatedJob,
            compose::DeployMode::GlobalJob => swarm::Mode::GlobalJob,
        });
        cx.origins.record(at("deploy.mode"), mode.span);
    }
    let mode = deploy.mode.as_ref().map(|m| m.value);
    if let Some(replicas) = &deploy.replicas {
        if let Some(global) = mode.filter(|m| is_global(*m)) {
            cx.report(mode_conflict(
                deploy.keys.get("replicas").unwrap_or(replicas.span),
                format!("a `{}` service has no `replicas`", global.as_str()),
                deploy.mode.as_ref().map(|m| m.span),
                "remove `replicas`; a global service runs one task on every eligible node",
            ));
        } else {
            target.replicas = Some(replicas.value);
            cx.origins.record(at("deploy.replicas"), replicas.span);
        }
    }
    if let Some(endpoint_mode) = &deploy.endpoint_mode {
        target.endpoint_mode = Some(match endpoint_mode.value {
            compose::EndpointMode::Vip => swarm::EndpointMode::Vip,
            compose::EndpointMode::Dnsrr => swarm::EndpointMode::Dnsrr,
        });
        cx.origins
            .record(at("deploy.endpoint_mode"), endpoint_mode.span);
    }
    target.labels.extend(super::container::map(&deploy.labels));
    if let Some(placement) = &deploy.placement {
        let out = target.placement.get_or_insert_with(Default::default);
        for constraint in &placement.constraints {
            let origin = at("deploy.placement.constraints").item(out.constraints.len());
            cx.origins.record(origin, constraint.span);
            out.constraints.push(constraint.value.to_string());
        }
        for preference in &placement.preferences {
            if let Some(spread) = &preference.spread {
                let origin = at("deploy.placement.preferences").item(out.preferences.len());
                cx.origins.record(origin, preference.span);
                out.preferences.push(swarm::Preference {
                    spread: spread.value.to_string(),
                });
            }
        }
        if let Some(max) = &placement.max_replicas_per_node {
            out.max_replicas_per_node = Some(max.value);
            cx.origins
                .record(at("deploy.placement.max_replicas_per_node"), max.span);
        }
        if target.placement.as_ref() == Some(&swarm::Placement::default()) {
            target.placement = None;
        }
    }
    if let Some(resources) = &deploy.resources {
        copy_resources(cx, name, resources, target);
    }
    if let Some(policy) = &deploy.restart_policy {
        target.restart_policy = Some(restart_policy(policy));
        if let Some(span) = deploy.keys.get("restart_policy") {
            cx.origins.record(at("deploy.restart_policy"), span);
        }
    }
    if let Some(update) = &deploy.update_config {
        if let Some(job) = mode.filter(|m| is_job(*m)) {
            cx.report(mode_conflict(
                deploy
                    .keys
                    .get("update_config")
                    .unwrap_or(service.name.span),
                format!("a `{}` service has no `update_config`", job.as_str()),
                deploy.mode.as_ref().map(|m| m.span),
                "remove `update_config`; a job runs once to completion",
            ));
        } else {
            target.update_config = Some(update_config(update));
        }
    }
    if let Some(rollback) = &deploy.rollback_config {
        target.rollback_config = Some(update_config(rollback));
    }
}

/// Whether `mode` runs one task on every eligible node.
pub(super) fn is_global(mode: compose::DeployMode) -> bool {
    matches!(
        mode,
        compose::DeployMode::Global | compose::DeployMode::GlobalJob
    )
}

fn is_job(mode: compose::DeployMode) -> bool {
    matches!(
        mode,
        compose::DeployMode::ReplicatedJob | compose::DeployMode::GlobalJob
    )
}

/// A setting the service's mode cannot have.
pub(super) fn mode_conflict(
    at: Span,
    message: String,
    mode: Option<Span>,
    help: &str,
) -> Diagnostic {
    let diagnostic = Diagnostic::new(&rules::MODE_SETTING_CONFLICT, message)
        .at(at)
        .label("swarm refuses this")
        .help(help);
    match mode {
        Some(mode) => diagnostic.also(mode, "the service's mode"),
        None => diagnostic,
    }
}

fn copy_resources(
    cx: &mut Cx<'_>,
    name: &str,
    resources: &compose::Resources,
    target: &mut swarm::Deploy,
) {
    let at = |field: &'static str| Origin::service(name).field(field);
    if let Some(limits) = &resources.limits {
        let out = target
            .resources
            .get_or_insert_with(Default::default)
            .limits
            .get_or_insert_with(Default::default);
        if let Some(cpus) = &limits.cpus {
            out.cpus = Some(cpus_of(&cpus.value));
            cx.origins
                .record(at("deploy.resources.limits.cpus"), cpus.span);
        }
        if let Some(memory) = &limits.memory {
            out.memory = Some(swarm::Memory::from_bytes(memory.value.bytes));
            cx.origins
                .record(at("deploy.resources.limits.memory"), memory.span);
        }
        if let Some(pids) = &limits.pids {
            out.pids = pids_of(pids.value);
            cx.origins
                .record(at("deploy.resources.limits.pids"), pids.span);
        }
    }
    if let Some(reservations) = &resources.reservations {
        let out = target
            .resources
            .get_or_insert_with(Default::default)
            .reservations
            .get_or_insert_with(Default::default);
        if let Some(cpus) = &reservations.cpus {
            out.cpus = Some(cpus_of(&cpus.value));
            cx.origins
                .record(at("deploy.resources.reservations.cpus"), cpus.span);
        }
        if let Some(memory) = &reservations.memory {
            out.memory = Some(swarm::Memory::from_bytes(memory.value.bytes));
            cx.origins
                .record(at("deploy.resources.reservations.memory"), memory.span);
        }
        for resource in &reservations.generic_resources {
            let Some(spec) = &resource.discrete_resource_spec else {
                continue;
            };
            let Ok(value) = u64::try_from(spec.value.value) else {
                continue;
            };
            let origin = at("deploy.resources.reservations.generic_resources")
                .item(out.generic_resources.len());
            cx.origins.record(origin, resource.span);
            out.generic_resources.push(swarm::GenericResource {
                discrete_resource_spec: swarm::DiscreteResourceSpec {
                    kind: spec.kind.value.to_string(),
                    value,
                },
            });
        }
    }
    // A section that held only GPU `devices` (not this pass's) writes nothing.
    if let Some(resources) = &mut target.resources {
        if resources.limits.as_ref() == Some(&swarm::Limits::default()) {
            resources.limits = None;
        }
        if resources.reservations.as_ref() == Some(&swarm::Reservations::default()) {
            resources.reservations = None;
        }
    }
    if target.resources.as_ref() == Some(&swarm::Resources::default()) {
        target.resources = None;
    }
}

/// A CPU count in swarm's form, at nanosecond precision as docker parses it.
pub(super) fn cpus_of(cpus: &compose::Cpus) -> swarm::Cpus {
    // Never negative (lowering checks); the cast saturates on absurd values.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let nanos = (cpus.value * 1e9).round() as u64;
    swarm::Cpus::from_nanos(nanos)
}

/// A process limit: zero and negative values mean no limit, which is swarm's default.
pub(super) fn pids_of(pids: i64) -> Option<u64> {
    u64::try_from(pids).ok().filter(|p| *p > 0)
}

fn restart_policy(policy: &compose::RestartPolicy) -> swarm::RestartPolicy {
    swarm::RestartPolicy {
        condition: policy.condition.as_ref().map(|c| match c.value {
            compose::RestartCondition::None => swarm::RestartCondition::None,
            compose::RestartCondition::OnFailure => swarm::RestartCondition::OnFailure,
            compose::RestartCondition::Any => swarm::RestartCondition::Any,
        }),
        delay: policy.delay.as_ref().map(|d| duration(&d.value)),
        max_attempts: policy.max_attempts.as_ref().map(|m| m.value),
        window: policy.window.as_ref().map(|w| duration(&w.value)),
    }
}

fn update_config(config: &compose::UpdateConfig) -> swarm::UpdateConfig {
    swarm::UpdateConfig {
        parallelism: config.parallelism.as_ref().map(|p| p.value),
        delay: config.delay.as_ref().map(|d| duration(&d.value)),
        failure_action: config.failure_action.as_ref().map(|a| match a.value {
            compose::FailureAction::Continue => swarm::FailureAction::Continue,
            compose::FailureAction::Pause => swarm::FailureAction::Pause,
            compose::FailureAction::Rollback => swarm::FailureAction::Rollback,
        }),
        monitor: config.monitor.as_ref().map(|m| duration(&m.value)),
        max_failure_ratio: config.max_failure_ratio.as_ref().map(|r| r.value),
        order: config.order.as_ref().map(|o| match o.value {
            compose::UpdateOrder::StopFirst => swarm::UpdateOrder::StopFirst,
            compose::UpdateOrder::StartFirst => swarm::UpdateOrder::StartFirst,
        }),
    }
}

fn duration(duration: &compose::Duration) -> swarm::Duration {
    swarm::Duration::from_std(duration.as_std())
}
