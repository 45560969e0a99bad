declare_rule! {
    /// ## What it does
    /// Reports a published port bound to a host IP, such as `127.0.0.1:5432:5432`.
    ///
    /// ## Why
    /// Swarm publishes a port on every interface of every node through the routing mesh and
    /// ignores the address, so a port meant to be reachable only from the machine itself
    /// would be open to every network the nodes are on.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     ports: ["127.0.0.1:5432:5432"]
    /// ```
    ///
    /// ## Fix
    /// Drop the port and reach the service over the stack's overlay network; or, if it must
    /// be published, remove the address and protect the port with a firewall.
    pub static PUBLISHED_PORT_HOST_IP = ("SW321", "published-port-host-ip", Error);
}
