declare_rule! {
    /// ## What it does
    /// Reports `shm_size`, which swarmc expressed as a `tmpfs` mount on `/dev/shm` of the
    /// same size.
    ///
    /// ## Why
    /// Swarm services have no `shm_size` and docker ignores the key, leaving the
    /// container's default 64 MiB; browsers, databases and ML frameworks then fail under
    /// load.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   browser:
    ///     shm_size: 2gb
    /// ```
    ///
    /// ## Fix
    /// Nothing to do.
    pub static SHM_SIZE_TRANSLATED = ("SW319", "shm-size-translated", Info);
}
