//! Access to the host that a swarm service cannot have: `privileged`, `devices`,
//! `device_cgroup_rules`, the host's (or another container's) namespaces, and
//! `volumes_from`.
//!
//! Input: `privileged: true`, `devices: [/dev/fuse]`, `pid: host`, `volumes_from: [db]`.
//! Output: nothing; each is refused at the value, because docker would ignore it and
//! the service would start without the access it needs. `privileged: false` asks for
//! nothing and is left out silently; a namespace setting that keeps the container's own
//! namespace (`ipc: private`, `cgroup: private`) is left out with a warning.

use crate::compose::Service;
use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::source::Span;
use crate::spanned::Spanned;
use crate::swarm;

use super::Cx;

pub(super) fn host_access(cx: &mut Cx<'_>, service: &Service, _out: &mut swarm::Service) {
    let name = &service.name.value;
    if let Some(privileged) = service.privileged.as_ref().filter(|p| p.value) {
        cx.report(
            Diagnostic::new(
                &rules::PRIVILEGED_UNSUPPORTED,
                format!("service `{name}` cannot run privileged on a swarm"),
            )
            .at_value(privileged)
            .label("docker ignores this")
            .help("grant only what is needed with `cap_add` and mount the paths the service needs, or run it outside the swarm"),
        );
    }
    for (key, span) in [
        ("devices", service.key_span("devices")),
        (
            "device_cgroup_rules",
            service.key_span("device_cgroup_rules"),
        ),
    ] {
        let written = match key {
            "devices" => !service.devices.is_empty(),
            _ => !service.device_cgroup_rules.is_empty(),
        };
        if let (Some(span), true) = (span, written) {
            cx.report(
                Diagnostic::new(
                    &rules::DEVICES_UNSUPPORTED,
                    format!("swarm services cannot use host devices (`{key}`)"),
                )
                .at(span)
                .label("docker ignores this")
                .help("for GPUs, advertise them as generic resources and reserve them; run workloads that need other devices outside the swarm"),
            );
        }
    }
    namespace(cx, service, "pid", service.pid.as_ref(), true);
    namespace(cx, service, "ipc", service.ipc.as_ref(), true);
    namespace(cx, service, "uts", service.uts.as_ref(), false);
    namespace(cx, service, "cgroup", service.cgroup.as_ref(), false);
    namespace(
        cx,
        service,
        "userns_mode",
        service.userns_mode.as_ref(),
        false,
    );
    if let (Some(first), Some(key)) = (
        service.volumes_from.first(),
        service.key_span("volumes_from"),
    ) {
        let sources: Vec<String> = service
            .volumes_from
            .iter()
            .map(|v| format!("`{}`", v.value.source.value))
            .collect();
        cx.report(
            Diagnostic::new(
                &rules::VOLUMES_FROM_UNSUPPORTED,
                format!(
                    "service `{name}` cannot share the volumes of {}",
                    sources.join(", ")
                ),
            )
            .at(key)
            .also(first.span, "tasks of another service may run on another node")
            .help("declare a named volume at the top level and mount it in both services (on shared storage if they may run on different nodes)"),
        );
    }
}

/// A namespace setting: sharing the host's (or, where compose allows it, another
/// container's) is refused; anything else keeps the container's own namespace, as
/// swarm always does, and is left out with a warning.
fn namespace(
    cx: &mut Cx<'_>,
    service: &Service,
    key: &'static str,
    value: Option<&Spanned<crate::compose::Text>>,
    can_share_container: bool,
) {
    let Some(value) = value else {
        return;
    };
    let shares_host = value.value == "host";
    let shares_container = can_share_container
        && (value.value.starts_with("service:") || value.value.starts_with("container:"));
    if shares_host || shares_container {
        let whose = if shares_host {
            "the host's".to_owned()
        } else {
            format!("`{}`'s", value.value.split_once(':').map_or("", |(_, n)| n))
        };
        cx.report(
            Diagnostic::new(
                &rules::HOST_NAMESPACE_UNSUPPORTED,
                format!(
                    "service `{}` cannot share {whose} {} namespace on a swarm",
                    service.name.value,
                    namespace_name(key)
                ),
            )
            .at_value(value)
            .label("docker ignores this")
            .help(
                "run such agents outside the swarm, or make them work inside their own namespaces",
            ),
        );
        return;
    }
    let span: Span = service.key_span(key).unwrap_or(value.span);
    cx.report(
        Diagnostic::new(
            &rules::SETTING_DROPPED,
            format!("`{key}: {}` is left out of the stack", value.value),
        )
        .at(span)
        .label("swarm gives every task its own namespaces")
        .help(format!("remove `{key}`")),
    );
}

/// The namespace a key shares, as people call it.
fn namespace_name(key: &str) -> &'static str {
    match key {
        "pid" => "process",
        "ipc" => "IPC",
        "uts" => "UTS (host name)",
        "cgroup" => "cgroup",
        _ => "user",
    }
}
