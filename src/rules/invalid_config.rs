declare_rule! {
    /// ## What it does
    /// Reports a `swarmc.toml` that is not valid TOML or that does not match
    /// `schemas/config.schema.json`: an unknown key, a value of the wrong type or an
    /// unknown severity.
    ///
    /// ## Why
    /// A configuration that is half understood would silently change which problems
    /// fail the build. swarmc stops instead, with exit status 2, before compiling.
    ///
    /// ## Example
    /// ```toml
    /// selct = ["SW1"]
    /// failure-threshold = "warn"
    /// ```
    ///
    /// ## Fix
    /// Spell the key or value as the schema does (`select`, `failure-threshold =
    /// "warning"`). Editors that read `#:schema` comments can check the file while it is
    /// written.
    pub static INVALID_CONFIG = ("SW010", "invalid-config", Error);
}
