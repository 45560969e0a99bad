declare_rule! {
    /// ## What it does
    /// Reports `runtime`, which swarm services cannot choose.
    ///
    /// ## Why
    /// `docker stack deploy` rejects `runtime` (`Additional property runtime is not
    /// allowed`). Swarm runs every task with the node's default runtime.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   detector:
    ///     runtime: nvidia
    /// ```
    ///
    /// ## Fix
    /// For GPUs, make `nvidia` the default runtime in each GPU node's
    /// `/etc/docker/daemon.json`, advertise the GPUs as generic resources and reserve them
    /// with `deploy.resources.reservations.generic_resources`; a site profile with GPU
    /// nodes lets swarmc do the translation.
    pub static RUNTIME_UNSUPPORTED = ("SW316", "runtime-unsupported", Error);
}
