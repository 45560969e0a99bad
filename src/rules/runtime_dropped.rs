declare_rule! {
    /// ## What it does
    /// Reports `runtime: runc`, docker's default runtime, which swarmc left out of the
    /// stack.
    ///
    /// ## Why
    /// `docker stack deploy` rejects `runtime`; swarm runs every task with the node's
    /// default runtime, which is `runc` unless the node's `daemon.json` says otherwise.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   app:
    ///     runtime: runc
    /// ```
    ///
    /// ## Fix
    /// Nothing to do; remove the key to silence this note.
    pub static RUNTIME_DROPPED = ("SW359", "runtime-dropped", Info);
}
