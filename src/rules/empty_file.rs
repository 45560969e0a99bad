declare_rule! {
    /// ## What it does
    /// Reports a compose file that contains no YAML document, or only `null`.
    ///
    /// ## Why
    /// An empty compose file defines nothing to deploy; it is almost always a file
    /// that was truncated or generated from a failed template.
    ///
    /// ## Example
    /// A `compose.yaml` holding only comments.
    ///
    /// ## Fix
    /// Add the `services` the project runs, or stop passing the file with `-f`.
    pub static EMPTY_FILE = ("SW004", "empty-file", Error);
}
