declare_rule! {
    /// ## What it does
    /// Reports how swarmc protected a service's long-lived connections from the IPVS idle
    /// timeout, as the site profile's `services.NAME.long_lived_connections` asks:
    /// `deploy.endpoint_mode: dnsrr`, or TCP keepalive `sysctls`
    /// (`net.ipv4.tcp_keepalive_time` below `network.ipvs_idle_timeout`,
    /// `tcp_keepalive_intvl: 30`, `tcp_keepalive_probes: 10`).
    ///
    /// ## Why
    /// IPVS forgets a connection through a service's virtual IP after it has been idle
    /// for `ipvs_idle_timeout` seconds (900 by default) and tells neither end. `dnsrr`
    /// bypasses IPVS; keepalive probes sent sooner than the timeout keep the connection
    /// known.
    ///
    /// ## Example
    /// ```yaml
    /// # site profile
    /// services:
    ///   postgres:
    ///     long_lived_connections: { mitigation: keepalive, seconds: 600 }
    /// ```
    /// sets `net.ipv4.tcp_keepalive_time: "600"` on service `postgres`.
    ///
    /// ## Fix
    /// Nothing to do; the application must enable `SO_KEEPALIVE` on its sockets for the
    /// keepalive settings to apply.
    pub static CONNECTIONS_KEPT_ALIVE = ("SW357", "connections-kept-alive", Info);
}
