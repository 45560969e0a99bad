declare_rule! {
    /// ## What it does
    /// Reports an entry under the site profile's `services` for a service the project
    /// does not have (with its enabled profiles), with the closest name it has.
    ///
    /// ## Why
    /// The settings of a misspelled entry (`xnat-wbe` for `xnat-web`) apply to nothing:
    /// the pin, the reservations or the replicas the site meant for a service are
    /// silently left out of the stack.
    ///
    /// ## Example
    /// ```yaml
    /// # site profile; the project's service is `xnat-web`
    /// services:
    ///   xnat-wbe:
    ///     pin: { node: xnat-swarm-1 }
    /// ```
    ///
    /// ## Fix
    /// Name a service of the project, enable the profile that has it, or remove the
    /// entry.
    pub static SITE_UNKNOWN_SERVICE = ("SW413", "site-unknown-service", Warning);
}
