declare_rule! {
    /// ## What it does
    /// Reports an `extends` naming a service that the file it points at does not define.
    ///
    /// ## Why
    /// Compose refuses the project (`cannot extend service ...: service not found`). A
    /// typo in the name is the usual cause.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   base:
    ///     image: nginx:1.27
    ///   web:
    ///     extends: bsae
    /// ```
    ///
    /// ## Fix
    /// Correct the service name, or add `file:` when the service is defined in another
    /// file.
    pub static EXTENDS_UNKNOWN_SERVICE = ("SW222", "extends-unknown-service", Error);
}
