declare_rule! {
    /// ## What it does
    /// Reports a service-level `restart` that swarmc rewrote as `deploy.restart_policy`:
    /// `no` becomes `condition: none`, `always` and `unless-stopped` become `condition:
    /// any`, and `on-failure[:N]` becomes `condition: on-failure` with `max_attempts: N`.
    ///
    /// ## Why
    /// `docker stack deploy` lists `restart` among the options it ignores, yet quietly
    /// reads it when `deploy.restart_policy` is absent, except `restart: "no"`, which it
    /// drops. A one-shot job (a migration, an XNAT pipeline container) written with
    /// `restart: "no"` would then run under swarm's default policy and be restarted
    /// forever.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   migrate:
    ///     image: example/migrate:2.1
    ///     restart: "no"
    /// ```
    /// becomes
    /// ```yaml
    ///     deploy:
    ///       restart_policy:
    ///         condition: none
    /// ```
    ///
    /// ## Fix
    /// Nothing to do; write `deploy.restart_policy` yourself to state the policy in swarm's
    /// own terms and silence this note.
    pub static RESTART_TRANSLATED = ("SW301", "restart-translated", Info);
}
