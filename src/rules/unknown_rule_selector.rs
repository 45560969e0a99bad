declare_rule! {
    /// ## What it does
    /// Reports a rule selector, in `swarmc.toml` or in `--select`, `--extend-select` or
    /// `--ignore`, that names no rule. A selector is a code (`SW102`), a name
    /// (`duplicate-key`) or a code prefix (`SW`, `SW1`, `SW10`).
    ///
    /// ## Why
    /// A misspelt selector does nothing, so a rule meant to be ignored would still fail
    /// the build, or one meant to be enabled would never run. swarmc stops with exit
    /// status 2 instead.
    ///
    /// ## Example
    /// ```toml
    /// ignore = ["duplicate-keys"]
    /// ```
    ///
    /// ## Fix
    /// Use a code or name that `swarmc rule --all` lists, or a prefix of a code.
    pub static UNKNOWN_RULE_SELECTOR = ("SW011", "unknown-rule-selector", Error);
}
