//! GPUs: `runtime`, `gpus` and `deploy.resources.reservations.devices`. Swarm can choose
//! neither a runtime nor devices; it hands GPUs to tasks only as generic resources that
//! nodes advertise (`NVIDIA-GPU=GPU-...` in `daemon.json`), and the NVIDIA runtime,
//! made the nodes' default, exposes the ones swarm assigned.
//!
//! Input: `runtime: nvidia`, `gpus: all`, `gpus: [{count: 2}]`, a device reservation
//! with `capabilities: [gpu]`.
//! Output: `deploy.resources.reservations.generic_resources` of the site's GPU kind
//! (a generic resource kind whose name holds `GPU`, preferring the request's driver,
//! `nvidia` by default) with the count asked for. `all`, and a request without a count
//! or ids, is the most GPUs one node the service may run on advertises; device ids
//! become their count, since swarm chooses which GPUs a task gets. `runtime: nvidia`
//! alone asks for what `NVIDIA_VISIBLE_DEVICES` says, all GPUs when it is unset.
//! `runtime: runc` is docker's default and is left out. Without a GPU kind on the site,
//! or when no node has enough GPUs, each key is refused; other runtimes and device
//! reservations without the `gpu` capability are always refused.

use crate::compose::{DeviceCount, DeviceRequest, Gpus, Service};
use crate::diagnostic::Diagnostic;
use crate::rules::{self, Rule};
use crate::site::{GenericResource, Node, Site, child};
use crate::source::Span;
use crate::swarm;

use super::site_nodes::{eligible_nodes, node_pointer, setting_pointer, settings, site_key};
use super::{Cx, Origin};

/// How many GPUs a request asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Want {
    Count(u64),
    All,
}

impl Want {
    fn plus(self, other: Want) -> Want {
        match (self, other) {
            (Want::Count(a), Want::Count(b)) => Want::Count(a.saturating_add(b)),
            _ => Want::All,
        }
    }
}

/// One compose key asking for GPUs.
struct Ask {
    rule: &'static Rule,
    /// The key or list item.
    span: Span,
    /// What the key is, in messages: `gpus`, `runtime: nvidia`, `a device reservation`.
    what: &'static str,
    want: Want,
    /// The request named device ids.
    ids: bool,
    /// The request's driver, when written.
    driver: Option<String>,
}

/// What a device request asks for: its ids' count, its count, or all devices.
fn request_want(request: &DeviceRequest) -> (Want, bool) {
    if !request.device_ids.is_empty() {
        return (Want::Count(request.device_ids.len() as u64), true);
    }
    match request.count.as_ref().map(|c| c.value) {
        Some(DeviceCount::Count(n)) => (Want::Count(n), false),
        Some(DeviceCount::All) | None => (Want::All, false),
    }
}

/// What `NVIDIA_VISIBLE_DEVICES` asks the NVIDIA runtime for: every GPU when unset or
/// `all`, none for `none`, `void` or empty, else one per listed index or id.
fn visible_devices(value: Option<&str>) -> Want {
    match value.map(str::trim) {
        None => Want::All,
        Some(v) if v.eq_ignore_ascii_case("all") => Want::All,
        Some(v) if v.is_empty() || v == "none" || v == "void" => Want::Count(0),
        Some(v) => Want::Count(v.split(',').filter(|s| !s.trim().is_empty()).count() as u64),
    }
}

/// Whether a generic resource kind names GPUs (`NVIDIA-GPU`, `gpu`).
fn is_gpu_kind(kind: &str) -> bool {
    kind.to_ascii_uppercase().contains("GPU")
}

/// The GPU kind to reserve: among the kinds the site's nodes advertise whose name holds
/// `GPU`, the first (in the profile's order) whose name holds the driver (`NVIDIA` by
/// default), else the first.
fn gpu_kind<'a>(site: &'a Site, driver: Option<&str>) -> Option<&'a str> {
    let mut kinds: Vec<&str> = Vec::new();
    for node in &site.nodes {
        for kind in node.generic_resources.keys() {
            if is_gpu_kind(kind) && !kinds.contains(&kind.as_str()) {
                kinds.push(kind);
            }
        }
    }
    let driver = driver.unwrap_or("nvidia").to_ascii_uppercase();
    kinds
        .iter()
        .find(|k| k.to_ascii_uppercase().contains(&driver))
        .or(kinds.first())
        .copied()
}

pub(super) fn gpus(cx: &mut Cx<'_>, service: &Service, out: &mut swarm::Service) {
    let name = service.name.value.as_str();
    let mut nvidia_runtime = runtime(cx, service);
    let mut asks = requests(cx, service);
    if asks.is_empty() {
        // `runtime: nvidia` alone asks for GPUs, and is then the request itself.
        let Some(ask) = nvidia_runtime
            .take()
            .and_then(|at| runtime_ask(cx, service, at))
        else {
            return;
        };
        asks.push(ask);
    }
    let driver = asks.iter().find_map(|a| a.driver.as_deref());
    let site = cx.site();
    let Some(kind) = gpu_kind(site, driver) else {
        refuse(cx, name, &asks, nvidia_runtime);
        return;
    };
    let want = asks
        .iter()
        .map(|a| a.want)
        .reduce(Want::plus)
        .unwrap_or(Want::All);
    let eligible = eligible_nodes(cx, service);
    let fit = Fit::new(site, &eligible, kind, want);
    if fit.value == 0 || fit.value > fit.most {
        not_available(cx, name, &asks[0], &fit);
        return;
    }
    reserve(cx, service, out, &asks, nvidia_runtime, &eligible, &fit);
}

/// What `runtime` means on a swarm: `runc` is left out, other runtimes than `nvidia`
/// are refused; the span of `runtime: nvidia`, which asks for GPUs.
fn runtime(cx: &mut Cx<'_>, service: &Service) -> Option<Span> {
    let name = service.name.value.as_str();
    let runtime = service.runtime.as_ref()?;
    let at = service.key_span("runtime").unwrap_or(runtime.span);
    match runtime.value.as_str() {
        "runc" => cx.report(
            Diagnostic::new(
                &rules::RUNTIME_DROPPED,
                format!("`runtime: runc` of service `{name}` is left out"),
            )
            .at_value(runtime)
            .label("docker's default runtime")
            .help("remove `runtime`: swarm runs tasks with the node's default runtime"),
        ),
        "nvidia" => return Some(at),
        other => cx.report(
            Diagnostic::new(
                &rules::RUNTIME_UNSUPPORTED,
                format!("runtime `{other}` of service `{name}` cannot be chosen on a swarm"),
            )
            .at_value(runtime)
            .help(format!(
                "make `{other}` the default runtime in `/etc/docker/daemon.json` of the nodes that have it, then remove `runtime`"
            ))
            .note("swarm runs every task with the node's default runtime"),
        ),
    }
    None
}

/// The GPU requests of `gpus` and of the device reservations; a device reservation
/// without the `gpu` capability is refused.
fn requests(cx: &mut Cx<'_>, service: &Service) -> Vec<Ask> {
    let name = service.name.value.as_str();
    let mut asks: Vec<Ask> = Vec::new();
    if let Some(gpus) = &service.gpus {
        match &gpus.value {
            Gpus::All => asks.push(Ask {
                rule: &rules::GPUS_UNSUPPORTED,
                span: gpus.span,
                what: "`gpus`",
                want: Want::All,
                ids: false,
                driver: None,
            }),
            Gpus::Devices(requests) => {
                for request in requests {
                    let (want, ids) = request_want(request);
                    asks.push(Ask {
                        rule: &rules::GPUS_UNSUPPORTED,
                        span: request.span,
                        what: "`gpus`",
                        want,
                        ids,
                        driver: request.driver.as_ref().map(|d| d.value.to_string()),
                    });
                }
            }
        }
    }
    let requests = service
        .deploy
        .as_ref()
        .and_then(|d| d.resources.as_ref())
        .and_then(|r| r.reservations.as_ref())
        .map(|r| r.devices.as_slice())
        .unwrap_or_default();
    for request in requests {
        if request.capabilities.iter().any(|c| c.value == "gpu") {
            let (want, ids) = request_want(request);
            asks.push(Ask {
                rule: &rules::DEVICE_RESERVATION_UNSUPPORTED,
                span: request.span,
                what: "the device reservation",
                want,
                ids,
                driver: request.driver.as_ref().map(|d| d.value.to_string()),
            });
        } else {
            let capabilities: Vec<&str> = request
                .capabilities
                .iter()
                .map(|c| c.value.as_str())
                .collect();
            cx.report(
                Diagnostic::new(
                    &rules::DEVICE_RESERVATION_UNSUPPORTED,
                    format!(
                        "device reservation `[{}]` of service `{name}` cannot be made on a swarm",
                        capabilities.join(", ")
                    ),
                )
                .at(request.span)
                .help("remove it; advertise the devices as generic resources on the nodes and reserve them with `generic_resources`")
                .note("swarm reserves only generic resources that nodes advertise"),
            );
        }
    }
    asks
}

/// What `runtime: nvidia` at `at` asks for when nothing else asks for GPUs: what
/// `NVIDIA_VISIBLE_DEVICES` says; `None`, with the runtime left out, when that is none.
fn runtime_ask(cx: &mut Cx<'_>, service: &Service, at: Span) -> Option<Ask> {
    let want = visible_devices(service.environment.value("NVIDIA_VISIBLE_DEVICES"));
    if want == Want::Count(0) {
        cx.report(
            Diagnostic::new(
                &rules::RUNTIME_DROPPED,
                format!(
                    "`runtime: nvidia` of service `{}` is left out",
                    service.name.value
                ),
            )
            .at(at)
            .label("`NVIDIA_VISIBLE_DEVICES` asks for no GPU")
            .help("remove `runtime`: swarm runs tasks with the node's default runtime"),
        );
        return None;
    }
    Some(Ask {
        rule: &rules::RUNTIME_UNSUPPORTED,
        span: at,
        what: "`runtime: nvidia`",
        want,
        ids: false,
        driver: None,
    })
}

/// How many GPUs of `kind` a node advertises.
fn gpu_count(node: &Node, kind: &str) -> u64 {
    node.generic_resources
        .get(kind)
        .map_or(0, GenericResource::count)
}

/// The node of `nodes` with the most GPUs of `kind` (the first in the profile among
/// equals), if any has one.
fn most_gpus<'s>(
    site: &Site,
    nodes: impl Iterator<Item = &'s Node>,
    kind: &str,
) -> Option<&'s Node> {
    nodes
        .filter(|n| gpu_count(n, kind) > 0)
        .max_by_key(|n| (gpu_count(n, kind), std::cmp::Reverse(site_index(site, n))))
}

/// How a service's GPU request meets the nodes it may run on.
struct Fit<'s> {
    site: &'s Site,
    /// The GPU kind reserved.
    kind: &'s str,
    want: Want,
    /// The node it may run on with the most GPUs.
    biggest: Option<&'s Node>,
    /// How many GPUs that node has (0 without one).
    most: u64,
    /// How many GPUs a task reserves: the count asked for, or `most` for `all`.
    value: u64,
}

impl<'s> Fit<'s> {
    fn new(site: &'s Site, eligible: &[&'s Node], kind: &'s str, want: Want) -> Fit<'s> {
        let biggest = most_gpus(site, eligible.iter().copied(), kind);
        let most = biggest.map_or(0, |n| gpu_count(n, kind));
        let value = match want {
            Want::All => most,
            Want::Count(n) => n,
        };
        Fit {
            site,
            kind,
            want,
            biggest,
            most,
            value,
        }
    }
}

/// Refuses a request that no node the service may run on can meet, at its first key.
fn not_available(cx: &mut Cx<'_>, name: &str, first: &Ask, fit: &Fit<'_>) {
    let Fit {
        site,
        kind,
        biggest,
        most,
        ..
    } = *fit;
    let mut diagnostic = match (fit.want, biggest) {
        (Want::Count(n), Some(node)) => Diagnostic::new(
            &rules::GPUS_NOT_AVAILABLE,
            format!("service `{name}` asks for {n} `{kind}`, more than any node it may run on has"),
        )
        .at(first.span)
        .help(format!(
            "ask for at most {most}, the most one node has (`{}`), or add a node with more GPUs to the site profile",
            node.hostname
        )),
        _ => Diagnostic::new(
            &rules::GPUS_NOT_AVAILABLE,
            format!("no node that service `{name}` may run on has `{kind}`"),
        )
        .at(first.span)
        .help("let the service run on the GPU nodes: widen its placement constraints or the site's `pin` and `keep_off`"),
    };
    let shown = biggest.or_else(|| most_gpus(site, site.nodes.iter(), kind));
    if let Some(node) = shown {
        if let Some(span) = site_key(site, &gpu_pointer(site, node, kind)) {
            let count = gpu_count(node, kind);
            let text = if biggest.is_some() {
                format!("`{}` has {count}, the most", node.hostname)
            } else {
                format!(
                    "`{}` has {count}, but the service may not run there",
                    node.hostname
                )
            };
            diagnostic = diagnostic.also(span, text);
        }
    }
    cx.report(diagnostic.note("a task's GPUs all come from one node"));
}

/// Reserves the GPUs as generic resources, unless the site's settings for the service
/// reserve them already, and says so at the node that has them.
fn reserve(
    cx: &mut Cx<'_>,
    service: &Service,
    out: &mut swarm::Service,
    asks: &[Ask],
    nvidia_runtime: Option<Span>,
    eligible: &[&Node],
    fit: &Fit<'_>,
) {
    let name = service.name.value.as_str();
    let Fit {
        site,
        kind,
        want,
        biggest,
        most,
        value,
    } = *fit;
    let first = &asks[0];
    let site_reserves = settings(cx, service)
        .and_then(|s| s.reservations.as_ref())
        .is_some_and(|r| r.generic_resources.contains_key(kind));
    let node = biggest.map(|n| n.hostname.as_str()).unwrap_or_default();
    let mut diagnostic = if site_reserves {
        let at = site_key(
            site,
            &child(
                &child(
                    &setting_pointer(service, "reservations"),
                    "generic_resources",
                ),
                kind,
            ),
        );
        Diagnostic::new(
            &rules::GPU_TRANSLATED,
            format!("GPUs of service `{name}` are the site's reservation of `{kind}`"),
        )
        .at_opt(at)
        .label("the site's reservation replaces the compose file's request")
    } else {
        let resources = out
            .deploy
            .get_or_insert_with(Default::default)
            .resources
            .get_or_insert_with(Default::default)
            .reservations
            .get_or_insert_with(Default::default);
        let index = resources.generic_resources.len();
        resources.generic_resources.push(swarm::GenericResource {
            discrete_resource_spec: swarm::DiscreteResourceSpec {
                kind: kind.to_owned(),
                value,
            },
        });
        cx.origins.record(
            Origin::service(name)
                .field("deploy.resources.reservations.generic_resources")
                .item(index),
            first.span,
        );
        let at = biggest.and_then(|n| site_key(site, &gpu_pointer(site, n, kind)));
        Diagnostic::new(
            &rules::GPU_TRANSLATED,
            format!("GPUs of service `{name}` are reserved as {value} `{kind}`"),
        )
        .at_opt(at)
        .label(format!("`{node}` advertises {most} `{kind}`"))
    };
    for ask in asks {
        diagnostic = diagnostic.also(ask.span, format!("{} asks for GPUs here", ask.what));
    }
    if let Some(at) = nvidia_runtime {
        diagnostic = diagnostic.also(at, "left out: the GPU nodes run `nvidia` by default");
    }
    if want == Want::All && !site_reserves {
        diagnostic = diagnostic.note(format!(
            "`all` is the most GPUs one node the service may run on advertises ({most}, on `{node}`); its tasks run only on nodes with that many"
        ));
    }
    let global = cx.placement(service).is_some_and(|p| p.global);
    let short: Vec<&str> = eligible
        .iter()
        .filter(|n| gpu_count(n, kind) < value)
        .map(|n| n.hostname.as_str())
        .collect();
    if global && !short.is_empty() && !site_reserves {
        diagnostic = diagnostic.note(format!(
            "a global service gets a task on every node it may run on; its tasks on `{}` stay pending for want of GPUs: pin the service to the GPU nodes",
            short.join("`, `")
        ));
    }
    if asks.iter().any(|a| a.ids) {
        diagnostic =
            diagnostic.note("device ids become their count: swarm chooses which GPUs a task gets");
    }
    cx.report(diagnostic.help(
        "make `nvidia` the default runtime of the GPU nodes and advertise their GPUs (`swarmc plan` gives the steps)",
    ));
}

/// Refuses every GPU request of a service on a site without GPU nodes.
fn refuse(cx: &mut Cx<'_>, name: &str, asks: &[Ask], nvidia_runtime: Option<Span>) {
    let help = "advertise the GPU nodes' cards in the site profile (`generic_resources: { NVIDIA-GPU: [GPU-...] }` under each GPU node, with the ids `nvidia-smi -L` prints) to reserve them as generic resources";
    let runtime =
        nvidia_runtime.map(|span| (&rules::RUNTIME_UNSUPPORTED, span, "`runtime: nvidia`"));
    let keys = asks.iter().map(|a| (a.rule, a.span, a.what)).chain(runtime);
    for (rule, span, what) in keys {
        cx.report(
            Diagnostic::new(
                rule,
                format!(
                    "{what} of service `{name}` cannot be expressed on a swarm without GPU nodes"
                ),
            )
            .at(span)
            .label("no node of the site advertises GPUs")
            .help(help)
            .note("swarm hands GPUs to tasks only as generic resources that nodes advertise"),
        );
    }
}

fn site_index(site: &Site, node: &Node) -> usize {
    site.nodes
        .iter()
        .position(|n| std::ptr::eq(n, node))
        .unwrap_or_default()
}

/// The pointer of a node's generic resource kind (`/nodes/1/generic_resources/NVIDIA-GPU`).
fn gpu_pointer(site: &Site, node: &Node, kind: &str) -> String {
    child(&node_pointer(site, node, "generic_resources"), kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_add_up_and_all_wins() {
        assert_eq!(Want::Count(1).plus(Want::Count(2)), Want::Count(3));
        assert_eq!(Want::Count(1).plus(Want::All), Want::All);
        assert_eq!(Want::All.plus(Want::Count(2)), Want::All);
    }

    #[test]
    fn visible_devices_count_as_the_nvidia_runtime_reads_them() {
        assert_eq!(visible_devices(None), Want::All);
        assert_eq!(visible_devices(Some("all")), Want::All);
        assert_eq!(visible_devices(Some("none")), Want::Count(0));
        assert_eq!(visible_devices(Some("")), Want::Count(0));
        assert_eq!(visible_devices(Some("0,1")), Want::Count(2));
        assert_eq!(visible_devices(Some("GPU-3f9a")), Want::Count(1));
    }

    #[test]
    fn the_gpu_kind_follows_the_driver() {
        let site: Site = serde_json::from_value(serde_json::json!({
            "nodes": [
                { "hostname": "a", "generic_resources": { "SSD": 2, "AMD-GPU": ["x"] } },
                { "hostname": "b", "generic_resources": { "NVIDIA-GPU": ["y", "z"] } },
            ]
        }))
        .expect("a site");
        assert_eq!(gpu_kind(&site, None), Some("NVIDIA-GPU"));
        assert_eq!(gpu_kind(&site, Some("amd")), Some("AMD-GPU"));
        assert_eq!(gpu_kind(&site, Some("intel")), Some("AMD-GPU"));
        let cpu_only: Site = serde_json::from_value(serde_json::json!({
            "nodes": [{ "hostname": "a", "generic_resources": { "SSD": 2 } }]
        }))
        .expect("a site");
        assert_eq!(gpu_kind(&cpu_only, None), None);
    }
}
