declare_rule! {
    /// ## What it does
    /// Reports a code in a `# swarmc: ignore[...]` or `# swarmc: ignore-file[...]`
    /// comment that suppresses nothing, because the problem it was written for is gone,
    /// it sits on the wrong line, or the rule cannot be suppressed.
    ///
    /// ## Why
    /// A stale suppression hides the next problem of the same kind on that line without
    /// anyone noticing.
    ///
    /// Unused suppressions are only reported in runs without errors: an error can stop
    /// swarmc before it reaches the problem a suppression is for. Rules turned off by
    /// `select` or `ignore` are not checked. A suppression comment cannot suppress this
    /// rule; use `ignore = ["unused-suppression"]` in `swarmc.toml` instead.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27  # swarmc: ignore[SW102] the duplicate was removed
    /// ```
    ///
    /// ## Fix
    /// Remove the code from the comment, or the whole comment when it names nothing
    /// else.
    pub static UNUSED_SUPPRESSION = ("SW020", "unused-suppression", Warning);
}
