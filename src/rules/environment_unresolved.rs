declare_rule! {
    /// ## What it does
    /// Reports an `environment` entry without a value (`KEY` or `KEY:`) whose variable is
    /// not set when compiling.
    ///
    /// ## Why
    /// Compose fills such entries from the environment it runs in; swarmc does the same at
    /// compile time so the stack does not depend on the shell that deploys it. An unset one
    /// would be passed to the container as nothing at all.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   app:
    ///     environment:
    ///       - API_TOKEN
    /// ```
    ///
    /// ## Fix
    /// Set the variable when compiling (shell, `.env`, site profile), give it a value in
    /// the file, or remove it.
    pub static ENVIRONMENT_UNRESOLVED = ("SW330", "environment-unresolved", Warning);
}
