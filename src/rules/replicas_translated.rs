declare_rule! {
    /// ## What it does
    /// Reports `scale`, which swarmc wrote as `deploy.replicas`.
    ///
    /// ## Why
    /// `docker stack deploy` rejects `scale`; swarm reads the number of tasks from
    /// `deploy.replicas`.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   worker:
    ///     scale: 3
    /// ```
    ///
    /// ## Fix
    /// Nothing to do; write `deploy.replicas` to silence this note.
    pub static REPLICAS_TRANSLATED = ("SW334", "replicas-translated", Info);
}
