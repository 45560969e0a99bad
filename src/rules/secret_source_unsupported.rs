declare_rule! {
    /// ## What it does
    /// Reports a secret or config defined by `environment:` or `content:`, sources that
    /// docker's stack loader does not accept.
    ///
    /// ## Why
    /// Swarm secrets and configs are created from files or exist ahead of the deploy;
    /// writing their values into a stack file would leak them.
    ///
    /// ## Example
    /// ```yaml
    /// secrets:
    ///   token:
    ///     environment: API_TOKEN
    /// ```
    ///
    /// ## Fix
    /// Create the secret ahead of time (`docker secret create`) and declare it `external:
    /// true`, or point `file:` at a file.
    pub static SECRET_SOURCE_UNSUPPORTED = ("SW331", "secret-source-unsupported", Error);
}
