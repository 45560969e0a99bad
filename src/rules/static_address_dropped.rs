declare_rule! {
    /// ## What it does
    /// Reports `ipv4_address`, `ipv6_address`, `link_local_ips` and `mac_address`, which
    /// are left out of the stack.
    ///
    /// ## Why
    /// Swarm assigns addresses itself; docker ignores fixed addresses for services, so
    /// anything configured to reach the fixed address breaks.
    ///
    /// ## Example
    /// ```yaml
    /// networks:
    ///   backend:
    ///     ipv4_address: 172.28.5.10
    /// ```
    ///
    /// ## Fix
    /// Reach the service by its name (or an alias) instead of its address.
    pub static STATIC_ADDRESS_DROPPED = ("SW326", "static-address-dropped", Warning);
}
