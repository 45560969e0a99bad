declare_rule! {
    /// ## What it does
    /// Reports a value of the right kind whose content compose cannot use: a malformed
    /// port, volume, duration, size, address or file mode, a number out of range, or a
    /// word that is not one of the key's allowed values.
    ///
    /// ## Why
    /// Compose, or the engine after it, refuses the value. Some mistakes are worse than
    /// a refusal: an unknown volume option such as `r0` would otherwise be ignored and
    /// leave the mount writable.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     ports:
    ///       - "8080:80/tpc"
    ///     stop_grace_period: 10
    /// ```
    ///
    /// ## Fix
    /// Write the value as the message says: `8080:80/tcp`, and a duration with a unit
    /// such as `10s`.
    pub static INVALID_VALUE = ("SW112", "invalid-value", Error);
}
