declare_rule! {
    /// ## What it does
    /// Reports keys that cannot be used together, or that set the same thing to
    /// different values: `network_mode` with `networks`, `scale` against
    /// `deploy.replicas`, `mem_limit` against `deploy.resources.limits.memory`,
    /// `container_name` with several replicas, a healthcheck both disabled and tested,
    /// options of one mount type on another.
    ///
    /// ## Why
    /// Compose refuses the combination, because it cannot know which setting you meant.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     scale: 2
    ///     deploy:
    ///       replicas: 3
    /// ```
    ///
    /// ## Fix
    /// Keep one of the two settings, preferably the one under `deploy`.
    pub static CONFLICTING_KEYS = ("SW116", "conflicting-keys", Error);
}
