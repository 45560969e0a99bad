declare_rule! {
    /// ## What it does
    /// Reports configuration that tries to ignore, or change the severity of, a rule
    /// that cannot be configured: the errors about input files (`SW0xx`) and internal
    /// errors (`SW9xx`).
    ///
    /// ## Why
    /// When swarmc cannot read its input, or fails itself, no result can be trusted, so
    /// these diagnostics always fail the run. The configuration entry has no effect and
    /// is probably a mistake.
    ///
    /// ## Example
    /// ```toml
    /// ignore = ["SW001"]
    /// ```
    ///
    /// ## Fix
    /// Remove the entry, and fix the input file that the diagnostic names instead.
    pub static FIXED_RULE_CONFIGURED = ("SW012", "fixed-rule-configured", Warning);
}
