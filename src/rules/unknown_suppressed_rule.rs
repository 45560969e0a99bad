declare_rule! {
    /// ## What it does
    /// Reports a code or name in a `# swarmc: ignore[...]` or `# swarmc: ignore-file[...]`
    /// comment that names no rule.
    ///
    /// ## Why
    /// The suppression was meant for some problem but suppresses nothing, usually
    /// because of a typo, so the problem still fails the build.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     ports: !rest []  # swarmc: ignore[SW014]
    /// ```
    ///
    /// ## Fix
    /// Use the code printed with the diagnostic (here `SW104`), or a name that
    /// `swarmc rule --all` lists.
    pub static UNKNOWN_SUPPRESSED_RULE = ("SW021", "unknown-suppressed-rule", Warning);
}
