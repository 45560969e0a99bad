declare_rule! {
    /// ## What it does
    /// Reports a bind mount whose host path the site profile's `storage.path_translation`
    /// maps to the path where the nodes have the same files.
    ///
    /// ## Why
    /// A compose file names paths on the machine it was written for (`./archive`); the
    /// nodes of a swarm mount the same data elsewhere (`/data/xnat/archive`). The stack
    /// must name the nodes' path, or every task mounts an empty or missing directory.
    ///
    /// ## Example
    /// ```yaml
    /// # site.yaml
    /// storage:
    ///   path_translation:
    ///     ./archive: /data/xnat/archive
    /// ```
    ///
    /// ## Fix
    /// Nothing to do.
    pub static BIND_SOURCE_TRANSLATED = ("SW382", "bind-source-translated", Info);
}
