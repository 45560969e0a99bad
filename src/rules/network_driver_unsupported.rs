declare_rule! {
    /// ## What it does
    /// Reports a network whose driver cannot span a swarm (`host`, `none`) or that compose
    /// declares in a way a stack cannot (`macvlan` and `ipvlan` without a config-only
    /// network).
    ///
    /// ## Why
    /// Swarm services attach only to swarm-scoped networks; docker refuses to deploy the
    /// service.
    ///
    /// ## Example
    /// ```yaml
    /// networks:
    ///   lan:
    ///     driver: host
    /// ```
    ///
    /// ## Fix
    /// Use an `overlay` network; for host networking use `network_mode: host`, which swarmc
    /// translates.
    pub static NETWORK_DRIVER_UNSUPPORTED = ("SW336", "network-driver-unsupported", Error);
}
