declare_rule! {
    /// ## What it does
    /// Reports the placement constraints swarmc added from the site profile's
    /// `services.NAME.pin` (`==` constraints) and `services.NAME.keep_off` (`!=`
    /// constraints).
    ///
    /// ## Why
    /// A compose file cannot know which node of one cluster holds a service's data or
    /// which nodes a large service must leave alone; the site profile says it and swarmc
    /// writes it as `deploy.placement.constraints` on `node.hostname` and `node.labels`.
    ///
    /// ## Example
    /// ```yaml
    /// # site profile
    /// services:
    ///   mongo:
    ///     pin: { labels: { mongo: "1" } }
    /// ```
    /// adds `node.labels.mongo == 1` to service `mongo`.
    ///
    /// ## Fix
    /// Nothing to do; label the nodes on the swarm as the profile says
    /// (`docker node update --label-add`).
    pub static PLACEMENT_FROM_SITE = ("SW352", "placement-from-site", Info);
}
