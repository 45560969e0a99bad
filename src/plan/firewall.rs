//! The openings each node's firewall needs: swarm's own ports between the nodes
//! (management on managers, gossip, the data-path port), ESP when overlays are
//! encrypted, and the engine API for the clients the site names. Swarm traffic is
//! admitted from the nodes' own subnets when the profile gives every node an address:
//! an open VXLAN port lets anyone who reaches it inject packets into the overlays.

use serde::Serialize;

use super::Input;
use super::engine_api::engine_api_sources;
use super::model::{Detail, RunsOn, Step};
use super::nodes::hostnames;
use super::swarm_join::MANAGEMENT_PORT;
use crate::site::{Role, Subnet};

/// The port nodes gossip on, over TCP and UDP.
const GOSSIP_PORT: u16 = 7946;

#[derive(Clone, Debug, Serialize)]
pub struct Firewall {
    pub nodes: Vec<NodeFirewall>,
}

/// What one node admits.
#[derive(Clone, Debug, Serialize)]
pub struct NodeFirewall {
    pub hostname: String,
    pub openings: Vec<Opening>,
}

/// One opening: a port and transport, or an IP protocol (`esp`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Opening {
    /// `2377/tcp`, or `esp`.
    pub what: String,
    pub port: Option<u16>,
    /// `tcp`, `udp` or `esp`.
    pub protocol: &'static str,
    /// Source networks; empty admits everyone.
    pub from: Vec<String>,
    /// What the opening is for.
    pub purpose: &'static str,
}

impl Opening {
    fn port(port: u16, protocol: &'static str, from: &[String], purpose: &'static str) -> Opening {
        Opening {
            what: format!("{port}/{protocol}"),
            port: Some(port),
            protocol,
            from: from.to_vec(),
            purpose,
        }
    }
}

pub(super) fn firewall(input: &Input<'_>) -> Option<Step> {
    let site = input.site;
    let api = site.network.engine_api.as_ref();
    // One node talks to no other node; only the engine API would need an opening.
    if site.nodes.len() < 2 && api.is_none() {
        return None;
    }
    let peers = peer_networks(input);
    let encrypted = encrypted_overlays(input);
    let many = site.nodes.len() > 1;
    let nodes = site
        .nodes
        .iter()
        .map(|node| {
            let mut openings = Vec::new();
            if many {
                if node.role == Role::Manager {
                    openings.push(Opening::port(
                        MANAGEMENT_PORT,
                        "tcp",
                        &peers,
                        "cluster management and joining",
                    ));
                }
                openings.push(Opening::port(GOSSIP_PORT, "tcp", &peers, "node gossip"));
                openings.push(Opening::port(GOSSIP_PORT, "udp", &peers, "node gossip"));
                openings.push(Opening::port(
                    site.network.data_path_port,
                    "udp",
                    &peers,
                    "overlay traffic (VXLAN)",
                ));
                if encrypted {
                    openings.push(Opening {
                        what: "esp".to_owned(),
                        port: None,
                        protocol: "esp",
                        from: peers.clone(),
                        purpose: "encrypted overlay traffic (IP protocol 50)",
                    });
                }
            }
            if let Some(api) = api.filter(|api| api.opened_on(node)) {
                openings.push(Opening::port(
                    api.port,
                    "tcp",
                    &engine_api_sources(api),
                    "the engine API",
                ));
            }
            NodeFirewall {
                hostname: node.hostname.clone(),
                openings,
            }
        })
        .collect();
    Some(Step {
        name: "firewall",
        function: "firewall",
        title: "Open the firewall",
        runs_on: RunsOn::nodes(hostnames(&site.nodes)),
        detail: Detail::Firewall(Firewall { nodes }),
    })
}

/// The subnets of the nodes' first addresses, once each, when every node has one;
/// otherwise nothing, and swarm's ports are open to everyone.
fn peer_networks(input: &Input<'_>) -> Vec<String> {
    let mut subnets: Vec<Subnet> = Vec::new();
    for node in &input.site.nodes {
        let Some(address) = node.addresses.first() else {
            return Vec::new();
        };
        let subnet = address.subnet();
        if !subnets.iter().any(|s| s.0.contains(&subnet.0)) {
            subnets.retain(|s| !subnet.0.contains(&s.0));
            subnets.push(subnet);
        }
    }
    subnets.iter().map(ToString::to_string).collect()
}

/// Whether any overlay of the stack is encrypted: the site encrypts them all, or the
/// stack asks for it on one network.
pub(super) fn encrypted_overlays(input: &Input<'_>) -> bool {
    input.site.network.overlays.encrypted
        || input
            .stack
            .networks
            .values()
            .any(|n| !n.external && n.driver_opts.contains_key("encrypted"))
}
