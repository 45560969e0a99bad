declare_rule! {
    /// ## What it does
    /// Reports a port that two services publish on the routing mesh, or one service
    /// twice, with the same protocol.
    ///
    /// ## Why
    /// An ingress port is published on every node for one service only. docker refuses
    /// the second service when the stack is deployed (`port '8080' is already in use by
    /// service ...`), after the first part of the stack is already running.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     ports: ["8080:80"]
    ///   admin:
    ///     ports: ["8080:8080"]
    /// ```
    ///
    /// ## Fix
    /// Publish one of the services on another port, or put both behind one proxy.
    pub static PUBLISHED_PORT_CONFLICT = ("SW364", "published-port-conflict", Error);
}
