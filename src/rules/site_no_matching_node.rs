declare_rule! {
    /// ## What it does
    /// Reports a node selector in a site profile (a pinned service, a node-local path)
    /// whose labels no node of the profile carries, or whose hostname names a node that
    /// lacks those labels.
    ///
    /// ## Why
    /// The service's constraints would match no node, and its tasks would stay pending
    /// with "no suitable node".
    ///
    /// ## Example
    /// ```yaml
    /// nodes:
    ///   - { hostname: data-1, labels: { mongo: "1" }, cpus: 8, memory: 32GiB }
    /// services:
    ///   mongo:
    ///     pin: { labels: { mongo: "true" } }
    /// ```
    ///
    /// ## Fix
    /// Use a label and value that a node carries, or add the label to the node in the
    /// profile and on the swarm (`docker node update --label-add`).
    pub static SITE_NO_MATCHING_NODE = ("SW405", "site-no-matching-node", Error);
}
