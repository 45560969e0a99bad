declare_rule! {
    /// ## What it does
    /// Reports an `include` that leads back to a file that is already being loaded.
    ///
    /// ## Why
    /// Including a project into itself never ends; compose refuses it with "include
    /// cycle detected".
    ///
    /// ## Example
    /// ```yaml
    /// # compose.yaml
    /// include: [db/compose.yaml]
    /// # db/compose.yaml
    /// include: [../compose.yaml]
    /// ```
    ///
    /// ## Fix
    /// Remove one `include` of the cycle.
    pub static INCLUDE_CYCLE = ("SW231", "include-cycle", Error);
}
