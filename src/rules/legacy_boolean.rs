declare_rule! {
    /// ## What it does
    /// Reports a boolean written in YAML 1.1's spellings (`yes`, `no`, `on`, `off`, `y`,
    /// `n`) where compose expects `true` or `false`.
    ///
    /// ## Why
    /// YAML 1.2, which compose follows, reads these words as strings. Compose converts
    /// them with a warning, but other tools that read the file may not, and the same
    /// words are plain strings under keys such as `environment`.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     read_only: yes
    /// ```
    ///
    /// ## Fix
    /// Write `true` or `false`.
    pub static LEGACY_BOOLEAN = ("SW118", "legacy-boolean", Warning);
}
