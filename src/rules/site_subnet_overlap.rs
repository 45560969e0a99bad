declare_rule! {
    /// ## What it does
    /// Reports overlay address space in a site profile (the address pool, the ingress
    /// subnet, subnets other stacks hold) that overlaps a host network the containers
    /// must reach, or another stack's subnet.
    ///
    /// ## Why
    /// swarm never checks overlay subnets against the hosts' routes. A container on an
    /// overlay that shadows the LAN cannot reach the NFS or DNS server behind it, and an
    /// explicit subnet that overlaps an allocated one leaves the network unallocated and
    /// its tasks stuck. docker's default pool, `10.0.0.0/8`, collides with many LANs.
    ///
    /// A site profile describes a cluster as it is, so this is a warning: swarmc still
    /// gives every network it creates a subnet clear of the host networks, and
    /// `swarmc plan` writes the commands that move the ingress network.
    ///
    /// ## Example
    /// ```yaml
    /// network:
    ///   host_networks:
    ///     lan: 10.20.0.0/16
    ///   # no address_pool: docker's default 10.0.0.0/8 contains the LAN
    /// ```
    ///
    /// ## Fix
    /// Initialise the swarm with an address pool outside the host networks
    /// (`docker swarm init --default-addr-pool 172.30.0.0/16`) and declare it under
    /// `network.address_pool`; recreate an ingress network that overlaps.
    pub static SITE_SUBNET_OVERLAP = ("SW408", "site-subnet-overlap", Warning);
}
