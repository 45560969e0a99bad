declare_rule! {
    /// ## What it does
    /// Reports a reference in a compose file (`${SITE_TOKEN}`) to a variable the site
    /// profile marks `secret: true`.
    ///
    /// ## Why
    /// Interpolation writes the value where the reference is: into the stack file,
    /// the diff `compile --check` prints and `docker service inspect`, readable by
    /// anyone who can read those. A secret reaches a task safely only as a swarm
    /// secret, mounted as a file.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   api:
    ///     image: api:1.4
    ///     environment:
    ///       TOKEN: ${SITE_TOKEN}
    /// ```
    ///
    /// ## Fix
    /// Create the secret on the swarm ahead (`docker secret create token -`), declare
    /// it in the site's `secrets` or as an `external` compose secret, give it to the
    /// service (`secrets: [token]`), and read it from `/run/secrets/token`; many images
    /// take `TOKEN_FILE` for that.
    pub static SECRET_VARIABLE_INTERPOLATED = ("SW243", "secret-variable-interpolated", Error);
}
