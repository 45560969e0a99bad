declare_rule! {
    /// ## What it does
    /// Reports `depends_on`, in either form, which is left out of the stack.
    ///
    /// ## Why
    /// Swarm starts all services at once and restarts failed tasks; it has no start order
    /// and ignores conditions such as `service_healthy`. A service that crashes when its
    /// database is not ready yet will be restarted until it is, which is fine only if its
    /// restart policy allows it.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   app:
    ///     depends_on:
    ///       db:
    ///         condition: service_healthy
    /// ```
    ///
    /// ## Fix
    /// Make the service retry its connections (or wait for its dependency at start), give
    /// the dependency a `healthcheck`, and keep a restart policy that restarts on failure.
    pub static START_ORDER_IGNORED = ("SW307", "start-order-ignored", Warning);
}
