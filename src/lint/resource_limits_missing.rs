use super::Cx;
use crate::compose::{Resource, Service};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::source::Span;

crate::rules::declare_rule! {
    /// ## What it does
    /// Reports a service that sets no resource limits: none in
    /// `deploy.resources.limits` (`cpus` or `memory`) and no `mem_limit` or `cpus`,
    /// which swarmc translates into limits. The message says whether the service
    /// reserves anything (`deploy.resources.reservations`, `mem_reservation`, or the
    /// site's `reservations` for the service). A service with limits and no reservations
    /// is not reported: its tasks cannot starve their neighbours.
    ///
    /// ## Why
    /// Swarm places a task on any node whose unreserved resources fit the task's
    /// reservations; a task that reserves nothing fits everywhere, so the scheduler
    /// piles tasks onto nodes without regard for what they use. Limits are what keep a
    /// task within its share once it runs: without a memory limit, one leaking task
    /// makes the node's kernel kill processes to free memory (other tasks, or the
    /// engine itself), and swarm moves the lost tasks onto the next node, which can fail
    /// the same way.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   worker:
    ///     image: example/worker:5.0
    /// ```
    ///
    /// ## Fix
    /// ```yaml
    ///     deploy:
    ///       resources:
    ///         limits: { cpus: "2", memory: 1GiB }
    ///         reservations: { cpus: "0.5", memory: 512MiB }
    /// ```
    pub static RESOURCE_LIMITS_MISSING = ("SW609", "resource-limits-missing", Warning);
}

fn sets_cpu_or_memory(resource: Option<&Resource>) -> bool {
    resource.is_some_and(|r| r.cpus.is_some() || r.memory.is_some())
}

/// Where the service's reservations are written, when it reserves anything.
fn reservations(cx: &Cx<'_>, service: &Service) -> Option<Option<Span>> {
    let resources = service.deploy.as_ref().and_then(|d| d.resources.as_ref());
    if sets_cpu_or_memory(resources.and_then(|r| r.reservations.as_ref())) {
        return Some(resources.and_then(|r| r.keys.get("reservations")));
    }
    if service.mem_reservation.is_some() {
        return Some(service.key_span("mem_reservation"));
    }
    let from_site = cx
        .site_settings(service)
        .and_then(|s| s.reservations.as_ref())
        .is_some_and(|r| r.cpus.is_some() || r.memory.is_some());
    from_site.then_some(None)
}

pub(super) fn check(cx: &Cx<'_>, diagnostics: &mut Diagnostics) {
    for service in cx.project.services.values() {
        let resources = service.deploy.as_ref().and_then(|d| d.resources.as_ref());
        let limited = sets_cpu_or_memory(resources.and_then(|r| r.limits.as_ref()))
            || service.mem_limit.is_some()
            || service.cpus.is_some();
        if limited {
            continue;
        }
        let diagnostic = match reservations(cx, service) {
            Some(at) => Diagnostic::new(
                &RESOURCE_LIMITS_MISSING,
                format!(
                    "service `{}` reserves resources but sets no limits",
                    service.name.value
                ),
            )
            .at(at.unwrap_or(service.name.span))
            .label("its tasks may use more than they reserve, without bound"),
            None => Diagnostic::new(
                &RESOURCE_LIMITS_MISSING,
                format!(
                    "service `{}` sets no resource limits or reservations",
                    service.name.value
                ),
            )
            .at(service.name.span)
            .label("the scheduler ignores what its tasks use, and nothing bounds it"),
        };
        diagnostics.push(diagnostic.help(
            "set `deploy.resources.limits` (`cpus` and `memory`), and reservations for what each task needs to start",
        ));
    }
}
