declare_rule! {
    /// ## What it does
    /// Reports a `keepalive` mitigation in a site profile whose interval is not shorter
    /// than the IPVS idle timeout (`network.ipvs_idle_timeout`, 900 seconds by default).
    ///
    /// ## Why
    /// IPVS forgets a connection idle for longer than its timeout without telling either
    /// end; the next packet is dropped and the client hangs. A keepalive probe only
    /// helps if it is sent before that.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     long_lived_connections: { mitigation: keepalive, seconds: 7200 }
    /// ```
    ///
    /// ## Fix
    /// Choose fewer seconds than the timeout (600 is common), or use
    /// `mitigation: dnsrr` to bypass IPVS.
    pub static SITE_KEEPALIVE_TOO_LONG = ("SW411", "site-keepalive-too-long", Error);
}
