//! The site's decisions about how many tasks a service runs and what each reserves:
//! `services.NAME.mode`, `replicas` and `reservations` in the site profile. They win
//! over the compose file's `deploy.mode`, `deploy.replicas` (or `scale`) and
//! reservations, because how much of a cluster a service gets depends on the cluster.
//!
//! Input: `mode: global`, `replicas: 3`, `reservations: { cpus: 2, memory: 4GiB,
//! generic_resources: { NVIDIA-GPU: 1 } }` in the site profile.
//! Output: `deploy.mode`, `deploy.replicas` (removed when the service becomes global),
//! `deploy.resources.reservations.cpus`, `memory`, and one generic resource per kind the
//! site reserves, replacing that kind's entry. Then a reservation, from the site or from
//! the compose file, that no node the service may run on can hold is refused, naming
//! the biggest such node.

use crate::compose::Service;
use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::site::{ByteSize, Node, ServiceMode, child};
use crate::source::Span;
use crate::swarm;

use super::site_nodes::{
    eligible_nodes, node_pointer, setting_pointer, settings, site_key, site_value,
};
use super::{Cx, Origin};

fn swarm_mode(mode: ServiceMode) -> swarm::Mode {
    match mode {
        ServiceMode::Replicated => swarm::Mode::Replicated,
        ServiceMode::Global => swarm::Mode::Global,
        ServiceMode::ReplicatedJob => swarm::Mode::ReplicatedJob,
        ServiceMode::GlobalJob => swarm::Mode::GlobalJob,
    }
}

fn site_mode_name(mode: ServiceMode) -> &'static str {
    match mode {
        ServiceMode::Replicated => "replicated",
        ServiceMode::Global => "global",
        ServiceMode::ReplicatedJob => "replicated-job",
        ServiceMode::GlobalJob => "global-job",
    }
}

pub(super) fn site_settings(cx: &mut Cx<'_>, service: &Service, out: &mut swarm::Service) {
    let name = service.name.value.as_str();
    if let Some(settings) = settings(cx, service) {
        let site = cx.site();
        let deploy = service.deploy.as_deref();
        let compose_mode = deploy.and_then(|d| d.mode.as_ref());
        if let Some(mode) = settings.mode {
            let at = site_value(site, &setting_pointer(service, "mode"));
            let out_deploy = out.deploy.get_or_insert_with(Default::default);
            out_deploy.mode = Some(swarm_mode(mode));
            if let Some(at) = at {
                cx.origins
                    .replace(Origin::service(name).field("deploy.mode"), at);
            }
            if mode.is_global() {
                out_deploy.replicas = None;
            }
            let written = compose_mode.map_or("replicated", |m| m.value.as_str());
            if written != site_mode_name(mode) {
                let mut diagnostic = Diagnostic::new(
                    &rules::SETTING_FROM_SITE,
                    format!(
                        "service `{name}` runs in `{}` mode, as the site says",
                        site_mode_name(mode)
                    ),
                )
                .at_opt(at)
                .label("the site's decision")
                .also(service.name.span, "the service");
                if let Some(written) = compose_mode {
                    diagnostic = diagnostic.also(written.span, "the compose file's mode, replaced");
                }
                if mode.is_global() {
                    if let Some(replicas) = service.replicas() {
                        diagnostic = diagnostic.also(
                            replicas.span,
                            "left out: a global service has no replica count",
                        );
                    }
                }
                cx.report(diagnostic.help("change `mode` in the site profile to run it otherwise"));
            }
        }
        let global = cx.placement(service).is_some_and(|p| p.global);
        if let Some(replicas) = settings.replicas {
            let at = site_value(site, &setting_pointer(service, "replicas"));
            let written = service.replicas();
            if global {
                cx.report(
                    Diagnostic::new(
                        &rules::SETTING_FROM_SITE,
                        format!("the site's `replicas` does not apply to global service `{name}`"),
                    )
                    .at_opt(at)
                    .label("left out")
                    .also(service.name.span, "the service")
                    .help("remove `replicas` from the site profile, or give the service `mode: replicated` there"),
                );
            } else {
                out.deploy.get_or_insert_with(Default::default).replicas =
                    Some(u64::from(replicas));
                if let Some(at) = at {
                    cx.origins
                        .replace(Origin::service(name).field("deploy.replicas"), at);
                }
                if written.is_none_or(|w| w.value != u64::from(replicas)) {
                    let mut diagnostic = Diagnostic::new(
                        &rules::SETTING_FROM_SITE,
                        format!(
                            "service `{name}` runs {replicas} {}, as the site says",
                            if replicas == 1 { "replica" } else { "replicas" }
                        ),
                    )
                    .at_opt(at)
                    .label("the site's decision")
                    .also(service.name.span, "the service");
                    if let Some(written) = written {
                        diagnostic =
                            diagnostic.also(written.span, "the compose file's count, replaced");
                    }
                    cx.report(
                        diagnostic
                            .help("change `replicas` in the site profile to run another count"),
                    );
                }
            }
        }
        if let Some(reservations) = &settings.reservations {
            reserve(cx, service, reservations, out);
        }
    }
    check_capacity(cx, service);
}

/// Writes the site's reservations over the compose file's.
fn reserve(
    cx: &mut Cx<'_>,
    service: &Service,
    reservations: &crate::site::Reservations,
    out: &mut swarm::Service,
) {
    let name = service.name.value.as_str();
    let site = cx.site();
    let here = setting_pointer(service, "reservations");
    let written = compose_reservations(service);
    let mut diagnostic = Diagnostic::new(
        &rules::SETTING_FROM_SITE,
        format!("service `{name}` reserves what the site says"),
    )
    .at_opt(site_key(site, &here))
    .label("the site's decision")
    .also(service.name.span, "the service");
    let out_reservations = out
        .deploy
        .get_or_insert_with(Default::default)
        .resources
        .get_or_insert_with(Default::default)
        .reservations
        .get_or_insert_with(Default::default);
    let mut changed = false;
    if let Some(cpus) = reservations.cpus {
        let nanos = (cpus * 1e9).round();
        let nanos = if nanos.is_finite() && nanos >= 0.0 {
            nanos as u64
        } else {
            0
        };
        out_reservations.cpus = Some(swarm::Cpus::from_nanos(nanos));
        if let Some(at) = site_value(site, &child(&here, "cpus")) {
            cx.origins.replace(
                Origin::service(name).field("deploy.resources.reservations.cpus"),
                at,
            );
        }
        match written.cpus {
            Some((value, span)) if (value - cpus).abs() > 1e-9 => {
                changed = true;
                diagnostic = diagnostic.also(span, "the compose file's CPUs, replaced");
            }
            Some(_) => {}
            None => changed = true,
        }
    }
    if let Some(memory) = reservations.memory {
        out_reservations.memory = Some(swarm::Memory::from_bytes(memory.bytes()));
        if let Some(at) = site_value(site, &child(&here, "memory")) {
            cx.origins.replace(
                Origin::service(name).field("deploy.resources.reservations.memory"),
                at,
            );
        }
        match written.memory {
            Some((bytes, span)) if bytes != memory.bytes() => {
                changed = true;
                diagnostic = diagnostic.also(span, "the compose file's memory, replaced");
            }
            Some(_) => {}
            None => changed = true,
        }
    }
    for (kind, value) in &reservations.generic_resources {
        // The site's count replaces whatever the compose file reserves of this kind.
        out_reservations
            .generic_resources
            .retain(|g| g.discrete_resource_spec.kind != *kind);
        if *value == 0 {
            continue;
        }
        let index = out_reservations.generic_resources.len();
        out_reservations
            .generic_resources
            .push(swarm::GenericResource {
                discrete_resource_spec: swarm::DiscreteResourceSpec {
                    kind: kind.clone(),
                    value: *value,
                },
            });
        let at = site_key(site, &child(&child(&here, "generic_resources"), kind));
        if let Some(at) = at {
            cx.origins.record(
                Origin::service(name)
                    .field("deploy.resources.reservations.generic_resources")
                    .item(index),
                at,
            );
        }
        match written.generic.iter().find(|(k, _, _)| k == kind) {
            Some((_, v, span)) if v != value => {
                changed = true;
                diagnostic = diagnostic.also(*span, "the compose file's reservation, replaced");
            }
            Some(_) => {}
            None => changed = true,
        }
    }
    if changed {
        cx.report(
            diagnostic.help("change `reservations` in the site profile to reserve otherwise"),
        );
    }
}

/// What the compose file reserves, with where.
#[derive(Default)]
struct Written {
    cpus: Option<(f64, Span)>,
    memory: Option<(u64, Span)>,
    generic: Vec<(String, u64, Span)>,
}

fn compose_reservations(service: &Service) -> Written {
    let mut written = Written::default();
    let reservations = service
        .deploy
        .as_ref()
        .and_then(|d| d.resources.as_ref())
        .and_then(|r| r.reservations.as_ref());
    if let Some(r) = reservations {
        written.cpus = r.cpus.as_ref().map(|c| (c.value.value, c.span));
        written.memory = r.memory.as_ref().map(|m| (m.value.bytes, m.span));
        for g in &r.generic_resources {
            if let Some(spec) = &g.discrete_resource_spec {
                written.generic.push((
                    spec.kind.value.to_string(),
                    u64::try_from(spec.value.value).unwrap_or_default(),
                    spec.value.span,
                ));
            }
        }
    }
    if written.memory.is_none() {
        written.memory = service
            .mem_reservation
            .as_ref()
            .map(|m| (m.value.bytes, m.span));
    }
    written
}

/// Refuses a reservation that no node the service may run on can hold. The embedded
/// default site only guesses at the cluster from the machine compiling, so its sizes
/// are not held against the project.
fn check_capacity(cx: &mut Cx<'_>, service: &Service) {
    let name = service.name.value.as_str();
    let site = cx.site();
    if site.base_dir.is_none() {
        return;
    }
    let eligible = eligible_nodes(cx, service);
    if eligible.is_empty() {
        return;
    }
    let here = setting_pointer(service, "reservations");
    let from_site = settings(cx, service).and_then(|s| s.reservations.as_ref());
    let written = compose_reservations(service);

    let site_cpus = from_site
        .and_then(|r| r.cpus)
        .map(|c| (c, site_value(site, &child(&here, "cpus"))));
    let cpus = site_cpus.or(written.cpus.map(|(c, span)| (c, Some(span))));
    if let Some((cpus, at)) = cpus {
        let fits = |n: &&Node| n.cpus.is_none_or(|have| f64::from(have) + 1e-9 >= cpus);
        if !eligible.iter().any(fits) {
            let biggest = eligible
                .iter()
                .copied()
                .max_by_key(|n| (n.cpus, std::cmp::Reverse(index(site, n))));
            if let Some(node) = biggest {
                let have = node.cpus.unwrap_or_default();
                report_shortfall(
                    cx,
                    name,
                    at,
                    format!("{cpus} CPUs"),
                    node,
                    "cpus",
                    format!("{have} CPUs"),
                );
            }
        }
    }

    let site_memory = from_site
        .and_then(|r| r.memory)
        .map(|m| (m.bytes(), site_value(site, &child(&here, "memory"))));
    let memory = site_memory.or(written.memory.map(|(m, span)| (m, Some(span))));
    if let Some((bytes, at)) = memory {
        let fits = |n: &&Node| n.memory.is_none_or(|have| have.bytes() >= bytes);
        if !eligible.iter().any(fits) {
            let biggest = eligible.iter().copied().max_by_key(|n| {
                (
                    n.memory.map(ByteSize::bytes),
                    std::cmp::Reverse(index(site, n)),
                )
            });
            if let Some(node) = biggest {
                let have = node.memory.map(ByteSize::bytes).unwrap_or_default();
                report_shortfall(
                    cx,
                    name,
                    at,
                    format!("{} of memory", human(bytes)),
                    node,
                    "memory",
                    human(have),
                );
            }
        }
    }

    if let Some(reservations) = from_site {
        for (kind, value) in &reservations.generic_resources {
            let count = |n: &Node| n.generic_resources.get(kind).map_or(0, |r| r.count());
            if *value == 0 || eligible.iter().any(|n| count(n) >= *value) {
                continue;
            }
            let at = site_value(site, &child(&child(&here, "generic_resources"), kind));
            let biggest = eligible
                .iter()
                .copied()
                .max_by_key(|n| (count(n), std::cmp::Reverse(index(site, n))));
            if let Some(node) = biggest {
                let have = count(node);
                report_shortfall(
                    cx,
                    name,
                    at,
                    format!("{value} `{kind}`"),
                    node,
                    "generic_resources",
                    format!("{have} `{kind}`"),
                );
            }
        }
    }
}

fn report_shortfall(
    cx: &mut Cx<'_>,
    name: &str,
    at: Option<Span>,
    asked: String,
    node: &Node,
    field: &str,
    has: String,
) {
    let site = cx.site();
    let mut diagnostic = Diagnostic::new(
        &rules::RESERVATION_EXCEEDS_NODES,
        format!("service `{name}` reserves {asked}, more than any node it may run on has"),
    )
    .at_opt(at)
    .label("reserved here");
    if let Some(span) = site_key(site, &node_pointer(site, node, field)) {
        diagnostic = diagnostic.also(
            span,
            format!(
                "`{}` has {has}, the most of the nodes it may run on",
                node.hostname
            ),
        );
    }
    cx.report(
        diagnostic
            .help(format!(
                "reserve at most {has} (node `{}`), let the service run on bigger nodes, or add one to the site",
                node.hostname
            ))
            .note("swarm places a task only on a node whose free resources cover its reservations"),
    );
}

fn index(site: &crate::site::Site, node: &Node) -> usize {
    site.nodes
        .iter()
        .position(|n| std::ptr::eq(n, node))
        .unwrap_or_default()
}

/// A byte count in the largest binary unit that keeps one decimal: `96 GiB`, `1.5 GiB`.
fn human(bytes: u64) -> String {
    const UNITS: [(&str, u32); 4] = [("TiB", 40), ("GiB", 30), ("MiB", 20), ("KiB", 10)];
    for (unit, shift) in UNITS {
        let size = 1u64 << shift;
        if bytes >= size {
            let tenths = (u128::from(bytes) * 10 / u128::from(size)) as u64;
            return if tenths % 10 == 0 {
                format!("{} {unit}", tenths / 10)
            } else {
                format!("{}.{} {unit}", tenths / 10, tenths % 10)
            };
        }
    }
    format!("{bytes} bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_binary_units() {
        assert_eq!(human(96 << 30), "96 GiB");
        assert_eq!(human(3 << 29), "1.5 GiB");
        assert_eq!(human(512), "512 bytes");
    }
}
