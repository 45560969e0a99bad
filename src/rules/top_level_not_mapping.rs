declare_rule! {
    /// ## What it does
    /// Reports a compose file whose top level is a list or a single value instead of a
    /// mapping of `services`, `networks`, `volumes`, `secrets` and `configs`.
    ///
    /// ## Why
    /// Compose and docker only read mappings at the top level.
    ///
    /// ## Example
    /// ```yaml
    /// - web:
    ///     image: nginx
    /// ```
    ///
    /// ## Fix
    /// Put the services under a top-level `services:` key.
    pub static TOP_LEVEL_NOT_MAPPING = ("SW105", "top-level-not-mapping", Error);
}
