use super::{Cx, deploy_mode};
use crate::compose::{DeployMode, Service};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::site::{child, pointer};
use crate::source::Span;

crate::rules::declare_rule! {
    /// ## What it does
    /// Reports a replicated service that runs more than one replica (by
    /// `deploy.replicas`, `scale`, or the site's `replicas` for it) and leaves
    /// `deploy.update_config` or `deploy.rollback_config` unset.
    ///
    /// ## Why
    /// Swarm then uses its defaults for both: replace one task at a time
    /// (`parallelism: 1`, `delay: 0s`), stop the old task before starting the new one
    /// (`order: stop-first`, so every step runs one replica short), watch each new task
    /// for 5 seconds (`monitor: 5s`), and on the first failure pause (`failure_action:
    /// pause`, `max_failure_ratio: 0`). A failed update is left half done, with old and
    /// new tasks serving side by side, until someone runs `docker service rollback`;
    /// the rollback, with the same defaults, is as slow as the update. With several
    /// replicas these choices are worth making on purpose.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: example/web:2.4
    ///     deploy:
    ///       replicas: 3
    /// ```
    ///
    /// ## Fix
    /// ```yaml
    ///     deploy:
    ///       replicas: 3
    ///       update_config:
    ///         parallelism: 1
    ///         order: start-first
    ///         monitor: 30s
    ///         failure_action: rollback
    ///       rollback_config:
    ///         parallelism: 0
    ///         order: stop-first
    /// ```
    /// `order: start-first` suits services that can run two versions side by side;
    /// make `monitor` longer than a new task takes to fail its healthcheck.
    pub static UPDATE_CONFIG_MISSING = ("SW610", "update-config-missing", Info);
}

/// How many replicas the service runs, and where that number is written.
fn replicas(cx: &Cx<'_>, service: &Service) -> Option<(u64, Span)> {
    if let Some(count) = cx.site_settings(service).and_then(|s| s.replicas) {
        let site = cx.site?;
        let at = pointer(&["services", &*service.name.value]);
        let span = site
            .locate(&child(&at, "replicas"))
            .map_or(service.name.span, |l| l.value);
        return Some((u64::from(count), span));
    }
    service.replicas().map(|r| (r.value, r.span))
}

pub(super) fn check(cx: &Cx<'_>, diagnostics: &mut Diagnostics) {
    for service in cx.project.services.values() {
        if deploy_mode(cx, service) != DeployMode::Replicated {
            continue;
        }
        let Some((count, at)) = replicas(cx, service) else {
            continue;
        };
        if count < 2 {
            continue;
        }
        let deploy = service.deploy.as_deref();
        let update = deploy.is_some_and(|d| d.update_config.is_some());
        let rollback = deploy.is_some_and(|d| d.rollback_config.is_some());
        let (what, missing) = match (update, rollback) {
            (true, true) => continue,
            (false, false) => (
                "update and rollback",
                "`update_config` and `rollback_config`",
            ),
            (false, true) => ("update", "`update_config`"),
            (true, false) => ("rollback", "`rollback_config`"),
        };
        diagnostics.push(
            Diagnostic::new(
                &UPDATE_CONFIG_MISSING,
                format!(
                    "service `{}` runs {count} replicas with swarm's default {what} settings",
                    service.name.value
                ),
            )
            .at(at)
            .label("one task at a time, stop-first, and a pause on the first failure")
            .help(format!(
                "set {missing}: choose `order`, `monitor` and `failure_action: rollback` for this service"
            ))
            .note("a paused update leaves old and new tasks serving side by side until someone rolls it back"),
        );
    }
}
