declare_rule! {
    /// ## What it does
    /// Reports a `container_name` that swarmc kept as a network alias of the service on
    /// each of its networks.
    ///
    /// ## Why
    /// Swarm names containers itself (`stack_service.1.id`), so `container_name` is
    /// ignored. Other services often reach a container by that name (`DB_HOST: database`);
    /// as an alias the name keeps resolving, to the service's virtual IP.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     container_name: database
    /// ```
    /// becomes `networks: {default: {aliases: [database]}}`.
    ///
    /// ## Fix
    /// Nothing to do; to silence the note, refer to the service by its service name and
    /// remove `container_name`.
    pub static CONTAINER_NAME_ALIASED = ("SW305", "container-name-aliased", Info);
}
