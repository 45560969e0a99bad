//! SwarmKit's scheduling filters (`manager/scheduler/filter.go`), in pipeline order:
//! when each applies to a task, what each checks on a node, and how each explains
//! its failures in a task's error. The CSI volume filter is left out: stacks cannot
//! mount cluster volumes.

use super::constraint::{self, Constraint};
use super::node::{Availability, NodeState, Platform, Plugin, PluginKind};
use super::nodeinfo::NodeInfo;
use super::service::{HostPort, ServiceSpec};

/// The task being placed: its service (by number and spec) and its parsed
/// constraints.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Task<'a> {
    pub(crate) service: usize,
    pub(crate) spec: &'a ServiceSpec,
    pub(crate) constraints: &'a [Constraint],
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Filter {
    Ready,
    Resources,
    Plugins,
    Constraints,
    Platform,
    HostPorts,
    MaxReplicas,
}

impl Filter {
    /// SwarmKit's `defaultFilters`, in order.
    pub(crate) const PIPELINE: [Filter; 7] = [
        Filter::Ready,
        Filter::Resources,
        Filter::Plugins,
        Filter::Constraints,
        Filter::Platform,
        Filter::HostPorts,
        Filter::MaxReplicas,
    ];

    /// Whether the filter applies to `task` (SwarmKit's `SetTask`).
    pub(crate) fn enabled(self, task: &Task<'_>) -> bool {
        let spec = task.spec;
        match self {
            Filter::Ready => true,
            Filter::Resources => !spec.reservations.is_empty(),
            Filter::Plugins => {
                spec.volume_drivers.iter().any(|d| is_volume_plugin(d))
                    || !spec.network_drivers.is_empty()
                    || spec.log_driver.is_some()
            }
            Filter::Constraints => !task.constraints.is_empty(),
            Filter::Platform => !spec.platforms.is_empty(),
            Filter::HostPorts => spec.host_ports.iter().any(|p| p.port != 0),
            Filter::MaxReplicas => spec.max_replicas_per_node > 0,
        }
    }

    /// Whether `node` passes the filter for `task` (SwarmKit's `Check`).
    pub(crate) fn check(self, task: &Task<'_>, node: &NodeInfo<'_>) -> bool {
        match self {
            Filter::Ready => {
                node.node.state == NodeState::Ready
                    && node.node.availability == Availability::Active
            }
            Filter::Resources => node.available.fits(&task.spec.reservations),
            Filter::Plugins => missing_plugins(task.spec, node).is_empty(),
            Filter::Constraints => constraint::all_match(task.constraints, node.node),
            Filter::Platform => supports_platform(&task.spec.platforms, &node.node.platform),
            Filter::HostPorts => ports_in_use(task.spec, node).is_empty(),
            Filter::MaxReplicas => {
                node.service_tasks(task.service) < task.spec.max_replicas_per_node
            }
        }
    }

    /// SwarmKit's `Explain`: the failure of this filter on `nodes` nodes.
    pub(crate) fn explain(self, nodes: u64) -> String {
        let on = |what: &str| {
            if nodes == 1 {
                format!("{what} on 1 node")
            } else {
                format!("{what} on {nodes} nodes")
            }
        };
        match self {
            Filter::Ready if nodes == 1 => "1 node not available for new tasks".to_owned(),
            Filter::Ready => format!("{nodes} nodes not available for new tasks"),
            Filter::Resources => on("insufficient resources"),
            Filter::Plugins => on("missing plugin"),
            Filter::Constraints => on("scheduling constraints not satisfied"),
            Filter::Platform => on("unsupported platform"),
            Filter::HostPorts => on("host-mode port already in use"),
            // SwarmKit gives no count for this one.
            Filter::MaxReplicas => "max replicas per node limit exceed".to_owned(),
        }
    }
}

/// A volume driver the plugin filter looks for: named, and not the built-in
/// `local`.
fn is_volume_plugin(driver: &str) -> bool {
    !driver.is_empty() && driver != "local"
}

/// The plugins `spec` needs that `node` does not report. A node that reports no
/// engine description passes; a log driver is only looked for on nodes that report
/// at least one log plugin, as older engines report none.
pub(crate) fn missing_plugins(spec: &ServiceSpec, node: &NodeInfo<'_>) -> Vec<Plugin> {
    let Some(plugins) = &node.node.plugins else {
        return Vec::new();
    };
    let mut missing = Vec::new();
    let mut want = |kind: PluginKind, name: &str| {
        if !has_plugin(plugins, kind, name) {
            missing.push(Plugin::new(kind, name));
        }
    };
    for driver in spec.volume_drivers.iter().filter(|d| is_volume_plugin(d)) {
        want(PluginKind::Volume, driver);
    }
    for driver in spec.network_drivers.iter().filter(|d| !d.is_empty()) {
        want(PluginKind::Network, driver);
    }
    if let Some(driver) = &spec.log_driver {
        let reports_log = plugins.iter().any(|p| p.kind == PluginKind::Log);
        if driver != "none" && !driver.is_empty() && reports_log {
            want(PluginKind::Log, driver);
        }
    }
    missing
}

/// A plugin of the kind named `name`, or `name:latest`.
fn has_plugin(plugins: &[Plugin], kind: PluginKind, name: &str) -> bool {
    plugins.iter().any(|p| {
        p.kind == kind
            && (p.name == name
                || p.name
                    .strip_prefix(name)
                    .is_some_and(|rest| rest == ":latest"))
    })
}

/// SwarmKit's platform check: some platform of the image matches the node, after
/// `x86_64` is read as `amd64` and `aarch64` as `arm64`; an empty field matches
/// anything.
pub(crate) fn supports_platform(platforms: &[Platform], node: &Platform) -> bool {
    let node_arch = normalize_arch(&node.arch);
    platforms.iter().any(|p| {
        (p.arch.is_empty() || normalize_arch(&p.arch) == node_arch)
            && (p.os.is_empty() || p.os == node.os)
    })
}

fn normalize_arch(arch: &str) -> &str {
    match arch {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        other => other,
    }
}

/// The host-mode ports of `spec` that tasks on `node` already publish.
pub(crate) fn ports_in_use(spec: &ServiceSpec, node: &NodeInfo<'_>) -> Vec<HostPort> {
    spec.host_ports
        .iter()
        .filter(|p| p.port != 0 && node.used_host_ports.contains(p))
        .copied()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explanations_use_swarmkit_wording_and_plurals() {
        assert_eq!(
            Filter::Ready.explain(1),
            "1 node not available for new tasks"
        );
        assert_eq!(
            Filter::Ready.explain(2),
            "2 nodes not available for new tasks"
        );
        assert_eq!(
            Filter::Resources.explain(1),
            "insufficient resources on 1 node"
        );
        assert_eq!(Filter::Plugins.explain(3), "missing plugin on 3 nodes");
        assert_eq!(
            Filter::Constraints.explain(2),
            "scheduling constraints not satisfied on 2 nodes"
        );
        assert_eq!(
            Filter::Platform.explain(1),
            "unsupported platform on 1 node"
        );
        assert_eq!(
            Filter::HostPorts.explain(4),
            "host-mode port already in use on 4 nodes"
        );
        assert_eq!(
            Filter::MaxReplicas.explain(5),
            "max replicas per node limit exceed"
        );
    }

    #[test]
    fn platforms_normalize_kernel_arch_names() {
        let node = Platform::new("linux", "x86_64");
        assert!(supports_platform(&[Platform::new("linux", "amd64")], &node));
        assert!(supports_platform(&[Platform::new("", "")], &node));
        assert!(!supports_platform(
            &[Platform::new("linux", "arm64")],
            &node
        ));
        assert!(!supports_platform(
            &[Platform::new("windows", "amd64")],
            &node
        ));
        let arm = Platform::new("linux", "aarch64");
        assert!(supports_platform(&[Platform::new("linux", "arm64")], &arm));
    }

    #[test]
    fn plugins_match_name_or_name_latest() {
        let plugins = [Plugin::new(PluginKind::Volume, "vieux/sshfs:latest")];
        assert!(has_plugin(&plugins, PluginKind::Volume, "vieux/sshfs"));
        assert!(has_plugin(
            &plugins,
            PluginKind::Volume,
            "vieux/sshfs:latest"
        ));
        assert!(!has_plugin(&plugins, PluginKind::Volume, "vieux/ssh"));
        assert!(!has_plugin(&plugins, PluginKind::Network, "vieux/sshfs"));
    }
}
