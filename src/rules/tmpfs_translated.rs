declare_rule! {
    /// ## What it does
    /// Reports the service-level `tmpfs` key, which swarmc wrote as `tmpfs` mounts in
    /// `volumes`.
    ///
    /// ## Why
    /// `docker stack deploy` accepts service-level `tmpfs` but silently drops it; only
    /// `type: tmpfs` volume mounts reach the container.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   app:
    ///     tmpfs: [/run, /tmp]
    /// ```
    ///
    /// ## Fix
    /// Nothing to do.
    pub static TMPFS_TRANSLATED = ("SW335", "tmpfs-translated", Info);
}
