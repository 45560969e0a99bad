//! Service-level resource keys: `cpus`, `mem_limit`, `mem_reservation` and
//! `pids_limit`, which swarm reads only from `deploy.resources`.
//!
//! Input: `mem_limit: 2g`, `mem_reservation: 512m`, `cpus: 1.5`, `pids_limit: 200`.
//! Output: `deploy.resources.limits: {memory: 2G, cpus: "1.5", pids: 200}` and
//! `deploy.resources.reservations.memory: 512M`. When `deploy.resources` already sets
//! the same field, that value is kept (lowering reports the two when they differ) and
//! the service-level key is reported as redundant. The CPU and memory settings swarm
//! cannot express at all are reported by the pass for dropped keys.

use crate::compose::Service;
use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::source::Span;
use crate::swarm;

use super::deploy::{cpus_of, pids_of};
use super::{Cx, Origin};

/// One service-level key and where it goes.
struct Move<'a> {
    key: &'static str,
    /// `limits.cpus` and the like.
    field: &'static str,
    /// The origin field recorded for it.
    origin: &'static str,
    span: Span,
    /// Where `deploy.resources` sets the same field, and whether to the same value.
    explicit: Option<(Span, bool)>,
    value: &'a str,
}

pub(super) fn resources(cx: &mut Cx<'_>, service: &Service, out: &mut swarm::Service) {
    let resources = service.deploy.as_ref().and_then(|d| d.resources.as_ref());
    let limits = resources.and_then(|r| r.limits.as_ref());
    let reservations = resources.and_then(|r| r.reservations.as_ref());
    let name = service.name.value.as_str();

    if let Some(cpus) = &service.cpus {
        let value = cpus_of(&cpus.value);
        let explicit = limits
            .and_then(|l| l.cpus.as_ref())
            .map(|c| (c.span, cpus_of(&c.value) == value));
        if report(
            cx,
            name,
            &Move {
                key: "cpus",
                field: "limits.cpus",
                origin: "deploy.resources.limits.cpus",
                span: cpus.span,
                explicit,
                value: value.as_str(),
            },
        ) {
            limits_of(out).cpus = Some(value);
        }
    }
    if let Some(memory) = &service.mem_limit {
        let value = swarm::Memory::from_bytes(memory.value.bytes);
        let explicit = limits
            .and_then(|l| l.memory.as_ref())
            .map(|m| (m.span, m.value.bytes == memory.value.bytes));
        if report(
            cx,
            name,
            &Move {
                key: "mem_limit",
                field: "limits.memory",
                origin: "deploy.resources.limits.memory",
                span: memory.span,
                explicit,
                value: value.as_str(),
            },
        ) {
            limits_of(out).memory = Some(value);
        }
    }
    if let Some(pids) = &service.pids_limit {
        let explicit = limits
            .and_then(|l| l.pids.as_ref())
            .map(|p| (p.span, p.value == pids.value));
        match pids_of(pids.value) {
            Some(value) => {
                let text = value.to_string();
                if report(
                    cx,
                    name,
                    &Move {
                        key: "pids_limit",
                        field: "limits.pids",
                        origin: "deploy.resources.limits.pids",
                        span: pids.span,
                        explicit,
                        value: &text,
                    },
                ) {
                    limits_of(out).pids = Some(value);
                }
            }
            None => cx.report(
                Diagnostic::new(
                    &rules::RESOURCE_LIMIT_TRANSLATED,
                    format!(
                        "`pids_limit: {}` means no limit, swarm's default",
                        pids.value
                    ),
                )
                .at_value(pids)
                .label("nothing to write")
                .help("remove `pids_limit`, or set a positive limit"),
            ),
        }
    }
    if let Some(memory) = &service.mem_reservation {
        let value = swarm::Memory::from_bytes(memory.value.bytes);
        let explicit = reservations
            .and_then(|r| r.memory.as_ref())
            .map(|m| (m.span, m.value.bytes == memory.value.bytes));
        if report(
            cx,
            name,
            &Move {
                key: "mem_reservation",
                field: "reservations.memory",
                origin: "deploy.resources.reservations.memory",
                span: memory.span,
                explicit,
                value: value.as_str(),
            },
        ) {
            out.deploy
                .get_or_insert_with(Default::default)
                .resources
                .get_or_insert_with(Default::default)
                .reservations
                .get_or_insert_with(Default::default)
                .memory = Some(value);
        }
    }
}

fn limits_of(out: &mut swarm::Service) -> &mut swarm::Limits {
    out.deploy
        .get_or_insert_with(Default::default)
        .resources
        .get_or_insert_with(Default::default)
        .limits
        .get_or_insert_with(Default::default)
}

/// Reports the move; whether the value is to be written (it is not when
/// `deploy.resources` has it already).
fn report(cx: &mut Cx<'_>, service: &str, m: &Move<'_>) -> bool {
    if let Some((explicit, same)) = m.explicit {
        // Different values are a conflict, which lowering reports.
        if !same {
            return false;
        }
        cx.report(
            Diagnostic::new(
                &rules::SETTING_NOT_APPLICABLE,
                format!("`{}` repeats `deploy.resources.{}`", m.key, m.field),
            )
            .at(m.span)
            .label("left out")
            .also(explicit, "swarm uses this value")
            .help(format!("remove `{}`", m.key)),
        );
        return false;
    }
    cx.report(
        Diagnostic::new(
            &rules::RESOURCE_LIMIT_TRANSLATED,
            format!(
                "`{}` becomes `deploy.resources.{}: {}`",
                m.key, m.field, m.value
            ),
        )
        .at(m.span)
        .help(format!(
            "write `deploy.resources.{}` instead of `{}` to silence this note",
            m.field, m.key
        )),
    );
    cx.origins
        .record(Origin::service(service).field(m.origin), m.span);
    true
}
