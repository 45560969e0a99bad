//! `depends_on`: compose's start order, which swarm does not have.
//!
//! Input: `depends_on: [db]` or `depends_on: {db: {condition: service_healthy}}`.
//! Output: nothing; the key is reported once, at the key, naming the services, because
//! a service that crashes while its dependency starts is then only restarted by its
//! restart policy.

use crate::compose::{DependencyCondition, Service};
use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::swarm;

use super::Cx;

pub(super) fn depends_on(cx: &mut Cx<'_>, service: &Service, _out: &mut swarm::Service) {
    let Some(key) = service.key_span("depends_on") else {
        return;
    };
    if service.depends_on.is_empty() {
        return;
    }
    let names: Vec<String> = service
        .depends_on
        .keys()
        .map(|name| format!("`{name}`"))
        .collect();
    let mut diagnostic = Diagnostic::new(
        &rules::START_ORDER_IGNORED,
        format!(
            "swarm starts `{}` without waiting for {}",
            service.name.value,
            names.join(", ")
        ),
    )
    .at(key)
    .label("left out")
    .help("make the service retry its connections, give its dependencies a `healthcheck`, and keep a restart policy that restarts on failure");
    for dependency in service.depends_on.values() {
        if let Some(condition) = dependency
            .condition
            .as_ref()
            .filter(|c| c.value != DependencyCondition::ServiceStarted)
        {
            diagnostic = diagnostic.also(
                condition.span,
                format!("swarm does not wait for `{}`", condition.value.as_str()),
            );
        }
    }
    cx.report(diagnostic.note("swarm starts every service at once and restarts failed tasks"));
}
