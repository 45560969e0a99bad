use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{Cx, Service, list, plural};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::schedule::HostPort;
use crate::translate::Origin;

crate::rules::declare_rule! {
    /// ## What it does
    /// Reports a port published in host mode by more tasks than there are nodes to
    /// run them: a node can give a host port to one task only, so the tasks of every
    /// service publishing the port need a node each among the nodes they may use.
    ///
    /// ## Why
    /// The tasks that find no free node stay pending with `host-mode port already in
    /// use on N nodes`, and a rolling update of such a service cannot start a new task
    /// next to an old one.
    ///
    /// ## Example
    /// ```yaml
    /// # a site of 3 nodes
    /// services:
    ///   proxy:
    ///     ports: [{target: 80, published: 80, mode: host}]
    ///     deploy: {replicas: 5}
    /// ```
    ///
    /// ## Fix
    /// Run at most one task per eligible node (`mode: global` does exactly that),
    /// publish the port in ingress mode, or allow the service on more nodes.
    pub static HOST_PORT_OVERCOMMITTED = ("SW511", "host-port-overcommitted", Error);
}

/// Host ports asked for by more tasks than there are nodes for them: `port` and the
/// ports after it up to `last`, each published by the same services. A published range
/// is one finding, not one per port of it.
pub struct Overcommit {
    pub port: HostPort,
    pub last: u32,
    /// Indices of the services publishing it.
    pub services: Vec<usize>,
    pub tasks: u64,
    pub nodes: usize,
}

/// Tasks of a service that run at once.
fn tasks(service: &Service<'_>) -> u64 {
    service
        .spec
        .mode
        .replicated_tasks()
        .map_or(service.eligible.len() as u64, |(now, _)| now)
}

/// Every overcommitted host port, with the services publishing it.
pub(super) fn overcommits(all: &[Service<'_>]) -> Vec<Overcommit> {
    let mut by_port: BTreeMap<HostPort, Vec<usize>> = BTreeMap::new();
    for (s, service) in all.iter().enumerate() {
        let ports: BTreeSet<HostPort> = service
            .spec
            .host_ports
            .iter()
            .filter(|p| p.port != 0)
            .copied()
            .collect();
        for port in ports {
            by_port.entry(port).or_default().push(s);
        }
    }
    let each = by_port.into_iter().filter_map(|(port, services)| {
        let asked = services
            .iter()
            .filter_map(|&s| all.get(s))
            .fold(0u64, |a, s| a.saturating_add(tasks(s)));
        let nodes: BTreeSet<usize> = services
            .iter()
            .filter_map(|&s| all.get(s))
            .flat_map(|s| s.eligible.iter().copied())
            .collect();
        (asked > nodes.len() as u64).then_some(Overcommit {
            port,
            last: port.port,
            services,
            tasks: asked,
            nodes: nodes.len(),
        })
    });
    let mut merged: Vec<Overcommit> = Vec::new();
    for overcommit in each {
        if let Some(previous) = merged.last_mut() {
            if previous.port.protocol == overcommit.port.protocol
                && previous.last + 1 == overcommit.port.port
                && previous.services == overcommit.services
                && previous.tasks == overcommit.tasks
                && previous.nodes == overcommit.nodes
            {
                previous.last = overcommit.port.port;
                continue;
            }
        }
        merged.push(overcommit);
    }
    merged
}

pub(super) fn check(cx: &Cx<'_>, diagnostics: &mut Diagnostics) {
    // Where each service first publishes each host port, looked up once per finding
    // rather than searched for.
    let mut entries: HashMap<(&str, u32), usize> = HashMap::new();
    if !cx.overcommits.is_empty() {
        for service in &cx.services {
            for (i, p) in service.service.ports.iter().enumerate() {
                if let (Some(published), Some(crate::swarm::PortMode::Host)) = (p.published, p.mode)
                {
                    entries
                        .entry((service.name, u32::from(published)))
                        .or_insert(i);
                }
            }
        }
    }
    for overcommit in &cx.overcommits {
        let names: Vec<&str> = overcommit
            .services
            .iter()
            .filter_map(|&s| cx.services.get(s).map(|x| x.name))
            .collect();
        let Some(&last) = names.last() else { continue };
        let numbers = if overcommit.last > overcommit.port.port {
            format!("{}-{}", overcommit.port.port, overcommit.last)
        } else {
            overcommit.port.port.to_string()
        };
        let port = format!("{numbers}/{}", overcommit.port.protocol.as_str());
        let index = entries.get(&(last, overcommit.port.port)).copied();
        let origin = Origin::service(last).field("ports");
        let at = cx.span(&match index {
            Some(i) => origin.item(i),
            None => origin,
        });
        let who = if names.len() == 1 {
            format!("service `{last}` asks for")
        } else {
            format!("services {} ask for", list(&names, 6))
        };
        diagnostics.push(
            Diagnostic::new(
                &HOST_PORT_OVERCOMMITTED,
                format!(
                    "{who} {} publishing {} `{port}` in host mode, but only {} can run them",
                    plural(overcommit.tasks, "task", "tasks"),
                    if overcommit.last > overcommit.port.port { "ports" } else { "port" },
                    plural(overcommit.nodes as u64, "node", "nodes"),
                ),
            )
            .at_opt(at)
            .note("a node gives a host-mode port to one task only")
            .help("run at most one task per eligible node (`mode: global`), publish the port in ingress mode, or allow the service on more nodes"),
        );
    }
}
