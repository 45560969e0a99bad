declare_rule! {
    /// ## What it does
    /// Reports a hostname in a site profile (a pinned service, a node-local path) that is
    /// not one of the profile's `nodes`.
    ///
    /// ## Why
    /// A `node.hostname` constraint that matches no node leaves the service's tasks
    /// pending forever with "no suitable node".
    ///
    /// ## Example
    /// ```yaml
    /// nodes:
    ///   - { hostname: data-1, cpus: 8, memory: 32GiB }
    /// services:
    ///   mongo:
    ///     pin: { node: data-01 }
    /// ```
    ///
    /// ## Fix
    /// Name a node listed under `nodes`, or add the missing node.
    pub static SITE_UNKNOWN_NODE = ("SW404", "site-unknown-node", Error);
}
