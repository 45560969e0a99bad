declare_rule! {
    /// ## What it does
    /// Reports an explicit `ipam.config[].subnet` of a network the stack creates that
    /// overlaps a host network of the site, a node's subnet, the ingress network, a subnet
    /// another stack holds (`network.taken_subnets`) or another network's subnet in the
    /// same project.
    ///
    /// ## Why
    /// Swarm never checks overlay subnets against the hosts' routes: a container on an
    /// overlay that shadows the LAN cannot reach the servers on it. Two overlays with
    /// overlapping subnets are worse: the second is created but never allocated, and its
    /// tasks stay in `New` without an error.
    ///
    /// ## Example
    /// ```yaml
    /// networks:
    ///   backend:
    ///     ipam:
    ///       config:
    ///         - subnet: 10.20.0.0/24   # inside the site's host network 10.20.0.0/16
    /// ```
    ///
    /// ## Fix
    /// Remove the `ipam` block and let swarmc allocate a free subnet from the site's
    /// address pool, or write a subnet that overlaps nothing the diagnostic names.
    pub static SUBNET_OVERLAP = ("SW361", "subnet-overlap", Error);
}
