declare_rule! {
    /// ## What it does
    /// Reports a name a service uses that the project does not declare: a network,
    /// named volume, secret, config or model missing from its top-level section, or a
    /// service named by `depends_on`, `network_mode: service:` or `volumes_from` that
    /// does not exist.
    ///
    /// ## Why
    /// Compose refuses the project. The network `default` needs no declaration.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     networks: [frontend]
    ///     volumes:
    ///       - static:/usr/share/nginx/html
    /// networks:
    ///   front: {}
    /// ```
    ///
    /// ## Fix
    /// Declare the name at the top level (`volumes: {static: {}}`) or correct the
    /// reference (`networks: [front]`).
    pub static UNDEFINED_REFERENCE = ("SW114", "undefined-reference", Error);
}
