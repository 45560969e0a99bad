//! `scale`: compose's number of containers, as swarm's `deploy.replicas`.
//!
//! Input: `scale: 3`. Output: `deploy.replicas: 3`. With `deploy.replicas` also
//! written, that value is used: an equal `scale` is reported as redundant, a different
//! one was reported by lowering as a conflict.

use crate::compose::Service;
use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::swarm;

use super::deploy::{is_global, mode_conflict};
use super::{Cx, Origin};

pub(super) fn scale(cx: &mut Cx<'_>, service: &Service, out: &mut swarm::Service) {
    let Some(scale) = &service.scale else {
        return;
    };
    let deploy = service.deploy.as_ref();
    if let Some(replicas) = deploy.and_then(|d| d.replicas.as_ref()) {
        if replicas.value == scale.value {
            cx.report(
                Diagnostic::new(
                    &rules::SETTING_NOT_APPLICABLE,
                    format!("`scale: {}` repeats `deploy.replicas`", scale.value),
                )
                .at(scale.span)
                .label("left out")
                .also(replicas.span, "swarm uses this value")
                .help("remove `scale`"),
            );
        }
        return;
    }
    if let Some(mode) = deploy
        .and_then(|d| d.mode.as_ref())
        .filter(|m| is_global(m.value))
    {
        cx.report(mode_conflict(
            scale.span,
            format!("a `{}` service has no `scale`", mode.value.as_str()),
            Some(mode.span),
            "remove `scale`; a global service runs one task on every eligible node",
        ));
        return;
    }
    cx.report(
        Diagnostic::new(
            &rules::REPLICAS_TRANSLATED,
            format!(
                "`scale: {}` becomes `deploy.replicas: {}`",
                scale.value, scale.value
            ),
        )
        .at_value(scale)
        .help("write `deploy.replicas` instead of `scale` to silence this note"),
    );
    cx.origins.record(
        Origin::service(&service.name.value).field("deploy.replicas"),
        scale.span,
    );
    out.deploy.get_or_insert_with(Default::default).replicas = Some(scale.value);
}
