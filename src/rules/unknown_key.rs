declare_rule! {
    /// ## What it does
    /// Reports a key that the compose specification does not define at that place, and
    /// suggests the closest key it does define.
    ///
    /// ## Why
    /// Compose refuses the file. A misspelled key is never applied, so the setting you
    /// meant to make would silently be missing if a tool accepted it.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     enviroment:
    ///       LOG_LEVEL: debug
    /// ```
    ///
    /// ## Fix
    /// Correct the spelling (`environment`), move the key to where it belongs, or start
    /// its name with `x-` to keep it as an extension that every tool ignores.
    pub static UNKNOWN_KEY = ("SW110", "unknown-key", Error);
}
