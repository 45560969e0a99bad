declare_rule! {
    /// ## What it does
    /// Reports `expose`, which is left out of the stack.
    ///
    /// ## Why
    /// On an overlay network every port of a task is reachable by the other services of
    /// that network; `expose` documents ports but changes nothing, and docker warns that it
    /// ignores it.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     expose: ["5432"]
    /// ```
    ///
    /// ## Fix
    /// Remove `expose`, or keep it as documentation in a comment.
    pub static EXPOSE_DROPPED = ("SW309", "expose-dropped", Info);
}
