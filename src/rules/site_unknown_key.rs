declare_rule! {
    /// ## What it does
    /// Reports a key that a site profile does not define at that place, with the closest
    /// known key when there is one.
    ///
    /// ## Why
    /// A misspelled key is otherwise ignored, and the setting it was meant to carry
    /// (a pinned service, a reserved subnet) silently does not apply.
    ///
    /// ## Example
    /// ```yaml
    /// nodes:
    ///   - hostname: data-1
    ///     lables: { mongo: "1" }
    /// ```
    ///
    /// ## Fix
    /// Correct the spelling, or move the key to where the schema defines it.
    pub static SITE_UNKNOWN_KEY = ("SW401", "site-unknown-key", Error);
}
