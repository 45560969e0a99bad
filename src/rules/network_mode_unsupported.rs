declare_rule! {
    /// ## What it does
    /// Reports `network_mode` values other than `host`: `none`, `bridge`, `service:NAME`,
    /// `container:NAME`.
    ///
    /// ## Why
    /// Swarm cannot share one task's network namespace with another or run a service
    /// without a network; docker ignores `network_mode`, so the service would run with
    /// different networking than written.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   sidecar:
    ///     network_mode: service:app
    /// ```
    ///
    /// ## Fix
    /// Put the sidecar's process in the same image as its partner, or attach both services
    /// to one overlay network and talk over it.
    pub static NETWORK_MODE_UNSUPPORTED = ("SW313", "network-mode-unsupported", Error);
}
