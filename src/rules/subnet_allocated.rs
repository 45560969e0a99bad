declare_rule! {
    /// ## What it does
    /// Reports the subnet swarmc chose from the site's address pool for a network the
    /// stack creates without one. Without `--site`, the pool is docker's default and only
    /// a subnet that had to move off its usual place is reported.
    ///
    /// ## Why
    /// Left to itself, swarm takes the lowest free subnet of its pool, without regard to
    /// the hosts' networks and in whatever order `docker stack deploy` creates networks.
    /// An explicit subnet keeps the network off the host networks, the ingress network
    /// and other stacks' subnets, and gives it the same addresses on every deploy. The
    /// subnet depends only on the network's name and size, so adding a network to the
    /// project does not move the others.
    ///
    /// A network gets at least the pool's `mask_length` (a `/24` in docker's default
    /// pool), and more when its tasks need it: two addresses per task of each attached
    /// service (a task and its replacement during a `start-first` update; one per
    /// task otherwise), one virtual IP per service, one load-balancer address per node,
    /// and the network, gateway and broadcast addresses.
    ///
    /// ## Example
    /// ```yaml
    /// networks:
    ///   backend: {}
    /// ```
    /// becomes `backend: {driver: overlay, ipam: {config: [{subnet: 10.93.17.0/24}]}}`.
    ///
    /// ## Fix
    /// Nothing to do; to choose the subnet yourself, write `ipam.config[].subnet`.
    pub static SUBNET_ALLOCATED = ("SW363", "subnet-allocated", Info);
}
