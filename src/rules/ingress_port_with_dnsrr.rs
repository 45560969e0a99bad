declare_rule! {
    /// ## What it does
    /// Reports a port published on the routing mesh (`mode: ingress`, the default) by a
    /// service whose `deploy.endpoint_mode` is `dnsrr`.
    ///
    /// ## Why
    /// The routing mesh forwards a published port to the service's virtual IP, and a
    /// `dnsrr` service has none. docker accepts the stack file, then the swarm manager
    /// refuses the service when it is deployed (`port published with ingress mode can't
    /// be used with dnsrr mode`), after the rest of the stack is already running.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     ports: ["5432:5432"]
    ///     deploy:
    ///       endpoint_mode: dnsrr
    /// ```
    ///
    /// ## Fix
    /// Publish the port with `mode: host` (long syntax), which binds it on the nodes that
    /// run a task, or keep the virtual IP (`endpoint_mode: vip`).
    pub static INGRESS_PORT_WITH_DNSRR = ("SW366", "ingress-port-with-dnsrr", Error);
}
