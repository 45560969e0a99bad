declare_rule! {
    /// ## What it does
    /// Reports `mem_limit`, `mem_reservation`, `cpus` or `pids_limit` moved to
    /// `deploy.resources.limits` or `deploy.resources.reservations`.
    ///
    /// ## Why
    /// `docker stack deploy` refuses `mem_limit` and does not know the others at the
    /// service level; swarm reads resources only from `deploy.resources`. Limits cap a
    /// task; reservations are what the scheduler sets aside on a node.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     mem_limit: 2g
    ///     cpus: 1.5
    /// ```
    /// becomes `deploy.resources.limits: {memory: 2g, cpus: "1.5"}`.
    ///
    /// ## Fix
    /// Nothing to do; write `deploy.resources` yourself to silence this note. When both
    /// forms are given and disagree, the `deploy.resources` value is kept.
    pub static RESOURCE_LIMIT_TRANSLATED = ("SW303", "resource-limit-translated", Info);
}
