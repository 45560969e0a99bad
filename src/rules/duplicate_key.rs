declare_rule! {
    /// ## What it does
    /// Reports a key that appears twice in the same YAML mapping.
    ///
    /// ## Why
    /// YAML forbids duplicate keys and compose rejects them. Some tools silently keep
    /// the last value, so the file may seem to work elsewhere while one of the two
    /// values is lost.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     image: nginx:1.25
    /// ```
    ///
    /// ## Fix
    /// Keep one of the two entries. To combine several anchors use `<<: [*a, *b]`
    /// rather than two `<<` keys.
    pub static DUPLICATE_KEY = ("SW102", "duplicate-key", Error);
}
