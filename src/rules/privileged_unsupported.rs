declare_rule! {
    /// ## What it does
    /// Reports `privileged: true`.
    ///
    /// ## Why
    /// Swarm services cannot run privileged; docker ignores the key, and the container
    /// starts without the access it was given under compose, usually failing at run time on
    /// every node.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   agent:
    ///     privileged: true
    /// ```
    ///
    /// ## Fix
    /// Grant only what is needed with `cap_add`, and mount the specific paths the service
    /// needs; or run the workload outside the swarm.
    pub static PRIVILEGED_UNSUPPORTED = ("SW314", "privileged-unsupported", Error);
}
