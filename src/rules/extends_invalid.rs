declare_rule! {
    /// ## What it does
    /// Reports an `extends` that is neither a service name nor a mapping with `service`
    /// (and optionally `file`).
    ///
    /// ## Why
    /// Compose cannot tell which service to extend, so it refuses the file.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     extends:
    ///       file: common.yaml
    /// ```
    ///
    /// ## Fix
    /// Name the service: `extends: base`, or `extends: {service: base, file: common.yaml}`.
    pub static EXTENDS_INVALID = ("SW221", "extends-invalid", Error);
}
