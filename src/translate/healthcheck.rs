//! `healthcheck`, in swarm's one form: the test as a list starting with `CMD`,
//! `CMD-SHELL` or `NONE`, durations in Go's shortest form.
//!
//! Input: `test: curl -f http://localhost`, `test: ["CMD", ...]`, `disable: true`.
//! Output: `test: [CMD-SHELL, "curl -f http://localhost"]`, `test: [CMD, ...]`, and
//! `test: [NONE]` for a disabled check (which switches off the image's check, as
//! compose does). A check without `test` keeps the image's test with new timings.

use crate::compose::{HealthTest, Service};
use crate::swarm;

use super::Cx;

pub(super) fn healthcheck(_cx: &mut Cx<'_>, service: &Service, out: &mut swarm::Service) {
    let Some(check) = &service.healthcheck else {
        return;
    };
    if check.is_disabled() {
        out.healthcheck = Some(swarm::Healthcheck {
            test: vec!["NONE".to_owned()],
            ..swarm::Healthcheck::default()
        });
        return;
    }
    let test = match check.test.as_ref().map(|t| &t.value) {
        None | Some(HealthTest::None) => Vec::new(),
        Some(HealthTest::Cmd(args)) => std::iter::once("CMD".to_owned())
            .chain(args.iter().map(|a| a.value.to_string()))
            .collect(),
        Some(HealthTest::Shell(command)) => vec!["CMD-SHELL".to_owned(), command.value.to_string()],
    };
    let duration = |d: &Option<crate::spanned::Spanned<crate::compose::Duration>>| {
        d.as_ref()
            .map(|d| swarm::Duration::from_std(d.value.as_std()))
    };
    out.healthcheck = Some(swarm::Healthcheck {
        test,
        interval: duration(&check.interval),
        timeout: duration(&check.timeout),
        retries: check.retries.as_ref().map(|r| r.value),
        start_period: duration(&check.start_period),
        start_interval: duration(&check.start_interval),
    });
}
