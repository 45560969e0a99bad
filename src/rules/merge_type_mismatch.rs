declare_rule! {
    /// ## What it does
    /// Reports a value that cannot be merged over the value it overrides because one is
    /// a mapping and the other a list (or a single value), at a key where compose has no
    /// rule turning one form into the other.
    ///
    /// ## Why
    /// Compose refuses to merge such files (`cannot override ...`). Keys like
    /// `environment`, `labels`, `depends_on`, `networks` or `build` accept both forms
    /// and merge across them; most others do not.
    ///
    /// ## Example
    /// ```yaml
    /// # compose.yaml
    /// services:
    ///   web:
    ///     ports: ["80:80"]
    /// # compose.override.yaml
    /// services:
    ///   web:
    ///     ports:
    ///       http: 80
    /// ```
    ///
    /// ## Fix
    /// Write both values in the same form, or tag the later one `!override` to replace
    /// the earlier value instead of merging with it.
    pub static MERGE_TYPE_MISMATCH = ("SW220", "merge-type-mismatch", Error);
}
