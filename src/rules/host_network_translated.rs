declare_rule! {
    /// ## What it does
    /// Reports `network_mode: host`, which swarmc expressed as an attachment to the
    /// external `host` network.
    ///
    /// ## Why
    /// Swarm services have no `network_mode`; docker ignores the key and attaches the
    /// service to the stack's default overlay instead. Attaching to the predefined `host`
    /// network, declared external, is how a swarm service gets the host's network stack.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   exporter:
    ///     network_mode: host
    /// ```
    ///
    /// ## Fix
    /// Nothing to do. Remember that every task then binds its ports on its node directly.
    pub static HOST_NETWORK_TRANSLATED = ("SW312", "host-network-translated", Info);
}
