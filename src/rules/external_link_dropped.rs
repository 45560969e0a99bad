declare_rule! {
    /// ## What it does
    /// Reports `external_links`, which is left out of the stack.
    ///
    /// ## Why
    /// Swarm services cannot link to containers started outside the stack; the name will
    /// not resolve.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   app:
    ///     external_links: ["legacy_db:db"]
    /// ```
    ///
    /// ## Fix
    /// Attach both to a shared overlay network (declare it `external` in the stack) and use
    /// the other service's name.
    pub static EXTERNAL_LINK_DROPPED = ("SW308", "external-link-dropped", Warning);
}
