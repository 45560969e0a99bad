declare_rule! {
    /// ## What it does
    /// Warns when the same compose file is named twice with `-f` or in `COMPOSE_FILE`.
    ///
    /// ## Why
    /// Compose merges the file over itself: lists such as `dns` or `extra_hosts` that are
    /// not made unique get every entry twice, which is rarely what was meant.
    ///
    /// ## Example
    /// ```text
    /// swarmc compile -f compose.yaml -f ./compose.yaml
    /// ```
    ///
    /// ## Fix
    /// Name each compose file once.
    pub static COMPOSE_FILE_REPEATED = ("SW007", "compose-file-repeated", Warning);
}
