declare_rule! {
    /// ## What it does
    /// Reports an explicit subnet of a network the stack creates that holds fewer
    /// addresses than the network's tasks need.
    ///
    /// ## Why
    /// Every task on an overlay takes an address, and so do each service's virtual IP and
    /// each node's load balancer; a task started while an update runs `start-first` takes
    /// one more. When the subnet runs out, swarm leaves the extra tasks pending
    /// (`no available IPv4 addresses on this network's address pools`) while the rest of
    /// the stack runs, which looks like a scheduling problem rather than an addressing one.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   worker:
    ///     deploy: { replicas: 40 }
    ///     networks: [jobs]
    /// networks:
    ///   jobs:
    ///     ipam:
    ///       config:
    ///         - subnet: 172.30.9.0/27   # 30 usable addresses
    /// ```
    ///
    /// ## Fix
    /// Write a larger subnet, or remove the `ipam` block to let swarmc allocate one sized
    /// for the network from the site's address pool.
    pub static SUBNET_TOO_SMALL = ("SW365", "subnet-too-small", Warning);
}
