use super::task_unschedulable::pending_diagnostic;
use super::{Cx, plural};
use crate::diagnostic::Diagnostics;
use crate::schedule::Pending;

crate::rules::declare_rule! {
    /// ## What it does
    /// Reports tasks that are placed only when swarm places the services in a lucky
    /// order, or picks luckily among nodes it ranks equal, naming an order in which
    /// they stay pending and one in which they do not.
    ///
    /// ## Why
    /// Swarm places one service after another, in an order it does not promise (Go map
    /// order), greedily and without looking ahead: a service that could run anywhere
    /// can take the room a pinned one needs. The same stack then deploys on Monday and
    /// leaves a task pending on Tuesday, after a node restart or a `docker stack rm`.
    /// Between nodes it ranks equal (as many tasks), swarm also picks at random.
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

pub(super) fn check(cx: &Cx<'_>, diagnostics: &mut Diagnostics) {
    for (service, variation) in cx.services.iter().zip(&cx.orders.services) {
        if !variation.depends() || cx.pending_explained(service) {
            continue;
        }
        let tasks = variation.most_pending - variation.fewest_pending;
        let (failing, cause) = match (&variation.orders, &variation.ties) {
            (Some(witness), _) => (&witness.failing, "in some orders"),
            (None, Some(outcome)) => (outcome, "on some of the nodes it may choose"),
            (None, None) => continue,
        };
        let Some(first) = failing.pending.first() else {
            continue;
        };
        let pending = Pending {
            tasks,
            ..first.clone()
        };
        let message = format!(
            "{} of service `{}` cannot be placed when swarm places the services {cause}",
            plural(tasks, "task", "tasks"),
            service.name,
        );
        let mut diagnostic = pending_diagnostic(
            cx,
            &PLACEMENT_ORDER_DEPENDENT,
            service.name,
            &pending,
            message,
        );
        if let Some(witness) = &variation.orders {
            let placed = if variation.fewest_pending == 0 {
                "every task is placed".to_owned()
            } else {
                let more = if tasks == 1 { "task is" } else { "tasks are" };
                format!("{tasks} more {more} placed")
            };
            diagnostic = diagnostic
                .note(format!(
                    "fails when swarm places {}",
                    in_order(&witness.fails, 8)
                ))
                .note(format!(
                    "{placed} when swarm places {}",
                    in_order(&witness.fits, 8)
                ));
        }
        if variation.ties.is_some() {
            diagnostic = diagnostic.note(
                "swarm picks at random among nodes it ranks equal, and some picks leave \
                 less room for this service",
            );
        }
        diagnostics.push(diagnostic.help(format!(
            "keep other services off the nodes `{}` needs (a `!=` placement constraint), reserve less, or add room so that every order fits",
            service.name
        )));
    }
}

fn in_order(names: &[String], limit: usize) -> String {
    let shown: Vec<String> = names.iter().take(limit).map(|n| format!("`{n}`")).collect();
    let mut text = shown.join(", then ");
    let more = names.len().saturating_sub(limit);
    if more > 0 {
        text.push_str(&format!(", then {more} more"));
    }
    text
}
