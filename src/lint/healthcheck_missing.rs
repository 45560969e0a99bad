use super::{Cx, deploy_mode, is_job};
use crate::compose::{Restart, RestartCondition, Service};
use crate::diagnostic::{Diagnostic, Diagnostics};

crate::rules::declare_rule! {
    /// ## What it does
    /// Reports a long-running service without a `healthcheck`. A healthcheck switched
    /// off on purpose (`disable: true`, or `test: ["NONE"]`) is a decision and is not
    /// reported, nor is a `healthcheck` that only tunes the image's own check
    /// (`healthcheck: { interval: 10s }`). Jobs (`mode: replicated-job` or
    /// `global-job`) and services that are never restarted (`condition: none`,
    /// `restart: "no"`) run to completion and are not reported either.
    ///
    /// ## Why
    /// Without a healthcheck, swarm counts a task as running as soon as its process has
    /// started. A rolling update then judges each new task by that alone: during
    /// `update_config.monitor` it only notices a task that exits, so an image that
    /// starts but never serves rolls out to every replica, and `failure_action:
    /// rollback` never fires. With a healthcheck, a task is running only once it is
    /// healthy, tasks that turn unhealthy are replaced, and the update stops on the
    /// first new task that does not become healthy. Swarm also ignores `depends_on`, so
    /// a healthcheck and a client that retries are what replace start order.
    /// swarmc cannot see a `HEALTHCHECK` built into the image; if there is one, write
    /// the timings it should run with, and the service is no longer reported.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   api:
    ///     image: example/api:3.1
    /// ```
    ///
    /// ## Fix
    /// ```yaml
    /// services:
    ///   api:
    ///     image: example/api:3.1
    ///     healthcheck:
    ///       test: ["CMD", "curl", "-fsS", "http://localhost:8080/health"]
    ///       interval: 10s
    ///       start_period: 30s
    /// ```
    pub static HEALTHCHECK_MISSING = ("SW608", "healthcheck-missing", Warning);
}

/// Whether swarm never restarts the service's tasks: they are meant to exit.
fn runs_once(service: &Service) -> bool {
    let policy = service
        .deploy
        .as_ref()
        .and_then(|d| d.restart_policy.as_ref());
    match policy {
        Some(policy) => policy
            .condition
            .as_ref()
            .is_some_and(|c| c.value == RestartCondition::None),
        None => service
            .restart
            .as_ref()
            .is_some_and(|r| r.value == Restart::No),
    }
}

pub(super) fn check(cx: &Cx<'_>, diagnostics: &mut Diagnostics) {
    for service in cx.project.services.values() {
        if service.healthcheck.is_some() || is_job(deploy_mode(cx, service)) || runs_once(service) {
            continue;
        }
        diagnostics.push(
            Diagnostic::new(
                &HEALTHCHECK_MISSING,
                format!("service `{}` has no healthcheck", service.name.value),
            )
            .at(service.name.span)
            .label("swarm counts its tasks as running as soon as they start")
            .help("add a `healthcheck` whose `test` checks that the service answers")
            .note("rolling updates and `update_config.monitor` judge new tasks by their health; without a check, a task that starts but never serves passes"),
        );
    }
}
