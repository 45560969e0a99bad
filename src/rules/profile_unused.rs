declare_rule! {
    /// ## What it does
    /// Warns about a `--profile` (or `COMPOSE_PROFILES`) name that no service of the
    /// project declares.
    ///
    /// ## Why
    /// The profile enables nothing, which usually means a typo: the services meant to be
    /// deployed are left out without any other sign.
    ///
    /// ## Example
    /// ```text
    /// swarmc compile --profile degub
    /// ```
    ///
    /// ## Fix
    /// Correct the profile name, or drop it.
    pub static PROFILE_UNUSED = ("SW242", "profile-unused", Warning);
}
