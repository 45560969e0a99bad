declare_rule! {
    /// ## What it does
    /// Reports overlay address space in a site profile that overlaps a host network the
    /// containers must reach, or another stack's subnet: the ingress subnet (written, or
    /// the address pool's first subnet, which docker gives the ingress network) and the
    /// subnets other stacks hold.
    ///
    /// ## Why
    /// swarm never checks overlay subnets against the hosts' routes. A container on an
    /// overlay that shadows the LAN cannot reach the NFS or DNS server behind it, and an
    /// explicit subnet that overlaps an allocated one leaves the network unallocated and
    /// its tasks stuck. docker's default pool, `10.0.0.0/8`, collides with many LANs; the
    /// pool itself may, since swarmc gives the stack's own networks subnets outside the
    /// host networks, but the ingress network and other stacks' networks are not the
    /// stack's.
    ///
    /// A site profile describes a cluster as it is, so this is a warning: the stack still
    /// compiles, `swarmc plan` writes the commands that move the ingress network, and
    /// `swarmc check` reports what the overlap breaks for this stack.
    ///
    /// ## Example
    /// ```yaml
    /// network:
    ///   host_networks:
    ///     lan: 10.0.0.0/16
    ///   # no ingress_subnet: docker gave the ingress network 10.0.0.0/24, inside the LAN
    /// ```
    ///
    /// ## Fix
    /// Recreate the ingress network outside the host networks
    /// (`docker network create --driver overlay --ingress --subnet 10.255.0.0/16 ingress`)
    /// and write its subnet under `network.ingress_subnet`; move another stack's network
    /// that overlaps.
    pub static SITE_SUBNET_OVERLAP = ("SW408", "site-subnet-overlap", Warning);
}
