declare_rule! {
    /// ## What it does
    /// Reports compose settings that only mean something to `docker compose` on one machine
    /// and are left out of the stack: `pull_policy`, `attach`, `develop`, `scale` (when
    /// `deploy.replicas` is set), `stdin` helpers and the like.
    ///
    /// ## Why
    /// They concern how compose runs containers locally; swarm has its own equivalents or
    /// none is needed.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   app:
    ///     pull_policy: always
    /// ```
    ///
    /// ## Fix
    /// Nothing to do; remove the key to silence this note.
    pub static SETTING_NOT_APPLICABLE = ("SW333", "setting-not-applicable", Info);
}
