declare_rule! {
    /// ## What it does
    /// Reports an `include` that is not a list, or an entry that is neither a path nor a
    /// mapping of `path`, `project_directory` and `env_file`.
    ///
    /// ## Why
    /// Compose cannot tell which project to include, so it refuses the file.
    ///
    /// ## Example
    /// ```yaml
    /// include:
    ///   - paht: ../db/compose.yaml
    /// ```
    ///
    /// ## Fix
    /// Write `include: [path/compose.yaml]`, or entries with `path:`.
    pub static INCLUDE_INVALID = ("SW230", "include-invalid", Error);
}
