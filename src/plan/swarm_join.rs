//! `docker swarm join` on every node but the first manager. Join tokens are secrets
//! the first manager prints (`docker swarm join-token -q worker`); the plan names where
//! to get them and never writes one.

use serde::Serialize;

use super::Input;
use super::model::{Detail, RunsOn, Step};
use super::nodes::{address, first_manager, hostnames};
use crate::site::Role;

/// The port managers listen on for joining nodes and cluster management.
pub(super) const MANAGEMENT_PORT: u16 = 2377;

#[derive(Clone, Debug, Serialize)]
pub struct SwarmJoin {
    /// The first manager's hostname, where the tokens are printed.
    pub manager: String,
    /// `ADDRESS:2377` of the first manager; unknown when the profile gives it no address.
    pub join_addr: Option<String>,
    pub nodes: Vec<Joining>,
}

/// One node joining.
#[derive(Clone, Debug, Serialize)]
pub struct Joining {
    pub hostname: String,
    /// `manager` or `worker`: which token it joins with.
    pub role: &'static str,
    /// The environment variable the shell plan reads the token from.
    pub token_variable: &'static str,
    /// `--advertise-addr`, when the profile gives the node an address.
    pub advertise_addr: Option<String>,
}

pub(super) fn swarm_join(input: &Input<'_>) -> Option<Step> {
    let first = first_manager(input.site)?;
    let joining: Vec<_> = input
        .site
        .nodes
        .iter()
        .filter(|n| !std::ptr::eq(*n, first))
        .collect();
    if joining.is_empty() {
        return None;
    }
    let nodes = joining
        .iter()
        .map(|node| {
            let (role, token_variable) = match node.role {
                Role::Manager => ("manager", "SWARM_MANAGER_TOKEN"),
                Role::Worker => ("worker", "SWARM_WORKER_TOKEN"),
            };
            Joining {
                hostname: node.hostname.clone(),
                role,
                token_variable,
                advertise_addr: address(node),
            }
        })
        .collect();
    Some(Step {
        name: "swarm-join",
        function: "swarm_join",
        title: "Join the other nodes",
        runs_on: RunsOn::nodes(hostnames(joining)),
        detail: Detail::SwarmJoin(SwarmJoin {
            manager: first.hostname.clone(),
            join_addr: address(first).map(|a| join_address(&a)),
            nodes,
        }),
    })
}

/// `ADDRESS:2377`, with IPv6 addresses in brackets.
fn join_address(address: &str) -> String {
    if address.contains(':') {
        format!("[{address}]:{MANAGEMENT_PORT}")
    } else {
        format!("{address}:{MANAGEMENT_PORT}")
    }
}
