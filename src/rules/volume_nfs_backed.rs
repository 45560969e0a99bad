declare_rule! {
    /// ## What it does
    /// Reports a named volume that the site profile backs with an NFS export
    /// (`storage.nfs.<volume>`): swarmc writes the `local` driver's NFS options into the
    /// stack.
    ///
    /// ## Why
    /// Every node then mounts the same export when a task needs the volume, so replicas
    /// share their data and a rescheduled task finds it again.
    ///
    /// ## Example
    /// ```yaml
    /// # site.yaml
    /// storage:
    ///   nfs:
    ///     shared_data: { server: 10.0.0.5, export: /exports/data, options: [nfsvers=4.1, rw] }
    /// ```
    ///
    /// ## Fix
    /// Nothing to do; the export must be reachable from every node.
    pub static VOLUME_NFS_BACKED = ("SW385", "volume-nfs-backed", Info);
}
