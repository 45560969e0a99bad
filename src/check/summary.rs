//! The placement summary `swarmc check` prints for people: per service, how many
//! tasks each node is predicted to run and, for tasks no node takes, swarm's reason
//! the node that came closest and, on a swarm that runs other stacks, which of their
//! services hold the room it lacks.

use std::fmt::Write;

use super::{Cx, plural};

/// The summary, one block per service in the stack's order.
pub fn summary(cx: &Cx<'_>) -> String {
    let mut out = String::new();
    let site = cx
        .site()
        .name
        .clone()
        .unwrap_or_else(|| crate::site::DEFAULT_SITE_NAME.to_owned());
    // When outcomes depend on the order, the counts below are those of one order: the
    // stack's, which the competing services are named in.
    let order_dependent = cx.orders.services.iter().any(|v| v.orders.is_some());
    let orders = match cx.orders.tried {
        1 => String::new(),
        n if order_dependent => format!(
            ", {n} service orders tried; counts for the order {}",
            cx.orders.competing.join(", ")
        ),
        n => format!(", {n} service orders tried"),
    };
    let sizes = if cx.site().base_dir.is_none() {
        ", sizes not checked without `--site`"
    } else {
        ""
    };
    let running = match cx.input.state.running.len() {
        0 => String::new(),
        n => format!(
            ", after {} of other stacks",
            plural(n as u64, "running task", "running tasks")
        ),
    };
    let _ = writeln!(
        out,
        "placement on site `{site}` ({}{running}{orders}{sizes}):",
        plural(cx.nodes.len() as u64, "node", "nodes")
    );
    if cx.services.is_empty() {
        out.push_str("  no service to place\n");
    }
    for ((service, outcome), variation) in cx
        .services
        .iter()
        .zip(&cx.simulation.services)
        .zip(&cx.orders.services)
    {
        let _ = write!(out, "  {}: ", service.name);
        if let Some(error) = &outcome.rejected {
            let _ = writeln!(out, "refused by swarm: {error}");
            continue;
        }
        let placed = outcome.placed_tasks();
        if placed == outcome.tasks {
            let _ = write!(out, "{}", plural(outcome.tasks, "task", "tasks"));
        } else {
            let _ = write!(
                out,
                "{placed} of {} placed",
                plural(outcome.tasks, "task", "tasks")
            );
        }
        let one_node = variation.candidates.len() == 1;
        if (variation.certain || one_node) && !outcome.placed.is_empty() {
            let nodes: Vec<String> = outcome
                .placed
                .iter()
                .map(|(node, count)| format!("{count} on {node}"))
                .collect();
            let _ = write!(out, ": {}", nodes.join(", "));
        } else if placed > 0 && !variation.candidates.is_empty() {
            let nodes: Vec<&str> = variation.candidates.iter().map(String::as_str).collect();
            let _ = write!(out, " on any of {} (swarm's choice)", nodes.join(", "));
        }
        if outcome.deferred > 0 {
            let _ = write!(
                out,
                ", {} later",
                plural(outcome.deferred, "completion", "completions")
            );
        }
        out.push('\n');
        if outcome.not_simulated > 0 {
            let _ = writeln!(
                out,
                "    {} not simulated",
                plural(outcome.not_simulated, "task", "tasks")
            );
        }
        for pending in &outcome.pending {
            let on = pending
                .node
                .as_ref()
                .map(|n| format!(" on {n}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "    {} pending{on}: {}",
                plural(pending.tasks, "task", "tasks"),
                pending.error
            );
            if let Some(closest) = &pending.closest {
                let _ = writeln!(out, "      closest: {closest}");
                let running = &cx.input.state.running;
                let held = std::iter::once(closest)
                    .chain(&pending.held)
                    .flat_map(|s| s.holders(&service.spec.reservations, running));
                for line in held {
                    let _ = writeln!(out, "      held: {line}");
                }
            }
        }
        if variation.depends() {
            let _ = writeln!(
                out,
                "    {} to {} pending, depending on {}",
                variation.fewest_pending,
                plural(variation.most_pending, "task", "tasks"),
                match (&variation.orders, &variation.ties) {
                    (Some(_), Some(_)) =>
                        "the order swarm places services in and the nodes it picks",
                    (Some(_), None) => "the order swarm places services in",
                    _ => "the nodes swarm picks among equals",
                }
            );
            if let Some(witness) = &variation.orders {
                let _ = writeln!(out, "      fewest when placed: {}", witness.fits.join(", "));
                let _ = writeln!(out, "      most when placed: {}", witness.fails.join(", "));
            }
        }
    }
    out
}
