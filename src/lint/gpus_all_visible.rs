use super::Cx;
use crate::compose::{DeviceCount, DeviceRequest, Gpus, Service};
use crate::diagnostic::{Diagnostic, Diagnostics};

crate::rules::declare_rule! {
    /// ## What it does
    /// Reports a service that reserves a number of GPUs per task (`gpus: [{count: 1}]`,
    /// a device reservation with `count` or `device_ids`) and sets
    /// `NVIDIA_VISIBLE_DEVICES: all` in its `environment`.
    ///
    /// ## Why
    /// Swarm gives each task the GPUs it reserved as generic resources, and the NVIDIA
    /// runtime exposes only those, unless the container asks for others:
    /// `NVIDIA_VISIBLE_DEVICES: all` shows the task every GPU of its node. Two tasks on
    /// one node then both use the first GPU, or fill each other's memory, while the
    /// scheduler believes each has its own.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   detector:
    ///     image: example/detector:1.0
    ///     gpus: [{ count: 1 }]
    ///     environment:
    ///       NVIDIA_VISIBLE_DEVICES: all
    /// ```
    ///
    /// ## Fix
    /// Remove `NVIDIA_VISIBLE_DEVICES` from the service's `environment`, so that the task
    /// sees the GPUs swarm assigned it.
    pub static GPUS_ALL_VISIBLE = ("SW614", "gpus-all-visible", Warning);
}

pub(super) fn check(cx: &Cx<'_>, diagnostics: &mut Diagnostics) {
    for service in cx.project.services.values() {
        let Some(entry) = service.environment.get("NVIDIA_VISIBLE_DEVICES") else {
            continue;
        };
        let Some(value) = entry
            .value
            .as_ref()
            .filter(|v| v.value.eq_ignore_ascii_case("all"))
        else {
            continue;
        };
        let Some((count, span)) = reserved(service) else {
            continue;
        };
        let gpus = if count == 1 { "GPU" } else { "GPUs" };
        diagnostics.push(
            Diagnostic::new(
                &GPUS_ALL_VISIBLE,
                format!(
                    "service `{}` reserves {count} {gpus} per task but sees every GPU of its node",
                    service.name.value
                ),
            )
            .at(value.span)
            .label("shows the task every GPU")
            .also(span, format!("reserves {count} {gpus} per task"))
            .help("remove `NVIDIA_VISIBLE_DEVICES` from `environment`, so that the task sees only the GPUs swarm assigned it"),
        );
    }
}

/// How many GPUs a task of the service reserves, and where, when it is a number.
fn reserved(service: &Service) -> Option<(u64, crate::source::Span)> {
    let mut requests: Vec<&DeviceRequest> = Vec::new();
    if let Some(gpus) = &service.gpus {
        match &gpus.value {
            Gpus::All => return None,
            Gpus::Devices(list) => requests.extend(list),
        }
    }
    let reservations = service
        .deploy
        .as_ref()
        .and_then(|d| d.resources.as_ref())
        .and_then(|r| r.reservations.as_ref())
        .map(|r| r.devices.as_slice())
        .unwrap_or_default();
    requests.extend(
        reservations
            .iter()
            .filter(|r| r.capabilities.iter().any(|c| c.value == "gpu")),
    );
    let first = requests.first()?.span;
    let mut total = 0;
    for request in requests {
        total += if request.device_ids.is_empty() {
            match request.count.as_ref().map(|c| c.value) {
                Some(DeviceCount::Count(n)) => n,
                Some(DeviceCount::All) | None => return None,
            }
        } else {
            request.device_ids.len() as u64
        };
    }
    (total > 0).then_some((total, first))
}
