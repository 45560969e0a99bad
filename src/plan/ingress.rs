//! The ingress network, recreated when its subnet collides with a host network:
//! published ports then stop answering clients on that network, and swarm never
//! checks. The new subnet is the first private subnet, of the size the pool hands out,
//! that overlaps none of the host networks, the nodes' subnets, the address pool, other
//! stacks' networks and this stack's own subnets; the search is the same on every run.

use std::net::Ipv4Addr;

use ipnet::{IpNet, Ipv4Net};
use serde::Serialize;

use super::Input;
use super::model::{Detail, RunsOn, Step};
use super::nodes::first_manager;
use crate::site::Subnet;

/// The private IPv4 ranges a new ingress subnet is taken from, in the order searched.
const PRIVATE_RANGES: [(Ipv4Addr, u8); 3] = [
    (Ipv4Addr::new(172, 16, 0, 0), 12),
    (Ipv4Addr::new(192, 168, 0, 0), 16),
    (Ipv4Addr::new(10, 0, 0, 0), 8),
];

#[derive(Clone, Debug, Serialize)]
pub struct Ingress {
    /// The ingress subnet now.
    pub current: String,
    /// What it collides with (`host network \`lan\` (10.20.0.0/16)`).
    pub collisions: Vec<Collision>,
    /// The subnet to recreate it with; none when every private subnet is taken.
    pub subnet: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Collision {
    /// `host network` or `the subnet of`.
    pub what: String,
    /// The host network's name or the node's hostname.
    pub name: String,
    pub subnet: String,
}

pub(super) fn ingress(input: &Input<'_>) -> Option<Step> {
    let network = &input.site.network;
    let current = current_subnet(input)?;
    let hosts = host_networks(input);
    let collisions: Vec<Collision> = hosts
        .iter()
        .filter(|(_, _, subnet)| subnet.overlaps(current))
        .map(|(what, name, subnet)| Collision {
            what: (*what).to_owned(),
            name: name.clone(),
            subnet: subnet.to_string(),
        })
        .collect();
    if collisions.is_empty() {
        return None;
    }
    let mut blocked: Vec<Subnet> = hosts.iter().map(|(_, _, s)| *s).collect();
    blocked.extend(network.address_pool.subnets.iter().copied());
    blocked.extend(network.taken_subnets.values().copied());
    blocked.extend(stack_subnets(input));
    let prefix = network.address_pool.mask_length.clamp(8, 30);
    Some(Step {
        name: "ingress",
        function: "ingress",
        title: "Move the ingress network off the host networks",
        runs_on: RunsOn::manager(first_manager(input.site).map(|n| n.hostname.as_str())),
        detail: Detail::Ingress(Ingress {
            current: current.to_string(),
            collisions,
            subnet: free_subnet(&blocked, prefix).map(|s| s.to_string()),
        }),
    })
}

/// The ingress subnet the profile gives, or else the first subnet of the pool, which is
/// what docker allocates it.
fn current_subnet(input: &Input<'_>) -> Option<Subnet> {
    let network = &input.site.network;
    if let Some(subnet) = network.ingress_subnet {
        return Some(subnet);
    }
    let pool = network.address_pool.subnets.first()?;
    let first = pool
        .0
        .subnets(network.address_pool.mask_length)
        .ok()?
        .next()?;
    Some(Subnet(first))
}

/// Host networks by what they are and their name: `network.host_networks`, then the
/// subnets of the nodes' addresses.
fn host_networks(input: &Input<'_>) -> Vec<(&'static str, String, Subnet)> {
    let site = input.site;
    let mut out: Vec<(&'static str, String, Subnet)> = site
        .network
        .host_networks
        .iter()
        .map(|(name, subnet)| ("host network", name.clone(), *subnet))
        .collect();
    for node in &site.nodes {
        for address in &node.addresses {
            let subnet = address.subnet();
            if !out.iter().any(|(_, _, s)| s.0.contains(&subnet.0)) {
                out.push(("the subnet of", node.hostname.clone(), subnet));
            }
        }
    }
    out
}

/// The subnets this stack's networks ask for.
fn stack_subnets(input: &Input<'_>) -> Vec<Subnet> {
    input
        .stack
        .networks
        .values()
        .filter_map(|n| n.ipam.as_ref())
        .flat_map(|ipam| &ipam.config)
        .map(|pool| Subnet(pool.subnet))
        .collect()
}

/// The first IPv4 subnet of length `prefix` in the private ranges that overlaps none
/// of `blocked`. Blocked ranges are stepped over whole, so the search is short.
pub(super) fn free_subnet(blocked: &[Subnet], prefix: u8) -> Option<Subnet> {
    let size = 1u64 << (32 - u32::from(prefix));
    for (base, len) in PRIVATE_RANGES {
        let start = u64::from(u32::from(base));
        let end = start + (1u64 << (32 - u32::from(len)));
        let mut at = start;
        while at + size <= end {
            let candidate = Ipv4Net::new(Ipv4Addr::from(u32::try_from(at).ok()?), prefix).ok()?;
            let candidate = Subnet(IpNet::V4(candidate));
            match blocked.iter().find(|b| b.overlaps(candidate)) {
                None => return Some(candidate),
                Some(blocker) => {
                    let last = match blocker.0 {
                        IpNet::V4(net) => u64::from(u32::from(net.broadcast())),
                        IpNet::V6(_) => at,
                    };
                    let next = last.max(at) + 1;
                    // Round up to the next subnet boundary.
                    at = next.div_ceil(size) * size;
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subnets(texts: &[&str]) -> Vec<Subnet> {
        texts.iter().map(|t| Subnet::parse(t).unwrap()).collect()
    }

    #[test]
    fn the_first_free_private_subnet_is_chosen() {
        assert_eq!(
            free_subnet(&subnets(&["10.0.0.0/8"]), 24)
                .unwrap()
                .to_string(),
            "172.16.0.0/24"
        );
        let blocked = subnets(&["172.16.0.0/12", "192.168.0.0/24", "192.168.1.7"]);
        assert_eq!(
            free_subnet(&blocked, 24).unwrap().to_string(),
            "192.168.2.0/24"
        );
        let blocked = subnets(&["172.16.0.0/23", "10.0.0.0/8"]);
        assert_eq!(
            free_subnet(&blocked, 16).unwrap().to_string(),
            "172.17.0.0/16"
        );
    }

    #[test]
    fn nothing_is_chosen_when_every_private_range_is_taken() {
        let blocked = subnets(&["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]);
        assert_eq!(free_subnet(&blocked, 24), None);
    }
}
