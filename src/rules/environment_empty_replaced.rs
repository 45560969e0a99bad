declare_rule! {
    /// ## What it does
    /// Reports an `environment` entry whose value in the stack is empty (`FOO: ""`).
    ///
    /// ## Why
    /// docker's stack loader replaces an empty value with the deployer's variable of the
    /// same name when that is set: the service then runs with whatever the deploying
    /// shell holds, not with the empty value the stack shows.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   app:
    ///     environment:
    ///       PROXY: ""
    /// ```
    ///
    /// ## Fix
    /// Remove the entry if the service does not need it, or make sure no deployer sets
    /// the variable.
    pub static ENVIRONMENT_EMPTY_REPLACED = ("SW341", "environment-empty-replaced", Warning);
}
