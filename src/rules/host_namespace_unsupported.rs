declare_rule! {
    /// ## What it does
    /// Reports `pid`, `ipc`, `uts`, `cgroup` or `userns_mode` set to share a namespace with
    /// the host or another container.
    ///
    /// ## Why
    /// Swarm services always get their own namespaces; docker ignores these keys, so a tool
    /// that needs the host's processes or shared memory would see only its own.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   agent:
    ///     pid: host
    /// ```
    ///
    /// ## Fix
    /// Run such agents outside the swarm (or as a plain `docker run` on each node), or
    /// redesign them to work inside their own namespaces.
    pub static HOST_NAMESPACE_UNSUPPORTED = ("SW324", "host-namespace-unsupported", Error);
}
