use super::Cx;
use crate::compose::{Restart, RestartCondition};
use crate::diagnostic::{Diagnostic, Diagnostics};

crate::rules::declare_rule! {
    /// ## What it does
    /// Reports a restart policy that restarts a failing task forever, in either of two
    /// shapes:
    ///
    /// - `condition: on-failure` (or `restart: on-failure`) without a positive
    ///   `max_attempts`. Restarting only on failure is what a process meant to exit asks
    ///   for: a migration, a batch step, a one-shot job. When it fails at every start it
    ///   is restarted without end instead of ending up failed.
    /// - `condition: any` with `delay: 0s` and no `max_attempts`: a task that crashes
    ///   at start is restarted at once, again and again.
    ///
    /// `condition: any` with `delay` unset (which includes `restart: always` and no
    /// policy at all) is not reported: swarm then waits 5 seconds between restarts, and
    /// restarting a long-running service for as long as it fails is what swarm is for.
    /// `max_attempts` counts attempts within `window` when one is set, and over the
    /// task's whole life otherwise.
    ///
    /// ## Why
    /// Each restart is a new task: swarm may place it on another node, pulls the image
    /// there if needed, and keeps it in the task history. A task that can never succeed
    /// keeps doing this, fills the logs, and never shows as failed, so nothing alerts;
    /// without a delay, the loop runs as fast as the process crashes.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   migrate:
    ///     image: example/migrate:2.1
    ///     deploy:
    ///       restart_policy:
    ///         condition: on-failure
    /// ```
    ///
    /// ## Fix
    /// Bound the attempts and space them out:
    /// ```yaml
    ///       restart_policy:
    ///         condition: on-failure
    ///         delay: 10s
    ///         max_attempts: 3
    ///         window: 2m
    /// ```
    pub static RESTART_UNBOUNDED = ("SW611", "restart-unbounded", Warning);
}

const HELP: &str = "set `max_attempts` (and a `delay` and `window`) in `deploy.restart_policy`";

pub(super) fn check(cx: &Cx<'_>, diagnostics: &mut Diagnostics) {
    for service in cx.project.services.values() {
        let name = &service.name.value;
        let policy = service
            .deploy
            .as_ref()
            .and_then(|d| d.restart_policy.as_ref());
        let Some(policy) = policy else {
            // `restart` counts only when there is no `deploy.restart_policy`.
            if let Some(restart) = &service.restart {
                if matches!(restart.value, Restart::OnFailure(None | Some(0))) {
                    diagnostics.push(
                        Diagnostic::new(
                            &RESTART_UNBOUNDED,
                            format!("service `{name}` is restarted on failure without limit"),
                        )
                        .at_value(restart)
                        .label("a task that fails at every start is restarted forever")
                        .help("write `on-failure:N`, or set `max_attempts` in `deploy.restart_policy`"),
                    );
                }
            }
            continue;
        };
        let unlimited = policy.max_attempts.as_ref().is_none_or(|m| m.value == 0);
        if !unlimited {
            continue;
        }
        let condition = policy
            .condition
            .as_ref()
            .map_or(RestartCondition::Any, |c| c.value);
        match condition {
            RestartCondition::OnFailure => {
                let at = match (&policy.max_attempts, &policy.condition) {
                    (Some(zero), _) => zero.span,
                    (None, Some(condition)) => condition.span,
                    (None, None) => continue,
                };
                diagnostics.push(
                    Diagnostic::new(
                        &RESTART_UNBOUNDED,
                        format!("service `{name}` is restarted on failure without limit"),
                    )
                    .at(at)
                    .label("a task that fails at every start is restarted forever")
                    .help(HELP),
                );
            }
            RestartCondition::Any => {
                let Some(delay) = policy.delay.as_ref().filter(|d| d.value.nanos == 0) else {
                    continue;
                };
                diagnostics.push(
                    Diagnostic::new(
                        &RESTART_UNBOUNDED,
                        format!("service `{name}` is restarted at once and without limit"),
                    )
                    .at_value(delay)
                    .label("a task that crashes at start is restarted as fast as it crashes")
                    .help(HELP),
                );
            }
            RestartCondition::None => {}
        }
    }
}
