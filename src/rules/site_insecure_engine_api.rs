declare_rule! {
    /// ## What it does
    /// Reports a site profile whose engine API listens on TCP without TLS client
    /// verification.
    ///
    /// ## Why
    /// Whoever reaches the docker API controls the node as root, and through a manager
    /// the whole swarm. Clients such as XNAT's container service need the API, but over
    /// TLS (port 2376 by convention) and only from their own subnets.
    ///
    /// ## Example
    /// ```yaml
    /// network:
    ///   engine_api: { port: 2375, tls: false }
    /// ```
    ///
    /// ## Fix
    /// Start dockerd with `--tlsverify` and certificates, set `tls: true`, and admit only
    /// the clients' subnets in `allowed_from` and on the firewall.
    pub static SITE_INSECURE_ENGINE_API = ("SW412", "site-insecure-engine-api", Warning);
}
