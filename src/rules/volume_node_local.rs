declare_rule! {
    /// ## What it does
    /// Reports a named volume of the `local` driver used by a service that runs more than
    /// one task, or one task that the scheduler may move to another node.
    ///
    /// ## Why
    /// A `local` volume is created on each node where a task uses it: replicas on two
    /// nodes see two different volumes, and a task rescheduled after a node failure
    /// starts on a node whose volume is empty. Databases lose their data this way.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:16
    ///     volumes: ["pgdata:/var/lib/postgresql/data"]
    /// volumes:
    ///   pgdata:
    /// ```
    ///
    /// ## Fix
    /// Back the volume with NFS in the site profile (`storage.nfs.<volume>`), or pin the
    /// service's single replica to one node (`services.<service>.pin`).
    pub static VOLUME_NODE_LOCAL = ("SW384", "volume-node-local", Warning);
}
