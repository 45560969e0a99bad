//! How far a node is from taking a task that stayed pending. SwarmKit only says how
//! many nodes each filter turned down; this says, for one node, everything that
//! stands in the way and by how much, and picks the node that came closest.

use std::fmt;

use super::filter::Filter;
use super::node::{Availability, NodeState, Platform, Plugin};
use super::nodeinfo::NodeInfo;
use super::pipeline::Pipeline;
use super::resources::Available;
use super::running::RunningTask;
use super::service::{HostPort, Reservations};
use super::{filter, node};

/// What keeps one node from taking a task.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shortfall {
    pub node_id: String,
    pub hostname: String,
    /// Everything in the way, in pipeline order.
    pub reasons: Vec<Reason>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// The node is not ready, or not active.
    Unavailable {
        state: NodeState,
        availability: Availability,
    },
    Cpu {
        missing_nano_cpus: u64,
    },
    Memory {
        missing_bytes: u64,
    },
    /// Units of a generic resource missing; 0 when the node has none of the kind
    /// and the task asks for 0.
    Generic {
        kind: String,
        missing: u64,
    },
    /// Units of a generic resource the node has enough of in all, but that tasks of
    /// other services hold.
    GenericHeld {
        kind: String,
        missing: u64,
    },
    MissingPlugin(Plugin),
    /// A constraint, as written, the node does not satisfy.
    Constraint(String),
    Platform {
        node: Platform,
        supported: Vec<Platform>,
    },
    HostPortInUse(HostPort),
    MaxReplicas {
        limit: u64,
    },
}

/// A whole request, in the millionths resource shortfalls are measured in.
const WHOLE: u64 = 1_000_000;

/// How far a node is from taking a task, compared in this order: how many
/// placement rules it breaks (filters other than resources: availability,
/// plugins, platform, ports, replicas per node, and each constraint it does not
/// satisfy, so that a node satisfying most constraints is closer), whether it is too
/// small for the task even when empty, and how much of the reservations is
/// missing (in millionths of each request, summed).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Distance {
    rules_broken: u64,
    too_small: bool,
    missing: u64,
}

impl Shortfall {
    /// What keeps `node` from taking the pipeline's task, or `None` if nothing does.
    pub(crate) fn of(pipeline: &Pipeline<'_>, node: &NodeInfo<'_>) -> Option<Shortfall> {
        Shortfall::assess(pipeline, node).map(|(shortfall, _)| shortfall)
    }

    /// The shortfall of `node` with its distance from fitting.
    fn assess(pipeline: &Pipeline<'_>, node: &NodeInfo<'_>) -> Option<(Shortfall, Distance)> {
        let task = pipeline.task();
        let spec = task.spec;
        let mut reasons = Vec::new();
        let mut distance = Distance::default();
        for failed in pipeline.failing(node) {
            match failed {
                Filter::Resources => {}
                Filter::Constraints => {
                    let unsatisfied = task.constraints.iter().filter(|c| !c.matches(node.node));
                    distance.rules_broken += unsatisfied.count().max(1) as u64;
                }
                _ => distance.rules_broken += 1,
            }
            match failed {
                Filter::Ready => reasons.push(Reason::Unavailable {
                    state: node.node.state,
                    availability: node.node.availability,
                }),
                Filter::Resources => {
                    let asked = &spec.reservations;
                    let n = node.node;
                    distance.too_small =
                        !Available::new(n.nano_cpus, n.memory_bytes, &n.generic).fits(asked);
                    let deficit = node.available.deficit(asked);
                    let mut missing = fraction(deficit.nano_cpus, asked.nano_cpus)
                        .saturating_add(fraction(deficit.memory_bytes, asked.memory_bytes));
                    for (kind, short) in &deficit.generic {
                        let wanted = asked.generic.iter().filter(|g| &g.kind == kind);
                        let wanted = wanted.map(|g| g.count).max().unwrap_or(0);
                        let part = if *short == 0 {
                            WHOLE
                        } else {
                            fraction(*short, wanted)
                        };
                        missing = missing.saturating_add(part);
                    }
                    distance.missing = missing;
                    if deficit.nano_cpus > 0 {
                        reasons.push(Reason::Cpu {
                            missing_nano_cpus: deficit.nano_cpus,
                        });
                    }
                    if deficit.memory_bytes > 0 {
                        reasons.push(Reason::Memory {
                            missing_bytes: deficit.memory_bytes,
                        });
                    }
                    reasons.extend(deficit.generic.into_iter().map(|(kind, missing)| {
                        let wanted = asked.generic.iter().filter(|g| g.kind == kind);
                        let wanted = wanted.map(|g| g.count).max().unwrap_or(0);
                        if missing > 0 && super::view::generic_total(n, &kind) >= wanted {
                            Reason::GenericHeld { kind, missing }
                        } else {
                            Reason::Generic { kind, missing }
                        }
                    }));
                }
                Filter::Plugins => reasons.extend(
                    filter::missing_plugins(spec, node)
                        .into_iter()
                        .map(Reason::MissingPlugin),
                ),
                Filter::Constraints => reasons.extend(
                    task.constraints
                        .iter()
                        .zip(&spec.constraints)
                        .filter(|(c, _)| !c.matches(node.node))
                        .map(|(_, written)| Reason::Constraint(written.trim().to_owned())),
                ),
                Filter::Platform => reasons.push(Reason::Platform {
                    node: node.node.platform.clone(),
                    supported: spec.platforms.clone(),
                }),
                Filter::HostPorts => reasons.extend(
                    filter::ports_in_use(spec, node)
                        .into_iter()
                        .map(Reason::HostPortInUse),
                ),
                Filter::MaxReplicas => reasons.push(Reason::MaxReplicas {
                    limit: spec.max_replicas_per_node,
                }),
            }
        }
        let shortfall = Shortfall {
            node_id: node.node.id.clone(),
            hostname: node.node.hostname.clone(),
            reasons,
        };
        (!shortfall.reasons.is_empty()).then_some((shortfall, distance))
    }

    /// What keeps each node of `nodes` that runs tasks of other stacks, other than
    /// `closest`, from taking the pipeline's task, by hostname.
    pub(crate) fn held(
        pipeline: &Pipeline<'_>,
        nodes: &[NodeInfo<'_>],
        closest: Option<&Shortfall>,
    ) -> Vec<Shortfall> {
        let mut held: Vec<Shortfall> = nodes
            .iter()
            .filter(|n| n.runs_others && closest.is_none_or(|c| c.node_id != n.node.id))
            .filter_map(|n| Shortfall::of(pipeline, n))
            .collect();
        held.sort_by(|a, b| (&a.hostname, &a.node_id).cmp(&(&b.hostname, &b.node_id)));
        held
    }

    /// The node among `nodes` that came closest to taking the pipeline's task: the
    /// shortest [`Distance`], then the first by hostname and ID.
    pub(crate) fn closest(pipeline: &Pipeline<'_>, nodes: &[NodeInfo<'_>]) -> Option<Shortfall> {
        nodes
            .iter()
            .filter_map(|n| Shortfall::assess(pipeline, n))
            .min_by(|(a, da), (b, db)| {
                da.cmp(db)
                    .then_with(|| a.hostname.cmp(&b.hostname))
                    .then_with(|| a.node_id.cmp(&b.node_id))
            })
            .map(|(shortfall, _)| shortfall)
    }
}

impl Shortfall {
    /// Which tasks already running on the node (other stacks', from the swarm's
    /// state) hold what it lacks for a task reserving `asked`, one line per resource:
    /// "`lab1` has 0.5 free CPUs: `other_big` reserves 1.5". Nothing when no running
    /// task holds any of it, so that an empty swarm's explanations are unchanged.
    pub fn holders(&self, asked: &Reservations, running: &[RunningTask]) -> Vec<String> {
        let here: Vec<&RunningTask> = running.iter().filter(|t| t.node == self.node_id).collect();
        let host = &self.hostname;
        let mut lines = Vec::new();
        for reason in &self.reasons {
            match reason {
                Reason::Cpu { missing_nano_cpus } => {
                    let held = held_by(&here, |r| r.nano_cpus, format_cpus);
                    if !held.is_empty() {
                        let free = asked.nano_cpus.saturating_sub(*missing_nano_cpus);
                        let unit = if free == 1_000_000_000 { "CPU" } else { "CPUs" };
                        lines.push(format!(
                            "`{host}` has {} free {unit}: {held}",
                            format_cpus(free)
                        ));
                    }
                }
                Reason::Memory { missing_bytes } => {
                    let held = held_by(&here, |r| r.memory_bytes, format_bytes);
                    if !held.is_empty() {
                        let free = asked.memory_bytes.saturating_sub(*missing_bytes);
                        lines.push(format!(
                            "`{host}` has {} of memory free: {held}",
                            format_bytes(free)
                        ));
                    }
                }
                Reason::GenericHeld { kind, missing } | Reason::Generic { kind, missing }
                    if *missing > 0 =>
                {
                    let count = |r: &Reservations| {
                        r.generic
                            .iter()
                            .filter(|g| &g.kind == kind)
                            .map(|g| g.count)
                            .sum()
                    };
                    let held = held_by(&here, count, |n: u64| n.to_string());
                    if !held.is_empty() {
                        let wanted = count(asked);
                        lines.push(format!(
                            "`{host}` has {} free `{kind}`: {held}",
                            wanted.saturating_sub(*missing)
                        ));
                    }
                }
                Reason::HostPortInUse(port) => {
                    let mut users: Vec<&str> = here
                        .iter()
                        .filter(|t| t.host_ports.contains(port))
                        .map(|t| t.service.as_str())
                        .collect();
                    users.dedup();
                    if let Some(first) = users.first() {
                        lines.push(format!(
                            "`{host}` has port `{}/{}` taken: `{first}` publishes it in host mode",
                            port.port,
                            port.protocol.as_str()
                        ));
                    }
                }
                _ => {}
            }
        }
        lines
    }
}

/// "`a` reserves 1.5, `b` reserves 0.5 in 2 tasks": what each running service holds
/// of one resource, largest first, then by name; empty when none holds any.
fn held_by(
    tasks: &[&RunningTask],
    amount: impl Fn(&Reservations) -> u64,
    show: impl Fn(u64) -> String,
) -> String {
    let mut by_service: std::collections::BTreeMap<&str, (u64, u64)> = Default::default();
    for task in tasks {
        let held = amount(&task.reservations);
        if held > 0 {
            let entry = by_service.entry(task.service.as_str()).or_insert((0, 0));
            entry.0 = entry.0.saturating_add(held);
            entry.1 += 1;
        }
    }
    let mut holders: Vec<(&str, (u64, u64))> = by_service.into_iter().collect();
    holders.sort_by(|a, b| b.1.0.cmp(&a.1.0).then_with(|| a.0.cmp(b.0)));
    holders
        .iter()
        .map(|(service, (held, tasks))| {
            let across = if *tasks > 1 {
                format!(" in {tasks} tasks")
            } else {
                String::new()
            };
            format!("`{service}` reserves {}{across}", show(*held))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `missing` as millionths of `asked`; nothing missing is 0.
fn fraction(missing: u64, asked: u64) -> u64 {
    if missing == 0 {
        0
    } else if asked == 0 {
        WHOLE
    } else {
        let scaled = u128::from(missing) * u128::from(WHOLE) / u128::from(asked);
        u64::try_from(scaled).unwrap_or(u64::MAX)
    }
}

impl fmt::Display for Shortfall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "node `{}` ", self.hostname)?;
        let last = self.reasons.len().saturating_sub(1);
        for (i, reason) in self.reasons.iter().enumerate() {
            if i > 0 {
                f.write_str(if i == last { " and " } else { ", " })?;
            }
            write!(f, "{reason}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Unavailable {
                state,
                availability,
            } => {
                let availability = match availability {
                    Availability::Active => None,
                    Availability::Pause => Some("paused"),
                    Availability::Drain => Some("drained"),
                };
                match (state, availability) {
                    (node::NodeState::Down, None) => f.write_str("is down"),
                    (node::NodeState::Down, Some(a)) => write!(f, "is down and {a}"),
                    (node::NodeState::Ready, Some(a)) => write!(f, "is {a}"),
                    (node::NodeState::Ready, None) => f.write_str("is not available"),
                }
            }
            Reason::Cpu { missing_nano_cpus } => {
                let unit = if *missing_nano_cpus == 1_000_000_000 {
                    "CPU"
                } else {
                    "CPUs"
                };
                write!(f, "needs {} more {unit}", format_cpus(*missing_nano_cpus))
            }
            Reason::Memory { missing_bytes } => {
                write!(f, "needs {} more memory", format_bytes(*missing_bytes))
            }
            Reason::Generic { kind, missing: 0 } => write!(f, "has no `{kind}`"),
            Reason::Generic { kind, missing } => write!(f, "lacks {missing} `{kind}`"),
            Reason::GenericHeld { kind, missing } => {
                write!(f, "has {missing} `{kind}` held by other tasks")
            }
            Reason::MissingPlugin(plugin) => {
                write!(
                    f,
                    "lacks the {} plugin `{}`",
                    plugin.kind.as_str(),
                    plugin.name
                )
            }
            Reason::Constraint(constraint) => write!(f, "does not satisfy `{constraint}`"),
            Reason::Platform { node, supported } => {
                write!(f, "runs `{}`, not ", platform_name(node))?;
                for (i, p) in supported.iter().enumerate() {
                    if i > 0 {
                        f.write_str(if i + 1 == supported.len() {
                            " or "
                        } else {
                            ", "
                        })?;
                    }
                    write!(f, "`{}`", platform_name(p))?;
                }
                Ok(())
            }
            Reason::HostPortInUse(port) => write!(
                f,
                "already publishes port `{}/{}` in host mode",
                port.port,
                port.protocol.as_str()
            ),
            Reason::MaxReplicas { limit } => {
                let tasks = if *limit == 1 { "task" } else { "tasks" };
                write!(
                    f,
                    "already runs {limit} {tasks} of the service, the most `max_replicas_per_node` allows"
                )
            }
        }
    }
}

/// `linux/arm64`; an empty part (any) reads `*`.
fn platform_name(p: &Platform) -> String {
    let part = |s: &str| {
        if s.is_empty() {
            "*".to_owned()
        } else {
            s.to_owned()
        }
    };
    format!("{}/{}", part(&p.os), part(&p.arch))
}

/// CPUs from nano-CPUs, as a decimal without trailing zeros: `0.5`, `2`.
fn format_cpus(nano: u64) -> String {
    let whole = nano / 1_000_000_000;
    let frac = nano % 1_000_000_000;
    if frac == 0 {
        return whole.to_string();
    }
    let digits = format!("{frac:09}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// Bytes in the largest binary unit they reach, rounded up to two decimals:
/// `512 MiB`, `1.5 GiB`.
fn format_bytes(bytes: u64) -> String {
    const UNITS: [&str; 7] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    let bytes = u128::from(bytes);
    let mut scale: u128 = 1;
    let mut unit = 0;
    while unit + 1 < UNITS.len() && bytes >= scale * 1024 {
        scale *= 1024;
        unit += 1;
    }
    let hundredths = (bytes * 100).div_ceil(scale);
    let (whole, frac) = (hundredths / 100, hundredths % 100);
    let name = UNITS.get(unit).copied().unwrap_or("B");
    if frac == 0 {
        format!("{whole} {name}")
    } else if frac % 10 == 0 {
        format!("{whole}.{} {name}", frac / 10)
    } else {
        format!("{whole}.{frac:02} {name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::node::PluginKind;
    use crate::schedule::service::Protocol;

    #[test]
    fn quantities_read_naturally() {
        assert_eq!(format_bytes(2 << 30), "2 GiB");
        assert_eq!(format_bytes(1536 << 20), "1.5 GiB");
        assert_eq!(format_bytes(750 << 20), "750 MiB");
        assert_eq!(format_bytes(100), "100 B");
        assert_eq!(format_bytes((1 << 30) + 1), "1.01 GiB");
        assert_eq!(format_cpus(500_000_000), "0.5");
        assert_eq!(format_cpus(2_000_000_000), "2");
        assert_eq!(format_cpus(1_250_000_000), "1.25");
    }

    #[test]
    fn display_joins_reasons() {
        let shortfall = Shortfall {
            node_id: "n1".into(),
            hostname: "gpu-2".into(),
            reasons: vec![Reason::Generic {
                kind: "NVIDIA-GPU".into(),
                missing: 1,
            }],
        };
        assert_eq!(shortfall.to_string(), "node `gpu-2` lacks 1 `NVIDIA-GPU`");
        let shortfall = Shortfall {
            node_id: "n1".into(),
            hostname: "a".into(),
            reasons: vec![
                Reason::Unavailable {
                    state: NodeState::Ready,
                    availability: Availability::Drain,
                },
                Reason::Memory {
                    missing_bytes: 2 << 30,
                },
                Reason::MissingPlugin(Plugin::new(PluginKind::Volume, "rexray")),
                Reason::HostPortInUse(HostPort {
                    protocol: Protocol::Tcp,
                    port: 80,
                }),
            ],
        };
        assert_eq!(
            shortfall.to_string(),
            "node `a` is drained, needs 2 GiB more memory, lacks the volume plugin `rexray` \
             and already publishes port `80/tcp` in host mode"
        );
    }

    #[test]
    fn platform_reasons_name_both_sides() {
        let reason = Reason::Platform {
            node: Platform::new("linux", "x86_64"),
            supported: vec![
                Platform::new("linux", "arm64"),
                Platform::new("", "riscv64"),
            ],
        };
        assert_eq!(
            reason.to_string(),
            "runs `linux/x86_64`, not `linux/arm64` or `*/riscv64`"
        );
    }
}

#[cfg(test)]
mod holder_tests {
    use super::*;
    use crate::schedule::service::{GenericRequest, Protocol};

    fn task(service: &str, node: &str, reservations: Reservations) -> RunningTask {
        RunningTask {
            service: service.into(),
            node: node.into(),
            reservations,
            host_ports: Vec::new(),
        }
    }

    #[test]
    fn holders_name_what_running_tasks_reserve_on_the_node() {
        let gpu = |count| Reservations {
            generic: vec![GenericRequest {
                kind: "GPU".into(),
                count,
            }],
            ..Reservations::default()
        };
        let cpu = |nano_cpus| Reservations {
            nano_cpus,
            ..Reservations::default()
        };
        let port = HostPort {
            protocol: Protocol::Tcp,
            port: 80,
        };
        let mut web = task("edge_web", "n1", Reservations::default());
        web.host_ports = vec![port];
        let running = [
            task("b", "n1", cpu(500_000_000)),
            task("a", "n1", cpu(250_000_000)),
            task("a", "n1", cpu(250_000_000)),
            task("far", "n2", cpu(2_000_000_000)),
            task("gpu_job", "n1", gpu(1)),
            task(
                "memory_hog",
                "n1",
                Reservations {
                    memory_bytes: 1 << 30,
                    ..Reservations::default()
                },
            ),
            web,
        ];
        let shortfall = Shortfall {
            node_id: "n1".into(),
            hostname: "lab1".into(),
            reasons: vec![
                Reason::Cpu {
                    missing_nano_cpus: 1_000_000_000,
                },
                Reason::Memory {
                    missing_bytes: 512 << 20,
                },
                Reason::GenericHeld {
                    kind: "GPU".into(),
                    missing: 1,
                },
                Reason::HostPortInUse(port),
            ],
        };
        let asked = Reservations {
            nano_cpus: 2_000_000_000,
            memory_bytes: 1 << 30,
            generic: gpu(1).generic,
        };
        assert_eq!(
            shortfall.holders(&asked, &running),
            [
                "`lab1` has 1 free CPU: `a` reserves 0.5 in 2 tasks, `b` reserves 0.5",
                "`lab1` has 512 MiB of memory free: `memory_hog` reserves 1 GiB",
                "`lab1` has 0 free `GPU`: `gpu_job` reserves 1",
                "`lab1` has port `80/tcp` taken: `edge_web` publishes it in host mode",
            ]
        );
        // Nothing running there: nothing to name.
        assert!(shortfall.holders(&asked, &[]).is_empty());
    }
}
