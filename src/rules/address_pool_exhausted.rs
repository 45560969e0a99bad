declare_rule! {
    /// ## What it does
    /// Reports a network the stack creates for which no subnet of the needed size is free
    /// in the site's address pool (`network.address_pool`), once host networks, the
    /// ingress network, other stacks' subnets and the project's own subnets are set aside.
    ///
    /// ## Why
    /// swarmc gives every overlay network the stack creates an explicit subnet, so that
    /// none lands on a host network or on another stack's subnet. When the pool has no
    /// room, docker would fail the same way when the stack is deployed (`all predefined
    /// address pools have been fully subnetted`).
    ///
    /// ## Example
    /// ```yaml
    /// # site.yaml
    /// network:
    ///   address_pool: { subnets: [172.30.0.0/24], mask_length: 24 }
    ///   ingress_subnet: 172.30.0.0/24
    /// ```
    ///
    /// ## Fix
    /// Add a subnet to the pool (it must be one the swarm was initialised with,
    /// `docker swarm init --default-addr-pool`), use a longer `mask_length`, remove
    /// subnets other stacks no longer hold from `network.taken_subnets`, or attach the
    /// services to fewer networks.
    pub static ADDRESS_POOL_EXHAUSTED = ("SW362", "address-pool-exhausted", Error);
}
