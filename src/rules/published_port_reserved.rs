declare_rule! {
    /// ## What it does
    /// Reports a published port that the site reserves: one listed under
    /// `network.reserved_ports`, the engine API's port, or one of swarm's own ports
    /// (`2377/tcp` cluster management, `7946` node gossip, the data-path port over UDP).
    ///
    /// ## Why
    /// Swarm publishes a port on every node. Where something else already listens on it,
    /// the routing mesh takes the port from it on every node, or the service's tasks fail
    /// to start; on swarm's own ports the cluster itself stops working.
    ///
    /// ## Example
    /// ```yaml
    /// # site.yaml
    /// network:
    ///   reserved_ports: [{ port: 8080, description: node exporter proxy }]
    /// # compose.yaml
    /// services:
    ///   web:
    ///     ports: ["8080:80"]
    /// ```
    ///
    /// ## Fix
    /// Publish the service on another port, or move what holds the port and remove it from
    /// `network.reserved_ports`.
    pub static PUBLISHED_PORT_RESERVED = ("SW360", "published-port-reserved", Error);
}
