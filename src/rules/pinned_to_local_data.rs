declare_rule! {
    /// ## What it does
    /// Reports a service pinned to the nodes that hold its data: it bind-mounts a path,
    /// or mounts a named volume bound to a path, that the site profile lists in
    /// `storage.local_paths`.
    ///
    /// ## Why
    /// The data exists on those nodes only. A task scheduled elsewhere would start with
    /// an empty directory, or fail to start, and the data would seem lost; the
    /// constraint keeps every task where the data is.
    ///
    /// ## Example
    /// ```yaml
    /// # site profile
    /// storage:
    ///   local_paths:
    ///     /srv/postgres: { node: db-1 }
    /// ```
    /// pins a service mounting `/srv/postgres/data` with `node.hostname == db-1`.
    ///
    /// ## Fix
    /// Nothing to do; move the data to shared storage (`storage.nfs`,
    /// `storage.shared_paths`) to let the service run anywhere.
    pub static PINNED_TO_LOCAL_DATA = ("SW354", "pinned-to-local-data", Info);
}
