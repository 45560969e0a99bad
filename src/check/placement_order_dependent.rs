use super::task_unschedulable::pending_diagnostic;
use super::{Context, plural};
use crate::diagnostic::Diagnostics;

crate::rules::declare_rule! {
    /// ## What it does
    /// Reports a stack that fits the site only when swarm places its services in a
    /// lucky order, naming an order in which tasks stay pending and one in which they
    /// do not.
    ///
    /// ## Why
    /// Swarm places one service after another, in an order it does not promise (Go map
    /// order), greedily and without looking ahead: a service that could run anywhere
    /// can take the room a pinned one needs. The same stack then deploys on Monday and
    /// leaves a task pending on Tuesday, after a node restart or a `docker stack rm`.
    ///
    /// ## Example
    /// ```yaml
    /// # two nodes with 2 GiB each
    /// services:
    ///   cache:     # may run anywhere
    ///     deploy: {resources: {reservations: {memory: 1536M}}}
    ///   db:        # only on db-1
    ///     deploy:
    ///       placement: {constraints: ["node.hostname == db-1"]}
    ///       resources: {reservations: {memory: 1536M}}
    /// ```
    ///
    /// ## Fix
    /// Keep the flexible service off the pinned one's nodes (a `!=` constraint or the
    /// site's `keep_off`), reserve less, or add room so that every order fits.
    pub static PLACEMENT_ORDER_DEPENDENT = ("SW503", "placement-order-dependent", Warning);
}

pub(super) fn check(cx: &Context<'_>, diagnostics: &mut Diagnostics) {
    let Some(failing) = &cx.orders.failing else {
        return;
    };
    for (service, outcome) in cx.services.iter().zip(&failing.simulation.services) {
        if cx.pending_explained(service) {
            continue;
        }
        for pending in &outcome.pending {
            let message = format!(
                "{} of service `{}` cannot be placed when swarm places the services in some orders",
                plural(pending.tasks, "task", "tasks"),
                service.name,
            );
            diagnostics.push(
                pending_diagnostic(cx, &PLACEMENT_ORDER_DEPENDENT, service.name, pending, message)
                    .note(format!("fails when swarm places {}", in_order(&failing.order, 8)))
                    .note(format!(
                        "every task is placed when swarm places {}",
                        in_order(&failing.succeeding, 8)
                    ))
                    .help(format!(
                        "keep other services off the nodes `{}` needs (a `!=` placement constraint), reserve less, or add room so that every order fits",
                        service.name
                    )),
            );
        }
    }
}

/// Services in the order they are placed: "`a`, then `b`", at most `limit` of them.
fn in_order(names: &[String], limit: usize) -> String {
    let shown: Vec<String> = names.iter().take(limit).map(|n| format!("`{n}`")).collect();
    let mut text = shown.join(", then ");
    let more = names.len().saturating_sub(limit);
    if more > 0 {
        text.push_str(&format!(", then {more} more"));
    }
    text
}
