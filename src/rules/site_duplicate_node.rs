declare_rule! {
    /// ## What it does
    /// Reports two nodes of a site profile with the same hostname, compared without
    /// regard to case as swarm's `node.hostname` constraint does.
    ///
    /// ## Why
    /// A constraint on the hostname would match both nodes, so a service pinned to one
    /// of them could land on the other, away from its data.
    ///
    /// ## Example
    /// ```yaml
    /// nodes:
    ///   - { hostname: data-1, cpus: 8, memory: 32GiB }
    ///   - { hostname: Data-1, cpus: 8, memory: 32GiB }
    /// ```
    ///
    /// ## Fix
    /// Give each node its real hostname (`docker node ls`), and rename machines that
    /// share one before they join the swarm.
    pub static SITE_DUPLICATE_NODE = ("SW403", "site-duplicate-node", Error);
}
