//! Every other service key that `keys.rs` says is left out of the stack: each is
//! reported once, at the key, with the rule its row names.
//!
//! Input: `security_opt`, `pull_policy`, `cpu_shares`, `oom_score_adj`, ... Output:
//! nothing in the stack. Keys whose fate depends on their value, and keys a pass of
//! their own explains (`depends_on`, and the networking keys), are not reported here.

use crate::compose::Service;
use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::swarm;

use super::Cx;
use super::keys::{Treatment, lookup_service_key};

/// Dropped keys that a pass of their own reports.
const DEDICATED: &[&str] = &["depends_on", "expose", "external_links", "mac_address"];

pub(super) fn dropped(cx: &mut Cx<'_>, service: &Service, _out: &mut swarm::Service) {
    for (key, span) in service.keys.iter() {
        if DEDICATED.contains(&key) {
            continue;
        }
        let Some(row) = lookup_service_key(key) else {
            continue;
        };
        let (Treatment::Dropped(rule), None) = (row.treatment, row.otherwise) else {
            continue;
        };
        let help = if *rule == rules::RESOURCE_SETTING_UNSUPPORTED {
            "express the intent with `deploy.resources.limits` and `deploy.resources.reservations`, which swarm enforces".to_owned()
        } else if *rule == rules::SETTING_NOT_APPLICABLE {
            format!("nothing to do; remove `{key}` to silence this note")
        } else {
            format!("remove `{key}`, or get its effect another way (for example in the image)")
        };
        cx.report(
            Diagnostic::new(rule, format!("`{key}` is left out of the stack"))
                .at(span)
                .label(label(rule))
                .help(help),
        );
    }
}

fn label(rule: &rules::Rule) -> &'static str {
    if *rule == rules::SETTING_NOT_APPLICABLE {
        "only `docker compose` uses this"
    } else {
        "swarm services cannot do this"
    }
}
