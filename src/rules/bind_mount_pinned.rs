declare_rule! {
    /// ## What it does
    /// Reports a bind mount of a path that the site profile lists under
    /// `storage.local_paths`: the path exists only on the nodes named there, and the
    /// service runs only on them.
    ///
    /// ## Why
    /// A database's data directory on one node's disk is a deliberate choice; the site
    /// profile says which node holds it, so the mount is not a mistake (`SW322`) but a
    /// placement.
    ///
    /// ## Example
    /// ```yaml
    /// # site.yaml
    /// storage:
    ///   local_paths:
    ///     /srv/postgres: { node: db-1 }
    /// ```
    ///
    /// ## Fix
    /// Nothing to do.
    pub static BIND_MOUNT_PINNED = ("SW383", "bind-mount-pinned", Info);
}
