declare_rule! {
    /// ## What it does
    /// Reports `volumes_from`.
    ///
    /// ## Why
    /// `docker stack deploy` refuses `volumes_from`: tasks of different services may run on
    /// different nodes and cannot share a container's volumes.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   backup:
    ///     volumes_from: [db]
    /// ```
    ///
    /// ## Fix
    /// Declare a named volume at the top level and mount it in both services (backed by
    /// shared storage if they may run on different nodes).
    pub static VOLUMES_FROM_UNSUPPORTED = ("SW325", "volumes-from-unsupported", Error);
}
