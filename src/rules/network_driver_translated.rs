declare_rule! {
    /// ## What it does
    /// Reports a network with the `bridge` driver (or none), which swarmc declares with the
    /// `overlay` driver.
    ///
    /// ## Why
    /// Services of a stack run on several nodes and can only share networks that span them;
    /// a local `bridge` network cannot be attached to a swarm service.
    ///
    /// ## Example
    /// ```yaml
    /// networks:
    ///   backend:
    ///     driver: bridge
    /// ```
    ///
    /// ## Fix
    /// Nothing to do; write `driver: overlay` to silence this note.
    pub static NETWORK_DRIVER_TRANSLATED = ("SW328", "network-driver-translated", Info);
}
