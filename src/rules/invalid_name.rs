declare_rule! {
    /// ## What it does
    /// Reports a service, network, volume, secret, config or model name with characters
    /// other than letters, digits, `.`, `_` and `-`, and a project `name` that is not
    /// lowercase letters, digits, `-` and `_`.
    ///
    /// ## Why
    /// Compose refuses these names; they become parts of container, network and volume
    /// names that the engine restricts.
    ///
    /// ## Example
    /// ```yaml
    /// name: My Project
    /// services:
    ///   web server:
    ///     image: nginx:1.27
    /// ```
    ///
    /// ## Fix
    /// Rename them, for example `name: my-project` and `web-server`.
    pub static INVALID_NAME = ("SW115", "invalid-name", Error);
}
