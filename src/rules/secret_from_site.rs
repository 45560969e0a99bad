declare_rule! {
    /// ## What it does
    /// Reports a secret that the site profile's `secrets` section provides: as an
    /// external secret created ahead on the swarm, or from a file on the deploying
    /// machine.
    ///
    /// ## Why
    /// A compose file may take a secret from a variable or inline text, which a stack
    /// cannot carry without leaking it, or from a developer's file; the site says how the
    /// secret really exists on this cluster.
    ///
    /// ## Example
    /// ```yaml
    /// # site.yaml
    /// secrets:
    ///   api_token:
    ///     external: true
    ///     name: prod_api_token
    /// ```
    ///
    /// ## Fix
    /// Nothing to do; an external secret must exist before the deploy
    /// (`docker secret create`).
    pub static SECRET_FROM_SITE = ("SW387", "secret-from-site", Info);
}
