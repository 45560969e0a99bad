declare_rule! {
    /// ## What it does
    /// Reports a service name that compose accepts and swarm refuses: one with a `.`,
    /// one that starts or ends with `-` or `_`, or one too long for `<stack>_<name>` to
    /// fit in 63 characters.
    ///
    /// ## Why
    /// Swarm names each service `<stack>_<name>` and accepts only letters and digits
    /// joined by `-` and `_`, at most 63 characters. Compose allows `.` in service names,
    /// so `docker compose up` works and `docker stack deploy` fails at the manager, one
    /// service at a time.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   api.v2:
    ///     image: example/api:2.0
    /// ```
    ///
    /// ## Fix
    /// Rename the service (`api-v2`). Other services still reach it by its old name if
    /// you add that name as a network alias.
    pub static SERVICE_NAME_UNSUPPORTED = ("SW337", "service-name-unsupported", Error);
}
