use super::{Cx, plural};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::schedule::{Pending, Reason};

crate::rules::declare_rule! {
    /// ## What it does
    /// Reports tasks that no node of the site can take, whatever order swarm places
    /// the services in, with the error swarm gives them (`no suitable node
    /// (insufficient resources on 2 nodes; scheduling constraints not satisfied on 1
    /// node)`) and the node that came closest, with what it lacks.
    ///
    /// ## Why
    /// `docker stack deploy` accepts the stack and returns; the tasks then stay
    /// `Pending` for ever, and the reason only shows in `docker service ps --no-trunc`.
    /// Reservations are counted against what each node advertises, so a stack whose
    /// total fits the cluster can still leave tasks pending when no single node has
    /// room for one more task.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:16
    ///     deploy:
    ///       resources:
    ///         reservations:
    ///           memory: 64G   # no node has 64 GiB
    /// ```
    ///
    /// ## Fix
    /// Reserve less, ask for fewer replicas, relax the placement constraints, or add
    /// a node that fits (and describe it in the site profile).
    pub static TASK_UNSCHEDULABLE = ("SW501", "task-unschedulable", Error);
}

/// The fields of a service a pending task's reasons point at, most telling first.
pub(super) fn fields_for(pending: &Pending) -> &'static [&'static str] {
    let reasons = pending
        .closest
        .as_ref()
        .map(|c| c.reasons.as_slice())
        .unwrap_or_default();
    let has = |f: fn(&Reason) -> bool| reasons.iter().any(f);
    if has(|r| matches!(r, Reason::Memory { .. })) {
        &[
            "deploy.resources.reservations.memory",
            "deploy.resources",
            "deploy.replicas",
        ]
    } else if has(|r| matches!(r, Reason::Cpu { .. })) {
        &[
            "deploy.resources.reservations.cpus",
            "deploy.resources",
            "deploy.replicas",
        ]
    } else if has(|r| matches!(r, Reason::Generic { .. } | Reason::GenericHeld { .. })) {
        &[
            "deploy.resources.reservations.generic_resources",
            "deploy.resources",
            "deploy.replicas",
        ]
    } else if pending.error.contains("constraints") || has(|r| matches!(r, Reason::Constraint(_))) {
        &["deploy.placement.constraints", "deploy.placement", "deploy"]
    } else if pending.error.contains("max replicas") {
        &[
            "deploy.placement.max_replicas_per_node",
            "deploy.replicas",
            "deploy",
        ]
    } else if pending.error.contains("host-mode port") {
        &["ports", "deploy.replicas"]
    } else {
        &["deploy.replicas", "deploy.mode", "deploy"]
    }
}

/// The diagnostic for the pending tasks of one service.
pub(super) fn pending_diagnostic(
    cx: &Cx<'_>,
    rule: &'static crate::rules::Rule,
    service: &str,
    pending: &Pending,
    message: String,
) -> Diagnostic {
    let mut diagnostic = Diagnostic::new(rule, message)
        .at_opt(cx.service_span(service, fields_for(pending)))
        .label(pending.error.clone());
    if let Some(closest) = &pending.closest {
        diagnostic = diagnostic.note(format!("closest: {closest}"));
        let asked = cx
            .services
            .iter()
            .find(|s| s.name == service)
            .map(|s| &s.spec.reservations);
        if let Some(asked) = asked {
            let running = &cx.input.state.running;
            let holders = std::iter::once(closest)
                .chain(&pending.held)
                .flat_map(|shortfall| shortfall.holders(asked, running));
            for holder in holders {
                diagnostic = diagnostic.note(holder);
            }
        }
    }
    diagnostic
}

pub(super) fn check(cx: &Cx<'_>, diagnostics: &mut Diagnostics) {
    for (service, variation) in cx.services.iter().zip(&cx.orders.services) {
        if variation.fewest_pending == 0 || cx.pending_explained(service) {
            continue;
        }
        // Only the tasks that stay pending in every order tried: the others are
        // `placement-order-dependent`'s.
        let Some(outcome) = &variation.best else {
            continue;
        };
        for pending in &outcome.pending {
            let on = match &pending.node {
                Some(node) => format!(" on `{node}`"),
                None => String::new(),
            };
            let message = format!(
                "{} of service `{}` cannot be placed{on}: {}",
                plural(pending.tasks, "task", "tasks"),
                service.name,
                pending.error
            );
            diagnostics.push(
                pending_diagnostic(cx, &TASK_UNSCHEDULABLE, service.name, pending, message)
                    .help(help(pending)),
            );
        }
    }
}

fn help(pending: &Pending) -> &'static str {
    match fields_for(pending).first().copied() {
        Some(field) if field.starts_with("deploy.resources") => {
            "reserve less, run fewer replicas, or add a node with room for the task to the site"
        }
        Some("deploy.placement.constraints") => {
            "relax the placement constraints, or label more nodes to satisfy them"
        }
        Some("deploy.placement.max_replicas_per_node") => {
            "raise `max_replicas_per_node`, run fewer replicas, or add nodes"
        }
        Some("ports") => "publish the port in ingress mode, or run at most one task per node",
        _ => "make a node available for the task, or run fewer replicas",
    }
}
