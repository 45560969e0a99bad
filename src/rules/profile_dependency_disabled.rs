declare_rule! {
    /// ## What it does
    /// Reports an enabled service that `depends_on` a service disabled by its profiles.
    ///
    /// ## Why
    /// Compose refuses such a project (`depends on undefined service`): the dependency
    /// would never be deployed, so the dependent service could not work as written.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     depends_on: [db]
    ///   db:
    ///     profiles: [data]
    /// ```
    /// compiled without `--profile data`.
    ///
    /// ## Fix
    /// Enable one of the dependency's profiles with `--profile`, or, when the service
    /// works without it, write the dependency with `required: false`.
    pub static PROFILE_DEPENDENCY_DISABLED = ("SW241", "profile-dependency-disabled", Error);
}
