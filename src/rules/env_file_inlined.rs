declare_rule! {
    /// ## What it does
    /// Reports `env_file`, whose variables swarmc read and wrote into the service's
    /// `environment`.
    ///
    /// ## Why
    /// `docker stack deploy` reads env files relative to where it is run and with a simpler
    /// syntax than compose (no quotes, no interpolation), so the same file can give
    /// different values; inlining them makes the stack self-contained and the values
    /// exactly what compose would use.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   app:
    ///     env_file: app.env
    /// ```
    ///
    /// ## Fix
    /// Nothing to do. Keep secrets out of env files: use swarm secrets.
    pub static ENV_FILE_INLINED = ("SW329", "env-file-inlined", Info);
}
