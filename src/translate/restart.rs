//! `restart`: compose's single-host policy, as swarm's `deploy.restart_policy`.
//!
//! Input: `restart: "no" | always | unless-stopped | on-failure[:N]`.
//! Output: `condition: none`, `condition: any` (twice), `condition: on-failure` with
//! `max_attempts: N`. Docker itself drops `restart: "no"`, so a one-shot job would be
//! restarted forever; writing the policy out makes the stack mean what compose meant.
//! A `deploy.restart_policy` written by the user wins, and `restart` is reported as
//! overridden.

use crate::compose::{Restart, Service};
use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::swarm::{self, RestartCondition};

use super::{Cx, Origin};

pub(super) fn restart(cx: &mut Cx<'_>, service: &Service, out: &mut swarm::Service) {
    let Some(restart) = &service.restart else {
        return;
    };
    let written = written(restart.value);
    let explicit = service.deploy.as_ref().and_then(|d| {
        d.restart_policy
            .as_ref()
            .map(|_| d.keys.get("restart_policy"))
    });
    if let Some(explicit) = explicit {
        let mut diagnostic = Diagnostic::new(
            &rules::RESTART_OVERRIDDEN,
            format!("`restart: {written}` is overridden by `deploy.restart_policy`"),
        )
        .at(restart.span)
        .label("left out")
        .help("remove `restart`, or make `deploy.restart_policy` say what you mean");
        if let Some(span) = explicit {
            diagnostic = diagnostic.also(span, "swarm uses this policy");
        }
        cx.report(diagnostic);
        return;
    }
    let policy = policy(restart.value);
    let translation = describe(&policy);
    cx.report(
        Diagnostic::new(
            &rules::RESTART_TRANSLATED,
            format!("`restart: {written}` becomes `deploy.restart_policy` {translation}"),
        )
        .at(restart.span)
        .help("write `deploy.restart_policy` to state the policy in swarm's own terms"),
    );
    let name = service.name.value.as_str();
    cx.origins.record(
        Origin::service(name).field("deploy.restart_policy"),
        restart.span,
    );
    out.deploy
        .get_or_insert_with(Default::default)
        .restart_policy = Some(policy);
}

/// Swarm's policy for compose's.
fn policy(restart: Restart) -> swarm::RestartPolicy {
    let (condition, max_attempts) = match restart {
        Restart::No => (RestartCondition::None, None),
        Restart::Always | Restart::UnlessStopped => (RestartCondition::Any, None),
        Restart::OnFailure(attempts) => (RestartCondition::OnFailure, attempts),
    };
    swarm::RestartPolicy {
        condition: Some(condition),
        max_attempts,
        ..swarm::RestartPolicy::default()
    }
}

/// The value as compose spells it.
fn written(restart: Restart) -> String {
    match restart {
        Restart::No => "\"no\"".to_owned(),
        Restart::Always => "always".to_owned(),
        Restart::UnlessStopped => "unless-stopped".to_owned(),
        Restart::OnFailure(None) => "on-failure".to_owned(),
        Restart::OnFailure(Some(n)) => format!("on-failure:{n}"),
    }
}

/// `condition: x` and, when set, `max_attempts: n`, in backticks.
fn describe(policy: &swarm::RestartPolicy) -> String {
    let condition = match policy.condition {
        Some(RestartCondition::None) => "none",
        Some(RestartCondition::OnFailure) => "on-failure",
        Some(RestartCondition::Any) | None => "any",
    };
    match policy.max_attempts {
        Some(n) => format!("`condition: {condition}`, `max_attempts: {n}`"),
        None => format!("`condition: {condition}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapped(restart: Restart) -> (Option<RestartCondition>, Option<u64>) {
        let policy = policy(restart);
        (policy.condition, policy.max_attempts)
    }

    #[test]
    fn compose_policies_map_to_swarm_conditions() {
        assert_eq!(mapped(Restart::No), (Some(RestartCondition::None), None));
        assert_eq!(mapped(Restart::Always), (Some(RestartCondition::Any), None));
        assert_eq!(
            mapped(Restart::UnlessStopped),
            (Some(RestartCondition::Any), None)
        );
        assert_eq!(
            mapped(Restart::OnFailure(None)),
            (Some(RestartCondition::OnFailure), None)
        );
        assert_eq!(
            mapped(Restart::OnFailure(Some(3))),
            (Some(RestartCondition::OnFailure), Some(3))
        );
    }

    #[test]
    fn messages_spell_the_policies_as_written() {
        assert_eq!(written(Restart::No), "\"no\"");
        assert_eq!(written(Restart::OnFailure(Some(3))), "on-failure:3");
        assert_eq!(
            describe(&policy(Restart::OnFailure(Some(3)))),
            "`condition: on-failure`, `max_attempts: 3`"
        );
        assert_eq!(describe(&policy(Restart::No)), "`condition: none`");
    }
}
