//! What the kernel grants the container: capabilities, `sysctls`, `ulimits`, a
//! read-only root filesystem, and on Windows `isolation` and `credential_spec`. Swarm
//! takes them as compose writes them.
//!
//! Input: `ulimits: {nproc: 65535, nofile: {soft: 20000, hard: 40000}}`.
//! Output: a limit whose soft and hard values are equal in its short form, the others as
//! `{soft, hard}`; capabilities in written order, each once.

use crate::compose::Service;
use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::swarm;

use super::Cx;
use super::container::{map, unique};

pub(super) fn kernel(cx: &mut Cx<'_>, service: &Service, out: &mut swarm::Service) {
    out.cap_add = unique(service.cap_add.iter().map(|c| c.value.to_string()));
    out.cap_drop = unique(service.cap_drop.iter().map(|c| c.value.to_string()));
    out.sysctls = map(&service.sysctls);
    for ulimit in &service.ulimits {
        let (soft, hard) = (ulimit.soft.value, ulimit.hard.value);
        let limit = if soft == hard {
            swarm::Ulimit::Single(soft)
        } else {
            swarm::Ulimit::Pair { soft, hard }
        };
        out.ulimits.insert(ulimit.name.value.to_string(), limit);
    }
    out.read_only = service.read_only.as_ref().is_some_and(|r| r.value);
    if let Some(isolation) = &service.isolation {
        out.isolation = match isolation.value.to_ascii_lowercase().as_str() {
            "default" => Some(swarm::Isolation::Default),
            "process" => Some(swarm::Isolation::Process),
            "hyperv" => Some(swarm::Isolation::Hyperv),
            _ => {
                cx.report(
                    Diagnostic::new(
                        &rules::INVALID_VALUE,
                        format!("unknown isolation `{}`", isolation.value),
                    )
                    .at_value(isolation)
                    .help("write `default`, `process` or `hyperv`"),
                );
                None
            }
        };
    }
    if let Some(spec) = &service.credential_spec {
        out.credential_spec = if let Some(config) = &spec.config {
            Some(swarm::CredentialSpec::Config(config.value.to_string()))
        } else if let Some(file) = &spec.file {
            Some(swarm::CredentialSpec::File(file.value.to_string()))
        } else {
            spec.registry
                .as_ref()
                .map(|registry| swarm::CredentialSpec::Registry(registry.value.to_string()))
        };
    }
}
