declare_rule! {
    /// ## What it does
    /// Reports a comment that starts with `swarmc:` but is not one of the two
    /// suppression forms: `# swarmc: ignore[CODE, ...] reason` for the line it is on, or
    /// the next line when it stands alone, and `# swarmc: ignore-file[CODE, ...] reason`
    /// for the whole file.
    ///
    /// ## Why
    /// A comment that looks like a suppression but is not read as one suppresses
    /// nothing. swarmc has no blanket suppression: each comment names the rules it
    /// silences.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx  # swarmc: ignore SW102
    /// ```
    ///
    /// ## Fix
    /// Put the codes in brackets: `# swarmc: ignore[SW102] reason`.
    pub static MALFORMED_SUPPRESSION = ("SW022", "malformed-suppression", Warning);
}
