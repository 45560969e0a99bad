declare_rule! {
    /// ## What it does
    /// Reports a service that the site profile gives `endpoint_mode: dnsrr` (the `dnsrr`
    /// mitigation of `long_lived_connections`) while it publishes ports on the routing
    /// mesh.
    ///
    /// ## Why
    /// The routing mesh balances published ports over the service's virtual IP, which a
    /// `dnsrr` service does not have. Docker refuses the service: `port published with
    /// ingress mode can't be used with dnsrr mode`.
    ///
    /// ## Example
    /// ```yaml
    /// # site profile
    /// services:
    ///   rabbitmq:
    ///     long_lived_connections: { mitigation: dnsrr }
    /// ```
    /// for a service with `ports: ["15672:15672"]`.
    ///
    /// ## Fix
    /// Publish the ports in host mode (`mode: host` in the long syntax), or use the
    /// `keepalive` mitigation instead.
    pub static DNSRR_WITH_INGRESS_PORTS = ("SW358", "dnsrr-with-ingress-ports", Error);
}
