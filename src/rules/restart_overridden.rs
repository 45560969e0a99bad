declare_rule! {
    /// ## What it does
    /// Reports a `restart` key on a service that also sets `deploy.restart_policy`.
    ///
    /// ## Why
    /// Swarm uses only `deploy.restart_policy`; the `restart` value is dropped, and a
    /// reader of the compose file may believe it still applies.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   worker:
    ///     restart: always
    ///     deploy:
    ///       restart_policy:
    ///         condition: on-failure
    /// ```
    ///
    /// ## Fix
    /// Remove `restart`, or make `deploy.restart_policy` say what you mean.
    pub static RESTART_OVERRIDDEN = ("SW302", "restart-overridden", Warning);
}
