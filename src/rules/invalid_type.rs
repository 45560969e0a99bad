declare_rule! {
    /// ## What it does
    /// Reports a value of the wrong kind: a mapping where compose wants a list, a
    /// number where it wants a string, and so on.
    ///
    /// ## Why
    /// Compose refuses the file. Numbers and booleans are not strings: `user: 1000` is
    /// a number and compose rejects it, while `user: "1000"` is accepted. Where compose
    /// converts strings (`replicas: "3"`, `privileged: "true"`), swarmc does too.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     ports:
    ///       http: "8080:80"
    /// ```
    ///
    /// ## Fix
    /// Write the value in the form the key takes, here a list: `ports: ["8080:80"]`.
    /// Quote values that must be strings.
    pub static INVALID_TYPE = ("SW111", "invalid-type", Error);
}
