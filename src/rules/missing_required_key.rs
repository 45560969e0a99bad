declare_rule! {
    /// ## What it does
    /// Reports a mapping that lacks a key compose requires there: a service with neither
    /// `image` nor `build`, a long-syntax port without `target`, a volume without `type`,
    /// a secret with no source, and so on.
    ///
    /// ## Why
    /// Compose refuses the file, or has nothing to run or mount.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     ports:
    ///       - published: 8080
    /// ```
    ///
    /// ## Fix
    /// Add the key the message names: here `image:` for the service and `target: 80`
    /// for the port.
    pub static MISSING_REQUIRED_KEY = ("SW113", "missing-required-key", Error);
}
