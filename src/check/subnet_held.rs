//! Subnets the swarm's other networks already hold, as `check --state` or `--docker`
//! found them: the site profile lists such subnets by hand (`network.taken_subnets`),
//! and translation allocates around those, but a network created since the profile was
//! written is only known from the swarm itself.

use super::Cx;
use super::networks::network_span;
use crate::diagnostic::{Diagnostic, Diagnostics};

crate::rules::declare_rule! {
    /// ## What it does
    /// Reports a subnet of the stack's networks (written, or allocated from the site's
    /// address pool) that overlaps a subnet a network of another stack already holds
    /// on the swarm, as `swarmc check --state` or `--docker` finds it.
    ///
    /// ## Why
    /// Swarm refuses to create an overlay network whose subnet overlaps another's
    /// (`invalid pool request: Pool overlaps with other one on this address space`),
    /// so `docker stack deploy` stops at the network, before any service of the stack
    /// is created or updated.
    ///
    /// ## Example
    /// ```yaml
    /// networks:
    ///   backend:
    ///     ipam:
    ///       config:
    ///         - subnet: 10.0.1.0/24   # `monitoring_default` holds 10.0.1.0/24
    /// ```
    ///
    /// ## Fix
    /// Give the network another subnet, or refresh the site profile from the swarm
    /// (`swarmc site import --docker --into site.yaml`), which lists the subnets other
    /// stacks hold under `network.taken_subnets`, so that subnets are allocated around
    /// them.
    pub static SUBNET_HELD_ON_SWARM = ("SW550", "subnet-held-on-swarm", Error);
}

pub(super) fn check(cx: &Cx<'_>, diagnostics: &mut Diagnostics) {
    let taken = &cx.input.state.taken_subnets;
    if taken.is_empty() {
        return;
    }
    let listed = &cx.site().network.taken_subnets;
    for (name, network) in &cx.input.stack.networks {
        if network.external {
            continue;
        }
        let Some(ipam) = &network.ipam else { continue };
        for (i, pool) in ipam.config.iter().enumerate() {
            let ours = pool.subnet.trunc();
            for held in taken {
                let theirs = held.subnet.0.trunc();
                // The site lists it already: translation reports that overlap.
                if listed.values().any(|s| s.0.trunc() == theirs) {
                    continue;
                }
                if !(ours.contains(&theirs.network()) || theirs.contains(&ours.network())) {
                    continue;
                }
                let owner = held
                    .key
                    .split('#')
                    .next()
                    .unwrap_or(held.key.as_str())
                    .to_owned();
                let stack = match &held.stack {
                    Some(stack) => format!(" of stack `{stack}`"),
                    None => String::new(),
                };
                diagnostics.push(
                    Diagnostic::new(
                        &SUBNET_HELD_ON_SWARM,
                        format!(
                            "subnet `{ours}` of network `{name}` overlaps `{theirs}`, which network `{owner}`{stack} holds on the swarm"
                        ),
                    )
                    .at_opt(network_span(cx, name, Some(i)))
                    .help("give the network another subnet, or refresh the site from the swarm (`swarmc site import --docker --into`) so that subnets are allocated around the ones other stacks hold")
                    .note("swarm refuses an overlay network whose subnet overlaps another's: `invalid pool request: Pool overlaps with other one on this address space`"),
                );
            }
        }
    }
}
