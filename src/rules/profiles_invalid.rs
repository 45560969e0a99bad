declare_rule! {
    /// ## What it does
    /// Reports a service `profiles` value that is not a list of names.
    ///
    /// ## Why
    /// Compose only accepts a list; swarmc cannot tell when the service should be
    /// enabled, so it keeps it enabled and reports the value.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   debug:
    ///     profiles: dev
    /// ```
    ///
    /// ## Fix
    /// Write the profiles as a list: `profiles: [dev]`.
    pub static PROFILES_INVALID = ("SW240", "profiles-invalid", Error);
}
