declare_rule! {
    /// ## What it does
    /// Reports a YAML tag that compose does not define. Compose knows `!reset` and
    /// `!override` (for merging files) and YAML's own `!!str`, `!!int`, `!!float`,
    /// `!!bool`, `!!null`, `!!map` and `!!seq`.
    ///
    /// ## Why
    /// An unknown tag is usually a typo for `!reset` or `!override`, and ignoring it
    /// would merge the value differently from what was meant.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     ports: !rest []
    /// ```
    ///
    /// ## Fix
    /// Spell the tag `!reset` or `!override`, or remove it.
    pub static YAML_UNKNOWN_TAG = ("SW104", "yaml-unknown-tag", Error);
}
