declare_rule! {
    /// ## What it does
    /// Reports services whose `extends` lead back to themselves.
    ///
    /// ## Why
    /// A service cannot be built on itself; compose refuses the project with a
    /// "circular reference" error.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   a:
    ///     extends: b
    ///   b:
    ///     extends: a
    /// ```
    ///
    /// ## Fix
    /// Remove one `extends` of the cycle, usually by moving the shared settings into a
    /// base service that extends nothing.
    pub static EXTENDS_CYCLE = ("SW223", "extends-cycle", Error);
}
